#!/usr/bin/env bash
# Cold start (issue 19, point 4): process start to the written PNG of `twinshoot render` on a
# 30k-triangle textured avatar (Michelle, Mixamo, 28 106 triangles) at 1080x1350, 4x MSAA (Release
# build). "cold": an empty TwinShoot cache folder (no IBL bake, no imported-model cache: the import
# runs in the child process); "warm": the same folder again. Interleaved, ROUNDS times (default 3).
#   ./bench/cold_start.sh [build/release] [ROUNDS]
set -euo pipefail
build="${1:-build/release}"
rounds="${2:-3}"
model="${TWINSHOOT_SHARED_DIR:-../shared}/assets-ref/humans/Michelle_mixamo/Michelle.glb"
[ -f "$model" ] || { echo "cold_start: $model not found (needs ../shared)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for ((r = 1; r <= rounds; r++)); do
  cache="$work/cache-$r"
  mkdir -p "$cache"
  line="round $r:"
  for kind in cold warm; do
    rm -f "$work/out.png"
    start=$(date +%s%N)
    detail=$(TWINSHOOT_CACHE_DIR="$cache" "$build/cli/twinshoot" render "$model" -o "$work/out.png" 2>&1 | tail -1)
    end=$(date +%s%N)
    [ -s "$work/out.png" ] || { echo "cold_start: no image: $detail" >&2; exit 1; }
    line="$line $kind $(((end - start) / 1000000)) ms (${detail##*; }"
  done
  echo "$line"
done
