# Helpers for the target smoke tests (sourced). Each test brings a target up with its
# scripts/targets/<target>-up.sh, drives it with Debian's awscli v2 (/usr/bin/aws), brings it down
# and checks that nothing is left running or listening. Ends with "N passed, N failed".
set -uo pipefail
TT_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$TT_HERE/../.." && pwd)
TARGETS=$REPO/scripts/targets
AWS=${AWS:-/usr/bin/aws}   # not the PATH one: that may be a pyenv awscli v1
PASSED=0
FAILED=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/scopecheck-smoke.XXXXXX")
export TARGET_DIR=$WORK/target

pass() { PASSED=$((PASSED + 1)); echo "ok   - $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL - $1${2:+: $2}"; }
# check NAME CMD... : passes when CMD exits 0
check() { local n=$1; shift; if "$@"; then pass "$n"; else fail "$n"; fi; }
# running PID -> exists and is not a zombie (exited daemons wait as zombies until PID 1 reaps them)
running() {
  local st
  kill -0 "$1" 2>/dev/null || return 1
  st=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null) || return 1
  [ -n "$st" ] && [ "$st" != Z ]
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

summary() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" = 0 ]
}

# json_get FILE KEY -> value of a top-level key of the one JSON object in FILE
json_get() { /usr/bin/python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))[sys.argv[2]]; print(v if isinstance(v,str) else json.dumps(v))' "$1" "$2"; }

