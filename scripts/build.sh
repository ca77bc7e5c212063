#!/usr/bin/env bash
# Configures and builds one build tree. Usage: scripts/build.sh [release|asan|fuzz|fuzz-release|bench] [cmake targets...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
kind=${1:-release}
shift || true
jobs=${SCOPECHECK_JOBS:-$(nproc)}
case "$kind" in
  # Release without debug info: CI builds everything twice on 2 cores, and links of the
  # Beast-heavy binaries with full debug info dominate that time.
  release) dir=$root/build; flags=(-DCMAKE_BUILD_TYPE=Release) ;;
  asan)    dir=$root/build-asan; flags=(-DSCOPECHECK_SANITIZE=ON -DCMAKE_BUILD_TYPE=Sanitize
                                        "-DCMAKE_CXX_FLAGS_SANITIZE=-O1 -g1") ;;
  fuzz)    dir=$root/build-fuzz; flags=(-DSCOPECHECK_FUZZ=ON -DSCOPECHECK_SANITIZE=ON -DSCOPECHECK_TESTS=OFF
                                        -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  # libFuzzer without sanitizers, -O2, every library instrumented for coverage (not the template
  # code of std, Boost, nlohmann, fmt: fuzzers/coverage-ignorelist.txt): how fast a fuzzer runs
  # (bench/fuzz-results.md), and long campaigns; crashes found here are re-run in `fuzz`.
  fuzz-release) dir=$root/build-fuzz-release; flags=(-DSCOPECHECK_FUZZ=ON -DSCOPECHECK_TESTS=OFF
                                        -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Release
                                        "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG"
                                        "-DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link -fsanitize-coverage-ignorelist=$root/fuzzers/coverage-ignorelist.txt") ;;
  bench)   dir=$root/build-bench; flags=(-DSCOPECHECK_BENCH=ON -DSCOPECHECK_TESTS=OFF -DCMAKE_BUILD_TYPE=Release) ;;
  *) echo "scripts/build.sh: unknown build kind '$kind' (release, asan, fuzz, fuzz-release, bench)" >&2; exit 2 ;;
esac
if [[ ! -f $dir/build.ninja ]]; then
  cmake -S "$root" -B "$dir" -G Ninja "${flags[@]}" >/dev/null
fi
cmake --build "$dir" -j "$jobs" ${1:+--target "$@"}
