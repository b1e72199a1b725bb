#!/usr/bin/env bash
# scripts/slurm-local.sh keeps its promises: start is idempotent (the same daemons, not new ones),
# status says what runs (exit 0 / 3), stop ends only what start started and is idempotent.
#   slurm_local_test.sh SOURCE_DIR STATE_DIR
# Exit 77 (skipped) where Slurm is not installed, unless CI=true.
set -uo pipefail
source_dir="$1" state_dir="$2"
script="$source_dir/scripts/slurm-local.sh"
export TWINSHOOT_SLURM_DIR="$state_dir" TWINSHOOT_SLURM_NO_INSTALL=1 PATH="$PATH:/usr/sbin:/sbin"
failures=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAILED: $1"; failures=$((failures + 1)); fi; }
pids() { cat "$state_dir"/munged.pid "$state_dir"/slurmctld.pid "$state_dir"/slurmd.pid 2>/dev/null | tr '\n' ' '; }

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    [ "${CI:-}" = "true" ] && { echo "FAILED: Slurm is not installed (scripts/setup.sh installs slurm-wlm and munge)"; exit 1; }
    echo "skipped: Slurm is not installed"; exit 77
fi
bash "$script" stop >/dev/null 2>&1
rm -rf "$state_dir"

out="$(bash "$script" start 2>/dev/null)"; rc=$?
check "start exits 0" "[ $rc -eq 0 ]"
check "start's last line is the env line" "[ \"$(echo "$out" | tail -n 1)\" = \"export SLURM_CONF=$state_dir/slurm.conf\" ]"
first="$(pids)"
check "start recorded three daemons" "[ $(echo "$first" | wc -w) -eq 3 ]"
bash "$script" start >/dev/null 2>&1; rc=$?
check "a second start exits 0" "[ $rc -eq 0 ]"
check "a second start keeps the same daemons" "[ \"$(pids)\" = \"$first\" ]"
bash "$script" status >/dev/null 2>&1; rc=$?
check "status exits 0 while up" "[ $rc -eq 0 ]"
eval "$(bash "$script" env)"
job="$(sbatch --parsable --wrap 'echo farm-ok' --output="$state_dir/job.out" 2>&1)"
for _ in $(seq 1 60); do [ -s "$state_dir/job.out" ] && break; sleep 0.5; done
check "a job runs on it" "grep -q farm-ok '$state_dir/job.out'"

sleep 300 & decoy=$!
bash "$script" stop >/dev/null 2>&1; rc=$?
check "stop exits 0" "[ $rc -eq 0 ]"
gone=1; for p in $first; do kill -0 "$p" 2>/dev/null && [ -n "$(tr -d '\0' < /proc/$p/cmdline 2>/dev/null)" ] && gone=0; done
check "stop ended the daemons start started" "[ $gone -eq 1 ]"
# A pid file naming someone else's process (a recycled pid) is not obeyed.
echo "$decoy" > "$state_dir/slurmd.pid"
bash "$script" stop >/dev/null 2>&1; rc=$?
check "a second stop exits 0" "[ $rc -eq 0 ]"
check "stop leaves processes it did not start alone" "kill -0 $decoy 2>/dev/null"
kill "$decoy" 2>/dev/null
bash "$script" status >/dev/null 2>&1; rc=$?
check "status exits 3 when down" "[ $rc -eq 3 ]"
echo "job $job; $failures failure(s)"
[ "$failures" -eq 0 ]
