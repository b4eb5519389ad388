#!/usr/bin/env bash
# Benchmarks for th (issue 6): drives the published AOT binary in a temporary TURTLE_HARBOR_HOME and prints
# one markdown table: scenario | figure (median, and p90 for latencies) | target | met / missed.
# Usage: tests/bench/run.sh [--quick] [--peers] [--bin PATH] [--only NAME[,NAME...]]
#   --quick   fewer iterations and smaller sizes (labelled in the table); within 60 s on 2 cores
#   --peers   also run the peer scenarios (tests/bench/peers.sh: pm2, supervisord, the plain OS tools; installs the
#             peers when missing) and print their table after the main one; `--only peers` runs just that
#   --bin     the th binary (default dist/<rid>/th, built with ./publish.sh when missing)
#   --only    run only these scenarios (e.g. throughput,restart: the bench_ prefix may be left off)
# Exits 0 whatever the figures say (CI reports them); non-zero only when the benchmark itself broke.
set -uo pipefail
export LC_ALL=C # EPOCHREALTIME and awk with a '.' decimal point
cd "$(dirname "$0")/../.."
repo=$PWD

quick=0
peers=0
bin=""
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; shift ;;
    --peers) peers=1; shift ;;
    --bin) bin="$2"; shift 2 ;;
    --bin=*) bin="${1#--bin=}"; shift ;;
    --only) only="$2"; shift 2 ;;
    --only=*) only="${1#--only=}"; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "bench: unknown argument: $1" >&2; exit 64 ;;
  esac
done

if [ -z "${EPOCHREALTIME:-}" ]; then echo "bench: needs bash 5 (EPOCHREALTIME)" >&2; exit 2; fi

if [ -z "$bin" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) rid=linux-x64 ;; Linux-aarch64) rid=linux-arm64 ;;
    Darwin-arm64) rid=osx-arm64 ;; Darwin-x86_64) rid=osx-x64 ;;
    *) echo "bench: unsupported platform $(uname -sm)" >&2; exit 2 ;;
  esac
  bin="$repo/dist/$rid/th"
  if [ ! -x "$bin" ]; then
    echo "bench: $bin missing, running ./publish.sh" >&2
    ./publish.sh >&2 || { echo "bench: publish failed" >&2; exit 2; }
  fi
fi
[ -x "$bin" ] || { echo "bench: no executable at $bin" >&2; exit 2; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

# Short root: the socket path must fit in 104/108 bytes.
root=$(mktemp -d /tmp/thb.XXXXXX) || exit 2
# Every process this run execs inherits the tag, so cleanup can find leftovers by pid (never by name).
export TH_BENCH_TAG="$root"
export TURTLE_HARBOR_NO_AUTOSTART=1 NO_COLOR=1
unset TURTLE_HARBOR_CONFIG
homes=()
bg_pids=()
rows=()
broken=""
clk_tck=$(getconf CLK_TCK)

source "$repo/tests/bench/lib.sh"
source "$repo/tests/bench/scenarios.sh"
source "$repo/tests/bench/peers.sh"
source "$repo/tests/bench/scale.sh"

trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM HUP
trap 'cleanup' EXIT

if [ "$quick" = 1 ]; then mode="quick"; else mode="full"; fi
echo "bench: $mode run of $bin ($("$bin" --version 2>/dev/null)) on $(nproc) cores; scratch $root" >&2
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started=${EPOCHREALTIME/./}
scenarios=(bench_version bench_daemon_start bench_ps20 bench_restart bench_up300 bench_rss_cpu
           bench_throughput bench_logs_tail bench_follow bench_ps1000 bench_http bench_chain50 bench_health300
           bench_ps300res bench_idle_max_memory bench_restart_history bench_scale bench_logs_merged bench_rss1000)
[ "$peers" = 1 ] && scenarios+=(bench_peers)
if [ -n "$only" ]; then
  IFS=, read -r -a wanted <<<"$only"
  scenarios=()
  for w in "${wanted[@]}"; do
    w="bench_${w#bench_}"
    declare -F "$w" >/dev/null || { echo "bench: no scenario $w" >&2; exit 64; }
    scenarios+=("$w")
  done
fi
for scenario in "${scenarios[@]}"; do
  echo "bench: $scenario" >&2
  if ! "$scenario"; then
    broken="$scenario"
    break
  fi
done
elapsed=$(( (${EPOCHREALTIME/./} - started) / 1000000 ))

print_table
print_peers_table
if [ -n "$broken" ]; then
  echo "bench: BROKEN in $broken (see above); the table is partial" >&2
  exit 2
fi
echo "bench: $mode run took ${elapsed}s on $(nproc) cores; load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end" >&2
exit 0
