# The scenarios of tests/bench/run.sh (sourced). Each adds its rows with `row` and returns non-zero only when
# the benchmark itself broke (a command failed, a wait timed out).

pick() { if [ "$quick" = 1 ]; then echo "$1"; else echo "$2"; fi; }

# sleep_config FILE COUNT PREFIX: COUNT scripts that sleep (nearly) forever.
sleep_config() {
  local i
  { echo "scripts:"; for ((i = 1; i <= $2; i++)); do printf '  %s%d:\n    command: sleep 100000\n' "$3" "$i"; done; } >"$1"
}

# cron_config FILE COUNT: COUNT scripts armed on a yearly schedule, so none runs during the benchmark.
cron_config() {
  local i
  { echo "scripts:"; for ((i = 1; i <= $2; i++)); do printf '  c%d:\n    command: "true"\n    cron: "0 0 1 1 *"\n' "$i"; done; } >"$1"
}

# median_row LABEL FILE TARGET_LABEL TARGET_US: a latency row with median and p90, met on the median.
median_row() {
  local med p90
  med=$(quantile "$2" 0.5)
  p90=$(quantile "$2" 0.9)
  row "$1" "median $(ms "$med") ms, p90 $(ms "$p90") ms" "$3" "$(verdict le "$med" "$4")"
}

bench_version() {
  local n f="$root/version.us"
  n=$(pick 20 100)
  time_runs "$n" "$f" "$bin" --version || return 1
  median_row "\`th --version\`, wall time ($n runs)" "$f" "≤ 10 ms median" 10000
}

bench_daemon_start() {
  use_home d
  local n i t0 t1 f="$root/daemon.us"
  n=$(pick 5 20)
  : >"$f"
  for ((i = 0; i < n; i++)); do
    t0=${EPOCHREALTIME/./}
    start_daemon || return 1
    t1=${EPOCHREALTIME/./}
    echo $((t1 - t0)) >>"$f"
    stop_daemon || return 1
  done
  median_row "\`th daemon\` started to socket answering ($n runs)" "$f" "≤ 50 ms median" 50000
}

bench_ps20() {
  use_home s
  local n f="$root/ps20.us"
  n=$(pick 20 50)
  sleep_config "$proj/scripts.yml" 20 s
  start_daemon && thp up && wait_for 30 all_running "$proj/scripts.yml" 20 || return 1
  time_runs "$n" "$f" "$bin" -c "$proj/scripts.yml" ps || return 1
  stop_daemon || return 1
  median_row "\`th ps\`, 20 running scripts ($n runs)" "$f" "≤ 10 ms median" 10000
}

stamp_count_ge() { [ -f "$1" ] && [ "$(grep -c '^S' "$1")" -ge "$2" ]; }

# Gaps (microseconds) from each exit stamp to the next start stamp.
stamp_gaps() { awk '$1 == "E" { e = $2 } $1 == "S" && e { print int(($2 - e) / 1000); e = 0 }' "$1"; }

bench_restart() {
  use_home r
  local n loop thm shm thp90
  n=$(pick 10 40)
  cat >"$proj/flap.sh" <<'EOF'
echo "S $(date +%s%N)" >>"$1"
sleep 0.2
echo "E $(date +%s%N)" >>"$1"
exit 1
EOF
  cat >"$proj/scripts.yml" <<EOF
scripts:
  flap:
    command: sh $proj/flap.sh $proj/th.stamps
    restart_policy: always
    restart_delay: 0
    max_restarts: 1000000
EOF
  start_daemon && thp up || return 1
  wait_for 60 stamp_count_ge "$proj/th.stamps" $((n + 1)) || return 1
  thp down && stop_daemon || return 1

  # The same script run back to back by a shell loop, as the daemon runs it (/bin/sh -c).
  bash -c 'while :; do /bin/sh -c "$1"; done' _ "sh $proj/flap.sh $proj/sh.stamps" &
  loop=$!
  bg_pids+=("$loop")
  wait_for 60 stamp_count_ge "$proj/sh.stamps" $((n + 1)) || return 1
  kill -KILL "$loop" 2>/dev/null
  wait "$loop" 2>/dev/null

  stamp_gaps "$proj/th.stamps" | head -n "$n" >"$root/restart-th.us"
  stamp_gaps "$proj/sh.stamps" | head -n "$n" >"$root/restart-sh.us"
  thm=$(quantile "$root/restart-th.us" 0.5)
  thp90=$(quantile "$root/restart-th.us" 0.9)
  shm=$(quantile "$root/restart-sh.us" 0.5)
  row "restart latency: exit stamp to next start stamp, minus a shell loop's gap ($n restarts)" \
    "median $(ms $((thm - shm))) ms, p90 $(ms $((thp90 - shm))) ms (th $(ms "$thm") ms, shell $(ms "$shm") ms)" \
    "≤ 3 ms median" "$(verdict le $((thm - shm)) 3000)"
}

