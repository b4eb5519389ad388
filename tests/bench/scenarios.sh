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
  local n i t0 t1 tc pg f="$root/up.us" b="$root/up-bash.us" med bmed
  n=$(pick 1 5)
  sleep_config "$proj/scripts.yml" 300 u
  : >"$f"
  for ((i = 0; i < n; i++)); do
    start_daemon || return 1
    t0=${EPOCHREALTIME/./}
    thp up || return 1
    # Alive as of the start of the first check that sees all 300 running.
    t1=0
    while :; do
      tc=${EPOCHREALTIME/./}
      if all_running "$proj/scripts.yml" 300; then t1=$tc; break; fi
      (( tc - t0 > 60000000 )) && { echo "bench: 300 scripts not running after 60 s" >&2; return 1; }
    done
    echo $((t1 - t0)) >>"$f"
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
    "median $(ms "$med") ms, p90 $(ms "$(quantile "$f" 0.9)") ms; bash \`&\` loop $(ms "$bmed") ms" \
    "≤ 2 s, and ≤ the bash loop" "$(verdict eval "le $med 2000000 && le $med $bmed")"
}

bench_rss_cpu() {
  use_home m
  local settle idle r0 r100 r300 c0 c1
  settle=$(pick 0.5 2)
  idle=$(pick 5 30)
  mkdir -p "$proj/a" "$proj/b"
  sleep_config "$proj/a/scripts.yml" 100 a
  sleep_config "$proj/b/scripts.yml" 200 b
  start_daemon || return 1
  "$bin" daemon status >/dev/null 2>&1
  sleep "$settle"
  r0=$(rss_kib "$daemon_pid")
  "$bin" -c "$proj/a/scripts.yml" up >/dev/null 2>&1 && wait_for 30 all_running "$proj/a/scripts.yml" 100 || return 1
  sleep "$settle"
  r100=$(rss_kib "$daemon_pid")
  "$bin" -c "$proj/b/scripts.yml" up >/dev/null 2>&1 && wait_for 30 all_running "$proj/b/scripts.yml" 200 || return 1
  sleep "$settle"
  r300=$(rss_kib "$daemon_pid")
  c0=$(cpu_ms "$daemon_pid")
  sleep "$idle"
  c1=$(cpu_ms "$daemon_pid")
  stop_daemon || return 1
  local mib='function m(k) { return sprintf("%.1f", k / 1024) }'
  row "daemon RSS, 0 running scripts" "$(awk "$mib"' BEGIN { print m('"$r0"') }') MiB" "≤ 20 MiB" "$(verdict le "$r0" $((20 * 1024)))"
  row "daemon RSS, 100 running scripts" "$(awk "$mib"' BEGIN { print m('"$r100"') }') MiB" "≤ 25 MiB" "$(verdict le "$r100" $((25 * 1024)))"
  row "daemon RSS, 300 running scripts" "$(awk "$mib"' BEGIN { print m('"$r300"') }') MiB" "≤ 30 MiB" "$(verdict le "$r300" $((30 * 1024)))"
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
