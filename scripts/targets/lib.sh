# Shared helpers for the target bring-up scripts (sourced, not run). Bash only. Python is always
# /usr/bin/python3 (Debian's, with the swift module): PATH may lead to a pyenv one.
# Conventions used by every *-up.sh / *-down.sh:
#   - all state lives in $TARGET_DIR (marked by a .scopecheck-target file, so that an up-script
#     never wipes a directory it did not create);
#   - every daemon is started with start_daemon, which records "<pid> <tag>" in $TARGET_DIR/run/<name>.pid;
#     the tag is a string of the daemon's command line, checked again before any signal is sent,
#     so a recycled PID is never killed;
#   - progress goes to stderr; the only line on stdout is the final JSON line.

SC_MARKER=.scopecheck-target

sc_log() { printf '[%s] %s\n' "$SC_NAME" "$*" >&2; }
sc_die() { # exit-code message
  local rc=$1; shift
  printf '%s: %s\n' "$SC_NAME" "$*" >&2
  exit "$rc"
}

sc_now() { date +%s%N; }
sc_elapsed() { # since $SC_T0, in seconds with 2 decimals
  local d=$(( $(sc_now) - SC_T0 ))
  printf '%d.%02d' $((d / 1000000000)) $(((d / 10000000) % 100))
}
sc_phase() { printf '[%s] %-26s +%ss\n' "$SC_NAME" "$1" "$(sc_elapsed)" >&2; }

