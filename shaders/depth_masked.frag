#version 460
// Alpha test of a masked caster: the material's set (pbr_interface.h) is bound as set 0 here.
#include "pbr_interface.h"

layout(location = 0) in vec2 in_uv;
layout(set = 0, binding = TS_BINDING_MATERIAL, std140) uniform MaterialBlock { MaterialUniforms material; };
layout(set = 0, binding = TS_BINDING_BASE_COLOR_TEX) uniform sampler2D base_color_tex;

void main() {
    float alpha = material.base_color.a;
    if ((uint(material.alpha.y) & kMaterialBaseColorTex) != 0u) alpha *= texture(base_color_tex, in_uv).a;
    if (alpha < material.alpha.x) discard;
}
