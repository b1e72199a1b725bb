#!/usr/bin/env bash
# Builds the licence fuzzer with clang (its own build folder) and runs it briefly on the seed corpus.
# Fails on any crash, sanitizer report or broken property. Usage: fuzz_smoke.sh SOURCE_DIR BUILD_DIR RUNS
set -euo pipefail
source_dir="$1"; build_dir="$2"; runs="${3:-20000}"
if ! command -v clang++ >/dev/null; then
    echo "fuzz_smoke: clang++ not found (scripts/setup.sh installs it)" >&2; exit 1
fi
cmake -S "$source_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
      -DTWINSHOOT_FUZZ=ON -DTWINSHOOT_BUILD_TESTS=OFF -DTWINSHOOT_BUILD_BENCH=OFF >"$build_dir.log" 2>&1 \
    || { cat "$build_dir.log" >&2; exit 1; }
cmake --build "$build_dir" --target licence_fuzz -j "$(nproc)" >>"$build_dir.log" 2>&1 || { tail -50 "$build_dir.log" >&2; exit 1; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cp "$source_dir"/fuzz/corpus/* "$work/"
ASAN_OPTIONS=detect_leaks=1 "$build_dir/fuzz/licence_fuzz" -runs="$runs" -max_len=16384 -seed=1 "$work"
