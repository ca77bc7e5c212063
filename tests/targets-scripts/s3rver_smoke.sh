#!/usr/bin/env bash
# Smoke test of scripts/targets/s3rver-up.sh / s3rver-down.sh (s3rver 3.7.1 from npm): up (npm ci
# on first use), signed PUT/GET with the fixed key pair (awscli v2), the documented gaps (a wrong
# secret is accepted: verifies_sigv4=false; an unknown key is not), down, nothing left.
# Port: S3RVER_PORT (4568) must be free.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/targets-scripts/lib.sh
. "$HERE/lib.sh"
trap 'tt_cleanup s3rver' EXIT
export S3RVER_PORT=${S3RVER_PORT:-4568}
T0=$(now_ms)

if up_target s3rver; then
  check_up_processes "$S3RVER_PORT"
  aws_setup "$AK" "$SK"
  s3_put_get smoke-s3rver
  if ! awsc_as NOSUCHKEY "$SK" s3api get-object --bucket smoke-s3rver --key dir/hello.txt "$WORK/x.bin" &&
     aws_fails_with InvalidAccessKeyId; then
    pass "unknown access key: InvalidAccessKeyId"
  else
    fail "unknown access key: InvalidAccessKeyId" "$(cat "$WORK/aws.out")"
  fi
  # The JSON line says verifies_sigv4=false: keep that true to s3rver's behaviour.
  if awsc_as "$AK" "wrong-secret" s3api get-object --bucket smoke-s3rver --key dir/hello.txt "$WORK/x.bin"; then
    verified=false
  else
    verified=true
  fi
  check "verifies_sigv4 in the JSON line ($(json_get "$WORK/up.json" verifies_sigv4)) matches s3rver's behaviour ($verified)" \
    test "$(json_get "$WORK/up.json" verifies_sigv4)" = "$verified"
  s3_cleanup smoke-s3rver
  down_target s3rver "$S3RVER_PORT"
fi
echo "timing: up ${UP_MS:-?} ms, down ${DOWN_MS:-?} ms, whole test $(( $(now_ms) - T0 )) ms"
summary
