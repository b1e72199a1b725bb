#version 460
// The visibility pass's id pass: each covered sample takes the draw number and triangle, and the
// triangle's depth, texture coordinates and normal at the pixel centre (how the shading pass tells
// one surface from another, vis_group.glsl).
#include "pbr_interface.h"
#include "visibility_interface.h"

layout(constant_id = 0) const bool kMasked = false;  // alpha-tested material: its set is bound as set 1

layout(location = 0) in vec2 in_uv;
layout(location = 1) in vec3 in_normal;
layout(set = TS_SET_MATERIAL, binding = TS_BINDING_MATERIAL, std140) uniform MaterialBlock { MaterialUniforms material; };
layout(set = TS_SET_MATERIAL, binding = TS_BINDING_BASE_COLOR_TEX) uniform sampler2D base_color_tex;
layout(push_constant, std430) uniform IdBlock { VisIdPushConstants draw; };

layout(location = 0) out uvec4 out_id;

// Octahedral encoding of a unit vector (Cigolle et al. 2014).
uint encode_normal(vec3 n) {
    n /= abs(n.x) + abs(n.y) + abs(n.z);
    vec2 e = n.z >= 0.0 ? n.xy : (1.0 - abs(n.yx)) * vec2(n.x >= 0.0 ? 1.0 : -1.0, n.y >= 0.0 ? 1.0 : -1.0);
    return packSnorm2x16(e);
}

void main() {
    if (kMasked) {
        float alpha = material.base_color.a;
        if ((uint(material.alpha.y) & kMaterialBaseColorTex) != 0u) alpha *= texture(base_color_tex, in_uv).a;
        if (alpha < material.alpha.x) discard;
    }
    vec3 n = dot(in_normal, in_normal) > 1e-20 ? normalize(in_normal) : vec3(0.0, 0.0, 1.0);
    out_id = uvec4((draw.draw.x << kVisPrimitiveBits) | (uint(gl_PrimitiveID) & kVisPrimitiveMask),
                   floatBitsToUint(gl_FragCoord.z), packHalf2x16(in_uv), encode_normal(n));
}
