#!/usr/bin/env bash
# Stops what rgw-up.sh started in $TARGET_DIR (default ${TMPDIR:-/tmp}/scopecheck-rgw), by the PIDs
# it recorded: SIGTERM to radosgw, then to the OSD and the mon; SIGKILL after $STOP_GRACE s (default 10);
# FAST=1 sends SIGKILL at once (the data is throwaway). Idempotent: exits 0 when nothing runs.
# The directory (logs, ceph.conf) is kept; the next rgw-up.sh wipes it.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SC_NAME=rgw-down
# shellcheck source=scripts/targets/lib.sh
. "$HERE/lib.sh"
TARGET_DIR=${TARGET_DIR:-${TMPDIR:-/tmp}/scopecheck-rgw}
[ -d "$TARGET_DIR/run" ] || exit 0
sc_stop rgw.x        # first: with the OSD gone, radosgw's shutdown blocks on RADOS
sc_stop osd.0 mon.a  # together: the OSD waits at most "osd mon shutdown timeout" (1 s) for the mon
exit 0
