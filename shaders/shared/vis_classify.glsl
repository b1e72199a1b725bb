// The visibility pass's classification (view/visibility_pass.h): one workgroup per 8x8-pixel tile
// finds which draws have samples in it, and which of those have a second surface in one of its
// pixels (the grouping of vis_shade.glsl), and appends the tile to those draws' lists, counting
// them in the indirect draws' instance counts.
#include "visibility_interface.h"
#include "vis_group.glsl"

layout(local_size_x = TS_VIS_TILE, local_size_y = TS_VIS_TILE) in;
layout(constant_id = 0) const uint kSamples = 4u;

#ifdef TS_VIS_SINGLE_SAMPLE
layout(set = 0, binding = TS_VIS_CLASSIFY_BINDING_IDS) uniform usampler2D ids;
#else
layout(set = 0, binding = TS_VIS_CLASSIFY_BINDING_IDS) uniform usampler2DMS ids;
#endif
layout(set = 0, binding = TS_VIS_CLASSIFY_BINDING_TILES, std430) writeonly buffer Tiles { uint tiles[]; };
layout(set = 0, binding = TS_VIS_CLASSIFY_BINDING_COMMANDS, std430) buffer Commands { uint commands[]; };
layout(push_constant, std430) uniform ClassifyBlock { VisClassifyPushConstants push; };

shared uint present[8];  // bit d: draw d has samples in the tile (d < 256)
shared uint second[8];   // bit d: ... and a second surface in one of its pixels


void append(uint group, uint number, uint tile) {
    uint list = group * push.info.y + (number - 1u);
    uint index = atomicAdd(commands[list * 4u + 1u], 1u);
    tiles[list * push.info.z + index] = tile;
}

void main() {
    uint lane = gl_LocalInvocationIndex;
    if (lane < 8u) {
        present[lane] = 0u;
        second[lane] = 0u;
    }
    barrier();
#ifdef TS_VIS_SINGLE_SAMPLE
    ivec2 size = textureSize(ids, 0);
#else
    ivec2 size = textureSize(ids);
#endif
    ivec2 pixel = ivec2(gl_GlobalInvocationID.xy);
    if (all(lessThan(pixel, size))) {
        VisSample samples[kSamples];
        for (uint s = 0u; s < kSamples; ++s) samples[s] = vis_sample(vis_fetch(ids, pixel, int(s)), push.depth);
        for (uint s = 0u; s < kSamples; ++s) {
            uint d = samples[s].draw;
            if (d == 0u || d > kVisMaxDraws) continue;
            int anchor = -1;
            for (uint r = 0u; r < s; ++r)
                if (anchor < 0 && samples[r].draw == d) anchor = int(r);
            if (anchor < 0) {
                atomicOr(present[d >> 5u], 1u << (d & 31u));
            } else if (!vis_same_surface(samples[anchor], samples[s])) {
                atomicOr(second[d >> 5u], 1u << (d & 31u));
            }
        }
    }
    barrier();
    if (lane < 8u) {
        uint tile = gl_WorkGroupID.y * push.info.x + gl_WorkGroupID.x;
        for (uint bits = present[lane]; bits != 0u; bits &= bits - 1u) append(0u, lane * 32u + uint(findLSB(bits)), tile);
        for (uint bits = second[lane]; bits != 0u; bits &= bits - 1u) append(1u, lane * 32u + uint(findLSB(bits)), tile);
    }
}
