#!/usr/bin/env bash
# Stops what swift-up.sh started in $TARGET_DIR (default ${TMPDIR:-/tmp}/scopecheck-swift), by the
# PIDs it recorded: SIGTERM to the proxy, then to the storage servers and memcached; SIGKILL after
# $STOP_GRACE s (default 10); FAST=1 sends SIGKILL at once. Idempotent: exits 0 when nothing runs.
# The directory (logs, configs, stored objects) is kept; the next swift-up.sh wipes it.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SC_NAME=swift-down
# shellcheck source=scripts/targets/lib.sh
. "$HERE/lib.sh"
TARGET_DIR=${TARGET_DIR:-${TMPDIR:-/tmp}/scopecheck-swift}
[ -d "$TARGET_DIR/run" ] || exit 0
sc_stop proxy
sc_stop object container account memcached syslog-sink
exit 0
