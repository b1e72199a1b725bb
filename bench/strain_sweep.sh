#!/usr/bin/env bash
# Strain over the whole pose library (docs/garments.md, "Why strain p99 stays above 0.10"): per twin
# and garment, the garment's strain p99 (mean and worst over the poses) beside the strain of the
# skin under it (body_strain_p99), the share of creased edges, the worst gap p95 and share inside.
#   ./bench/strain_sweep.sh [build/release]
# Fitted garments are settled (`twinshoot fit --settle`), as the tables in docs/garments.md; the
# demo slip dress settles as shots settle it. MakeHuman's base body and Xbot come from ../shared
# (TWINSHOOT_SHARED_DIR); without it only the demo twin is swept. Run from the repository's root
# (the pose library is assets/poses). About 1.5 minutes on 2 cores.
set -euo pipefail
build="${1:-build/release}"
bin="$build/cli/twinshoot"; assets="$build/assets"
export TWINSHOOT_CACHE_DIR=  # measure the fit, not the cache
field() {  # a number from the JSON, or - (null: no skin under the garment was measured)
  local v; v=$(echo "$1" | sed -n "s/.*\"$2\": \([0-9.e+-]*\).*/\1/p" | head -1); echo "${v:--}"
}
sweep() {  # label, twin folder, garment folder, extra fit options
  local label=$1 twin=$2 garment=$3; shift 3
  for pose in assets/poses/*.json; do
    json=$("$bin" fit --twin "$twin" --garment "$garment" --pose "$(basename "$pose" .json)" --poses assets/poses "$@" --json)
    echo "$(field "$json" strain_p99) $(field "$json" body_strain_p99) $(field "$json" creased_after) $(field "$json" gap_p95_m) $(field "$json" inside_after)"
  done | awk -v label="$label" '{ n++; s += $1; if ($1 > sw) sw = $1; if ($2 != "-") { k++; b += $2; if ($2 > bw) bw = $2 }
                                    c += $3; if ($4 > gw) gw = $4; if ($5 > iw) iw = $5 }
    END { if (!n) exit 1; printf "%-38s strain p99 mean %.3f worst %.3f   skin under it mean %s worst %s   creased %.2f%%   gap p95 worst %.3f m   inside worst %.4f\n",
                 label, s / n, sw, k ? sprintf("%.3f", b / k) : "-", k ? sprintf("%.3f", bw) : "-", 100 * c / n, gw, iw }'
}
sweep "demo-ava / ava-slip-dress" "$assets/twins/demo-ava" "$assets/garments/ava-slip-dress"
shared="${TWINSHOOT_SHARED_DIR:-../shared}/assets-ref"
if [ ! -d "$shared/garments" ]; then echo "(no $shared: MakeHuman's and Mixamo's twins skipped)"; exit 0; fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$bin" twin import "$shared/humans/MakeHuman_base_obj/base.obj" -o "$tmp/mh-body" --id mh-body > /dev/null
"$bin" twin import "$shared/humans/Xbot_mixamo/Xbot.glb" -o "$tmp/xbot" --id xbot > /dev/null
for g in female_casualsuit01 male_casualsuit05; do
  "$bin" garment import "$shared/garments/MakeHuman_$g/$g.obj" -o "$tmp/$g" --id "${g//_/-}" --category top \
    --draped-on "$shared/humans/MakeHuman_base_obj/base.obj" > /dev/null
  for twin in "$tmp/mh-body" "$tmp/xbot" "$assets/twins/demo-ava"; do
    sweep "$(basename "$twin") / $g (settled)" "$twin" "$tmp/$g" --settle
  done
done
