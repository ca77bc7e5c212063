#!/usr/bin/env bash
# Brings up a throwaway single-node OpenStack Swift (Debian 12's Swift 2.30) with the s3api and
# tempauth middlewares: memcached, account/container/object servers (one device directory, one
# replica, one process each) and the proxy, all on 127.0.0.1, no systemd, all state under
# $TARGET_DIR (swift_dir points there: /etc/swift is not read). Prints one JSON line on stdout:
#   {"endpoint":"http://127.0.0.1:8080","admin_access_key":"alice:alice","admin_secret_key":"...",
#    "auth_url":".../auth/v1.0","users":[{"access_key":"alice:alice","secret_key":"...","account":"alice",...},...]}
# Progress, phase timings and RSS go to stderr. Stop with swift-down.sh (same TARGET_DIR).
#
# S3 credentials are tempauth users: access key "<account>:<user>", secret = the user's key.
#   alice:alice  admin of account AUTH_alice        bob:bob      admin of account AUTH_bob
#   alice:ro     plain user in AUTH_alice: sees only what a container ACL grants it
#   carol:carol  admin of account AUTH_carol
# Swift semantics: a bucket lives inside the caller's account (bob cannot see alice's buckets,
# and may create his own bucket of the same name); there are no bucket policies (501); cross-user
# access goes through Swift container ACLs (X-Container-Read/Write, set with the Swift API).
#
# Environment:
#   TARGET_DIR   state directory (default ${TMPDIR:-/tmp}/scopecheck-swift); it must be on a
#                filesystem with user xattrs (ext4, xfs, btrfs; not an old tmpfs): checked
#   SWIFT_PORT (8080)  SWIFT_ACCOUNT_PORT (6212)  SWIFT_CONTAINER_PORT (6211)  SWIFT_OBJECT_PORT (6210)
#   MEMCACHE_PORT (11311; not 11211, where a distribution memcached may already run)
#   SWIFT_ACCESS_LOG=1  adds proxy-logging (per-request access log lines in log/proxy.log); its
#                syslog copy goes out over UDP from an unconnected socket bound to 0.0.0.0
#                (send-only, but not loopback-bound: off by default)
# Exit codes: 0 up; 3 a package is missing (run scripts/deps.sh --targets); 1 anything else
# (whatever had been started is stopped again; logs stay in $TARGET_DIR/log).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SC_NAME=swift-up
# shellcheck source=scripts/targets/lib.sh
. "$HERE/lib.sh"

TARGET_DIR=${TARGET_DIR:-${TMPDIR:-/tmp}/scopecheck-swift}
SWIFT_PORT=${SWIFT_PORT:-8080}
ACCOUNT_PORT=${SWIFT_ACCOUNT_PORT:-6212}
CONTAINER_PORT=${SWIFT_CONTAINER_PORT:-6211}
OBJECT_PORT=${SWIFT_OBJECT_PORT:-6210}
MEMCACHE_PORT=${MEMCACHE_PORT:-11311}
ACCESS_LOG=${SWIFT_ACCESS_LOG:-0}
SC_T0=$(sc_now)

# account user key admin(0/1)
USERS=(
  "alice alice alice-secret-0000000000000000000000001 1"
  "alice ro    alice-ro-secret-000000000000000000000001 0"
  "bob   bob   bob-secret-00000000000000000000000000001 1"
  "carol carol carol-secret-000000000000000000000000001 1"
)

sc_require swift-proxy-server:swift-proxy swift-account-server:swift-account \
  swift-container-server:swift-container swift-object-server:swift-object \
  swift-ring-builder:swift memcached:memcached curl:curl /usr/bin/python3:python3 ss:iproute2 ps:procps
sc_require_ports_free "$SWIFT_PORT" "$ACCOUNT_PORT" "$CONTAINER_PORT" "$OBJECT_PORT" "$MEMCACHE_PORT"
sc_prepare_dir
TARGET_DIR=$(cd "$TARGET_DIR" && pwd)
S=$TARGET_DIR
mkdir -p "$S/etc" "$S/srv/node/d1"

