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
#   --base-url URL   with --formula, required: where the tarballs will be downloadable; {version} is
#                    replaced (e.g. https://github.com/you/turtle-harbor/releases/download/v{version});
#                    the formula's homepage is the part before /releases/
# The version comes from <Version> in TurtleHarbor.csproj, nowhere else. Progress goes to stderr.
# Tarballs are reproducible: one binary always packs to one checksum (names sorted, owner 0, every
# mtime set to SOURCE_DATE_EPOCH, else the commit's time, gzip -n).
set -euo pipefail
cd "$(dirname "$0")"

rid=""; dist="dist"; binary=""; formula=0; build=1; base_url=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rid) rid="$2"; shift 2 ;;
    --rid=*) rid="${1#--rid=}"; shift ;;
    --dist) dist="$2"; shift 2 ;;
    --binary) binary="$2"; shift 2 ;;
    --formula) formula=1; shift ;;
    --no-build) build=0; shift ;;
    --base-url) base_url="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "publish.sh: unknown argument: $1" >&2; exit 64 ;;
  esac
done

if [ "$formula" -eq 1 ] && [ -z "$base_url" ]; then
  echo "publish.sh: --formula needs --base-url URL, where the tarballs will be downloadable ({version} is replaced), e.g. --base-url 'https://github.com/you/turtle-harbor/releases/download/v{version}'" >&2
  exit 64
fi

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

# The time every packed file carries: SOURCE_DATE_EPOCH (reproducible-builds.org), else the commit's.
source_epoch() {
  if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then echo "$SOURCE_DATE_EPOCH"
  elif git rev-parse --git-dir >/dev/null 2>&1; then git log -1 --format=%ct
  else echo 0
  fi
}

# GNU tar (Linux) and bsdtar (macOS) spell the same archive differently: ustar entries in sorted order,
# owner and group 0, every mtime the source epoch; gzip -n leaves out its own name and time.
pack() {
  local name="th-$version-$rid" staging epoch stamp
  staging=$(mktemp -d)
  mkdir -p "$staging/$name" "$dist"
  cp "$binary" "$staging/$name/th"
  cp README.md LICENSE "$staging/$name/"
  chmod 755 "$staging/$name" "$staging/$name/th"
  chmod 644 "$staging/$name/README.md" "$staging/$name/LICENSE"
  epoch=$(source_epoch)
  if tar --version 2>/dev/null | grep -q 'GNU tar'; then
    tar -C "$staging" --format=ustar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner \
      -cf - "$name" | gzip -n -9 > "$dist/$name.tar.gz"
  else
    stamp=$(TZ=UTC date -r "$epoch" +%Y%m%d%H%M.%S)
    TZ=UTC touch -h -t "$stamp" "$staging/$name" "$staging/$name"/*
    tar -C "$staging" --format=ustar --uid 0 --gid 0 --uname root --gname wheel -n \
      -cf - "$name" "$name/LICENSE" "$name/README.md" "$name/th" | gzip -n -9 > "$dist/$name.tar.gz"
  fi
  rm -rf "$staging"
  echo "$(sha256 "$dist/$name.tar.gz")  $name.tar.gz" > "$dist/$name.tar.gz.sha256"
  echo "publish.sh: $dist/$name.tar.gz (sha256 $(cut -d' ' -f1 "$dist/$name.tar.gz.sha256"))" >&2
}

# One on_<os>/on_<cpu> block per tarball found; an OS or CPU without a tarball is left out (and named),
# so the formula never holds an empty block.
print_formula() {
  local url="${base_url//\{version\}/$version}"
  local os hw r file blocks="" os_blocks
  for os in macos linux; do
    os_blocks=""
    for hw in arm intel; do
      case "$os-$hw" in macos-arm) r=osx-arm64 ;; macos-intel) r=osx-x64 ;; linux-arm) r=linux-arm64 ;; linux-intel) r=linux-x64 ;; esac
      file="$dist/th-$version-$r.tar.gz"
      if [ -f "$file.sha256" ]; then
        os_blocks+="    on_$hw do"$'\n'
        os_blocks+="      url \"$url/th-$version-$r.tar.gz\""$'\n'
        os_blocks+="      sha256 \"$(cut -d' ' -f1 "$file.sha256")\""$'\n'
        os_blocks+="    end"$'\n'
      else
        echo "publish.sh: no $file.sha256: the formula has no $r" >&2
      fi
    done
    if [ -n "$os_blocks" ]; then
      blocks+="  on_$os do"$'\n'"$os_blocks""  end"$'\n\n'
    fi
  done
  if [ -z "$blocks" ]; then
    echo "publish.sh: no th-$version-*.tar.gz.sha256 in $dist: nothing for the formula to point at (build or pack the tarballs first)" >&2
    exit 66
  fi
  cat <<EOF
class Th < Formula
  desc "Small, fast process supervisor: one binary that is CLI and daemon"
  homepage "${url%%/releases/*}"
  version "$version"
  license "MIT"

EOF
  printf '%s' "$blocks"
  cat <<'EOF'
  def install
    bin.install "th"
  end

  # brew services, as 'th service install': the daemon in the foreground, restarted after a crash or a
  # failing exit, never after 'th daemon stop' (exit 0), which would bring every script back at once.
  # Homebrew turns keep_alive successful_exit: false into launchd's KeepAlive {SuccessfulExit: false} but
  # writes no Restart= line for it in the systemd unit; crashed: true gives Restart=on-failure there.
  service do
    run [opt_bin/"th", "daemon", "--foreground"]
    on_macos do
      keep_alive successful_exit: false
    end
    on_linux do
      keep_alive crashed: true
    end
    # The scripts inherit the job's limits: Interactive keeps launchd from throttling them as background work.
    process_type :interactive
    # launchd ExitTimeOut and systemd TimeoutStopSec: the largest stop_timeout (1 h) plus 30 s, as
    # 'th service install' writes. The DSL has it from Homebrew 6.0.13; older Homebrew skips the line.
    stop_timeout 3630 if respond_to?(:stop_timeout)
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