bench_up300() {
  use_home u
  local n i t0 t1 tc pg c0 c1 f="$root/up.us" b="$root/up-bash.us" cpu="$root/up-cpu.ms" med bmed
  n=$(pick 1 5)
  sleep_config "$proj/scripts.yml" 300 u
  : >"$f"
  : >"$cpu"
  for ((i = 0; i < n; i++)); do
    start_daemon || return 1
    c0=$(cpu_ms "$daemon_pid")
    t0=${EPOCHREALTIME/./}
    thp up || return 1
    c1=$(cpu_ms "$daemon_pid")
    # Alive as of the start of the first check that sees all 300 running.
    t1=0
    while :; do
      tc=${EPOCHREALTIME/./}
      if all_running "$proj/scripts.yml" 300; then t1=$tc; break; fi
      (( tc - t0 > 60000000 )) && { echo "bench: 300 scripts not running after 60 s" >&2; return 1; }
    done
    echo $((t1 - t0)) >>"$f"
    # The daemon's CPU from the request to its reply (all 300 spawned): steadier than wall time on a busy machine.
    echo $((c1 - c0)) >>"$cpu"
    # Down first: a daemon stopped with scripts up starts them again itself at its next start.
    thp down && stop_daemon || return 1
  done

  # The baseline: bash starting the same 300 commands with '&' (job control on, so each is its own group, as with th).
  : >"$b"
  for ((i = 0; i < n; i++)); do
    t0=${EPOCHREALTIME/./}
    bash -c 'set -m; for ((i = 0; i < 300; i++)); do /bin/sh -c "sleep 100000" & echo $!; done' >"$root/up-bash.pids" 2>/dev/null
    t1=${EPOCHREALTIME/./}
    echo $((t1 - t0)) >>"$b"
    while read -r pg; do kill -KILL -- "-$pg" 2>/dev/null; done <"$root/up-bash.pids"
    [ "$(wc -l <"$root/up-bash.pids")" -eq 300 ] || { echo "bench: bash baseline did not start 300" >&2; return 1; }
  done
  med=$(quantile "$f" 0.5)
  bmed=$(quantile "$b" 0.5)
  row "\`th up\` of 300 sleeping scripts until all are alive ($n runs)" \
    "median $(ms "$med") ms, p90 $(ms "$(quantile "$f" 0.9)") ms; bash \`&\` loop $(ms "$bmed") ms; daemon CPU for the up $(quantile "$cpu" 0.5) ms" \
    "≤ 1.2x the bash loop (issue 19)" "$(verdict le "$med" "$(awk -v b="$bmed" 'BEGIN { print b * 1.2 }')")"
}

