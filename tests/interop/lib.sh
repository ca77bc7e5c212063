# Shared by the interop scripts: start the emulator, make tokens through the token API, derive
# S3 credentials, count checks. Source it, then call `start_emulator [extra flags]`.
# Needs: SCOPECHECK_BINARY (or $1 of the caller), curl, jq, sha256sum.
set -uo pipefail

SCOPECHECK_BINARY=${SCOPECHECK_BINARY:-${1:-}}
[ -x "$SCOPECHECK_BINARY" ] || { echo "usage: $0 PATH-TO-scopecheck (or set SCOPECHECK_BINARY)"; exit 2; }

W=$(mktemp -d "${TMPDIR:-/tmp}/scopecheck-interop.XXXXXX")
EMU_PID=""
cleanup() {
  [ -n "$EMU_PID" ] && kill "$EMU_PID" 2>/dev/null && wait "$EMU_PID" 2>/dev/null
  [ -n "${KEEP_WORKDIR:-}" ] || rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The permission groups of SCOPING.md §2.
PG_STORAGE_WRITE=bf7481a1826f439697cb59a20b22293e
PG_ITEM_WRITE=2efd5506f9c8494dacb1fa10a3e7d5b6
PG_ITEM_READ=6a018a9f2fc74eb6b293b0c548f38b39

# start_emulator [flags...]: ephemeral ports on 127.0.0.1; sets S3, API, ACCOUNT, BOOTSTRAP.
start_emulator() {
  "$SCOPECHECK_BINARY" emulate --listen 127.0.0.1:0 --api-listen 127.0.0.1:0 "$@" \
    > "$W/emulator.out" 2> "$W/emulator.err" &
  EMU_PID=$!
  local line=""
  for _ in $(seq 100); do
    line=$(head -n1 "$W/emulator.out" 2>/dev/null)
    [ -n "$line" ] && break
    kill -0 "$EMU_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$line" ]; then
    echo "emulator did not start: $(cat "$W/emulator.err")"; exit 3
  fi
  S3=$(jq -r .s3 <<<"$line"); API=$(jq -r .api <<<"$line")
  ACCOUNT=$(jq -r .account <<<"$line"); BOOTSTRAP=$(jq -r .bootstrap_token <<<"$line")
  S3_HOSTPORT=${S3#*://}
}

CURL_API_OPTS=()
# make_token NAME RESOURCES-JSON GROUP-ID: prints "id secret" (secret = sha256 hex of the value).
make_token() {
  local body answer id value
  body=$(jq -cn --arg n "$1" --argjson r "$2" --arg g "$3" \
    '{name: $n, policies: [{effect: "allow", resources: $r, permission_groups: [{id: $g}]}]}')
  answer=$(curl -sS "${CURL_API_OPTS[@]}" -X POST "$API/user/tokens" \
    -H "Authorization: Bearer $BOOTSTRAP" -H 'Content-Type: application/json' --data "$body")
  id=$(jq -r '.result.id // empty' <<<"$answer"); value=$(jq -r '.result.value // empty' <<<"$answer")
  if [ -z "$id" ] || [ -z "$value" ]; then echo "token creation failed: $answer" >&2; exit 3; fi
  printf '%s %s\n' "$id" "$(printf '%s' "$value" | sha256sum | cut -d' ' -f1)"
}

bucket_resource() { jq -cn --arg k "com.cloudflare.edge.r2.bucket.${ACCOUNT}_default_$1" '{($k): "*"}'; }
account_resource() { jq -cn --arg k "com.cloudflare.api.account.${ACCOUNT}" '{($k): "*"}'; }

# make_credentials BUCKET: sets ADMIN_KEY/ADMIN_SECRET (Storage Write on the account),
# RW_KEY/RW_SECRET (Object Read & Write on BUCKET), RO_KEY/RO_SECRET (Object Read on BUCKET),
# WRONG_SECRET (RW_KEY's secret with its last hex digit changed).
make_credentials() {
  read -r ADMIN_KEY ADMIN_SECRET < <(make_token admin "$(account_resource)" "$PG_STORAGE_WRITE")
  read -r RW_KEY RW_SECRET < <(make_token rw "$(bucket_resource "$1")" "$PG_ITEM_WRITE")
  read -r RO_KEY RO_SECRET < <(make_token ro "$(bucket_resource "$1")" "$PG_ITEM_READ")
  [ -n "$ADMIN_KEY" ] && [ -n "$RW_KEY" ] && [ -n "$RO_KEY" ] || { echo "no tokens"; exit 3; }
  local last=${RW_SECRET: -1}
  WRONG_SECRET=${RW_SECRET%?}$([ "$last" = 0 ] && echo 1 || echo 0)
}

# Test data: a small file and a 10 MiB file (above a 5 MiB multipart chunk).
make_files() {
  printf 'hello from scopecheck interop\n' > "$W/small.txt"
  head -c $((10 * 1024 * 1024 + 12345)) /dev/urandom > "$W/big.bin"
}

pass=0; fail=0
# t NAME EXPECT command...   EXPECT: ok | fail:CODE (non-zero exit and CODE in the output)
t() {
  local name=$1 want=$2; shift 2
  local out rc
  out=$("$@" 2>&1); rc=$?
  printf '### %s (rc=%s)\n$ %s\n%s\n\n' "$name" "$rc" "$*" "$out" >> "$W/log.txt"
  local good=0
  if [ "$want" = ok ]; then
    [ "$rc" = 0 ] && good=1
  else
    [ "$rc" != 0 ] && grep -q -- "${want#fail:}" <<<"$out" && good=1
  fi
  if [ "$good" = 1 ]; then
    pass=$((pass + 1)); printf 'ok    %s\n' "$name"
  else
    fail=$((fail + 1)); printf 'FAIL  %s (rc=%s, wanted %s)\n%s\n' "$name" "$rc" "$want" "$(tail -5 <<<"$out")"
  fi
}

# same FILE1 FILE2: byte-identical.
same() { cmp -s "$1" "$2" || { echo "differs: $1 $2"; return 1; }; }

finish() {
  echo "$pass passed, $fail failed"
  if [ "$fail" != 0 ]; then
    echo "--- log of the failing run: $W/log.txt (kept)"; KEEP_WORKDIR=1
    tail -c 4000 "$W/emulator.err" 2>/dev/null
  fi
  [ "$fail" = 0 ]
}

CURL_S3_OPTS=()
# fetch METHOD URL OUT [curl args...]: the body goes to OUT and to stdout when the status is not
# 2xx (so `t` sees the error Code); returns non-zero unless 2xx.
fetch() {
  local method=$1 url=$2 out=$3; shift 3
  local code
  code=$(curl -sS "${CURL_S3_OPTS[@]}" -X "$method" -o "$out" -w '%{http_code}' "$@" "$url") || return 1
  case "$code" in
    2*) return 0 ;;
    *) echo "HTTP $code"; cat "$out"; echo; return 1 ;;
  esac
}

# contains PATTERN command...: the command succeeds and its output matches PATTERN (grep -E).
contains() {
  local pattern=$1; shift
  local out; out=$("$@" 2>&1) || { echo "$out"; return 1; }
  grep -qE -- "$pattern" <<<"$out" || { echo "no /$pattern/ in:"; echo "$out" | tail -20; return 1; }
}

# expect_continue_answered URL: a PUT with `Expect: 100-continue` gets 100 Continue or a final
# answer before the client gives up waiting (RFC 9110 §10.1.1); botocore needs it over HTTPS.
expect_continue_answered() {
  local out
  out=$(printf 'x%.0s' $(seq 2000) | curl -sv "${CURL_S3_OPTS[@]}" -X PUT -H 'Expect: 100-continue' \
    --expect100-timeout 2 --data-binary @- "$1" 2>&1)
  if grep -q 'Done waiting for 100-continue' <<<"$out"; then
    echo "no 100 Continue and no final answer within 2 s for PUT $1 with Expect: 100-continue"
    return 1
  fi
}
