#!/usr/bin/env bash
# Onboarding speed: `twinshoot twin import` of raw scans (binary PLY, mm, Z up) made from MakeHuman's
# base body subdivided to about 100k and 2.2M triangles. Each run is a fresh process with an empty
# model cache (so the import child parses the file: cold), then once more with the cache warm.
# Prints wall seconds, the auto-rig's own milliseconds and peak memory (the larger of the command and
# its import child, as /usr/bin/time reports each).
#   bench/scan_import_bench.sh [BUILD_DIR]      (default build/test; needs ../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/test}
base=../shared/assets-ref/humans/MakeHuman_base_obj/base.obj
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/bench/twinshoot-rig-bench" --write-scan "$base" 2 "$work/scan-100k.ply"
"$build/bench/twinshoot-rig-bench" --write-scan "$base" 9 "$work/scan-2m.ply"
printf '%-14s %-5s %8s %8s %10s\n' scan cache wall_s rig_ms peak_MiB
for scan in scan-100k scan-2m; do
  export TWINSHOOT_CACHE_DIR="$work/cache-$scan"
  for pass in cold warm; do
    rm -rf "$work/out-$scan"
    /usr/bin/time -f '%e %M' -o "$work/time" "$build/cli/twinshoot" twin import "$work/$scan.ply" -o "$work/out-$scan" \
      --id "$scan" --json > "$work/report.json"
    read -r wall peak_kb < "$work/time"
    rig=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("rig_ms", "-"))' "$work/report.json")
    printf '%-14s %-5s %8s %8s %10.0f\n' "$scan" "$pass" "$wall" "$rig" "$(echo "$peak_kb / 1024" | bc -l)"
  done
done