# RSS at rest: the daemon hands memory back once no request has come for 1 s (Daemon/IdleTrim.cs,
# docs/memory.md), so each figure is read 2 s after the last request (the wait_for polls are requests too).
bench_rss_cpu() {
  use_home m
  local settle idle r0 r100 r300 a0 a100 a300 c0 c1
  settle=2
  idle=$(pick 5 30)
  mkdir -p "$proj/a" "$proj/b"
  sleep_config "$proj/a/scripts.yml" 100 a
  sleep_config "$proj/b/scripts.yml" 200 b
  start_daemon || return 1
  "$bin" daemon status >/dev/null 2>&1
  sleep "$settle"
  r0=$(rss_kib "$daemon_pid")
  a0=$(anon_kib "$daemon_pid")
  "$bin" -c "$proj/a/scripts.yml" up >/dev/null 2>&1 && wait_for 30 all_running "$proj/a/scripts.yml" 100 || return 1
  sleep "$settle"
  r100=$(rss_kib "$daemon_pid")
  a100=$(anon_kib "$daemon_pid")
  "$bin" -c "$proj/b/scripts.yml" up >/dev/null 2>&1 && wait_for 30 all_running "$proj/b/scripts.yml" 200 || return 1
  sleep "$settle"
  r300=$(rss_kib "$daemon_pid")
  a300=$(anon_kib "$daemon_pid")
  c0=$(cpu_ms "$daemon_pid")
  sleep "$idle"
  c1=$(cpu_ms "$daemon_pid")
  stop_daemon || return 1
  local mib='function m(k) { return sprintf("%.1f", k / 1024) }'
  row "daemon RSS, 0 running scripts" "$(awk "$mib"' BEGIN { print m('"$r0"') }') MiB (private $(awk "$mib"' BEGIN { print m('"$a0"') }') MiB)" "≤ 10 MiB" "$(verdict le "$r0" $((10 * 1024)))"
  row "daemon RSS, 100 running scripts" "$(awk "$mib"' BEGIN { print m('"$r100"') }') MiB (private $(awk "$mib"' BEGIN { print m('"$a100"') }') MiB)" "≤ 12 MiB (20 KB a script)" "$(verdict le "$r100" $((12 * 1024)))"
  row "daemon RSS, 300 running scripts" "$(awk "$mib"' BEGIN { print m('"$r300"') }') MiB (private $(awk "$mib"' BEGIN { print m('"$a300"') }') MiB)" "≤ 16 MiB" "$(verdict le "$r300" $((16 * 1024)))"
  row "daemon CPU (utime+stime) over ${idle} s idle, 300 running scripts" "$((c1 - c0)) ms" \
    "≤ 10 ms (over 30 s)" "$(verdict le $((c1 - c0)) 10)"
}

log_done() { tail -c 400 "$1" 2>/dev/null | grep -q '\[stdout\] done$'; }

