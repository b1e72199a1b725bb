#!/usr/bin/env bash
# Builds the parsing and consent tests with AddressSanitizer + UBSan (the asan preset's flags, GCC,
# its own build folder) and runs them. Any sanitizer report fails (UBSan does not recover).
# Usage: sanitize_check.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
source_dir="$1"; build_dir="$2"
suites=(core_tests asset_tests scene_tests consent_tests)
cmake -S "$source_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE=Debug -DTWINSHOOT_SANITIZE=ON -DTWINSHOOT_BUILD_BENCH=OFF \
      >"$build_dir.log" 2>&1 || { cat "$build_dir.log" >&2; exit 1; }
cmake --build "$build_dir" --target "${suites[@]}" twinshoot-import -j "$(nproc)" >>"$build_dir.log" 2>&1 \
    || { tail -50 "$build_dir.log" >&2; exit 1; }
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export TWINSHOOT_CACHE_DIR="$build_dir/cache"
for suite in "${suites[@]}"; do
    echo "sanitize_check: $suite"
    "$build_dir/tests/$suite" --gtest_brief=1
done
