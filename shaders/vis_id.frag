#version 460
// The visibility pass's id pass: each covered sample takes the draw number and triangle
// (vis_group.glsl reads the triangle back to tell one surface from another).
#include "pbr_interface.h"
#include "visibility_interface.h"

layout(constant_id = 0) const bool kMasked = false;  // alpha-tested material: its set is bound as set 1

layout(location = 0) in vec2 in_uv;
layout(set = TS_SET_MATERIAL, binding = TS_BINDING_MATERIAL, std140) uniform MaterialBlock { MaterialUniforms material; };
layout(set = TS_SET_MATERIAL, binding = TS_BINDING_BASE_COLOR_TEX) uniform sampler2D base_color_tex;
layout(push_constant, std430) uniform IdBlock { VisIdPushConstants draw; };

layout(location = 0) out uint out_id;

void main() {
    if (kMasked) {
        float alpha = material.base_color.a;
        if ((uint(material.alpha.y) & kMaterialBaseColorTex) != 0u) alpha *= texture(base_color_tex, in_uv).a;
        if (alpha < material.alpha.x) discard;
    }
    out_id = (draw.draw.x << kVisPrimitiveBits) | (uint(gl_PrimitiveID) & kVisPrimitiveMask);
}
