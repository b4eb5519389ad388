# Peers for tests/bench/run.sh --peers (sourced): the same scenarios through th, pm2, supervisord and the plain OS
# tools (the physical reference), measured one after the other in one run, into one table with the ratios.
# pm2 and supervisord run in temporary homes under $root (PM2_HOME, a supervisord.conf of our own with its own
# socket and pidfile); their daemons are stopped (pm2 kill, supervisorctl shutdown) after each scenario and again
# at exit, and whatever is left is killed by the run's tag like every other process the benchmark starts.
# Figures are stored per measure and tool: microseconds for times, KiB for memory.

declare -A peer_fig=()
peer_measures=()
declare -A peer_label=()
peer_pm2_home=""
peer_sv_dir=""

# Installs pm2 (npm) and supervisord (the Debian package) when missing. Needs root for apt-get and npm -g.
peers_install() {
  if ! command -v pm2 >/dev/null 2>&1; then
    if ! command -v npm >/dev/null 2>&1; then
      echo "bench: installing nodejs and npm (for pm2)" >&2
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; } >&2 || return 1
    fi
    echo "bench: installing pm2 (npm i -g pm2)" >&2
    npm i -g pm2 >&2 || return 1
  fi
  if ! command -v supervisord >/dev/null 2>&1; then
    echo "bench: installing supervisor (apt-get)" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq supervisor; } >&2 || return 1
  fi
  command -v pm2 >/dev/null && command -v supervisord >/dev/null && command -v supervisorctl >/dev/null
}

# pm2 in its temporary home (never ~/.pm2).
pm2c() { PM2_HOME="$peer_pm2_home" pm2 "$@"; }

pm2_kill() { [ -n "$peer_pm2_home" ] && [ -e "$peer_pm2_home/pm2.pid" ] && PM2_HOME="$peer_pm2_home" timeout 60 pm2 kill >/dev/null 2>&1; return 0; }

pm2_pid() { cat "$peer_pm2_home/pm2.pid" 2>/dev/null; }

# pm2_online_count: apps with status online.
pm2_online_count() { pm2c jlist 2>/dev/null | grep -o '"status":"online"' | wc -l; }
pm2_all_online() { [ "$(pm2_online_count)" -ge "$1" ]; }

# pm2_apps FILE PREFIX COUNT COMMAND [EXTRA_JSON]: an ecosystem file of COUNT apps running COMMAND with /bin/sh -c.
pm2_apps() {
  local i sep=""
  {
    echo '{"apps":['
    for ((i = 1; i <= $3; i++)); do
      printf '%s{"name":"%s%d","script":"/bin/sh","args":["-c",%s],"interpreter":"none","autorestart":false%s}\n' \
        "$sep" "$2" "$i" "$(json_str "$4")" "${5:+,$5}"
      sep=","
    done
    echo ']}'
  } >"$1"
}

