#!/usr/bin/env bash
# Builds libFuzzer targets with clang (their own build folder) and runs each briefly on its seeds.
# Fails on any crash, sanitizer report or broken property.
# Usage: fuzz_smoke.sh SOURCE_DIR BUILD_DIR RUNS [TARGET[:SEEDS]]...
#   SEEDS: ':'-less list of folders or files separated by ','; a seed file named X is copied as is.
#   Default target: licence_fuzz with fuzz/corpus. Extra libFuzzer flags come from $FUZZ_FLAGS.
set -euo pipefail
source_dir="$1"; build_dir="$2"; runs="${3:-20000}"; shift 3 || true
targets=("$@"); [ ${#targets[@]} -eq 0 ] && targets=("licence_fuzz:$source_dir/fuzz/corpus")
if ! command -v clang++ >/dev/null; then
    echo "fuzz_smoke: clang++ not found (scripts/setup.sh installs it)" >&2; exit 1
fi
cmake -S "$source_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
      -DTWINSHOOT_FUZZ=ON -DTWINSHOOT_BUILD_TESTS=OFF -DTWINSHOOT_BUILD_BENCH=OFF >"$build_dir.log" 2>&1 \
    || { cat "$build_dir.log" >&2; exit 1; }
names=(); for t in "${targets[@]}"; do names+=("${t%%:*}"); done
cmake --build "$build_dir" --target "${names[@]}" -j "$(nproc)" >>"$build_dir.log" 2>&1 || { tail -50 "$build_dir.log" >&2; exit 1; }
for t in "${targets[@]}"; do
    name="${t%%:*}"; seeds=""; [[ "$t" == *:* ]] && seeds="${t#*:}"
    work="$(mktemp -d)"
    IFS=',' read -ra parts <<<"$seeds"
    for p in "${parts[@]}"; do
        if [ -d "$p" ]; then cp "$p"/* "$work/" 2>/dev/null || true; elif [ -f "$p" ]; then cp "$p" "$work/"; fi
    done
    echo "fuzz_smoke: $name, $runs runs, $(ls "$work" | wc -l) seeds"
    mkdir -p "$build_dir/findings"
    LSAN_OPTIONS="suppressions=$source_dir/fuzz/lsan.supp" ASAN_OPTIONS=detect_leaks=1 "$build_dir/fuzz/$name" -runs="$runs" -max_len=262144 -seed=1 -rss_limit_mb=4096 \
        -timeout=60 -artifact_prefix="$build_dir/findings/$name-" ${FUZZ_FLAGS:-} "$work" 2>"$work.log" \
        || { grep -v NEW_FUNC "$work.log" | tail -40 >&2; echo "fuzz_smoke: $name found a bug; input in $build_dir/findings/" >&2
             rm -rf "$work" "$work.log"; exit 1; }
    tail -3 "$work.log"
    rm -rf "$work" "$work.log"
done
