#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build: every fuzzers/*.cpp becomes $OUT/<name> built with
# $CXX $CXXFLAGS and linked with $LIB_FUZZING_ENGINE, next to <name>_seed_corpus.zip
# (corpora/<name>/) and <name>.dict (corpora/<name>.dict). The libraries and the third-party
# dependencies the Dockerfile fetched are compiled with the same sanitizer flags, and linked
# statically (the runner image has none of them installed).
src=$SRC/scopecheck
deps=$SRC/deps
prefix=$WORK/prefix
mkdir -p "$prefix"

dep_flags=(-G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix"
           -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX"
           -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" -DBUILD_SHARED_LIBS=OFF)
cmake -S "$deps/json" -B "$WORK/json" "${dep_flags[@]}" -DJSON_BuildTests=OFF
cmake --build "$WORK/json" --target install
cmake -S "$deps/fmt" -B "$WORK/fmt" "${dep_flags[@]}" -DFMT_TEST=OFF -DFMT_DOC=OFF
cmake --build "$WORK/fmt" --target install
cmake -S "$deps/pugixml" -B "$WORK/pugixml" "${dep_flags[@]}" -DPUGIXML_BUILD_TESTS=OFF
cmake --build "$WORK/pugixml" --target install
cmake -S "$deps/cli11" -B "$WORK/cli11" "${dep_flags[@]}" -DCLI11_BUILD_TESTS=OFF -DCLI11_BUILD_EXAMPLES=OFF -DCLI11_BUILD_DOCS=OFF
cmake --build "$WORK/cli11" --target install
cmake -S "$deps/rapidcheck" -B "$WORK/rapidcheck" "${dep_flags[@]}" -DRC_ENABLE_GTEST=OFF -DRC_ENABLE_TESTS=OFF
cmake --build "$WORK/rapidcheck" --target install
mkdir -p "$prefix/include" && cp -r "$deps/boost_1_74_0/boost" "$prefix/include/"
# valijson is header-only: its headers and the one imported target find_package(valijson) wants
# (Debian's package ships the same target).
cp -r "$deps/valijson/include/valijson" "$prefix/include/"
mkdir -p "$prefix/lib/cmake/valijson"
cat > "$prefix/lib/cmake/valijson/valijsonConfig.cmake" <<EOF
add_library(valijson INTERFACE IMPORTED)
set_target_properties(valijson PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "$prefix/include"
  INTERFACE_COMPILE_DEFINITIONS "VALIJSON_USE_EXCEPTIONS=1")
EOF

# The scopecheck libraries (not the CLI, tests or the standalone-driver fuzzers).
build=$WORK/scopecheck
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
  -DCMAKE_PREFIX_PATH="$prefix" -DBoost_INCLUDE_DIR="$prefix/include" -DBoost_NO_SYSTEM_PATHS=ON \
  -DOPENSSL_USE_STATIC_LIBS=ON -DSCOPECHECK_TESTS=OFF -DSCOPECHECK_FUZZ=OFF -DSCOPECHECK_SANITIZE=OFF
cmake --build "$build" --target scopecheck_scenario

libs=(scenario targets report emulator http model sigv4)
link=()
for l in "${libs[@]}"; do link+=("$build/libscopecheck_$l.a"); done
link+=("$prefix"/lib*/librapidcheck.a "$prefix"/lib*/libpugixml.a "$prefix"/lib*/libfmt.a)
link+=(-Wl,-Bstatic -lssl -lcrypto -Wl,-Bdynamic -lpthread -ldl)

for f in "$src"/fuzzers/*.cpp; do
  name=$(basename "$f" .cpp)
  [[ $name == standalone_driver ]] && continue
  $CXX $CXXFLAGS -std=c++20 -I"$src" -I"$build/generated" -I"$prefix/include" \
    -DBOOST_ASIO_NO_DEPRECATED -DBOOST_BEAST_USE_STD_STRING_VIEW \
    -c "$f" -o "$WORK/$name.o"
  $CXX $CXXFLAGS "$WORK/$name.o" -o "$OUT/$name" $LIB_FUZZING_ENGINE "${link[@]}"
  if [[ -d $src/corpora/$name ]]; then
    (cd "$src/corpora/$name" && zip -q -r "$OUT/${name}_seed_corpus.zip" .)
  fi
  if [[ -f $src/corpora/$name.dict ]]; then
    cp "$src/corpora/$name.dict" "$OUT/$name.dict"
  fi
done
