#!/usr/bin/env bash
# rclone (Debian 1.60) against the emulator, provider Cloudflare, path-style; Object tokens use
# no_check_bucket = true (they may not CreateBucket, as on R2).
# Usage: rclone.sh PATH-TO-scopecheck. Prints "N passed, N failed"; non-zero exit on failure.
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"
command -v rclone >/dev/null || { echo "rclone missing (apt-get install rclone)"; exit 2; }
make_files
start_emulator
B=rclone-bkt
make_credentials "$B"
: > "$W/rclone.conf"
for p in admin:"$ADMIN_KEY":"$ADMIN_SECRET":false rw:"$RW_KEY":"$RW_SECRET":true \
         ro:"$RO_KEY":"$RO_SECRET":true wrong:"$RW_KEY":"$WRONG_SECRET":true; do
  IFS=: read -r n ak sk nocheck <<<"$p"
  printf '[%s]\ntype = s3\nprovider = Cloudflare\naccess_key_id = %s\nsecret_access_key = %s\nendpoint = %s\nregion = auto\nforce_path_style = true\nno_check_bucket = %s\nupload_cutoff = 5Mi\nchunk_size = 5Mi\n\n' \
    "$n" "$ak" "$sk" "$S3" "$nocheck" >> "$W/rclone.conf"
done
export HOME=$W
# AWS_CA_BUNDLE (set in this environment) breaks rclone 1.60's S3 backend; one try, no retries,
# so a refusal shows its own error.
RCLONE() { env -u AWS_CA_BUNDLE rclone --config "$W/rclone.conf" --retries 1 --low-level-retries 1 "$@"; }
# absent KEY: KEY is not in the bucket's listing (the listing itself must succeed).
absent() {
  local listing; listing=$(RCLONE lsf -R "rw:$B") || return 1
  ! grep -qxF -- "$1" <<<"$listing" || { echo "$1 still listed"; return 1; }
}
link_get() {
  local url; url=$(RCLONE link --expire 2m "$1:$B/$2") || return 1
  fetch GET "$url" "$3"
}

t "admin mkdir"                        ok RCLONE mkdir "admin:$B"
t "rw copyto"                          ok RCLONE copyto "$W/small.txt" "rw:$B/dir/small.txt"
t "rw copyto down"                     ok RCLONE copyto "rw:$B/dir/small.txt" "$W/got-small"
t "  content round-trips"              ok same "$W/small.txt" "$W/got-small"
t "rw ls"                              ok contains 'dir/small.txt' RCLONE ls "rw:$B"
t "rw copyto 10MiB (multipart, 5MiB)"  ok RCLONE copyto "$W/big.bin" "rw:$B/big.bin"
t "  rclone check (md5 metadata)"     ok RCLONE check "$W" "rw:$B" --one-way --include big.bin
t "rw copyto 10MiB down"               ok RCLONE copyto "rw:$B/big.bin" "$W/got-big"
t "  10MiB round-trips"                ok same "$W/big.bin" "$W/got-big"
t "rw link (presigned GET) + curl"     ok link_get rw dir/small.txt "$W/got-presigned"
t "  presigned content"                ok same "$W/small.txt" "$W/got-presigned"
t "wrong secret put"                   fail:SignatureDoesNotMatch RCLONE copyto --no-check-dest "$W/small.txt" "wrong:$B/w.txt"
t "ro copyto down"                     ok RCLONE copyto "ro:$B/dir/small.txt" "$W/got-ro"
t "ro put denied"                      fail:AccessDenied RCLONE copyto --no-check-dest "$W/small.txt" "ro:$B/ro.txt"
t "rw lsd (ListBuckets) denied"        fail:AccessDenied RCLONE lsd rw:
t "rw deletefile"                      ok RCLONE deletefile "rw:$B/dir/small.txt"
t "  deleted key is gone"              ok absent dir/small.txt
t "rw deletefile 10MiB"                ok RCLONE deletefile "rw:$B/big.bin"
t "admin rmdir"                        ok RCLONE rmdir "admin:$B"
finish