json_str() { local s=${1//\\/\\\\}; printf '"%s"' "${s//\"/\\\"}"; }

# supervisord with its own config, socket and pidfile in $peer_sv_dir; programs go in $peer_sv_dir/conf.d/*.conf.
sv_setup() {
  peer_sv_dir="$root/sv"
  rm -rf "$peer_sv_dir"
  mkdir -p "$peer_sv_dir/conf.d" "$peer_sv_dir/logs"
  cat >"$peer_sv_dir/supervisord.conf" <<EOF
[unix_http_server]
file=$peer_sv_dir/s.sock
[supervisord]
logfile=$peer_sv_dir/supervisord.log
pidfile=$peer_sv_dir/supervisord.pid
childlogdir=$peer_sv_dir/logs
minfds=8192
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
[supervisorctl]
serverurl=unix://$peer_sv_dir/s.sock
[include]
files = $peer_sv_dir/conf.d/*.conf
EOF
}

svc() { supervisorctl -c "$peer_sv_dir/supervisord.conf" "$@"; }

sv_start() {
  supervisord -c "$peer_sv_dir/supervisord.conf" >&2 || { echo "bench: supervisord did not start" >&2; return 1; }
  wait_for 120 eval 'svc pid >/dev/null 2>&1' || return 1
}

sv_shutdown() {
  [ -n "$peer_sv_dir" ] && [ -S "$peer_sv_dir/s.sock" ] || return 0
  timeout 60 supervisorctl -c "$peer_sv_dir/supervisord.conf" shutdown >/dev/null 2>&1
  local pid
  pid=$(cat "$peer_sv_dir/supervisord.pid" 2>/dev/null)
  # supervisord daemonizes: its parent is pid 1, which in a container may leave it a zombie.
  # Stopping 300 programs takes supervisord a while on a loaded machine; the next start needs it gone.
  if [ -n "$pid" ] && ! wait_for 180 pid_gone "$pid"; then
    kill -KILL "$pid" 2>/dev/null
  fi
  return 0
}

pid_gone() { local st; st=$(cat "/proc/$1/stat" 2>/dev/null) || return 0; st=${st##*) }; [ "${st%% *}" = Z ]; }

sv_pid() { cat "$peer_sv_dir/supervisord.pid" 2>/dev/null; }

sv_running_count() { svc status 2>/dev/null | grep -c ' RUNNING '; }
sv_all_running() { [ "$(sv_running_count)" -ge "$1" ]; }

# sv_programs FILE PREFIX COUNT COMMAND [EXTRA_LINES]: COUNT programs running COMMAND with /bin/sh -c.
sv_programs() {
  local i
  for ((i = 1; i <= $3; i++)); do
    printf '[program:%s%d]\ncommand=/bin/sh -c "%s"\nautostart=false\nautorestart=false\nstartsecs=0\n%s\n' "$2" "$i" "$4" "${5:-}"
  done >"$1"
}

peers_cleanup() {
  pm2_kill
  sv_shutdown
}

# peer_set MEASURE TOOL VALUE; peer_measure ID LABEL registers a row in order.
peer_set() { peer_fig["$1/$2"]=$3; }
peer_measure() { peer_measures+=("$1"); peer_label["$1"]=$2; }

# time_until N FILE PRE_CMD START_CMD CHECK_CMD STOP_CMD: runs PRE_CMD untimed, then times from START_CMD to the
# start of the first CHECK_CMD that succeeds (polled every 2 ms), then runs STOP_CMD; N times.
time_until() {
  local n=$1 file=$2 pre=$3 start=$4 check=$5 stop=$6 i t0 t1 tc
  : >"$file"
  for ((i = 0; i < n; i++)); do
    eval "$pre" >/dev/null || { echo "bench: '$pre' failed" >&2; return 1; }
    t0=${EPOCHREALTIME/./}
    eval "$start" >/dev/null 2>&1 || { echo "bench: '$start' failed" >&2; return 1; }
    t1=0
    while :; do
      tc=${EPOCHREALTIME/./}
      if eval "$check"; then t1=$tc; break; fi
      ((tc - t0 > 300000000)) && { echo "bench: timed out: $check" >&2; return 1; }
      sleep 0.002
    done
    # Measured from the program's own start stamp when it writes one (the peers' CLIs take 0.1-0.5 s to start).
    if [ -n "${peer_t0_file:-}" ]; then t0=$(( $(<"$peer_t0_file") / 1000 )); fi
    echo $((t1 - t0)) >>"$file"
    eval "$stop" >/dev/null 2>&1 || { echo "bench: '$stop' failed" >&2; return 1; }
  done
}

# --- status of 20 running scripts --------------------------------------------------------------------------

peers_status20() {
  local n=$1 pids
  peer_measure status20 "status, 20 running scripts ($n runs)"
  use_home ps20peers
  sleep_config "$proj/scripts.yml" 20 s
  start_daemon && thp up && wait_for 30 all_running "$proj/scripts.yml" 20 || return 1
  time_runs "$n" "$root/p-st-th.us" "$bin" -c "$proj/scripts.yml" ps || return 1
  thp down && stop_daemon || return 1
  peer_set status20 th "$(quantile "$root/p-st-th.us" 0.5)"

  pm2_apps "$root/st.json" s 20 "sleep 100000"
  pm2c start "$root/st.json" >/dev/null 2>&1 && wait_for 60 pm2_all_online 20 || return 1
  time_runs "$n" "$root/p-st-pm2.us" pm2c ls || return 1
  pm2_kill
  peer_set status20 pm2 "$(quantile "$root/p-st-pm2.us" 0.5)"

  sv_setup
  sv_programs "$peer_sv_dir/conf.d/st.conf" s 20 "sleep 100000"
  sv_start && svc start all >/dev/null && wait_for 60 sv_all_running 20 || return 1
  pids=$(svc status | awk '$2 == "RUNNING" { sub(",", "", $4); print $4 }' | paste -sd,)
  time_runs "$n" "$root/p-st-sv.us" svc status || return 1
  time_runs "$n" "$root/p-st-ps.us" ps -p "$pids" || return 1
  sv_shutdown
  peer_set status20 supervisord "$(quantile "$root/p-st-sv.us" 0.5)"
  peer_set status20 phys "$(quantile "$root/p-st-ps.us" 0.5)"
  peer_label[status20/phys]='`ps -p`'
}

# --- bring up 300 -------------------------------------------------------------------------------------------

peers_up300() {
  local n=$1 i t0 t1 pg
  peer_measure up300 "bring up 300 scripts until all are alive ($n runs)"
  use_home up300peers
  sleep_config "$proj/scripts.yml" 300 u
  time_until "$n" "$root/p-up-th.us" start_daemon 'thp up' 'all_running "$proj/scripts.yml" 300' 'thp down && stop_daemon' || return 1
  peer_set up300 th "$(quantile "$root/p-up-th.us" 0.5)"

  pm2_apps "$root/up.json" u 300 "sleep 100000"
  time_until "$n" "$root/p-up-pm2.us" 'pm2c ping' 'pm2c start "$root/up.json"' 'pm2_all_online 300' 'pm2_kill' || return 1
  peer_set up300 pm2 "$(quantile "$root/p-up-pm2.us" 0.5)"

  sv_setup
  sv_programs "$peer_sv_dir/conf.d/up.conf" u 300 "sleep 100000"
  time_until "$n" "$root/p-up-sv.us" sv_start 'svc start all' 'sv_all_running 300' 'sv_shutdown' || return 1
  peer_set up300 supervisord "$(quantile "$root/p-up-sv.us" 0.5)"

  : >"$root/p-up-sh.us"
  for ((i = 0; i < n; i++)); do
    t0=${EPOCHREALTIME/./}
    bash -c 'set -m; for ((i = 0; i < 300; i++)); do /bin/sh -c "sleep 100000" & echo $!; done' >"$root/p-up-sh.pids" 2>/dev/null
    t1=${EPOCHREALTIME/./}
    echo $((t1 - t0)) >>"$root/p-up-sh.us"
    while read -r pg; do kill -KILL -- "-$pg" 2>/dev/null; done <"$root/p-up-sh.pids"
  done
  peer_set up300 phys "$(quantile "$root/p-up-sh.us" 0.5)"
  peer_label[up300/phys]='bash `&` loop'
}

# --- daemon RSS at 0 / 100 / 300 running scripts ------------------------------------------------------------

peers_rss() {
  local settle=$1
  peer_measure rss0 "daemon RSS, 0 running scripts"
  peer_measure rss100 "daemon RSS, 100 running scripts"
  peer_measure rss300 "daemon RSS, 300 running scripts"
  use_home rsspeers
  mkdir -p "$proj/a" "$proj/b"
  sleep_config "$proj/a/scripts.yml" 100 a
  sleep_config "$proj/b/scripts.yml" 200 b
  start_daemon && "$bin" daemon status >/dev/null 2>&1 || return 1
  sleep "$settle"; peer_set rss0 th "$(rss_kib "$daemon_pid")"
  "$bin" -c "$proj/a/scripts.yml" up >/dev/null 2>&1 && wait_for 30 all_running "$proj/a/scripts.yml" 100 || return 1
  sleep "$settle"; peer_set rss100 th "$(rss_kib "$daemon_pid")"
  "$bin" -c "$proj/b/scripts.yml" up >/dev/null 2>&1 && wait_for 30 all_running "$proj/b/scripts.yml" 200 || return 1
  sleep "$settle"; peer_set rss300 th "$(rss_kib "$daemon_pid")"
  "$bin" -c "$proj/a/scripts.yml" down >/dev/null 2>&1; "$bin" -c "$proj/b/scripts.yml" down >/dev/null 2>&1
  stop_daemon || return 1

  pm2_apps "$root/ra.json" a 100 "sleep 100000"
  pm2_apps "$root/rb.json" b 200 "sleep 100000"
  pm2c ping >/dev/null 2>&1 || return 1
  sleep "$settle"; peer_set rss0 pm2 "$(rss_kib "$(pm2_pid)")"
  pm2c start "$root/ra.json" >/dev/null 2>&1 && wait_for 60 pm2_all_online 100 || return 1
  sleep "$settle"; peer_set rss100 pm2 "$(rss_kib "$(pm2_pid)")"
  pm2c start "$root/rb.json" >/dev/null 2>&1 && wait_for 60 pm2_all_online 300 || return 1
  sleep "$settle"; peer_set rss300 pm2 "$(rss_kib "$(pm2_pid)")"
  pm2_kill

  sv_setup
  sv_start || return 1
  sleep "$settle"; peer_set rss0 supervisord "$(rss_kib "$(sv_pid)")"
  sv_programs "$peer_sv_dir/conf.d/a.conf" a 100 "sleep 100000" "autostart=true"
  svc update >/dev/null && wait_for 60 sv_all_running 100 || return 1
  sleep "$settle"; peer_set rss100 supervisord "$(rss_kib "$(sv_pid)")"
  sv_programs "$peer_sv_dir/conf.d/b.conf" b 200 "sleep 100000" "autostart=true"
  svc update >/dev/null && wait_for 60 sv_all_running 300 || return 1
  sleep "$settle"; peer_set rss300 supervisord "$(rss_kib "$(sv_pid)")"
  sv_shutdown
}

# --- restart gap: exit to next start ------------------------------------------------------------------------

peers_restart() {
  local n=$1 nsv=$2 loop
  peer_measure restart "restart gap, exit to next start ($n restarts; supervisord $nsv)"
  cat >"$root/flap.sh" <<'EOF'
echo "S $(date +%s%N)" >>"$1"
sleep 0.2
echo "E $(date +%s%N)" >>"$1"
exit 1
EOF
  use_home restartpeers
  cat >"$proj/scripts.yml" <<EOF
scripts:
  flap:
    command: sh $root/flap.sh $root/th.pstamps
    restart_policy: always
    restart_delay: 0
    max_restarts: 1000000
EOF
  start_daemon && thp up || return 1
  wait_for 120 stamp_count_ge "$root/th.pstamps" $((n + 1)) || return 1
  thp down && stop_daemon || return 1

  pm2_apps "$root/flap.json" flap 1 "sh $root/flap.sh $root/pm2.pstamps" \
    '"autorestart":true,"restart_delay":0,"min_uptime":100,"max_restarts":1000000'
  sed -i 's/"autorestart":false,//' "$root/flap.json"
  pm2c start "$root/flap.json" >/dev/null 2>&1 || return 1
  wait_for 120 stamp_count_ge "$root/pm2.pstamps" $((n + 1)) || return 1
  pm2_kill

  sv_setup
  sv_programs "$peer_sv_dir/conf.d/flap.conf" flap 1 "sh $root/flap.sh $root/sv.pstamps" \
    "startretries=1000000"
  sed -i 's/^autorestart=false/autorestart=true/; s/^autostart=false/autostart=true/' "$peer_sv_dir/conf.d/flap.conf"
  sv_start || return 1
  wait_for 120 stamp_count_ge "$root/sv.pstamps" $((nsv + 1)) || return 1
  sv_shutdown

  bash -c 'while :; do /bin/sh -c "$1"; done' _ "sh $root/flap.sh $root/sh.pstamps" &
  loop=$!
  bg_pids+=("$loop")
  wait_for 120 stamp_count_ge "$root/sh.pstamps" $((n + 1)) || return 1
  kill -KILL "$loop" 2>/dev/null
  wait "$loop" 2>/dev/null

  local t
  for t in th pm2 sh; do stamp_gaps "$root/$t.pstamps" | head -n "$n" >"$root/p-rs-$t.us"; done
  stamp_gaps "$root/sv.pstamps" | head -n "$nsv" >"$root/p-rs-sv.us"
  peer_set restart th "$(quantile "$root/p-rs-th.us" 0.5)"
  peer_set restart pm2 "$(quantile "$root/p-rs-pm2.us" 0.5)"
  peer_set restart supervisord "$(quantile "$root/p-rs-sv.us" 0.5)"
  peer_set restart phys "$(quantile "$root/p-rs-sh.us" 0.5)"
  peer_label[restart/phys]='shell restart loop'
}

# --- output capture: LINES lines of 100 bytes into the log ----------------------------------------------

th_flood_exited() { "$bin" -c "$proj/scripts.yml" ps --json | grep -q '"status":"exited"'; }
# Not a pipe into grep: supervisorctl status exits 3 for a program that is not RUNNING, which run.sh's pipefail
# would make the whole check fail even when the state is EXITED (every full peers run timed out here).
sv_flood_exited() { local out; out=$(svc status flood1 2>/dev/null); [[ $out == *EXITED* ]]; }

raw_done() { tail -c 64 "$1" 2>/dev/null | grep -qx done; }

peers_flood() {
  local lines=$1 n=$2 log
  peer_measure flood "$lines lines x 100 B, from the program's start to the last line in the log ($n runs)"
  # pm2 runs a copy that stays 0.5 s after its last line (outside the figure): pm2 7 loses the tail of the output
  # of a program that exits at once (its log stream is destroyed first: ERR_STREAM_DESTROYED in pm2.log).
  # The others get the program that exits at once, as a flood usually ends (th flushes its buffer at exit, and
  # every 200 ms while the program lives).
  cat >"$root/flood.sh" <<EOF
date +%s%N >"$root/flood.start"
yes "\$(printf '%099d' 0)" | head -n $lines
echo done
EOF
  { cat "$root/flood.sh"; echo "sleep 0.5"; } >"$root/flood-pm2.sh"
  use_home floodpeers
  log="$proj/logs/flood.log"
  cat >"$proj/scripts.yml" <<EOF
settings:
  log_dir: ./logs
  log:
    max_file_size: 8GB
scripts:
  flood:
    command: sh $root/flood.sh
EOF
  start_daemon || return 1
  peer_t0_file="$root/flood.start"
  time_until "$n" "$root/p-fl-th.us" '[ ! -f "$log" ] || : >"$log"' 'thp up flood' 'log_done "$log"' 'wait_for 30 th_flood_exited' || return 1
  [ "$(grep -c '\[stdout\] 0' "$log")" -eq "$lines" ] || { echo "bench: th flood.log lacks lines" >&2; return 1; }
  stop_daemon || return 1
  rm -f "$log"
  peer_set flood th "$(quantile "$root/p-fl-th.us" 0.5)"

  local plog="$root/pm2-flood.log"
  pm2_apps "$root/flood.json" flood 1 "sh $root/flood-pm2.sh" \
    "\"out_file\":\"$plog\",\"error_file\":\"$root/pm2-flood.err\",\"merge_logs\":true"
  # The first start launches the daemon; time the runs after it (the app is restarted by name).
  pm2c start "$root/flood.json" >/dev/null 2>&1 && wait_for 300 raw_done "$plog" || return 1
  time_until "$n" "$root/p-fl-pm2.us" ': >"$plog"' 'pm2c restart flood1' 'raw_done "$plog"' : || return 1
  [ "$(grep -c '^0' "$plog")" -eq "$lines" ] || { echo "bench: pm2 log lacks lines" >&2; return 1; }
  pm2_kill
  rm -f "$plog"
  peer_set flood pm2 "$(quantile "$root/p-fl-pm2.us" 0.5)"

  local slog="$root/sv-flood.log"
  sv_setup
  sv_programs "$peer_sv_dir/conf.d/flood.conf" flood 1 "sh $root/flood.sh" \
    "stdout_logfile=$slog
stdout_logfile_maxbytes=0
stdout_logfile_backups=0"
  sv_start || return 1
  time_until "$n" "$root/p-fl-sv.us" ': >"$slog"' 'svc start flood1' 'raw_done "$slog"' 'wait_for 30 sv_flood_exited' || return 1
  [ "$(grep -c '^0' "$slog")" -eq "$lines" ] || { echo "bench: supervisord log lacks lines" >&2; return 1; }
  sv_shutdown
  rm -f "$slog"
  peer_set flood supervisord "$(quantile "$root/p-fl-sv.us" 0.5)"

  time_until "$n" "$root/p-fl-sh.us" 'rm -f "$root/cat.out"' '{ sh "$root/flood.sh" | cat >"$root/cat.out"; } &' \
    'raw_done "$root/cat.out"' wait || return 1
  rm -f "$root/cat.out"
  peer_t0_file=""
  peer_set flood phys "$(quantile "$root/p-fl-sh.us" 0.5)"
  peer_label[flood/phys]='`prog | cat > file`'
}

# --- last 100 lines of a big log -----------------------------------------------------------------------------

peers_tail() {
  local mib=$1 n=$2 i big size="1 GiB"
  [ "$mib" -ne 1024 ] && size="$mib MiB"
  peer_measure tail "last 100 lines of a $size log ($n runs)"
  use_home tailpeers
  mkdir -p "$proj/logs"
  big="$proj/logs/big.log"
  printf 'settings:\n  log_dir: ./logs\nscripts:\n  big:\n    command: "true"\n    cron: "0 0 1 1 *"\n' >"$proj/scripts.yml"
  # 128-byte lines in th's format; the peers read the same file as raw output (they add no prefix).
  awk 'BEGIN { pad = sprintf("%088d", 0); for (i = 0; i < 8192; i++)
    printf "2026-02-09T12:%02d:%02d.%03d+00:00 [stdout] %s\n", int(i / 60000) % 60, int(i / 1000) % 60, i % 1000, pad }' >"$root/pblock"
  local blocks=()
  for ((i = 0; i < mib; i++)); do blocks+=("$root/pblock"); done
  cat "${blocks[@]}" >"$big" || return 1
  start_daemon && thp up || return 1
  time_runs "$n" "$root/p-tl-th.us" "$bin" -c "$proj/scripts.yml" logs big -n 100 || return 1
  stop_daemon || return 1
  peer_set tail th "$(quantile "$root/p-tl-th.us" 0.5)"

  # An app that never runs again: its out_file is the big log.
  pm2_apps "$root/tail.json" big 1 "true" "\"out_file\":\"$big\",\"error_file\":\"$root/pm2-big.err\",\"merge_logs\":true"
  pm2c start "$root/tail.json" >/dev/null 2>&1 || return 1
  [ "$(pm2c logs big1 --lines 100 --nostream --raw 2>/dev/null | grep -c '\[stdout\]')" -ge 100 ] ||
    { echo "bench: pm2 logs did not show 100 lines" >&2; return 1; }
  time_runs "$n" "$root/p-tl-pm2.us" pm2c logs big1 --lines 100 --nostream --raw || return 1
  pm2_kill
  peer_set tail pm2 "$(quantile "$root/p-tl-pm2.us" 0.5)"

  # supervisorctl tail counts bytes, not lines: 100 lines of this log are 12,800 bytes.
  sv_setup
  sv_programs "$peer_sv_dir/conf.d/tail.conf" big 1 "true" "stdout_logfile=$big
stdout_logfile_maxbytes=0"
  sv_start || return 1
  [ "$(svc tail -12800 big1 | wc -l)" -ge 100 ] || { echo "bench: supervisorctl tail did not show 100 lines" >&2; return 1; }
  time_runs "$n" "$root/p-tl-sv.us" svc tail -12800 big1 || return 1
  sv_shutdown
  peer_set tail supervisord "$(quantile "$root/p-tl-sv.us" 0.5)"

  time_runs "$n" "$root/p-tl-sh.us" tail -n 100 "$big" || return 1
  peer_set tail phys "$(quantile "$root/p-tl-sh.us" 0.5)"
  peer_label[tail/phys]='`tail -n 100`'
  rm -f "$big"
}

# --- the table ----------------------------------------------------------------------------------------------

# peer_cell MEASURE TOOL: the figure as text ("-" when absent).
peer_cell() {
  local v=${peer_fig["$1/$2"]:-}
  [ -z "$v" ] && { echo "-"; return; }
  case "$1" in
    rss*) awk -v k="$v" 'BEGIN { printf "%.1f MiB", k / 1024 }' ;;
    *) awk -v u="$v" 'BEGIN { if (u >= 1000000) printf "%.2f s", u / 1e6; else if (u >= 10000) printf "%.0f ms", u / 1000; else printf "%.1f ms", u / 1000 }' ;;
  esac
}

# peer_ratio A B: A / B as "N.NNx", "-" when either is absent.
peer_ratio() {
  [ -n "$1" ] && [ -n "$2" ] && [ "$2" != 0 ] || { echo "-"; return; }
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'
}

print_peers_table() {
  [ ${#peer_measures[@]} -gt 0 ] || return 0
  echo
  echo "Peers (${peer_versions:-}), medians; ratios are the peer's figure over th's (above 1: th is faster or smaller) and th's over the physical reference (1 is the floor):"
  echo
  echo "| measure | th | pm2 | supervisord | physical reference | pm2 / th | supervisord / th | th / physical |"
  echo "|---|---|---|---|---|---|---|---|"
  local m th phys
  for m in "${peer_measures[@]}"; do
    th=${peer_fig["$m/th"]:-}
    phys=${peer_fig["$m/phys"]:-}
    local pl="-"
    [ -n "$phys" ] && pl="$(peer_cell "$m" phys) (${peer_label["$m/phys"]})"
    echo "| ${peer_label[$m]} | $(peer_cell "$m" th) | $(peer_cell "$m" pm2) | $(peer_cell "$m" supervisord) | $pl |" \
      "$(peer_ratio "${peer_fig["$m/pm2"]:-}" "$th") | $(peer_ratio "${peer_fig["$m/supervisord"]:-}" "$th") | $(peer_ratio "$th" "$phys") |"
  done
}

bench_peers() {
  peers_install || { echo "bench: could not install pm2 and supervisord" >&2; return 1; }
  peer_pm2_home="$root/pm2"
  mkdir -p "$peer_pm2_home"
  peer_versions="th $("$bin" --version 2>/dev/null), pm2 $(pm2c --version 2>/dev/null | tail -1), supervisord $(supervisord --version 2>/dev/null)"
  pm2_kill
  peers_status20 "$(pick 10 30)" || { peers_cleanup; return 1; }
  peers_up300 "$(pick 1 3)" || { peers_cleanup; return 1; }
  peers_rss "$(pick 0.5 2)" || { peers_cleanup; return 1; }
  peers_restart "$(pick 5 20)" "$(pick 3 8)" || { peers_cleanup; return 1; }
  peers_flood "$(pick 100000 1000000)" "$(pick 2 3)" || { peer_t0_file=""; peers_cleanup; return 1; }
  peers_tail "$(pick 128 1024)" "$(pick 10 20)" || { peers_cleanup; return 1; }
  peers_cleanup
}
