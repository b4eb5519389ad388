#!/usr/bin/env bash
# Publishes th as a Native AOT binary into <dist>/<rid>/th (failing on any trim or AOT warning), packs
# <dist>/th-<version>-<rid>.tar.gz (th, README.md, LICENSE) and writes its .sha256.
# Usage: ./publish.sh [--rid RID] [--dist DIR] [--binary FILE] [--formula [--no-build] [--base-url URL]]
#   --rid RID        linux-x64, linux-arm64, osx-arm64 or osx-x64 (default: this machine); Native AOT
#                    builds for another OS only on that OS
#   --dist DIR       output directory (default: dist)
#   --binary FILE    pack this already-published th instead of building one (e.g. a CI artifact)
#   --formula        print a Homebrew formula for every th-<version>-*.tar.gz in DIR to stdout
#   --no-build       with --formula: only print the formula from the tarballs already in DIR
#   --base-url URL   where the tarballs will be downloadable; {version} is replaced
#                    (default: https://github.com/OWNER/turtle-harbor/releases/download/v{version});
#                    the formula's homepage is the part before /releases/
# The version comes from <Version> in TurtleHarbor.csproj, nowhere else. Progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")"

rid=""; dist="dist"; binary=""; formula=0; build=1
base_url='https://github.com/OWNER/turtle-harbor/releases/download/v{version}'
while [ $# -gt 0 ]; do
  case "$1" in
    --rid) rid="$2"; shift 2 ;;
    --rid=*) rid="${1#--rid=}"; shift ;;
    --dist) dist="$2"; shift 2 ;;
    --binary) binary="$2"; shift 2 ;;
    --formula) formula=1; shift ;;
    --no-build) build=0; shift ;;
    --base-url) base_url="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "publish.sh: unknown argument: $1" >&2; exit 64 ;;
  esac
done

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' TurtleHarbor.csproj | head -1)
[ -n "$version" ] || { echo "publish.sh: no <Version> in TurtleHarbor.csproj" >&2; exit 1; }

host_os=$(uname -s); host_arch=$(uname -m)
case "$host_os" in Linux) host_os=linux ;; Darwin) host_os=osx ;; *) echo "publish.sh: unsupported OS $host_os" >&2; exit 1 ;; esac
case "$host_arch" in x86_64|amd64) host_arch=x64 ;; arm64|aarch64) host_arch=arm64 ;; *) echo "publish.sh: unsupported arch $host_arch" >&2; exit 1 ;; esac
[ -n "$rid" ] || rid="$host_os-$host_arch"
case "$rid" in
  linux-x64|linux-arm64|osx-arm64|osx-x64) ;;
  *) echo "publish.sh: unsupported RID '$rid' (linux-x64, linux-arm64, osx-arm64, osx-x64)" >&2; exit 64 ;;
esac

sha256() { if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1; }

build_binary() {
  local os_name
  if [ "${rid%%-*}" != "$host_os" ]; then
    [ "${rid%%-*}" = osx ] && os_name=macOS || os_name=Linux
    echo "publish.sh: $rid must be built on $os_name: Native AOT does not cross-compile between operating systems (this is $host_os-$host_arch)." >&2
    echo "publish.sh: build it there, or pack a binary built there with --binary FILE --rid $rid" >&2
    exit 1
  fi
  if [ "${rid#*-}" != "$host_arch" ]; then
    echo "publish.sh: building $rid on $host_os-$host_arch needs that architecture's cross toolchain (sysroot/linker)" >&2
  fi
  local out="$dist/$rid" log status
  log=$(mktemp)
  set +e
  dotnet publish TurtleHarbor.csproj -c Release -r "$rid" -o "$out" -p:TreatWarningsAsErrors=false 2>&1 | tee "$log" >&2
  status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -ne 0 ]; then
    rm -f "$log"
    echo "publish.sh: dotnet publish failed ($status)" >&2
    exit "$status"
  fi
  # Warnings are not errors here so that every one of them is listed, then any one fails the script.
  if grep -E "warning (IL[0-9]+|AOT|NETSDK)|AOT analysis warning" "$log" | grep -v "NU1603" | sort -u | grep . >&2; then
    rm -f "$log"
    echo "publish.sh: trim/AOT warnings above; the binary must publish clean" >&2
    exit 1
  fi
  rm -f "$log" "$out"/*.dbg
  binary="$out/th"
  echo "publish.sh: $binary ($(du -h "$binary" | cut -f1))" >&2
}

pack() {
  local name="th-$version-$rid" staging
  staging=$(mktemp -d)
  mkdir -p "$staging/$name" "$dist"
  cp "$binary" "$staging/$name/th"
  chmod 755 "$staging/$name/th"
  cp README.md LICENSE "$staging/$name/"
  tar -C "$staging" -czf "$dist/$name.tar.gz" "$name"
  rm -rf "$staging"
  echo "$(sha256 "$dist/$name.tar.gz")  $name.tar.gz" > "$dist/$name.tar.gz.sha256"
  echo "publish.sh: $dist/$name.tar.gz (sha256 $(cut -d' ' -f1 "$dist/$name.tar.gz.sha256"))" >&2
}

# One on_<os>/on_<cpu> block per tarball found; platforms without a tarball are left out (and named).
print_formula() {
  local url="${base_url//\{version\}/$version}"
  local os hw r file
  cat <<EOF
class Th < Formula
  desc "Small, fast process supervisor: one binary that is CLI and daemon"
  homepage "${url%%/releases/*}"
  version "$version"
  license "MIT"

EOF
  for os in macos linux; do
    echo "  on_$os do"
    for hw in arm intel; do
      case "$os-$hw" in macos-arm) r=osx-arm64 ;; macos-intel) r=osx-x64 ;; linux-arm) r=linux-arm64 ;; linux-intel) r=linux-x64 ;; esac
      file="$dist/th-$version-$r.tar.gz"
      if [ -f "$file.sha256" ]; then
        echo "    on_$hw do"
        echo "      url \"$url/th-$version-$r.tar.gz\""
        echo "      sha256 \"$(cut -d' ' -f1 "$file.sha256")\""
        echo "    end"
      else
        echo "publish.sh: no $file.sha256: the formula has no $r" >&2
      fi
    done
    echo "  end"
    echo
  done
  cat <<'EOF'
  def install
    bin.install "th"
  end

  # brew services: launchd (macOS) or systemd (Linux) runs the daemon in the foreground. Restarted when it
  # fails, not after 'th daemon stop' (exit 0), which would otherwise bring every script back at once.
  service do
    run [opt_bin/"th", "daemon", "--foreground"]
    keep_alive successful_exit: false
    environment_variables PATH: std_service_path_env
    log_path var/"log/th.log"
    error_log_path var/"log/th.log"
  end

  test do
    assert_match version.to_s, shell_output("#{bin}/th --version")
    (testpath/"scripts.yml").write "scripts:\n  hello:\n    command: echo hello\n"
    assert_match "ok (1 script)", shell_output("#{bin}/th validate")
  end
end
EOF
}

if [ "$formula" -eq 0 ] || [ "$build" -eq 1 ]; then
  if [ -n "$binary" ]; then
    [ -x "$binary" ] || { echo "publish.sh: --binary $binary is not an executable file" >&2; exit 66; }
  else
    build_binary
  fi
  pack
fi
if [ "$formula" -eq 1 ]; then
  print_formula
fi
