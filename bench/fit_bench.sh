#!/usr/bin/env bash
# Skin + fit + resolve time for one garment per pose, on the generated demo twins (Release build).
#   ./bench/fit_bench.sh [build/release]  -> one line per (garment, pose): ms and inside shares
# The time covers loading the garment package, binding it to the twin (weight transfer), skinning
# twin and garment for the pose and resolving penetration; it excludes importing the twin.
set -euo pipefail
build="${1:-build/release}"
bin="$build/cli/twinshoot"; assets="$build/assets"
for garment in ava-slip-dress ava-tee ava-jacket; do
  for pose in standing-relaxed walking seated; do
    json=$("$bin" fit --twin "$assets/twins/demo-ava" --garment "$assets/garments/$garment" --pose "$pose" --poses assets/poses --json)
    ms=$(echo "$json" | sed -n 's/.*"ms": \([0-9]*\).*/\1/p')
    after=$(echo "$json" | sed -n 's/.*"inside_after": \([0-9.]*\).*/\1/p')
    before=$(echo "$json" | sed -n 's/.*"inside_before": \([0-9.]*\).*/\1/p')
    printf "%-16s %-18s %6s ms  inside before %s after %s\n" "$garment" "$pose" "$ms" "$before" "$after"
  done
done
