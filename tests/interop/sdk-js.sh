#!/usr/bin/env bash
# The AWS SDK for JavaScript v3 (js/package-lock.json) against the emulator, with the SDK's
# request checksums only when required and when supported (its default).
# Usage: sdk-js.sh PATH-TO-scopecheck. Prints "N passed, N failed"; non-zero exit on failure.
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"
command -v node >/dev/null && command -v npm >/dev/null || { echo "node/npm missing"; exit 2; }
if [ ! -d "$HERE/js/node_modules/@aws-sdk/client-s3" ]; then
  (cd "$HERE/js" && npm ci --no-audit --no-fund --silent) || { echo "npm ci failed"; exit 2; }
fi
make_files
start_emulator
B=sdk-bkt
make_credentials "$B"
export S3 BUCKET=$B ADMIN_KEY ADMIN_SECRET RW_KEY RW_SECRET RO_KEY RO_SECRET WRONG_SECRET
export SMALL_FILE=$W/small.txt
total_pass=0; total_fail=0
for mode in WHEN_REQUIRED WHEN_SUPPORTED; do
  create=0; [ "$mode" = WHEN_REQUIRED ] && create=1
  out=$(cd "$HERE/js" && CHECKSUMS=$mode CREATE_BUCKET=$create node --no-warnings sdk-test.mjs 2>&1)
  echo "$out" | grep -v ' passed, '
  summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' <<<"$out" | tail -1)
  if [ -z "$summary" ]; then
    echo "FAIL  [$mode] sdk-test.mjs crashed:"; tail -20 <<<"$out"; total_fail=$((total_fail + 1)); continue
  fi
  total_pass=$((total_pass + ${summary%% *})); f=${summary#*, }; total_fail=$((total_fail + ${f%% *}))
done
pass=$total_pass; fail=$total_fail
finish
