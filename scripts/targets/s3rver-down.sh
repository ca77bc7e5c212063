#!/usr/bin/env bash
# Stops the s3rver that s3rver-up.sh started in $TARGET_DIR (default ${TMPDIR:-/tmp}/scopecheck-s3rver),
# by its recorded PID: SIGTERM, SIGKILL after $STOP_GRACE s (default 10); FAST=1: SIGKILL at once.
# Idempotent: exits 0 when nothing runs. The data directory is kept; the next s3rver-up.sh wipes it.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SC_NAME=s3rver-down
# shellcheck source=scripts/targets/lib.sh
. "$HERE/lib.sh"
TARGET_DIR=${TARGET_DIR:-${TMPDIR:-/tmp}/scopecheck-s3rver}
[ -d "$TARGET_DIR/run" ] || exit 0
sc_stop s3rver
exit 0
