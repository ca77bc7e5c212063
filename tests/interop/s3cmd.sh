#!/usr/bin/env bash
# s3cmd (Debian 2.3.0) against the emulator over HTTP, path-style, SigV4 with signed payloads.
# Usage: s3cmd.sh PATH-TO-scopecheck. Prints "N passed, N failed"; non-zero exit on failure.
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"
command -v s3cmd >/dev/null || { echo "s3cmd missing (apt-get install s3cmd)"; exit 2; }
make_files
start_emulator
B=s3cmd-bkt
make_credentials "$B"
for p in admin:"$ADMIN_KEY":"$ADMIN_SECRET" rw:"$RW_KEY":"$RW_SECRET" ro:"$RO_KEY":"$RO_SECRET" \
         wrong:"$RW_KEY":"$WRONG_SECRET"; do
  IFS=: read -r n ak sk <<<"$p"
  printf '[default]\naccess_key = %s\nsecret_key = %s\nhost_base = %s\nhost_bucket = %s\nbucket_location = us-east-1\nuse_https = False\nsignature_v2 = False\nmultipart_chunk_size_mb = 5\n' \
    "$ak" "$sk" "$S3_HOSTPORT" "$S3_HOSTPORT" > "$W/s3cfg-$n"
done
export HOME=$W
S3CMD() { local u=$1; shift; s3cmd -c "$W/s3cfg-$u" "$@"; }
# signurl_get PROFILE KEY OUT: s3cmd's presigned URL, fetched with curl.
signurl_get() {
  local url; url=$(S3CMD "$1" signurl "s3://$B/$2" +120) || return 1
  fetch GET "$url" "$3"
}

t "admin mb"                           ok S3CMD admin mb "s3://$B"
t "rw put"                             ok S3CMD rw put "$W/small.txt" "s3://$B/dir/small.txt"
t "rw get"                             ok S3CMD rw get --force "s3://$B/dir/small.txt" "$W/got-small"
t "  content round-trips"              ok same "$W/small.txt" "$W/got-small"
t "rw ls"                              ok contains "s3://$B/dir/small.txt" S3CMD rw ls -r "s3://$B"
t "rw put 10MiB (multipart, 5MiB)"     ok contains 'part 3 of 3' S3CMD rw put --progress --multipart-chunk-size-mb=5 "$W/big.bin" "s3://$B/big.bin"
t "rw get 10MiB"                       ok S3CMD rw get --force "s3://$B/big.bin" "$W/got-big"
t "  10MiB round-trips"                ok same "$W/big.bin" "$W/got-big"
# s3cmd 2.3 signs URLs with SigV2 only; R2 (and the emulator's r2 profile) refuse SigV2
# (SCOPING.md SC-SIG-2: 401 Unauthorized).
t "rw signurl (SigV2) refused as R2"   fail:'HTTP 401' signurl_get rw dir/small.txt "$W/got-presigned"
t "wrong secret put"                   fail:SignatureDoesNotMatch S3CMD wrong put "$W/small.txt" "s3://$B/w.txt"
t "ro get"                             ok S3CMD ro get --force "s3://$B/dir/small.txt" "$W/got-ro"
t "ro put denied"                      fail:AccessDenied S3CMD ro put "$W/small.txt" "s3://$B/ro.txt"
t "rw ls of all buckets denied"        fail:AccessDenied S3CMD rw ls
t "rw del"                             ok S3CMD rw del "s3://$B/dir/small.txt"
t "  deleted key is gone"              fail:'does not exist' S3CMD rw get --force "s3://$B/dir/small.txt" "$W/gone"
t "rw del 10MiB"                       ok S3CMD rw del "s3://$B/big.bin"
t "admin rb"                           ok S3CMD admin rb "s3://$B"
finish
