// The visibility pass's classification (view/visibility_pass.h): one workgroup per 8x8-pixel tile
// finds which draws have samples in it and appends the tile to those draws' lists, counting them in
// the indirect draws' instance counts. Each pixel's surface flags start at 0 (one surface per draw);
// where one draw has samples of two triangles in a pixel, the pair (its first sample, the first
// sample of the other triangle) goes to the pair list, where vis_evaluate.comp decides from the
// triangles whether they are one surface.
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
layout(set = 0, binding = TS_VIS_CLASSIFY_BINDING_FLAGS, std430) writeonly buffer Flags { uint flags[]; };
layout(set = 0, binding = TS_VIS_CLASSIFY_BINDING_PIXELS, std430) buffer Pixels {
    VisPixelListHeader list;
    uint pixels[];
};
layout(push_constant, std430) uniform ClassifyBlock { VisClassifyPushConstants push; };

shared uint present[8];  // bit d: draw d has samples in the tile (d < 256)
shared uint local_count;  // this tile's pairs for the list
shared uint local_pixels[TS_VIS_TILE * TS_VIS_TILE * 7u];  // up to samples - 1 per pixel
shared uint local_base;

void append(uint group, uint number, uint tile) {
    uint list_index = group * push.info.y + (number - 1u);
    uint index = atomicAdd(commands[list_index * 4u + 1u], 1u);
    tiles[list_index * push.info.z + index] = tile;
}

void main() {
    uint lane = gl_LocalInvocationIndex;
    if (lane < 8u) present[lane] = 0u;
    if (lane == 0u) local_count = 0u;
    barrier();
    ivec2 size = ivec2(push.size.xy);
    ivec2 pixel = ivec2(gl_GlobalInvocationID.xy);
    if (all(lessThan(pixel, size))) {
        uint pixel_index = uint(pixel.y) * push.size.x + uint(pixel.x);
        flags[pixel_index] = 0u;
        uint id[kSamples], draw[kSamples], anchor[kSamples];
        bool seen[kSamples];  // an earlier sample has the same draw and triangle
        for (uint s = 0u; s < kSamples; ++s) {
            id[s] = vis_fetch(ids, pixel, int(s));
            draw[s] = id[s] >> kVisPrimitiveBits;
            anchor[s] = s;  // the draw's first sample in the pixel
            seen[s] = false;
        }
        // Every pair r < s, in one loop of constant length: llvmpipe unrolls it and the arrays stay
        // in registers (nested loops were not unrolled, and every lane read the arrays from memory:
        // twice the cost of the whole classification). r runs downwards, so the earliest wins.
        for (uint i = 0u; i < kSamples * kSamples; ++i) {
            uint s = i / kSamples, r = kSamples - 1u - i % kSamples;
            if (r < s) {
                bool same_draw = draw[r] == draw[s];
                anchor[s] = same_draw ? r : anchor[s];
                seen[s] = seen[s] || id[r] == id[s];
            }
        }
        // One atomic per pixel for the draws below 32 and one for its pairs (llvmpipe's atomics loop
        // over the active lanes).
        uint low_draws = 0u;  // bit d: draw d has samples here
        uint pairs = 0u;      // bit s: sample s is the first of another triangle of a draw before it
        for (uint s = 0u; s < kSamples; ++s) {
            uint d = draw[s];
            bool valid = d != 0u && d <= kVisMaxDraws;
            low_draws |= d < 32u ? 1u << d : 0u;
            if (valid && d >= 32u && anchor[s] == s) atomicOr(present[d >> 5u], 1u << (d & 31u));
            pairs |= valid && anchor[s] != s && !seen[s] ? 1u << s : 0u;
        }
        low_draws &= ~1u;  // draw 0 is none
        if (low_draws != 0u) atomicOr(present[0], low_draws);
        if (pairs != 0u) {
            uint slot = atomicAdd(local_count, uint(bitCount(pairs)));
            for (uint s = 0u; s < kSamples; ++s)
                if ((pairs & (1u << s)) != 0u) local_pixels[slot++] = vis_pair(pixel_index, anchor[s], s);
        }
    }
    barrier();
    if (lane == 0u && local_count > 0u) {
        local_base = atomicAdd(list.dispatch.w, local_count);
        // Workgroups for the pairs so far, x within the device's limit and y for the rest.
        uint groups = (local_base + local_count + TS_VIS_EVALUATE_GROUP - 1u) / TS_VIS_EVALUATE_GROUP;
        atomicMax(list.dispatch.x, min(groups, push.size.z));
        atomicMax(list.dispatch.y, (groups + push.size.z - 1u) / push.size.z);
    }
    barrier();
    for (uint i = lane; i < local_count; i += TS_VIS_TILE * TS_VIS_TILE) pixels[local_base + i] = local_pixels[i];
    if (lane < 8u) {
        uint tile = gl_WorkGroupID.y * push.info.x + gl_WorkGroupID.x;
        for (uint bits = present[lane]; bits != 0u; bits &= bits - 1u) append(0u, lane * 32u + uint(findLSB(bits)), tile);
    }
}
