#!/usr/bin/env bash
# Batch shoot figures on the generated demo twins (Release build):
#   ./bench/shoot_bench.sh [build/release]
# 1. the demo shoot (assets/shoots/demo.json: 12 shots, 9 granted, mixed formats);
# 2. generated shoots of 10 and 50 shots at 1080x1350, both twins dressed in rotation through their
#    garments, colourways and six poses: per-shot cost and peak memory should stay flat as N grows.
# Per shot = deciding again, dressing (garment fit for the pose), rendering, drawing the label,
# encoding the PNG with its XMP, recording the ledger row and renaming into place. "first shot" is
# the first delivered one (it pays the garment bindings' weight transfer); "steady" is the median
# of the others. Peak RSS is the process's high-water mark. Run nothing else at the same time.
# The disk cache is the bench's own: models and baked light are warmed first; each shoot runs once
# with no garment bindings or fits on disk (cold) and once more with those the first run stored
# ("-warm": what a shoot run again or a second shoot of the same looks pays).
set -euo pipefail
build="${1:-build/release}"
bin="$build/cli/twinshoot"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
common=(--library "$build/assets" --poses assets/poses --trust assets/trust --date 2026-11-24)

export TWINSHOOT_CACHE_DIR="$work/cache"

run() {  # NAME FILE
  local start end rc=0
  start=$(date +%s%N)
  "$bin" shoot "$2" -o "$work/$1" --ledger "$work/$1.sqlite" "${common[@]}" 2>"$work/$1.err" >/dev/null || rc=$?
  end=$(date +%s%N)
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then cat "$work/$1.err" >&2; exit "$rc"; fi
  local timing
  timing=$(sed -n 's/^twinshoot: timing: //p' "$work/$1.err")
  local wall_ms=$(((end - start) / 1000000))
  printf "%-14s %s; wall %d.%01d s\n" "$1" "$timing" $((wall_ms / 1000)) $((wall_ms % 1000 / 100))
}

# shellcheck source=bench/shoot_generate.sh
source "$(dirname "${BASH_SOURCE[0]}")/shoot_generate.sh"

echo "twinshoot shoot bench ($("$bin" --version), $(nproc) cores)"
"$bin" shoot assets/shoots/demo.json -o "$work/warm-up" --ledger "$work/warm-up.sqlite" "${common[@]}" >/dev/null 2>&1 || true
generate_shoot 10 "$work/ten.json"
generate_shoot 50 "$work/fifty.json"
for shoot in demo-shoot:assets/shoots/demo.json 10-shots:"$work/ten.json" 50-shots:"$work/fifty.json"; do
  rm -rf "$TWINSHOOT_CACHE_DIR/fits" "$TWINSHOOT_CACHE_DIR/bindings"
  run "${shoot%%:*}" "${shoot#*:}"
  run "${shoot%%:*}-warm" "${shoot#*:}"
done
