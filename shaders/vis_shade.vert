#version 460
// The visibility pass's shading: one quad per listed tile (gl_InstanceIndex), so the rasteriser
// hands the fragment shader only the tiles where this draw (and surface group) has samples.
#include "pbr_interface.h"
#include "visibility_interface.h"

layout(set = TS_VIS_SET_INPUT, binding = TS_VIS_BINDING_TILES, std430) readonly buffer Tiles { uint tiles[]; };
layout(push_constant, std430) uniform ShadeBlock { VisShadePushConstants draw; };

const vec2 kCorners[6] = vec2[](vec2(0.0, 0.0), vec2(1.0, 0.0), vec2(0.0, 1.0), vec2(1.0, 0.0), vec2(1.0, 1.0),
                                vec2(0.0, 1.0));

void main() {
    uint tile = tiles[draw.draw.z + uint(gl_InstanceIndex)];
    vec2 origin = vec2(tile % draw.draw.w, tile / draw.draw.w);
    vec2 pixel = (origin + kCorners[gl_VertexIndex]) * float(TS_VIS_TILE);
    vec2 size = vec2(draw.normal_matrix[0].w, draw.normal_matrix[1].w);
    gl_Position = vec4(pixel / size * 2.0 - 1.0, 0.0, 1.0);
}
