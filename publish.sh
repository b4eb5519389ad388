#!/usr/bin/env bash
# Publishes th as a Native AOT binary into dist/<rid>/th and fails on any trim or AOT warning.
# Usage: ./publish.sh [--rid RID]
set -euo pipefail
cd "$(dirname "$0")"

rid=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rid) rid="$2"; shift 2 ;;
    --rid=*) rid="${1#--rid=}"; shift ;;
    -h|--help) sed -n '2,3p' "$0"; exit 0 ;;
    *) echo "publish.sh: unknown argument: $1" >&2; exit 64 ;;
  esac
done

if [ -z "$rid" ]; then
  os=$(uname -s); arch=$(uname -m)
  case "$os" in Linux) os=linux ;; Darwin) os=osx ;; *) echo "publish.sh: unsupported OS $os" >&2; exit 1 ;; esac
  case "$arch" in x86_64|amd64) arch=x64 ;; arm64|aarch64) arch=arm64 ;; *) echo "publish.sh: unsupported arch $arch" >&2; exit 1 ;; esac
  rid="$os-$arch"
fi

out="dist/$rid"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet publish TurtleHarbor.csproj -c Release -r "$rid" -o "$out" -p:TreatWarningsAsErrors=false 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "publish.sh: dotnet publish failed ($status)" >&2
  exit "$status"
fi
# Warnings are not errors here so that every one of them is listed, then any one fails the script.
if grep -E "warning (IL[0-9]+|AOT|NETSDK)|AOT analysis warning" "$log" | grep -v "NU1603" | sort -u | grep .; then
  echo "publish.sh: trim/AOT warnings above; the binary must publish clean" >&2
  exit 1
fi
rm -f "$out"/*.dbg
echo "publish.sh: $out/th ($(du -h "$out/th" | cut -f1))"
