#!/usr/bin/env bash
# README command (a): install what is missing, build Release, render the demo into out/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)"
./build/release/cli/twinshoot demo -o out
