#!/usr/bin/env bash
# awscli v2 (/usr/bin/aws) against the emulator: s3api and `s3 cp`, over HTTP (payload always
# signed) and over HTTPS with payload_signing_enabled true and false (UNSIGNED-PAYLOAD).
# Usage: awscli.sh PATH-TO-scopecheck. Prints "N passed, N failed"; non-zero exit on failure.
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"
[ -x /usr/bin/aws ] || { echo "/usr/bin/aws missing (apt-get install awscli)"; exit 2; }
make_files

# A self-signed certificate for 127.0.0.1 so the HTTPS runs can leave the payload unsigned.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$W/key.pem" -out "$W/cert.pem" 2>/dev/null

export AWS_CONFIG_FILE=$W/aws-config AWS_SHARED_CREDENTIALS_FILE=$W/aws-credentials
export AWS_EC2_METADATA_DISABLED=true AWS_PAGER="" HOME=$W

# One attempt and a bounded read, so a hang shows as one failure instead of minutes of retries.
AWS() { /usr/bin/aws --endpoint-url "$S3" --cli-read-timeout 20 "$@"; }
# presigned_get PROFILE BUCKET KEY OUT: `aws s3 presign`, then GET with curl.
presigned_get() {
  local url; url=$(AWS --profile "$1" s3 presign "s3://$2/$3" --expires-in 120) || return 1
  fetch GET "$url" "$4"
}

# run_suite LABEL SIGNING(true|false) [emulator flags...]
run_suite() {
  local label=$1 signing=$2; shift 2
  start_emulator "$@"
  local B="aws-${label}"
  rm -f "$W"/got-*
  make_credentials "$B"
  : > "$W/aws-config"; : > "$W/aws-credentials"
  for p in admin:"$ADMIN_KEY":"$ADMIN_SECRET" rw:"$RW_KEY":"$RW_SECRET" ro:"$RO_KEY":"$RO_SECRET" \
           wrong:"$RW_KEY":"$WRONG_SECRET"; do
    IFS=: read -r n ak sk <<<"$p"
    printf '[profile %s]\nregion = us-east-1\ns3 =\n    addressing_style = path\n    signature_version = s3v4\n    payload_signing_enabled = %s\n    multipart_threshold = 5MB\n    multipart_chunksize = 5MB\nmax_attempts = 1\n\n' \
      "$n" "$signing" >> "$W/aws-config"
    printf '[%s]\naws_access_key_id = %s\naws_secret_access_key = %s\n\n' "$n" "$ak" "$sk" >> "$W/aws-credentials"
  done
  local L="[$label]"
  t "$L server answers Expect: 100-continue" ok expect_continue_answered "$S3/$B/expect-probe"
  t "$L admin create-bucket"          ok AWS --profile admin s3api create-bucket --bucket "$B"
  t "$L rw put-object"                ok AWS --profile rw s3api put-object --bucket "$B" --key dir/small.txt --body "$W/small.txt"
  t "$L rw get-object"                ok AWS --profile rw s3api get-object --bucket "$B" --key dir/small.txt "$W/got-small"
  t "$L   content round-trips"        ok same "$W/small.txt" "$W/got-small"
  t "$L rw list-objects-v2"           ok contains '"dir/small.txt"' AWS --profile rw s3api list-objects-v2 --bucket "$B" --prefix dir/
  t "$L rw list-objects (v1)"         ok contains '"dir/small.txt"' AWS --profile rw s3api list-objects --bucket "$B"
  t "$L rw s3 ls"                     ok contains 'small.txt' AWS --profile rw s3 ls "s3://$B/dir/"
  t "$L rw s3 cp 10MiB (multipart)"   ok AWS --profile rw s3 cp --no-progress "$W/big.bin" "s3://$B/big.bin"
  t "$L   multipart ETag ends in -3"  ok contains 'ETag.*-3' AWS --profile rw s3api head-object --bucket "$B" --key big.bin
  t "$L rw s3 cp down"                ok AWS --profile rw s3 cp --no-progress "s3://$B/big.bin" "$W/got-big"
  t "$L   10MiB round-trips"          ok same "$W/big.bin" "$W/got-big"
  t "$L rw presign GET + curl"        ok presigned_get rw "$B" dir/small.txt "$W/got-presigned"
  t "$L   presigned content"          ok same "$W/small.txt" "$W/got-presigned"
  t "$L wrong secret put"             fail:SignatureDoesNotMatch AWS --profile wrong s3api put-object --bucket "$B" --key w.txt --body "$W/small.txt"
  t "$L wrong secret presign + curl"  fail:SignatureDoesNotMatch presigned_get wrong "$B" dir/small.txt "$W/got-wrong"
  t "$L ro get-object"                ok AWS --profile ro s3api get-object --bucket "$B" --key dir/small.txt "$W/got-ro"
  t "$L ro put-object denied"         fail:AccessDenied AWS --profile ro s3api put-object --bucket "$B" --key ro.txt --body "$W/small.txt"
  t "$L ro s3 cp denied"              fail:AccessDenied AWS --profile ro s3 cp --no-progress "$W/small.txt" "s3://$B/ro.txt"
  t "$L rw list-buckets denied"       fail:AccessDenied AWS --profile rw s3api list-buckets
  t "$L rw delete-object"             ok AWS --profile rw s3api delete-object --bucket "$B" --key dir/small.txt
  t "$L   deleted key is gone"        fail:NoSuchKey AWS --profile rw s3api get-object --bucket "$B" --key dir/small.txt "$W/gone"
  t "$L rw s3 rm"                     ok AWS --profile rw s3 rm "s3://$B/big.bin"
  if [ "$signing" = false ]; then
    t "$L put sent UNSIGNED-PAYLOAD"  ok contains "X-Amz-Content-SHA256': b'UNSIGNED-PAYLOAD'" \
      AWS --debug --profile rw s3api put-object --bucket "$B" --key u.txt --body "$W/small.txt"
  else
    t "$L put sent a payload hash"    ok contains "X-Amz-Content-SHA256': b'[0-9a-f]{64}'" \
      AWS --debug --profile rw s3api put-object --bucket "$B" --key u.txt --body "$W/small.txt"
  fi
  kill "$EMU_PID" 2>/dev/null; wait "$EMU_PID" 2>/dev/null; EMU_PID=""
}

run_suite http-signed true
export AWS_CA_BUNDLE=$W/cert.pem
CURL_API_OPTS=(--cacert "$W/cert.pem"); CURL_S3_OPTS=(--cacert "$W/cert.pem")
run_suite https-signed true --tls-cert "$W/cert.pem" --tls-key "$W/key.pem"
run_suite https-unsigned false --tls-cert "$W/cert.pem" --tls-key "$W/key.pem"
finish