# Output capture (issue 19): a script floods 100-byte lines; the clock runs from `th up` to the last line on
# disk. Each th run is paired with a run of the same script into `| cat > file` right after it, so the ratio
# compares runs under the same load. The daemon's CPU (user + sys from /proc/<pid>/stat, 10 ms ticks) is
# read around each run and scaled to 1M lines; the run's own up and exit cost the daemon under 10 ms.
bench_throughput() {
  use_home t
  local lines n i t0 t1 log f="$root/flood.us" b="$root/flood-cat.us" med bmed c0 c1 cpu="$root/flood-cpu.ms"
  lines=$(pick 100000 1000000)
  n=$(pick 3 7)
  log="$proj/logs/flood.log"
  cat >"$proj/flood.sh" <<EOF
yes "\$(printf '%099d' 0)" | head -n $lines
echo done
EOF
  cat >"$proj/scripts.yml" <<EOF
settings:
  log_dir: ./logs
  log:
    max_file_size: 8GB
scripts:
  flood:
    command: sh $proj/flood.sh
EOF
  start_daemon || return 1
  : >"$f"
  : >"$b"
  : >"$cpu"
  for ((i = 0; i < n; i++)); do
    [ -f "$log" ] && : >"$log"
    c0=$(cpu_ms "$daemon_pid")
    t0=${EPOCHREALTIME/./}
    thp up flood || return 1
    wait_for 300 log_done "$log" || return 1
    t1=${EPOCHREALTIME/./}
    c1=$(cpu_ms "$daemon_pid")
    echo $((t1 - t0)) >>"$f"
    echo $(((c1 - c0) * 1000000 / lines)) >>"$cpu"
    [ "$(grep -c '\[stdout\] 0' "$log")" -eq "$lines" ] || { echo "bench: flood.log lacks lines" >&2; return 1; }
    wait_for 30 eval '"$bin" -c "$proj/scripts.yml" ps --json | grep -q "\"status\":\"exited\""' || return 1
    t0=${EPOCHREALTIME/./}
    sh "$proj/flood.sh" | cat >"$proj/cat.out"
    t1=${EPOCHREALTIME/./}
    echo $((t1 - t0)) >>"$b"
  done
  stop_daemon || return 1
  rm -f "$log" "$proj/cat.out"
  local ratio cmed
  med=$(quantile "$f" 0.5)
  bmed=$(quantile "$b" 0.5)
  ratio=$(awk -v a="$med" -v b="$bmed" 'BEGIN { printf "%.2f", a / b }')
  cmed=$(quantile "$cpu" 0.5)
  row "$(pick 100k 1,000,000) lines of 100 bytes, \`th up\` to the last line on disk ($n runs)" \
    "${ratio}x: th $(ms "$med") ms vs \`| cat > file\` $(ms "$bmed") ms" \
    "≤ 1.15x" "$(verdict le "$ratio" 1.15)"
  row "daemon CPU (user + sys) per 1M lines captured ($n runs)" \
    "median $cmed ms (runs: $(sort -n "$cpu" | paste -sd ' '))" \
    "≤ 150 ms" "$(verdict le "$cmed" 150)"
}

bench_logs_tail() {
  use_home l
  local mib n i f="$root/tail-big.us" s="$root/tail-small.us" bmed smed
  mib=$(pick 256 1024)
  n=$(pick 10 30)
  mkdir -p "$proj/logs"
  cat >"$proj/scripts.yml" <<'EOF'
settings:
  log_dir: ./logs
scripts:
  big:
    command: "true"
    cron: "0 0 1 1 *"
  small:
    command: "true"
    cron: "0 0 1 1 *"
EOF
  start_daemon && thp up || return 1
  # 1 MiB of correctly formatted 128-byte lines, then the big log as that block over and over.
  awk 'BEGIN { pad = sprintf("%088d", 0); for (i = 0; i < 8192; i++)
    printf "2026-02-09T12:%02d:%02d.%03d+00:00 [stdout] %s\n", int(i / 60000) % 60, int(i / 1000) % 60, i % 1000, pad }' >"$root/block"
  [ "$(stat -c %s "$root/block")" -eq 1048576 ] || { echo "bench: block is not 1 MiB" >&2; return 1; }
  cp "$root/block" "$proj/logs/small.log"
  local blocks=()
  for ((i = 0; i < mib; i++)); do blocks+=("$root/block"); done
  cat "${blocks[@]}" >"$proj/logs/big.log" || return 1
  [ "$("$bin" -c "$proj/scripts.yml" logs big -n 100 | wc -l)" -eq 100 ] || { echo "bench: th logs big -n 100 is not 100 lines" >&2; return 1; }
  time_runs "$n" "$f" "$bin" -c "$proj/scripts.yml" logs big -n 100 || return 1
  time_runs "$n" "$s" "$bin" -c "$proj/scripts.yml" logs small -n 100 || return 1
  stop_daemon || return 1
  rm -f "$proj/logs/big.log"
  local size="1 GiB"
  [ "$mib" -ne 1024 ] && size="$mib MiB"
  median_row "\`th logs NAME -n 100\`, $size log ($n runs)" "$f" "≤ 15 ms median" 15000
  bmed=$(quantile "$f" 0.5)
  smed=$(quantile "$s" 0.5)
  row "\`th logs NAME -n 100\`, $size log minus 1 MiB log" "$(ms $((bmed - smed))) ms (1 MiB: median $(ms "$smed") ms)" \
    "≤ 2 ms" "$(verdict le $((bmed - smed)) 2000)"
}

