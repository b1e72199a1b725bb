#!/usr/bin/env bash
# A shoot on one machine as one process vs. as a Slurm job array of shards (docs/farm.md):
#   ./bench/farm_bench.sh [build/release] [SHOTS=40] [SHARDS=2] [ROUNDS=1]
# Starts the private local cluster (scripts/slurm-local.sh; root or slurm-wlm + munge installed),
# then, ROUNDS times, interleaved: the generated shoot (bench/shoot_generate.sh, 1080x1350) as one
# `twinshoot shoot` process, and the same shoot with --slurm --shards SHARDS into a fresh folder
# and ledger. Prints wall time per run and, for the farm, where the coordinator's time went:
# load + decide, reservation + shard ledgers, sbatch, waiting for the array (the shards' own
# loading and rendering), merging the shard ledgers, report + contact sheet. Both runs deliver the
# same images; the bench checks that the farm's ledger verifies and holds one row per image.
# Run nothing else at the same time: on one machine the shards share its cores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build="${1:-build/release}"
shots="${2:-40}" shards="${3:-2}" rounds="${4:-1}"
bin="$(pwd)/$build/cli/twinshoot"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# shellcheck source=bench/shoot_generate.sh
source bench/shoot_generate.sh
eval "$(bash scripts/slurm-local.sh start | tail -n 1)"
common=(--library "$(pwd)/$build/assets" --poses "$(pwd)/assets/poses" --trust "$(pwd)/assets/trust" --date 2026-11-24)
generate_shoot "$shots" "$work/shoot.json"

seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }

echo "twinshoot farm bench ($("$bin" --version), $(nproc) cores, $shots shots, $shards shards, $rounds rounds)"
for ((r = 1; r <= rounds; r++)); do
  start=$(date +%s%N)
  rc=0
  "$bin" shoot "$work/shoot.json" -o "$work/single-$r" --ledger "$work/single-$r.sqlite" "${common[@]}" \
    >/dev/null 2>"$work/single.err" || rc=$?
  end=$(date +%s%N)
  [ "$rc" -eq 0 ] || { cat "$work/single.err" >&2; exit "$rc"; }
  echo "round $r  one process      wall $(seconds "$start" "$end") s"

  start=$(date +%s%N)
  rc=0
  TWINSHOOT_FARM_POLL_S=0.5 "$bin" shoot "$work/shoot.json" -o "$work/farm-$r" --ledger "$work/farm-$r.sqlite" "${common[@]}" \
    --slurm --shards "$shards" --json >"$work/farm.json" 2>"$work/farm.err" || rc=$?
  end=$(date +%s%N)
  [ "$rc" -eq 0 ] || { cat "$work/farm.err" >&2; exit "$rc"; }
  python3 - "$work/farm.json" "$(seconds "$start" "$end")" "$r" "$shards" <<'PY'
import json, sys
report, wall, r, shards = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3], sys.argv[4]
p = report["process"]
print(f"round {r}  {shards} shards (Slurm) wall {wall} s: load+decide {p['load_and_decide_s']:.1f} s, "
      f"reserve+set up {p['reserve_and_set_up_s']:.2f} s, sbatch {p['submit_s']:.2f} s, array {p['wait_s']:.1f} s, "
      f"merge {p['merge_s']:.2f} s, report {p['report_s']:.1f} s; {report['farm']['merged_rows']} rows merged")
PY
  "$bin" ledger verify --ledger "$work/farm-$r.sqlite" >/dev/null
  for k in $(seq 1 "$shards"); do
    log="$work/farm-$r/farm/shard-$k/task.log"
    [ -f "$log" ] && sed -n "s/^/  shard $k: /; /timing/p" "$log" | tail -n 1
  done
done
echo "reproduce: ./bench/farm_bench.sh $build $shots $shards $rounds   (cluster: scripts/slurm-local.sh stop)"
