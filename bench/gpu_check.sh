#!/usr/bin/env bash
# TwinShoot on a discrete GPU (docs/rendering.md, "On a discrete GPU"): unpacks bench/gpu_pack.sh's
# .dev/devpack.tar.xz and prints the device choice, the render bench, the demo shoot under the
# validation layers (its images into $OUT/demo.tar, to compare with lavapipe's using
# twinshoot-image-diff), the shoot bench and the cold start. Needs glibc >= 2.36, the NVIDIA driver.
set -u
OUT="${OUT:-/tmp/gpu_check_out}"
mkdir -p "$OUT" /tmp/d && tar -xJf .dev/devpack.tar.xz -C /tmp/d || exit 1
D=/tmp/d/devpack; B=$D/b; T=$B/cli/twinshoot
echo "glibc $(ldd --version | head -1 | grep -o '[0-9.]*$'); kernel $(uname -r); $(nproc) cores"
nvidia-smi -L
NV=""
for p in /usr/local/nvidia/lib64 /usr/local/nvidia/lib /usr/lib/x86_64-linux-gnu; do [ -e $p/libGLX_nvidia.so.0 ] && NV="$NV:$p"; done
ICD=$(ls /usr/share/vulkan/icd.d/nvidia_icd*.json /etc/vulkan/icd.d/nvidia_icd*.json /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd*.json 2>/dev/null | head -1)
echo "nvidia libraries:$NV; ICD: $ICD"
[ -n "$ICD" ] && export VK_DRIVER_FILES=$ICD VK_ICD_FILENAMES=$ICD
export LD_LIBRARY_PATH=$D/lib$NV VK_LAYER_PATH=$D/layers TWINSHOOT_CACHE_DIR=/tmp/tscache
mkdir -p /usr/share/fonts/truetype/dejavu
for f in $D/fonts/*.ttf; do [ -e /usr/share/fonts/truetype/dejavu/$(basename $f) ] || cp $f /usr/share/fonts/truetype/dejavu/; done
echo "== devices"; timeout 60 $T devices || { VK_LOADER_DEBUG=error,warn,driver timeout 60 $T devices 2>&1 | tail -40; exit 1; }
echo "== generate demo assets"; timeout 120 $T generate-demo-assets -o $B/assets --source assets 2>/dev/null || exit 1
echo "== render bench (1080x1350, 30 frames)"
for m in $D/scenes/test-figure.glb $D/scenes/Michelle.glb; do
  for a in "" "--msaa 1" "--no-shadows --no-backdrop"; do
    echo "-- $(basename $m) $a"; timeout 90 $B/bench/twinshoot-bench $m --frames 30 $a 2>&1 | grep -E "steady|depth only|ratio"
  done
done
echo "== cloth settle, CPU vs GPU (demo slip dress, 30 816 vertices, walking; three rounds interleaved)"
for r in 1 2 3; do for on in cpu gpu; do
  timeout 60 $T fit --twin $B/assets/twins/demo-ava --garment $B/assets/garments/ava-slip-dress --pose walking --settle-on $on \
    | grep -o "strain p99 [0-9.]*\|settled in .*"
done; done
echo "== demo shoot, validation layers on"
TWINSHOOT_VALIDATION=1 timeout 240 $T shoot assets/shoots/demo.json -o $OUT/demo --ledger /tmp/demo.sqlite \
  --library $B/assets --trust assets/trust --date 2026-11-24 2>$OUT/demo-stderr.log; echo "rc=$? (3: some shots refused, as designed)"
echo "validation messages: $(grep -ci 'validation' $OUT/demo-stderr.log) lines naming validation (one is the device line)"
grep -i "validation" $OUT/demo-stderr.log | head -20
(cd $OUT && tar -cf demo.tar demo && rm -rf demo)
echo "== shoot bench"; timeout 240 bash bench/shoot_bench.sh $B
mkdir -p /tmp/sh/assets-ref/humans/Michelle_mixamo && cp $D/scenes/Michelle.glb /tmp/sh/assets-ref/humans/Michelle_mixamo/
echo "== cold start"; TWINSHOOT_SHARED_DIR=/tmp/sh timeout 90 bash bench/cold_start.sh $B 3