bench_follow() {
  use_home f
  local n fpid got=0 line now stamp f="$root/follow.us" fifo="$root/follow.fifo"
  n=$(pick 30 100)
  printf 'while :; do date +%%s%%N; sleep 0.1; done\n' >"$proj/tick.sh"
  printf 'scripts:\n  tick:\n    command: sh %s/tick.sh\n' "$proj" >"$proj/scripts.yml"
  start_daemon && thp up || return 1
  mkfifo "$fifo"
  "$bin" -c "$proj/scripts.yml" logs -f tick -n 0 >"$fifo" &
  fpid=$!
  bg_pids+=("$fpid")
  exec 3<"$fifo"
  : >"$f"
  # The first two lines may have been printed before the follow was set up.
  local skip=2
  while ((got < n)); do
    if ! IFS= read -r -t 10 -u 3 line; then
      echo "bench: th logs -f went quiet" >&2
      exec 3<&-
      return 1
    fi
    now=${EPOCHREALTIME/./}
    stamp=${line##* }
    [[ $stamp =~ ^[0-9]{19}$ ]] || continue
    if ((skip > 0)); then skip=$((skip - 1)); continue; fi
    echo $((now - stamp / 1000)) >>"$f"
    got=$((got + 1))
  done
  exec 3<&-
  kill -TERM "$fpid" 2>/dev/null
  wait "$fpid" 2>/dev/null
  stop_daemon || return 1
  median_row "a line printed by a script → shown by \`th logs -f\` ($n lines)" "$f" "≤ 10 ms median" 10000
}

bench_ps1000() {
  use_home k
  local n f="$root/ps1000.us"
  n=$(pick 10 30)
  cron_config "$proj/scripts.yml" 1000
  start_daemon && thp up || return 1
  [ "$("$bin" -c "$proj/scripts.yml" ps --json | grep -o '"name"' | wc -l)" -eq 1000 ] || { echo "bench: ps does not list 1000" >&2; return 1; }
  time_runs "$n" "$f" "$bin" -c "$proj/scripts.yml" ps || return 1
  stop_daemon || return 1
  median_row "\`th ps\`, 1,000 scripts (cron-armed, not running) ($n runs)" "$f" "≤ 50 ms median" 50000
}

# The --http endpoint (issue 16): idle CPU and RSS with it on, against the same daemon with it off in the same
# run, and `th --version` with TURTLE_HARBOR_HTTP set (the client never reads it; the row shows it stays so).
# http_status PORT PATH: the status code of one GET on 127.0.0.1 (bash's /dev/tcp; no curl needed).
http_status() {
  local line
  exec 4<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&4
  IFS=' ' read -r -t 10 _ line _ <&4
  exec 4<&-
  echo "$line"
}

bench_http() {
  use_home w
  local settle idle port roff ron c0 c1 n f="$root/version-http.us" code
  settle=$(pick 0.5 2)
  idle=$(pick 5 30)
  n=$(pick 20 100)
  port=$((20000 + RANDOM % 20000))
  sleep_config "$proj/scripts.yml" 20 h
  # Both daemons answer a `th ps` first, so the RSS difference is the endpoint's, not the snapshot serializer's.
  start_daemon && thp up && wait_for 30 all_running "$proj/scripts.yml" 20 && thp ps --json || return 1
  sleep "$settle"
  roff=$(rss_kib "$daemon_pid")
  stop_daemon || return 1
  TURTLE_HARBOR_HTTP=$port start_daemon && wait_for 30 all_running "$proj/scripts.yml" 20 && thp ps --json || return 1
  code=$(http_status "$port" /health)
  [ "$code" = 200 ] || { echo "bench: GET /health answered '$code'" >&2; stop_daemon; return 1; }
  code=$(http_status "$port" /metrics)
  [ "$code" = 200 ] || { echo "bench: GET /metrics answered '$code'" >&2; stop_daemon; return 1; }
  sleep "$settle"
  ron=$(rss_kib "$daemon_pid")
  c0=$(cpu_ms "$daemon_pid")
  sleep "$idle"
  c1=$(cpu_ms "$daemon_pid")
  stop_daemon || return 1
  TURTLE_HARBOR_HTTP=$port time_runs "$n" "$f" "$bin" --version || return 1
  local mib='function m(k) { return sprintf("%.1f", k / 1024) }'
  row "daemon RSS, 20 running scripts, after GET /health and /metrics, --http on" \
    "$(awk "$mib"' BEGIN { print m('"$ron"') }') MiB; off: $(awk "$mib"' BEGIN { print m('"$roff"') }') MiB" \
    "≤ 1 MiB more than off" "$(verdict le "$ron" $((roff + 1024)))"
  row "daemon CPU (utime+stime) over ${idle} s idle, 20 running scripts, --http on" "$((c1 - c0)) ms" \
    "≤ 10 ms (over 30 s)" "$(verdict le $((c1 - c0)) 10)"
  median_row "\`th --version\` with TURTLE_HARBOR_HTTP set, wall time ($n runs)" "$f" "≤ 10 ms median" 10000
}

# chain_config FILE COUNT: COUNT sleeping scripts, each depending on the previous one (condition started).
chain_config() {
  local i
  {
    echo "scripts:"
    printf '  k1:\n    command: sleep 100000\n'
    for ((i = 2; i <= $2; i++)); do printf '  k%d:\n    command: sleep 100000\n    depends_on: [k%d]\n' "$i" "$((i - 1))"; done
  } >"$1"
}

# up_until_running FILE COUNT OUT: one `th up` until COUNT are running; its wall time (us) and the daemon's CPU (ms) appended to OUT.
up_until_running() {
  local t0 t1 tc c0
  start_daemon || return 1
  c0=$(cpu_ms "$daemon_pid")
  t0=${EPOCHREALTIME/./}
  "$bin" -c "$1" up >/dev/null || return 1
  t1=0
  while :; do
    tc=${EPOCHREALTIME/./}
    if all_running "$1" "$2"; then t1=$tc; break; fi
    (( tc - t0 > 60000000 )) && { echo "bench: $2 scripts of $1 not running after 60 s" >&2; return 1; }
  done
  echo "$((t1 - t0)) $(( $(cpu_ms "$daemon_pid") - c0 ))" >>"$3"
  "$bin" -c "$1" down >/dev/null && stop_daemon || return 1
}

bench_chain50() {
  use_home k
  local n i f="$root/chain.us" b="$root/flat.us" med bmed cmed bcmed
  n=$(pick 1 5)
  chain_config "$proj/chain.yml" 50
  sleep_config "$proj/flat.yml" 50 k
  : >"$f"
  : >"$b"
  # Interleaved, so both see the same load on a shared machine.
  for ((i = 0; i < n; i++)); do
    up_until_running "$proj/chain.yml" 50 "$f" || return 1
    up_until_running "$proj/flat.yml" 50 "$b" || return 1
  done
  cut -d' ' -f1 "$f" >"$f.wall"
  cut -d' ' -f1 "$b" >"$b.wall"
  cut -d' ' -f2 "$f" >"$f.cpu"
  cut -d' ' -f2 "$b" >"$b.cpu"
  med=$(quantile "$f.wall" 0.5)
  bmed=$(quantile "$b.wall" 0.5)
  cmed=$(quantile "$f.cpu" 0.5)
  bcmed=$(quantile "$b.cpu" 0.5)
  row "\`th up\` of a 50-script depends_on chain (started) until all are alive ($n runs)" \
    "median $(ms "$med") ms (daemon CPU $cmed ms); 50 independent scripts $(ms "$bmed") ms (daemon CPU $bcmed ms)" \
    "≤ 1 s beyond the 50 independent scripts" "$(verdict le "$med" "$((bmed + 1000000))")"
}

# health_config FILE COUNT PORT: COUNT sleeping scripts, each with a 10 s tcp healthcheck against PORT.
health_config() {
  local i
  { echo "scripts:"; for ((i = 1; i <= $2; i++)); do
      printf '  h%d:\n    command: sleep 100000\n    healthcheck: { tcp: "127.0.0.1:%d", interval: 10s }\n' "$i" "$3"
    done; } >"$1"
}

healthy_count() { "$bin" -c "$1" ps --json 2>/dev/null | grep -o '"health":"healthy"' | wc -l; }
all_healthy() { [ "$(healthy_count "$1")" -ge "$2" ]; }

bench_health300() {
  use_home hc
  local window port c0 c1 pct
  window=$(pick 5 60)
  # The listener accepts and closes at once, so the accept queue never fills; its CPU is not the daemon's.
  python3 -c '
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(512)
print(s.getsockname()[1], flush=True)
while True:
    c, _ = s.accept(); c.close()' >"$root/health-port" 2>/dev/null &
  bg_pids+=("$!")
  wait_for 10 test -s "$root/health-port" || return 1
  port=$(<"$root/health-port")
  health_config "$proj/scripts.yml" 300 "$port"
  start_daemon && thp up || return 1
  wait_for 60 all_running "$proj/scripts.yml" 300 && wait_for 30 all_healthy "$proj/scripts.yml" 300 || return 1
  c0=$(cpu_ms "$daemon_pid")
  sleep "$window"
  c1=$(cpu_ms "$daemon_pid")
  all_healthy "$proj/scripts.yml" 300 || { echo "bench: not all 300 healthy after the window" >&2; return 1; }
  thp down && stop_daemon || return 1
  kill -KILL "${bg_pids[-1]}" 2>/dev/null
  wait "${bg_pids[-1]}" 2>/dev/null
  pct=$(awk -v c=$((c1 - c0)) -v w="$window" 'BEGIN { printf "%.2f", c / (w * 1000) * 100 }')
  row "daemon CPU (utime+stime) over ${window} s, 300 running scripts with a 10 s tcp healthcheck each" \
    "$((c1 - c0)) ms = ${pct} % of one core" "< 1 % of one core" "$(verdict le $((c1 - c0)) $((window * 10)))"
}

# memory_config FILE COUNT PREFIX LIMIT: COUNT sleeping scripts, each with max_memory LIMIT.
memory_config() {
  local i
  { echo "scripts:"; for ((i = 1; i <= $2; i++)); do printf '  %s%d:\n    command: sleep 100000\n    max_memory: %s\n' "$3" "$i" "$4"; done; } >"$1"
}

# Issue 18: ps samples every running group (one /proc pass) for its CPU%, MEM and PROCS columns.
bench_ps300res() {
  use_home p
  local n f="$root/ps300res.us"
  n=$(pick 10 30)
  sleep_config "$proj/scripts.yml" 300 p
  start_daemon && thp up && wait_for 60 all_running "$proj/scripts.yml" 300 || return 1
  "$bin" -c "$proj/scripts.yml" ps | grep -q 'CPU%.*MEM.*PROCS' || { echo "bench: ps shows no resource columns" >&2; return 1; }
  time_runs "$n" "$f" "$bin" -c "$proj/scripts.yml" ps || return 1
  stop_daemon || return 1
  median_row "\`th ps\`, 300 running scripts with CPU%, MEM, PROCS ($n runs)" "$f" "≤ 50 ms median" 50000
}

# Issue 18: max_memory samples the watched groups every 5 s, and only them; nothing else wakes the daemon.
bench_idle_max_memory() {
  use_home q
  local settle idle c0 c1
  settle=$(pick 0.5 2)
  idle=$(pick 5 30)
  memory_config "$proj/scripts.yml" 100 q 1GB
  start_daemon && thp up && wait_for 30 all_running "$proj/scripts.yml" 100 || return 1
  sleep "$settle"
  c0=$(cpu_ms "$daemon_pid")
  sleep "$idle"
  c1=$(cpu_ms "$daemon_pid")
  stop_daemon || return 1
  row "daemon CPU (utime+stime) over ${idle} s idle, 100 running scripts with max_memory (a sample every 5 s)" "$((c1 - c0)) ms" \
    "≤ 60 ms (over 30 s)" "$(verdict le $((c1 - c0)) 60)"
}

# history_journal FILE CONFIG COUNT RUNS: a full history, as a compacted journal holds it: RUNS ended runs of each of COUNT scripts f1..fCOUNT.
history_journal() {
  awk -v config="$2" -v count="$3" -v runs="$4" 'BEGIN {
    id = 0
    for (s = 1; s <= count; s++)
      for (r = 0; r < runs; r++) {
        id++
        printf "{\"id\":%d,\"run\":{\"config\":\"%s\",\"name\":\"f%d\",\"trigger\":\"restart\",\"started_at\":\"2026-01-01T00:%02d:%02d+00:00\",\"ended_at\":\"2026-01-01T00:%02d:%02d.2+00:00\",\"duration_secs\":0.2,\"pid\":%d,\"exit_code\":1,\"signal\":null,\"error\":null}}\n", id, config, s, int(r / 60), r % 60, int(r / 60), r % 60, 10000 + id
      }
  }' >"$1"
}

