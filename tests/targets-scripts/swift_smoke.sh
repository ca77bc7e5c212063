#!/usr/bin/env bash
# Smoke test of scripts/targets/swift-up.sh / swift-down.sh (Swift + s3api + tempauth): up, signed
# PUT/GET with the admin key pair (awscli v2), per-account bucket namespaces, the read-only user
# with and without a container ACL, a bad signature, down, nothing left. Needs scripts/deps.sh --targets.
# Ports: SWIFT_PORT (8080), 6210-6212, MEMCACHE_PORT (11311) must be free.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/targets-scripts/lib.sh
. "$HERE/lib.sh"
trap 'tt_cleanup swift' EXIT
export SWIFT_PORT=${SWIFT_PORT:-8080} MEMCACHE_PORT=${MEMCACHE_PORT:-11311}
PORTS=("$SWIFT_PORT" "${SWIFT_ACCOUNT_PORT:-6212}" "${SWIFT_CONTAINER_PORT:-6211}" "${SWIFT_OBJECT_PORT:-6210}" "$MEMCACHE_PORT")
T0=$(now_ms)

user_key() { # ACCESS_KEY -> its secret from the JSON line
  /usr/bin/python3 -c 'import json,sys; print([u["secret_key"] for u in json.load(open(sys.argv[1]))["users"] if u["access_key"] == sys.argv[2]][0])' "$WORK/up.json" "$1"
}

if up_target swift; then
  check_up_processes "${PORTS[@]}"
  check "JSON lists users of two accounts plus alice:ro" /usr/bin/python3 -c '
import json, sys
us = json.load(open(sys.argv[1]))["users"]
assert len({u["account"] for u in us}) >= 2
assert any(u["access_key"] == "alice:ro" and not u["swift_admin"] for u in us)' "$WORK/up.json"
  aws_setup "$AK" "$SK"
  s3_put_get smoke-swift
  if ! awsc_as "$AK" "wrong-secret" s3api get-object --bucket smoke-swift --key dir/hello.txt "$WORK/x.bin" &&
     aws_fails_with SignatureDoesNotMatch; then
    pass "wrong secret: SignatureDoesNotMatch"
  else
    fail "wrong secret: SignatureDoesNotMatch" "$(cat "$WORK/aws.out")"
  fi
  BOB_SK=$(user_key bob:bob); RO_SK=$(user_key alice:ro); RO_AK=alice:ro
  if ! awsc_as bob:bob "$BOB_SK" s3api head-bucket --bucket smoke-swift && grep -q 404 "$WORK/aws.out"; then
    pass "bob (other account) does not see alice's bucket (404)"
  else
    fail "bob (other account) does not see alice's bucket (404)" "$(cat "$WORK/aws.out")"
  fi
  if ! awsc_as "$RO_AK" "$RO_SK" s3api get-object --bucket smoke-swift --key dir/hello.txt "$WORK/x.bin" &&
     aws_fails_with AccessDenied; then
    pass "alice:ro without a container ACL: AccessDenied"
  else
    fail "alice:ro without a container ACL: AccessDenied" "$(cat "$WORK/aws.out")"
  fi
  # grant alice:ro read through the Swift API (tempauth token of alice:alice)
  TOKHDR=$(curl -s -D - -o /dev/null -H "X-Auth-User: $AK" -H "X-Auth-Key: $SK" "$ENDPOINT/auth/v1.0" | tr -d '\r')
  TOK=$(sed -n 's/^[Xx]-[Aa]uth-[Tt]oken: //p' <<< "$TOKHDR")
  SURL=$(sed -n 's/^[Xx]-[Ss]torage-[Uu]rl: //p' <<< "$TOKHDR")
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "X-Auth-Token: $TOK" \
         -H 'X-Container-Read: alice:ro,.rlistings' "$SURL/smoke-swift")
  check "Swift API: set X-Container-Read for alice:ro (HTTP $code)" test "$code" = 204
  rm -f "$WORK/x.bin"
  if awsc_as "$RO_AK" "$RO_SK" s3api get-object --bucket smoke-swift --key dir/hello.txt "$WORK/x.bin" &&
     cmp -s "$WORK/body.bin" "$WORK/x.bin"; then
    pass "alice:ro with the ACL: GetObject"
  else
    fail "alice:ro with the ACL: GetObject" "$(cat "$WORK/aws.out")"
  fi
  if ! awsc_as "$RO_AK" "$RO_SK" s3api put-object --bucket smoke-swift --key ro.txt --body "$WORK/body.bin" &&
     aws_fails_with AccessDenied; then
    pass "alice:ro with the ACL: PutObject AccessDenied"
  else
    fail "alice:ro with the ACL: PutObject AccessDenied" "$(cat "$WORK/aws.out")"
  fi
  s3_cleanup smoke-swift
  down_target swift "${PORTS[@]}"
fi
echo "timing: up ${UP_MS:-?} ms, down ${DOWN_MS:-?} ms, whole test $(( $(now_ms) - T0 )) ms"
summary
