#!/usr/bin/env bash
# Fit + settle per garment per pose (docs/garments.md): the demo garments on demo-ava, and — when
# ../shared is present — MakeHuman garments imported on MakeHuman's base body and transferred to
# the demo twin (Release build).
#   ./bench/fit_bench.sh [build/release]  -> one line per (garment, pose, skinned | --settle): total ms, settle ms,
#                                            inside before/after, strain p99, gap p95, flipped
# The total covers loading the garment package, transfer (for other bodies' garments), binding it
# to the twin (weight transfer, collision-free rest shape), skinning, push-out and the cloth
# settle; it excludes importing the twin. settle_ms is the per-pose cloth settle alone.
set -euo pipefail
build="${1:-build/release}"
bin="$build/cli/twinshoot"; assets="$build/assets"
field() { echo "$1" | sed -n "s/.*\"$2\": \([0-9.e+-]*\).*/\1/p" | head -1; }
fit() {  # twin, garment folder, label
  for pose in standing-relaxed walking seated; do for settle in "" --settle; do
    json=$("$bin" fit --twin "$1" --garment "$2" --pose "$pose" --poses assets/poses $settle --json)
    printf "%-22s %-17s %-8s %6.0f ms  settle %5.0f ms  inside %s -> %s  strain p99 %.3f  gap p95 %.3f m  flipped %s\n" \
      "$3" "$pose" "${settle:-skinned}" "$(field "$json" ms)" "$(field "$json" settle_ms)" "$(field "$json" inside_before)" \
      "$(field "$json" inside_after)" "$(field "$json" strain_p99)" "$(field "$json" gap_p95_m)" "$(field "$json" flipped_triangles)"
  done; done
}
for garment in ava-slip-dress ava-tee ava-jacket; do fit "$assets/twins/demo-ava" "$assets/garments/$garment" "$garment"; done
shared="${TWINSHOOT_SHARED_DIR:-../shared}/assets-ref"
if [ -d "$shared/garments" ]; then
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  for g in male_casualsuit05 female_elegantsuit01; do
    "$bin" garment import "$shared/garments/MakeHuman_$g/$g.obj" -o "$tmp/$g" --id "${g//_/-}" --category top \
      --draped-on "$shared/humans/MakeHuman_base_obj/base.obj" > /dev/null
    fit "$assets/twins/demo-ava" "$tmp/$g" "$g (transferred)"
  done
fi
