# Helpers for tests/bench/run.sh (sourced): daemons, polling, statistics, the table, cleanup.
# Samples are integers (microseconds unless said otherwise), one a line, in files under $root.

# A home and a project directory for one scenario; exports TURTLE_HARBOR_HOME and sets $proj.
use_home() {
  local home="$root/$1"
  proj="$root/$1p"
  mkdir -p "$home" "$proj"
  homes+=("$home")
  export TURTLE_HARBOR_HOME="$home"
}

# th daemon (detached, returns once the socket answers); sets $daemon_pid.
start_daemon() {
  local out
  out=$("$bin" daemon 2>&1) || { echo "bench: th daemon failed: $out" >&2; return 1; }
  daemon_pid=$(sed -nE 's/.*pid ([0-9]+).*/\1/p' <<<"$out" | head -1)
  [ -n "$daemon_pid" ] || { echo "bench: no pid in '$out'" >&2; return 1; }
}

stop_daemon() {
  timeout 60 "$bin" daemon stop >/dev/null 2>&1 || { echo "bench: th daemon stop failed" >&2; return 1; }
}

# Runs th in the current project and dies loudly when it fails.
thp() {
  local out
  if ! out=$("$bin" -c "$proj/scripts.yml" "$@" 2>&1); then
    echo "bench: th $* failed: $out" >&2
    return 1
  fi
}

# wait_for SECONDS COMMAND...: polls (every 5 ms) until COMMAND succeeds; fails after SECONDS.
wait_for() {
  local deadline=$(( ${EPOCHREALTIME/./} + $1 * 1000000 ))
  shift
  until "$@"; do
    if (( ${EPOCHREALTIME/./} > deadline )); then
      echo "bench: timed out waiting for: $*" >&2
      return 1
    fi
    sleep 0.005
  done
}

running_count() {
  "$bin" -c "$1" ps --json 2>/dev/null | grep -o '"status":"running"' | wc -l
}

all_running() { [ "$(running_count "$1")" -ge "$2" ]; }

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
# The private part of RSS (RssAnon): what the process costs beyond pages of files the page cache holds anyway.
anon_kib() { awk '/^RssAnon:/ { print $2 }' "/proc/$1/status"; }

# CPU time of a process (utime + stime) in milliseconds. Fields are counted after the ")" of the name.
cpu_ms() {
  local stat rest
  stat=$(<"/proc/$1/stat")
  rest=${stat##*) }
  # shellcheck disable=SC2086
  set -- $rest
  echo $(( (${12} + ${13}) * 1000 / clk_tck ))
}

# quantile FILE P: nearest-rank quantile (P in 0..1), the median is the mean of the two middle samples.
quantile() {
  sort -n "$1" | awk -v p="$2" '{ a[NR] = $1 }
    END {
      if (NR == 0) { print "nan"; exit }
      if (p == 0.5) { printf "%d\n", (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2); exit }
      i = int(p * NR + 0.999999); if (i < 1) i = 1; print a[i]
    }'
}

# ms VALUE_US: microseconds as milliseconds with one decimal (two below 10 ms).
ms() { awk -v v="$1" 'BEGIN { printf (v < 10000 ? "%.2f" : "%.1f"), v / 1000 }'; }

# le A B: A <= B (numbers, may be decimals)
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }

verdict() { if "$@"; then echo met; else echo "**missed**"; fi; }

row() { rows+=("| $1 | $2 | $3 | $4 |"); }

print_table() {
  echo "| scenario | figure | target | result |"
  echo "|---|---|---|---|"
  local r
  for r in "${rows[@]}"; do echo "$r"; done
}

# Times a command N times (after one warm-up run) into FILE, microseconds.
time_runs() {
  local n=$1 file=$2 i t0 t1
  shift 2
  : >"$file"
  "$@" >/dev/null 2>&1 || { echo "bench: '$*' failed" >&2; return 1; }
  for ((i = 0; i < n; i++)); do
    t0=${EPOCHREALTIME/./}
    "$@" >/dev/null 2>&1
    t1=${EPOCHREALTIME/./}
    echo $((t1 - t0)) >>"$file"
  done
}

# Pids of live processes carrying this run's tag in their (exec-time) environment, except this shell.
tagged_pids() {
  local f pid
  for f in $(grep -lzxF "TH_BENCH_TAG=$root" /proc/[0-9]*/environ 2>/dev/null); do
    pid=${f#/proc/}
    pid=${pid%/environ}
    [ "$pid" != "$$" ] && [ -d "/proc/$pid" ] && echo "$pid"
  done
}

cleanup() {
  trap - EXIT INT TERM HUP
  local h p pgid own_pgid stat
  declare -F peers_cleanup >/dev/null && peers_cleanup
  for h in "${homes[@]}"; do
    [ -S "$h/daemon.sock" ] && TURTLE_HARBOR_HOME="$h" timeout 30 "$bin" daemon stop >/dev/null 2>&1
  done
  for p in "${bg_pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
  own_pgid=$(ps -o pgid= -p $$ | tr -d ' ')
  for p in $(tagged_pids); do
    stat=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    stat=${stat##*) }
    pgid=$(awk '{ print $3 }' <<<"$stat")
    if [ "$pgid" = "$p" ] && [ "$pgid" != "$own_pgid" ]; then
      kill -KILL -- "-$pgid" 2>/dev/null
    else
      kill -KILL "$p" 2>/dev/null
    fi
  done
  if [ -n "$(tagged_pids)" ]; then echo "bench: processes left behind: $(tagged_pids | tr '\n' ' ')" >&2; fi
  rm -rf "$root"
}
