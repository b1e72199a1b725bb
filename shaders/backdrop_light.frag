#version 460
// The backdrop's colour: its base colour times its irradiance (environment and lights, with the key
// light's and the contact shadows), exposed and tone mapped, drawn at half the frame's resolution
// before the frame (view/backdrop_light.h); the PBR pass's backdrop variant reads it back at full
// resolution. Light on a matte backdrop varies slowly, its shadows are soft and its base colour is
// a gradient, so a quarter of the pixels carry the shadow and contact taps, the base colour and the
// tone map, and the frame's backdrop pixels only filter this image.
#include "pbr_interface.h"
#include "tonemap.glsl"

layout(location = 0) in vec3 in_world_position;
layout(location = 1) in vec3 in_normal;
layout(location = 3) in vec2 in_uv;

layout(set = TS_SET_FRAME, binding = TS_BINDING_FRAME, std140) uniform FrameBlock { FrameUniforms frame; };
layout(set = TS_SET_FRAME, binding = TS_BINDING_SHADOW_MAP) uniform sampler2DShadow shadow_map;
layout(set = TS_SET_FRAME, binding = TS_BINDING_CONTACT_MAP) uniform sampler2D contact_map;
layout(set = TS_SET_MATERIAL, binding = TS_BINDING_MATERIAL, std140) uniform MaterialBlock { MaterialUniforms material; };
layout(set = TS_SET_MATERIAL, binding = TS_BINDING_BASE_COLOR_TEX) uniform sampler2D base_color_tex;  // sRGB view

// The shadows this pipeline computes: the frame is drawn in rectangles, each with the variant
// whose shadows can fall there (OffscreenRenderer: the key light's map and the contact map's
// footprints on screen); elsewhere a shadow's visibility is exactly 1 and its taps are left out.
layout(constant_id = 0) const bool kKeyShadow = true;
layout(constant_id = 1) const bool kContactShadow = true;

layout(location = 0) out vec4 out_color;  // display-referred linear

#include "lighting.glsl"

void main() {
    vec3 n = normalize(in_normal);
    if (!gl_FrontFacing) n = -n;
    vec3 base = material.base_color.rgb;
    if ((uint(material.alpha.y) & kMaterialBaseColorTex) != 0u) base *= texture(base_color_tex, in_uv).rgb;
    out_color = vec4(tonemap(base * backdrop_irradiance(n, kKeyShadow, kContactShadow), uint(frame.params.y)), 1.0);
}
