#!/usr/bin/env bash
# Editor figures (Release build), in a real window on a virtual X server:
#   ./bench/editor_bench.sh [build/release]
# The demo shoot's first shot (Ava walking in the slip dress, full body, cyclorama, studio-soft
# rig) at a 1280x720 window, presented without vsync:
#   orbit   the viewport re-rendered every frame (the view orbiting 4 px per frame): the frame time
#           while a person drags the view — with the editor's defaults (full resolution, MSAA 1, the
#           meshes' coarse levels while dragging: --interactive-scale 1 --interactive-msaa 1
#           --interactive-detail coarse, refined at the batch's MSAA 4 from every triangle when the
#           drag stops), with every triangle, and each setting held through the drag: half and full
#           resolution, MSAA 1 and 4;
#   idle    the viewport rendered once and the UI redrawn: the frame time of working in the panels;
#   edits   a pose, then another shot's garments, in turn (three rounds through the shoot's looks of the
#           first shot's twin), each timed from the edit to the end of the frame presenting the new shot
#           (editor/app/edit_bench.h); the first round pays each garment's binding to the twin; run
#           with no fitted garments on disk and again with the first run's;
#   launch  process start to the first presented frame holding the rendered shot (cold IBL cache
#           and warm).
# Each line is the editor's own report (median of the frames after the third). Run nothing else.
set -euo pipefail
build="${1:-build/release}"
editor="$build/editor/twinshoot-editor"
common=(assets/shoots/demo.json --library "$build/assets" --trust assets/trust --size 1280x720 --no-vsync)
run() {  # LABEL ARGS...
  local label=$1
  shift
  echo "== $label"
  xvfb-run -a -s "-screen 0 1280x800x24" "$editor" "${common[@]}" "$@" 2>&1 | grep '^editor:' | sed 's/^editor: /   /'
}
cache="$(mktemp -d)"
trap 'rm -rf "$cache"' EXIT
TWINSHOOT_CACHE_DIR="$cache" run "launch, cold IBL cache (MSAA 1)" --msaa 1 --frames 5 --screenshot "$cache/first.png"
TWINSHOOT_CACHE_DIR="$cache" run "launch, warm IBL cache (MSAA 1)" --msaa 1 --frames 5 --screenshot "$cache/first.png"
TWINSHOOT_CACHE_DIR="$cache" run "orbit with the editor's defaults (full resolution, MSAA 1 and coarse levels while dragging, MSAA 4 and every triangle after)" --bench-orbit --frames 40
TWINSHOOT_CACHE_DIR="$cache" run "orbit, every triangle while dragging (--interactive-detail full)" --bench-orbit --frames 40 --interactive-detail full
TWINSHOOT_CACHE_DIR="$cache" run "orbit at half resolution, MSAA 1" --msaa 1 --bench-orbit --frames 40 --interactive-scale 0.5
TWINSHOOT_CACHE_DIR="$cache" run "orbit at full resolution, MSAA 1" --msaa 1 --bench-orbit --frames 40 --interactive-scale 1
TWINSHOOT_CACHE_DIR="$cache" run "orbit at half resolution, MSAA 4" --msaa 4 --interactive-msaa 4 --bench-orbit --frames 40 --interactive-scale 0.5
TWINSHOOT_CACHE_DIR="$cache" run "orbit at full resolution, MSAA 4" --msaa 4 --interactive-msaa 4 --bench-orbit --frames 40 --interactive-scale 1
TWINSHOOT_CACHE_DIR="$cache" run "idle, MSAA 1" --msaa 1 --frames 60 --screenshot "$cache/idle.png"
# Edits with no fitted garments on disk (a first session with these looks), then again with those
# the first run stored (studio/fit_cache.h: a later session).
rm -rf "$cache/fits"
TWINSHOOT_CACHE_DIR="$cache" run "edits that re-dress the twin, MSAA 1, no fits on disk" --msaa 1 --bench-edits --frames 400
TWINSHOOT_CACHE_DIR="$cache" run "edits that re-dress the twin, MSAA 1, fits on disk" --msaa 1 --bench-edits --frames 400