# restart_gaps_of_20 HOME_LETTER OUT N FULL: 20 crash-looping scripts until each restarted N times; their gaps (exit stamp to next start) into OUT.
restart_gaps_of_20() {
  use_home "$1"
  local i
  cat >"$proj/flap.sh" <<'EOF'
echo "S $(date +%s%N)" >>"$1"
sleep 0.2
echo "E $(date +%s%N)" >>"$1"
exit 1
EOF
  { echo "scripts:"; for ((i = 1; i <= 20; i++)); do
      printf '  f%d:\n    command: sh %s/flap.sh %s/f%d.stamps\n    restart_policy: always\n    restart_delay: 0\n    max_restarts: 1000000\n' "$i" "$proj" "$proj" "$i"
    done; } >"$proj/scripts.yml"
  [ "$4" = 1 ] && history_journal "$TURTLE_HARBOR_HOME/history.jsonl" "$proj/scripts.yml" 20 100
  start_daemon && thp up || return 1
  for ((i = 1; i <= 20; i++)); do
    wait_for 120 stamp_count_ge "$proj/f$i.stamps" $(($3 + 1)) || return 1
  done
  thp down && stop_daemon || return 1
  if [ "$4" = 1 ] && [ "$("$bin" -c "$proj/scripts.yml" history --json | grep -o '"trigger"' | wc -l)" -ne 2000 ]; then
    echo "bench: th history does not show 100 runs of each of the 20 scripts" >&2
    return 1
  fi
  : >"$2"
  for ((i = 1; i <= 20; i++)); do stamp_gaps "$proj/f$i.stamps" | head -n "$3" >>"$2"; done
}

# Issue 20: a run's end costs an append to the history journal, not a rewrite of every script's history,
# so 20 crash-looping scripts restart as fast with 2,000 runs in the history as with none (same run, same machine).
bench_restart_history() {
  local n empty full em fm fp90
  n=$(pick 5 20)
  restart_gaps_of_20 h "$root/restart20-empty.us" "$n" 0 || return 1
  restart_gaps_of_20 j "$root/restart20-full.us" "$n" 1 || return 1
  em=$(quantile "$root/restart20-empty.us" 0.5)
  fm=$(quantile "$root/restart20-full.us" 0.5)
  fp90=$(quantile "$root/restart20-full.us" 0.9)
  # A ratio of two medians of the same run: the gap itself moves with the machine's load.
  row "restart latency, 20 crash-looping scripts, full history (100 runs each in the journal) vs empty history ($n restarts each)" \
    "full/empty $((fm * 100 / em)) % (full: median $(ms "$fm") ms, p90 $(ms "$fp90") ms; empty: median $(ms "$em") ms)" \
    "≤ 110 %, or within 1 ms" "$(verdict le $((fm * 100 / em > 110 && fm - em > 1000 ? 111 : 100)) 110)"
}
