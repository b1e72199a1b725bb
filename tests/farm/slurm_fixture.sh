#!/usr/bin/env bash
# CTest fixture of the farm tests: a private Slurm cluster (scripts/slurm-local.sh) in the build tree.
#   slurm_fixture.sh start|stop SOURCE_DIR STATE_DIR
# Where Slurm cannot be started (not installed and not root) the tests that need it skip with the
# reason; under CI=true that is a failure instead.
set -uo pipefail
action="$1" source_dir="$2" state_dir="$3"
export TWINSHOOT_SLURM_DIR="$state_dir"
export TWINSHOOT_SLURM_NO_INSTALL=1  # scripts/setup.sh installs the packages; a test run never does
case "$action" in
    start)
        rm -f "$state_dir/unavailable"
        if ! bash "$source_dir/scripts/slurm-local.sh" start; then
            [ "${CI:-}" = "true" ] && { echo "slurm_fixture: cannot start the local Slurm cluster (CI)" >&2; exit 1; }
            mkdir -p "$state_dir"
            echo "scripts/slurm-local.sh start failed (Slurm not installed and not root?)" > "$state_dir/unavailable"
            echo "slurm_fixture: Slurm unavailable here; the farm tests that need it will skip" >&2
        fi
        exit 0 ;;
    stop) bash "$source_dir/scripts/slurm-local.sh" stop ;;
    *) echo "usage: slurm_fixture.sh start|stop SOURCE_DIR STATE_DIR" >&2; exit 2 ;;
esac