on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "$rc" != 0 ]; then
    sc_log "FAILED (exit $rc) after $(sc_elapsed)s; stopping what was started; logs in $S/log"
    FAST=1 TARGET_DIR=$S "$HERE/swift-down.sh" >&2 || true
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The object server keeps metadata in user xattrs: refuse a filesystem without them up front
# (otherwise every PUT fails later with a 503 and "xattr" tracebacks in the object log).
/usr/bin/python3 - "$S/srv/node/d1" <<'EOF' || sc_die 1 "TARGET_DIR=$S has no user xattr support; put it on ext4/xfs/btrfs (e.g. TARGET_DIR=/var/tmp/scopecheck-swift)"
import os, sys
p = os.path.join(sys.argv[1], ".xattr-probe")
open(p, "w").close()
try:
    os.setxattr(p, "user.swift.metadata", b"x" * 300)
    assert os.getxattr(p, "user.swift.metadata") == b"x" * 300
finally:
    os.unlink(p)
EOF

cat > "$S/etc/swift.conf" <<EOF
[swift-hash]
swift_hash_path_suffix = $(sc_rand_hex 8)
swift_hash_path_prefix = $(sc_rand_hex 8)
[storage-policy:0]
name = Policy-0
default = yes
EOF
common_conf() { # port
  cat <<EOF
[DEFAULT]
swift_dir = $S/etc
devices = $S/srv/node
mount_check = false
bind_ip = 127.0.0.1
bind_port = $1
workers = 0
user = $(id -un)
log_name = swift
log_address = $S/run/log.sock
log_level = INFO
EOF
}
for spec in account:$ACCOUNT_PORT container:$CONTAINER_PORT object:$OBJECT_PORT; do
  kind=${spec%%:*}; port=${spec##*:}
  { common_conf "$port"; printf '\n[pipeline:main]\npipeline = %s-server\n\n[app:%s-server]\nuse = egg:swift#%s\n' \
      "$kind" "$kind" "$kind"; } > "$S/etc/$kind-server.conf"
done
# Rings: part power 6, 1 replica, one device each. One python process through Swift's RingBuilder
# API instead of 9 swift-ring-builder runs (python start-up dominates on a busy 2-core machine).
# /usr/bin/python3, not the PATH one: that may be a pyenv python without Debian's swift module.
/usr/bin/python3 - "$S/etc" "$ACCOUNT_PORT" "$CONTAINER_PORT" "$OBJECT_PORT" > "$S/log/rings.out" 2>&1 <<'PY' \
  || { cat "$S/log/rings.out" >&2; sc_die 1 "building the rings failed"; }
import sys
from swift.common.ring import RingBuilder
etc = sys.argv[1]
for kind, port in zip(("account", "container", "object"), sys.argv[2:5]):
    b = RingBuilder(6, 1, 1)
    b.add_dev({"id": 0, "region": 1, "zone": 1, "ip": "127.0.0.1", "port": int(port),
               "device": "d1", "weight": 100, "meta": ""})
    b.rebalance()
    b.save("%s/%s.builder" % (etc, kind))
    b.get_ring().save("%s/%s.ring.gz" % (etc, kind))
PY

# proxy-logging (access log) always sends syslog over UDP from a socket bound to 0.0.0.0 (it has
# no log_address option): only on request, and then that send-only UDP socket is tolerated.
if [ "$ACCESS_LOG" = 1 ]; then
  PIPELINE="catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo versioned_writes proxy-logging proxy-server"
else
  PIPELINE="catch_errors gatekeeper healthcheck cache listing_formats s3api tempauth copy slo dlo versioned_writes proxy-server"
fi
{ common_conf "$SWIFT_PORT"; cat <<EOF

[pipeline:main]
pipeline = $PIPELINE

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true

[filter:s3api]
use = egg:swift#s3api
location = us-east-1
s3_acl = false
check_bucket_owner = true
force_swift_request_proxy_log = false

[filter:tempauth]
use = egg:swift#tempauth
EOF
  for u in "${USERS[@]}"; do
    read -r acct user key admin <<< "$u"
    printf 'user_%s_%s = %s%s\n' "$acct" "$user" "$key" "$([ "$admin" = 1 ] && echo ' .admin')"
  done
  cat <<EOF

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$MEMCACHE_PORT

[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
[filter:versioned_writes]
use = egg:swift#versioned_writes
EOF
} > "$S/etc/proxy-server.conf"
sc_phase "config + rings"

# Swift always adds a syslog handler: to /dev/log when that is a socket, else over UDP from an
# unconnected socket bound to 0.0.0.0. Give it a socket of its own that drops what it is sent (with
# -v every server also logs to stderr, i.e. to $S/log/<server>.log).
[ ${#S} -lt 90 ] || sc_die 1 "TARGET_DIR=$S is too long for a unix socket path (keep it under 90 characters)"
start_daemon syslog-sink "$S/run/log.sock" "$S/log/syslog-sink.log" /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
while True:
    s.recv(65536)' "$S/run/log.sock"
for ((i = 0; i < 50; i++)); do [ -S "$S/run/log.sock" ] && break; sleep 0.1; done
[ -S "$S/run/log.sock" ] || sc_die 1 "the syslog sink did not start"

# tempauth and s3api need memcache: without it every S3 request is a 500 "Memcache required".
MC_USER=(); [ "$(id -u)" = 0 ] && MC_USER=(-u root)
start_daemon memcached "-p $MEMCACHE_PORT" "$S/log/memcached.log" \
  memcached -l 127.0.0.1 -p "$MEMCACHE_PORT" -U 0 -m 64 "${MC_USER[@]}"
for kind in account container object proxy; do
  start_daemon "$kind" "$S/etc/$kind-server.conf" "$S/log/$kind.log" \
    "/usr/bin/swift-$kind-server" "$S/etc/$kind-server.conf" -v
done
if ! sc_wait_http "http://127.0.0.1:$SWIFT_PORT/healthcheck" 60 proxy; then
  tail -n 20 "$S"/log/*.log >&2
  sc_die 1 "the Swift proxy did not answer on 127.0.0.1:$SWIFT_PORT"
fi
sc_phase "proxy healthy"
# Ready for S3 only when tempauth (memcache) and the account/container servers answer too.
read -r acct user key _ <<< "${USERS[0]}"
ok=0
for ((i = 0; i < 100; i++)); do
  tok=$(curl -s -D - -o /dev/null -H "X-Auth-User: $acct:$user" -H "X-Auth-Key: $key" \
         "http://127.0.0.1:$SWIFT_PORT/auth/v1.0" | tr -d '\r' | sed -n 's/^[Xx]-[Aa]uth-[Tt]oken: //p' || true)
  if [ -n "$tok" ] &&
     [ "$(curl -s -o /dev/null -w '%{http_code}' -H "X-Auth-Token: $tok" \
          "http://127.0.0.1:$SWIFT_PORT/v1/AUTH_$acct" || true)" = 204 ]; then ok=1; break; fi
  for n in syslog-sink memcached account container object proxy; do
    sc_pid_alive "$S/run/$n.pid" || { tail -n 20 "$S/log/$n.log" >&2; sc_die 1 "swift $n exited"; }
  done
  sleep 0.1
done
[ $ok = 1 ] || { tail -n 20 "$S"/log/*.log >&2; sc_die 1 "tempauth/account server not ready"; }
sc_phase "auth + account ready"

LOOPBACK_CHECKED=(syslog-sink memcached account container object)
[ "$ACCESS_LOG" = 1 ] || LOOPBACK_CHECKED+=(proxy)
sc_check_loopback "${LOOPBACK_CHECKED[@]}" || sc_die 1 "a daemon listens beyond 127.0.0.1"
[ "$ACCESS_LOG" = 1 ] && { SC_TCP_ONLY=1 sc_check_loopback proxy || sc_die 1 "the proxy listens beyond 127.0.0.1"; }
RSS=$(sc_rss_report syslog-sink memcached account container object proxy)
sc_log "ready in $(sc_elapsed)s, RSS $RSS MiB total"

users_json=$(for u in "${USERS[@]}"; do
  read -r acct user key admin <<< "$u"
  printf '{"access_key":"%s:%s","secret_key":"%s","account":"%s","user":"%s","swift_admin":%s}\n' \
    "$acct" "$user" "$key" "$acct" "$user" "$([ "$admin" = 1 ] && echo true || echo false)"
done | /usr/bin/python3 -c 'import json,sys; print(json.dumps([json.loads(l) for l in sys.stdin]))')
read -r acct user key _ <<< "${USERS[0]}"
JSON=$(sc_json endpoint "http://127.0.0.1:$SWIFT_PORT" admin_access_key "$acct:$user" admin_secret_key "$key" \
  auth_url "http://127.0.0.1:$SWIFT_PORT/auth/v1.0" region us-east-1 target_dir "$S" 'users#' "$users_json")
echo "$JSON" > "$S/target.json"
echo "$JSON"