# up_target NAME -> runs NAME-up.sh, JSON to $WORK/up.json, stderr to $WORK/up.err; checks the JSON line
up_target() {
  local name=$1 t0 rc lines
  t0=$(now_ms)
  "$TARGETS/$name-up.sh" > "$WORK/up.json" 2> "$WORK/up.err"; rc=$?
  UP_MS=$(( $(now_ms) - t0 ))
  if [ $rc != 0 ]; then
    fail "$name-up.sh exits 0" "exit $rc"; sed 's/^/    /' "$WORK/up.err"; return 1
  fi
  pass "$name-up.sh exits 0 (${UP_MS} ms)"
  lines=$(wc -l < "$WORK/up.json")
  if [ "$lines" = 1 ] && /usr/bin/python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
for k in ("endpoint", "admin_access_key", "admin_secret_key"):
    assert isinstance(o.get(k), str) and o[k], k
assert o["endpoint"].startswith("http://127.0.0.1:"), o["endpoint"]' "$WORK/up.json"; then
    pass "prints one JSON line with a 127.0.0.1 endpoint and the admin key pair"
  else
    fail "prints one JSON line with a 127.0.0.1 endpoint and the admin key pair" "$(cat "$WORK/up.json")"
  fi
  ENDPOINT=$(json_get "$WORK/up.json" endpoint)
  AK=$(json_get "$WORK/up.json" admin_access_key)
  SK=$(json_get "$WORK/up.json" admin_secret_key)
  # the PIDs the up-script recorded, for the "nothing left" checks after down
  PIDS=()
  local f pid _
  for f in "$TARGET_DIR"/run/*.pid; do
    [ -e "$f" ] || continue
    read -r pid _ < "$f"; PIDS+=("$pid")
  done
  return 0
}

# check_up_processes PORT... : the recorded daemons run, and every TCP listener or UDP socket
# they own is on 127.0.0.1; the given ports are listened on.
check_up_processes() {
  local pid bad="" p missing=""
  check "up-script recorded its daemons (${#PIDS[@]})" test "${#PIDS[@]}" -gt 0
  for pid in "${PIDS[@]}"; do
    running "$pid" || bad+=" $pid(dead)"
    bad+=$(ss -ltnupH | grep "pid=$pid," | awk '{print $5}' | grep -v '^127\.0\.0\.1:' | sed 's/^/ /' || true)
  done
  if [ -z "$bad" ]; then pass "all daemons alive and bound to 127.0.0.1 only"; else fail "all daemons alive and bound to 127.0.0.1 only" "$bad"; fi
  for p in "$@"; do [ -n "$(ss -ltnH "sport = :$p")" ] || missing+=" $p"; done
  if [ -z "$missing" ]; then pass "listening on ports $*"; else fail "listening on ports $*" "missing$missing"; fi
}

# aws_setup AK SK -> a private AWS config (path-style, us-east-1, the RGW error plugin) and env creds
aws_setup() {
  mkdir -p "$WORK/aws"
  cat > "$WORK/aws/config" <<EOF
[default]
region = us-east-1
s3 =
    addressing_style = path
    signature_version = s3v4
[plugins]
cli_legacy_plugin_path = $TARGETS/awsplugins
rgwfix = rgw_empty_message_fix
EOF
  unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_S3 AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE
  export AWS_CONFIG_FILE=$WORK/aws/config AWS_SHARED_CREDENTIALS_FILE=$WORK/aws/credentials-none
  export AWS_EC2_METADATA_DISABLED=true AWS_PAGER="" AWS_DEFAULT_REGION=us-east-1
  export AWS_ACCESS_KEY_ID=$1 AWS_SECRET_ACCESS_KEY=$2
}
# awsc ARGS... -> /usr/bin/aws against $ENDPOINT; output in $WORK/aws.out (stdout+stderr)
awsc() { "$AWS" --endpoint-url "$ENDPOINT" "$@" > "$WORK/aws.out" 2>&1; }
# awsc_as AK SK ARGS... -> same with another key pair
awsc_as() { local ak=$1 sk=$2; shift 2; AWS_ACCESS_KEY_ID=$ak AWS_SECRET_ACCESS_KEY=$sk awsc "$@"; }
# aws_fails_with CODE -> the last awsc failed with that S3 error code
aws_fails_with() { grep -q "($1)" "$WORK/aws.out"; }

# s3_put_get BUCKET : signed CreateBucket, PutObject, GetObject (same bytes), ListObjectsV2, cleanup
s3_put_get() {
  local b=$1 key=dir/hello.txt
  head -c 65536 /dev/urandom > "$WORK/body.bin"
  if awsc s3api create-bucket --bucket "$b"; then pass "CreateBucket $b"; else fail "CreateBucket $b" "$(cat "$WORK/aws.out")"; fi
  if awsc s3api put-object --bucket "$b" --key "$key" --body "$WORK/body.bin"; then pass "signed PutObject (64 KiB)"; else fail "signed PutObject (64 KiB)" "$(cat "$WORK/aws.out")"; fi
  rm -f "$WORK/got.bin"
  if awsc s3api get-object --bucket "$b" --key "$key" "$WORK/got.bin" && cmp -s "$WORK/body.bin" "$WORK/got.bin"; then
    pass "signed GetObject returns the same bytes"
  else
    fail "signed GetObject returns the same bytes" "$(cat "$WORK/aws.out")"
  fi
  if awsc s3api list-objects-v2 --bucket "$b" && grep -q "$key" "$WORK/aws.out"; then pass "ListObjectsV2 lists the key"; else fail "ListObjectsV2 lists the key" "$(cat "$WORK/aws.out")"; fi
}
s3_cleanup() {
  local b=$1
  if awsc s3api delete-object --bucket "$b" --key dir/hello.txt && awsc s3api delete-bucket --bucket "$b"; then
    pass "DeleteObject + DeleteBucket"
  else
    fail "DeleteObject + DeleteBucket" "$(cat "$WORK/aws.out")"
  fi
}

# down_target NAME PORT... : down exits 0, no recorded process remains, the ports are closed,
# and a second down is a no-op that exits 0.
down_target() {
  local name=$1 t0 rc pid left="" p open=""
  shift
  t0=$(now_ms)
  "$TARGETS/$name-down.sh" > "$WORK/down.out" 2>&1; rc=$?
  DOWN_MS=$(( $(now_ms) - t0 ))
  check "$name-down.sh exits 0 (${DOWN_MS} ms)" test "$rc" = 0
  for pid in "${PIDS[@]}"; do running "$pid" && left+=" $pid"; done
  if [ -z "$left" ]; then pass "no recorded process left"; else fail "no recorded process left" "$left"; fi
  for p in "$@"; do [ -z "$(ss -ltnH "sport = :$p")" ] || open+=" $p"; done
  if [ -z "$open" ]; then pass "no listener left on ports $*"; else fail "no listener left on ports $*" "$open"; fi
  "$TARGETS/$name-down.sh" > "$WORK/down2.out" 2>&1; rc=$?
  check "second $name-down.sh is a no-op exiting 0" test "$rc" = 0 -a ! -s "$WORK/down2.out"
}

# tt_cleanup NAME: EXIT trap: whatever happens, stop the target (by its PID files) and remove $WORK
tt_cleanup() {
  FAST=1 "$TARGETS/$1-down.sh" > /dev/null 2>&1 || true
  rm -rf "$WORK"
}
