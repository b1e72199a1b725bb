#!/usr/bin/env bash
# Flat at scale (issue 19, point 3): a generated shoot of 10 shots and one of N (default 1000) at
# 1080x1350 on the demo twins (Release build); per-shot steady time and peak RSS of each, and their
# ratios (goal: within 15%). The long shoot takes about N seconds on a 2-core lavapipe machine.
#   ./bench/shoot_scale.sh [build/release] [N]
set -euo pipefail
build="${1:-build/release}"
n="${2:-1000}"
bin="$build/cli/twinshoot"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# shellcheck source=bench/shoot_generate.sh
source "$(dirname "${BASH_SOURCE[0]}")/shoot_generate.sh"
common=(--library "$build/assets" --poses assets/poses --trust assets/trust --date 2026-11-24)
declare -A steady peak
for shots in 10 "$n"; do
  generate_shoot "$shots" "$work/s$shots.json"
  rc=0
  "$bin" shoot "$work/s$shots.json" -o "$work/out$shots" --ledger "$work/l$shots.sqlite" "${common[@]}" \
    2>"$work/err$shots" >/dev/null || rc=$?
  if [ "$rc" -ne 0 ]; then cat "$work/err$shots" >&2; exit "$rc"; fi
  line=$(sed -n 's/^twinshoot: timing: //p' "$work/err$shots")
  steady[$shots]=$(echo "$line" | sed -n 's/.*steady \([0-9.]*\) s per shot.*/\1/p')
  peak[$shots]=$(echo "$line" | sed -n 's/.*peak RSS \([0-9]*\) MiB.*/\1/p')
  sheets=$(ls "$work/out$shots"/contact-sheet*.png | wc -l)
  delivered=$(ls "$work/out$shots"/shot-*.png | wc -l)
  printf "%5s shots: %s; %s images, %s contact sheet(s), report %s\n" "$shots" "$line" "$delivered" "$sheets" \
    "$([ -s "$work/out$shots/report.json" ] && echo written || echo MISSING)"
done
awk -v a="${steady[10]}" -v b="${steady[$n]}" -v c="${peak[10]}" -v d="${peak[$n]}" -v n="$n" \
  'BEGIN { printf "%s vs 10 shots: per shot x%.3f, peak RSS x%.3f (goal: each within 1.15)\n", n, b / a, d / c }'
