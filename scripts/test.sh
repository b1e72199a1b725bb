#!/usr/bin/env bash
# README command (b): install what is missing, build the test configuration, run the whole suite.
# Vulkan validation is on in every test; reference assets come from ../shared (required when CI=true).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
cmake --preset test >/dev/null
cmake --build --preset test -j"$(nproc)"
ctest --preset test
