#!/usr/bin/env bash
# Packs the Release build with its Debian 12 libraries (Vulkan loader, validation layer, glvnd, the
# label font) and the two bench scenes into .dev/devpack.tar.xz, for bench/gpu_check.sh on a
# machine with a GPU but without our packages (the lent device machine: `carry` .dev):
#   ./bench/gpu_pack.sh [build/release]
set -euo pipefail
build="${1:-build/release}"
shared="${TWINSHOOT_SHARED_DIR:-../shared}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
p="$work/devpack"
mkdir -p "$p"/{b/cli,b/bench,lib,layers,scenes,fonts}
cp "$build/cli/twinshoot" "$build/engine/asset/twinshoot-import" "$p/b/cli/"
cp "$build/bench/twinshoot-bench" "$p/b/bench/"
bins=("$build/cli/twinshoot" "$build/bench/twinshoot-bench" "$build/engine/asset/twinshoot-import")
for f in $(ldd "${bins[@]}" | awk '{print $3}' | grep / | sort -u) \
    /lib/x86_64-linux-gnu/{libGLdispatch.so.0,libGLX.so.0,libEGL.so.1,libX11.so.6,libXext.so.6,libxcb.so.1,libXau.so.6,libXdmcp.so.6,libbsd.so.0,libmd.so.0} \
    /usr/lib/x86_64-linux-gnu/libVkLayer_khronos_validation.so; do
  case "$(basename "$f")" in libc.so.*|libm.so.*) continue ;; esac  # the machine's own glibc (>= 2.36) is used
  cp -L "$f" "$p/lib/"
done
cp /usr/share/vulkan/explicit_layer.d/VkLayer_khronos_validation.json "$p/layers/"
cp /usr/share/fonts/truetype/dejavu/DejaVuSans*.ttf "$p/fonts/"
cp "$shared/bench-scenes/test-figure.glb" "$shared/assets-ref/humans/Michelle_mixamo/Michelle.glb" "$p/scenes/"
mkdir -p .dev
grep -qx '/.dev/' .git/info/exclude 2>/dev/null || echo '/.dev/' >>.git/info/exclude
tar -cf - -C "$work" devpack | xz -T0 -6 >.dev/devpack.tar.xz
cp bench/gpu_check.sh .dev/
echo "gpu_pack: .dev/devpack.tar.xz ($(du -h .dev/devpack.tar.xz | cut -f1)); on the device: bash .dev/gpu_check.sh (carry .dev)"
