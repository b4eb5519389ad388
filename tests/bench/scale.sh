# Scale scenarios of tests/bench/run.sh (sourced; issue 19 items 2 and 4): memory per script and commands that stay
# flat as the number of scripts grows. The full run uses the issue's sizes (10,000 cron-armed scripts, 1,000 running);
# the quick run a tenth of them (labelled), or skips a row.

# cpu_row LABEL FILE TARGET_LABEL TARGET_US DAEMON_CPU_MS RUNS: a latency row (met on the median) that also says the daemon's
# CPU time per run (utime + stime over the runs, divided), which a machine loaded by other work disturbs far less than wall time.
cpu_row() {
  local med p90
  med=$(quantile "$2" 0.5)
  p90=$(quantile "$2" 0.9)
  row "$1" "median $(ms "$med") ms, p90 $(ms "$p90") ms; daemon CPU $(( $5 / $6 )) ms a run" "$3" "$(verdict le "$med" "$4")"
}

# bench_scale: 10,000 cron-armed scripts: th up, daemon RSS, th ps, th reload of a one-line change.
bench_scale() {
  use_home x
  local count n i t0 t1 f="$root/scale-up.us" r="$root/scale-reload.us" rss label c0 up_cpu=0 ps_cpu reload_cpu reloads
  count=$(pick 1000 10000)
  n=$(pick 1 3)
  label=$(pick "1,000 (quick)" "10,000")
  cron_config "$proj/scripts.yml" "$count"
  : >"$f"
  for ((i = 0; i < n; i++)); do
    start_daemon || return 1
    c0=$(cpu_ms "$daemon_pid")
    t0=${EPOCHREALTIME/./}
    thp up || return 1
    t1=${EPOCHREALTIME/./}
    up_cpu=$((up_cpu + $(cpu_ms "$daemon_pid") - c0))
    echo $((t1 - t0)) >>"$f"
    if ((i < n - 1)); then thp down && stop_daemon || return 1; fi
  done
  [ "$("$bin" -c "$proj/scripts.yml" ps --json | grep -o '"name"' | wc -l)" -eq "$count" ] || { echo "bench: ps does not list $count" >&2; return 1; }
  sleep "$(pick 0.5 2)"
  rss=$(rss_kib "$daemon_pid")
  c0=$(cpu_ms "$daemon_pid")
  time_runs "$(pick 5 20)" "$root/scale-ps.us" "$bin" -c "$proj/scripts.yml" ps || return 1
  # time_runs adds one warm-up run.
  ps_cpu=$(($(cpu_ms "$daemon_pid") - c0))

  # A one-line change, back and forth: c1's command.
  : >"$r"
  reloads=$(pick 3 10)
  c0=$(cpu_ms "$daemon_pid")
  for ((i = 0; i < reloads; i++)); do
    if ((i % 2 == 0)); then sed -i '3s/"true"/"true "/' "$proj/scripts.yml"; else sed -i '3s/"true "/"true"/' "$proj/scripts.yml"; fi
    t0=${EPOCHREALTIME/./}
    thp reload || return 1
    t1=${EPOCHREALTIME/./}
    echo $((t1 - t0)) >>"$r"
  done
  reload_cpu=$(($(cpu_ms "$daemon_pid") - c0))
  thp down && stop_daemon || return 1

  cpu_row "\`th up\` of $label cron-armed scripts ($n runs)" "$f" "≤ 0.5 s median (10,000)" 500000 "$up_cpu" "$n"
  row "daemon RSS, $label cron-armed scripts" "$(awk -v k="$rss" 'BEGIN { printf "%.1f MiB", k / 1024 }')" "≤ 80 MiB (10,000)" \
    "$(verdict le "$rss" $((80 * 1024)))"
  cpu_row "\`th ps\`, $label cron-armed scripts" "$root/scale-ps.us" "≤ 150 ms median (10,000)" 150000 "$ps_cpu" $(($(pick 5 20) + 1))
  cpu_row "\`th reload\` of a one-line change, $label scripts" "$r" "≤ 0.3 s median (10,000)" 300000 "$reload_cpu" "$reloads"
}

# bench_logs_merged: th logs -n 100 over a config of 100 scripts, each with a log of 1,000 lines.
bench_logs_merged() {
  use_home g
  local i n c0 f="$root/merged.us"
  n=$(pick 10 30)
  mkdir -p "$proj/logs"
  {
    printf 'settings:\n  log_dir: ./logs\nscripts:\n'
    for ((i = 1; i <= 100; i++)); do printf '  m%d:\n    command: "true"\n    cron: "0 0 1 1 *"\n' "$i"; done
  } >"$proj/scripts.yml"
  for ((i = 1; i <= 100; i++)); do
    awk -v s="$i" 'BEGIN { pad = sprintf("%060d", 0); for (j = 0; j < 1000; j++)
      printf "2026-02-09T12:%02d:%02d.%03d+00:00 [stdout] %d %s\n", int(j / 60) % 60, j % 60, s, j, pad }' >"$proj/logs/m$i.log"
  done
  start_daemon && thp up || return 1
  [ "$("$bin" -c "$proj/scripts.yml" logs -n 100 | wc -l)" -ge 100 ] || { echo "bench: th logs -n 100 is not 100 lines" >&2; return 1; }
  c0=$(cpu_ms "$daemon_pid")
  time_runs "$n" "$f" "$bin" -c "$proj/scripts.yml" logs -n 100 || return 1
  c0=$(($(cpu_ms "$daemon_pid") - c0))
  stop_daemon || return 1
  cpu_row "\`th logs -n 100\` merged over 100 scripts' logs ($n runs)" "$f" "≤ 30 ms median" 30000 "$c0" $((n + 1))
}

# bench_rss1000: daemon RSS with 1,000 running scripts (full run only: 2,000 processes).
bench_rss1000() {
  [ "$quick" = 1 ] && return 0
  use_home w
  local rss
  sleep_config "$proj/scripts.yml" 1000 w
  start_daemon && thp up && wait_for 120 all_running "$proj/scripts.yml" 1000 || return 1
  sleep 2
  rss=$(rss_kib "$daemon_pid")
  thp down && stop_daemon || return 1
  row "daemon RSS, 1,000 running scripts" "$(awk -v k="$rss" 'BEGIN { printf "%.1f MiB", k / 1024 }')" "≤ 30 MiB" \
    "$(verdict le "$rss" $((30 * 1024)))"
}
