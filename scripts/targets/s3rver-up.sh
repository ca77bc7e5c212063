#!/usr/bin/env bash
# Brings up s3rver 3.7.1 (npm; a fast in-process S3 emulator) on 127.0.0.1, data under $TARGET_DIR,
# and prints one JSON line on stdout:
#   {"endpoint":"http://127.0.0.1:4568","admin_access_key":"S3RVER","admin_secret_key":"S3RVER",...}
# The npm package is installed into scripts/targets/s3rver/node_modules (npm ci, from the committed
# package-lock.json) on first use. Stop with s3rver-down.sh (same TARGET_DIR).
#
# What s3rver is and is not (see README.md): one fixed key pair S3RVER/S3RVER; it does NOT verify
# SigV4 signatures (a wrong secret is accepted) and has no authorization (anonymous requests work),
# so it is a protocol/happy-path target only: the JSON line says so (verifies_sigv4=false).
#
# Environment:
#   TARGET_DIR   state directory (default ${TMPDIR:-/tmp}/scopecheck-s3rver)
#   S3RVER_PORT  port (default 4568)
# Exit codes: 0 up; 3 node/npm missing or the npm install failed (run scripts/deps.sh --targets;
# the npm registry must be reachable once); 1 anything else.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SC_NAME=s3rver-up
# shellcheck source=scripts/targets/lib.sh
. "$HERE/lib.sh"

TARGET_DIR=${TARGET_DIR:-${TMPDIR:-/tmp}/scopecheck-s3rver}
PORT=${S3RVER_PORT:-4568}
PKG=$HERE/s3rver
SC_T0=$(sc_now)

sc_require node:nodejs npm:npm curl:curl /usr/bin/python3:python3 ss:iproute2 ps:procps flock:util-linux
sc_require_ports_free "$PORT"

# install (or refresh after a package-lock.json change) under a lock: two up-scripts may race
if [ ! -f "$PKG/node_modules/s3rver/bin/s3rver.js" ] || [ "$PKG/package-lock.json" -nt "$PKG/node_modules/.package-lock.json" ]; then
  (
    flock 9
    if [ ! -f "$PKG/node_modules/s3rver/bin/s3rver.js" ] || [ "$PKG/package-lock.json" -nt "$PKG/node_modules/.package-lock.json" ]; then
      sc_log "installing s3rver with npm ci into $PKG/node_modules"
      (cd "$PKG" && npm ci --no-audit --no-fund --loglevel=error) > "$PKG/.npm-ci.log" 2>&1 \
        || { tail -n 5 "$PKG/.npm-ci.log" >&2; rm -f "$PKG/.npm-ci.log"; \
             sc_die 3 "npm ci of s3rver failed (is the npm registry reachable?); see above"; }
      rm -f "$PKG/.npm-ci.log"
    fi
  ) 9> "$PKG/.install.lock"
  sc_phase "npm ci"
fi

sc_prepare_dir
TARGET_DIR=$(cd "$TARGET_DIR" && pwd)
mkdir -p "$TARGET_DIR/data"

on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "$rc" != 0 ]; then
    sc_log "FAILED (exit $rc) after $(sc_elapsed)s; stopping what was started; log in $TARGET_DIR/log"
    FAST=1 TARGET_DIR=$TARGET_DIR "$HERE/s3rver-down.sh" >&2 || true
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --no-vhost-buckets: path-style only (no DNS tricks on 127.0.0.1)
start_daemon s3rver "$TARGET_DIR/data" "$TARGET_DIR/log/s3rver.log" \
  node "$PKG/node_modules/s3rver/bin/s3rver.js" -d "$TARGET_DIR/data" -a 127.0.0.1 -p "$PORT" --no-vhost-buckets
if ! sc_wait_http "http://127.0.0.1:$PORT/" 30 s3rver; then
  tail -n 20 "$TARGET_DIR/log/s3rver.log" >&2
  sc_die 1 "s3rver did not answer on 127.0.0.1:$PORT"
fi
sc_phase "s3rver answering"
sc_check_loopback s3rver || sc_die 1 "s3rver listens beyond 127.0.0.1"
RSS=$(sc_rss_report s3rver)
sc_log "ready in $(sc_elapsed)s, RSS $RSS MiB"

JSON=$(sc_json endpoint "http://127.0.0.1:$PORT" admin_access_key S3RVER admin_secret_key S3RVER \
  region us-east-1 target_dir "$TARGET_DIR" 'verifies_sigv4#' false 'enforces_authorization#' false)
echo "$JSON" > "$TARGET_DIR/target.json"
echo "$JSON"
