#!/usr/bin/env bash
# Smoke test of scripts/targets/rgw-up.sh / rgw-down.sh (Ceph RGW, memstore): up, signed PUT/GET
# with the admin key pair (awscli v2), radosgw-admin through the printed ceph.conf, a bad
# signature, down, nothing left. Also: an interrupted bring-up leaves nothing running, and a
# missing package is a one-line exit 3. Needs scripts/deps.sh --targets.
# Ports: RGW_PORT (7480), MON_PORT (3300) and MON_PORT+1 must be free.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/targets-scripts/lib.sh
. "$HERE/lib.sh"
trap 'tt_cleanup rgw' EXIT
export RGW_PORT=${RGW_PORT:-7480} MON_PORT=${MON_PORT:-3300}
PORTS=("$RGW_PORT" "$MON_PORT" $((MON_PORT + 1)))
T0=$(now_ms)

# missing package -> exit 3, one line naming the fix (the check every up-script uses)
out=$(bash -c 'SC_NAME=rgw-up; . "$1/lib.sh"; sc_require radosgw:radosgw no-such-cmd-xyz:no-such-pkg' _ "$TARGETS" 2>&1); rc=$?
check "missing package: exit 3 with one line naming scripts/deps.sh --targets" \
  test "$rc" = 3 -a "$(printf '%s\n' "$out" | wc -l)" = 1 -a -n "$(grep -F 'scripts/deps.sh --targets' <<< "$out")"

if up_target rgw; then
  check_up_processes "${PORTS[@]}"
  CEPH_CONF_FILE=$(json_get "$WORK/up.json" ceph_conf)
  ADMIN_UID=$(json_get "$WORK/up.json" admin_uid)
  if radosgw-admin --conf "$CEPH_CONF_FILE" user info --uid="$ADMIN_UID" > "$WORK/user.json" 2>&1 &&
     /usr/bin/python3 -c '
import json, sys
u = json.load(open(sys.argv[1]))
caps = {c["type"]: c["perm"] for c in u["caps"]}
assert all(caps.get(t) == "*" for t in ("users", "buckets", "metadata", "usage")), caps
assert any(k["access_key"] == sys.argv[2] for k in u["keys"])' "$WORK/user.json" "$AK"; then
    pass "radosgw-admin --conf <ceph_conf>: admin user has the key and users/buckets/metadata/usage=* caps"
  else
    fail "radosgw-admin --conf <ceph_conf>: admin user has the key and the caps" "$(head -5 "$WORK/user.json")"
  fi
  /usr/bin/python3 "$HERE/sigv4_get.py" "$ENDPOINT/admin/user?uid=$ADMIN_UID&format=json" "$AK" "$SK" > "$WORK/adminops.out" 2>&1
  if [ "$(head -1 "$WORK/adminops.out")" = 200 ] && grep -q "\"user_id\":\"$ADMIN_UID\"" "$WORK/adminops.out"; then
    pass "admin ops API (GET /admin/user, SigV4 with the admin key pair): 200"
  else
    fail "admin ops API (GET /admin/user, SigV4 with the admin key pair): 200" "$(head -c 300 "$WORK/adminops.out")"
  fi
  aws_setup "$AK" "$SK"
  s3_put_get smoke-rgw
  if ! awsc_as "$AK" "wrong-secret-0000000000000000000000000000" s3api get-object --bucket smoke-rgw --key dir/hello.txt "$WORK/x.bin" &&
     aws_fails_with SignatureDoesNotMatch; then
    pass "wrong secret: SignatureDoesNotMatch"
  else
    fail "wrong secret: SignatureDoesNotMatch" "$(cat "$WORK/aws.out")"
  fi
  s3_cleanup smoke-rgw
  # a second up while running must refuse and leave the running one alone
  "$TARGETS/rgw-up.sh" > "$WORK/up2.json" 2> "$WORK/up2.err"; rc=$?
  check "second rgw-up.sh while running refuses (exit 1, no JSON)" test "$rc" = 1 -a ! -s "$WORK/up2.json"
  check "the running instance still answers" curl -sf -o /dev/null "$ENDPOINT/"
  down_target rgw "${PORTS[@]}"
fi
UP_DOWN_MS=$(( $(now_ms) - T0 ))

# interrupted bring-up: SIGTERM the up-script once the mon runs -> its trap stops everything
"$TARGETS/rgw-up.sh" > /dev/null 2> "$WORK/int.err" &
UPPID=$!
for ((i = 0; i < 100; i++)); do [ -s "$TARGET_DIR/run/osd.0.pid" ] && break; sleep 0.1; done
sleep 0.3
INT_PIDS=()
for f in "$TARGET_DIR"/run/*.pid; do [ -e "$f" ] && INT_PIDS+=("$(cut -d' ' -f1 "$f")"); done
kill -TERM "$UPPID"; wait "$UPPID"; rc=$?
left=""
for pid in "${INT_PIDS[@]}"; do running "$pid" && left+=" $pid"; done
open=""
for p in "${PORTS[@]}"; do [ -z "$(ss -ltnH "sport = :$p")" ] || open+=" $p"; done
check "interrupted rgw-up.sh (${#INT_PIDS[@]} daemons started) exits non-zero and leaves nothing ($left$open)" \
  test "$rc" != 0 -a "${#INT_PIDS[@]}" -gt 0 -a -z "$left$open"

echo "timing: up ${UP_MS:-?} ms, down ${DOWN_MS:-?} ms, up+checks+down $UP_DOWN_MS ms, whole test $(( $(now_ms) - T0 )) ms"
summary