# sc_require "cmd:package" ... -> exit 3 with one line naming what is missing.
sc_require() {
  local spec cmd pkg missing=() pkgs=()
  for spec in "$@"; do
    cmd=${spec%%:*}; pkg=${spec#*:}
    if ! command -v "$cmd" >/dev/null 2>&1; then missing+=("$cmd"); pkgs+=("$pkg"); fi
  done
  if ((${#missing[@]})); then
    sc_die 3 "missing ${missing[*]} (Debian packages: ${pkgs[*]}); run scripts/deps.sh --targets"
  fi
}

# sc_port_free PORT -> 0 when nothing listens on TCP PORT (any address)
sc_port_free() { [ -z "$(ss -ltnH "sport = :$1" 2>/dev/null)" ]; }
sc_require_ports_free() {
  local p
  for p in "$@"; do
    sc_port_free "$p" || sc_die 1 "port $p is already in use (ss -ltnp 'sport = :$p'); stop that or choose other ports"
  done
}

# sc_running PID -> 0 if PID exists and is not a zombie. Daemons outlive the up-script, so they are
# reparented to PID 1; after they exit they stay zombies until PID 1 reaps them (~1.5 s with this
# machine's init), and kill -0 still succeeds on a zombie.
sc_running() {
  local st
  kill -0 "$1" 2>/dev/null || return 1
  st=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null) || return 1
  [ -n "$st" ] && [ "$st" != Z ]
}

# sc_pid_alive PIDFILE -> 0 if the process recorded in PIDFILE still runs with the recorded tag
sc_pid_alive() {
  local pid tag
  [ -f "$1" ] || return 1
  read -r pid tag < "$1" || true
  [ -n "$pid" ] && sc_running "$pid" || return 1
  [ -z "$tag" ] && return 0
  local cmd
  cmd=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmd == *"$tag"* ]]
}

# sc_prepare_dir: refuse to clobber a running instance or a foreign directory, then start afresh.
sc_prepare_dir() {
  local d=$TARGET_DIR f
  case "$d" in /|"") sc_die 1 "refusing TARGET_DIR='$d'";; esac
  if [ -d "$d/run" ]; then
    for f in "$d"/run/*.pid; do
      [ -e "$f" ] || continue
      if sc_pid_alive "$f"; then sc_die 1 "already running in $d ($(basename "$f" .pid)); run the down-script first"; fi
    done
  fi
  if [ -d "$d" ] && [ -n "$(ls -A "$d")" ] && [ ! -e "$d/$SC_MARKER" ]; then
    sc_die 1 "TARGET_DIR=$d exists, is not empty and was not made by these scripts; choose another"
  fi
  rm -rf "$d"
  mkdir -p "$d/run" "$d/log"
  : > "$d/$SC_MARKER"
}

# start_daemon NAME TAG LOGFILE CMD...  (stdin from /dev/null, stdout+stderr to LOGFILE)
start_daemon() {
  local name=$1 tag=$2 log=$3; shift 3
  "$@" < /dev/null > "$log" 2>&1 &
  local pid=$! i cmd
  echo "$pid $tag" > "$TARGET_DIR/run/$name.pid"
  disown "$pid"   # no "Killed" job notice if the trap has to stop it
  # Until the forked shell has exec'd the daemon, /proc/PID/cmdline is still this script's: wait
  # for the exec so that sc_pid_alive (which checks the tag) does not mistake it for a dead daemon.
  for ((i = 0; i < 50; i++)); do
    cmd=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null) || return 0
    [[ $cmd == *"$tag"* ]] && return 0
    sleep 0.02
  done
}
sc_pid_of() { local pid _; read -r pid _ < "$TARGET_DIR/run/$1.pid"; echo "$pid"; }

# sc_stop NAME... : SIGTERM the recorded processes (together), wait up to $STOP_GRACE s, then SIGKILL.
# FAST=1 sends SIGKILL at once. Idempotent: missing or dead PIDs are skipped; PID files are removed.
sc_stop() {
  local grace=${STOP_GRACE:-10} sig=TERM n f pid tag pids=() i
  [ "${FAST:-0}" = 1 ] && sig=KILL
  for n in "$@"; do
    f=$TARGET_DIR/run/$n.pid
    [ -f "$f" ] || continue
    if sc_pid_alive "$f"; then
      read -r pid tag < "$f"
      kill -"$sig" "$pid" 2>/dev/null && pids+=("$pid") && sc_log "stopping $n (pid $pid, SIG$sig)"
    fi
    rm -f "$f"
  done
  ((${#pids[@]})) || return 0
  for ((i = 0; i < grace * 10; i++)); do
    local alive=0
    for pid in "${pids[@]}"; do sc_running "$pid" && alive=1; done
    [ $alive = 0 ] && return 0
    sleep 0.1
  done
  for pid in "${pids[@]}"; do
    if sc_running "$pid"; then sc_log "pid $pid still alive after ${grace}s: SIGKILL"; kill -KILL "$pid" 2>/dev/null; fi
  done
  for ((i = 0; i < 50; i++)); do
    local alive=0
    for pid in "${pids[@]}"; do sc_running "$pid" && alive=1; done
    [ $alive = 0 ] && return 0
    sleep 0.1
  done
  return 0
}

# sc_wait_http URL SECONDS [PIDNAME] -> 0 once URL answers any HTTP status; fails early if PIDNAME died
sc_wait_http() {
  local url=$1 secs=$2 name=${3:-} i
  for ((i = 0; i < secs * 10; i++)); do
    curl -s -o /dev/null --max-time 2 "$url" && return 0
    if [ -n "$name" ] && ! sc_pid_alive "$TARGET_DIR/run/$name.pid"; then return 1; fi
    sleep 0.1
  done
  return 1
}

# sc_rss_report NAME... -> logs each daemon's RSS, echoes the total in MiB
sc_rss_report() {
  local n pid r total=0
  for n in "$@"; do
    [ -f "$TARGET_DIR/run/$n.pid" ] || continue
    pid=$(sc_pid_of "$n")
    r=$(ps -o rss= -p "$pid" 2>/dev/null | tr -d ' ')
    r=${r:-0}; total=$((total + r))
    sc_log "$(printf '  %-10s pid %-7s RSS %4d MiB' "$n" "$pid" $((r / 1024)))"
  done
  echo $((total / 1024))
}

# sc_check_loopback NAME... -> fails if a recorded daemon has a TCP listener or a UDP socket on
# anything but 127.0.0.1 (SC_TCP_ONLY=1: TCP listeners only)
sc_check_loopback() {
  local n pid bad
  for n in "$@"; do
    [ -f "$TARGET_DIR/run/$n.pid" ] || continue
    pid=$(sc_pid_of "$n")
    bad=$(ss -ltnupH 2>/dev/null | grep "pid=$pid," | awk '{print $1 " " $5}' | grep -v ' 127\.0\.0\.1:' || true)
    [ "${SC_TCP_ONLY:-0}" = 1 ] && bad=$(grep -v '^udp' <<< "$bad" || true)
    [ -z "$bad" ] || { sc_log "$n listens on non-loopback: $bad"; return 1; }
  done
  return 0
}

# sc_json KEY VALUE ... -> one JSON object line (values are strings; keys ending in '#' are raw JSON)
sc_json() {
  /usr/bin/python3 -c '
import json, sys
a = sys.argv[1:]
o = {}
for k, v in zip(a[0::2], a[1::2]):
    if k.endswith("#"):
        o[k[:-1]] = json.loads(v)
    else:
        o[k] = v
print(json.dumps(o, separators=(",", ":")))' "$@"
}

# sc_rand_hex NBYTES -> lower-case hex from /dev/urandom
sc_rand_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
