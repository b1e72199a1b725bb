#version 460
// The backdrop's irradiance (over pi, pre-exposed, before the base colour), drawn at half the
// frame's resolution before the frame (view/backdrop_light.h); the PBR pass's backdrop variant
// multiplies it by the paper's colour at full resolution. Light on a matte backdrop varies slowly
// and its shadows are soft, so a quarter of the pixels carry the shadow and contact taps.
#include "pbr_interface.h"

layout(location = 0) in vec3 in_world_position;
layout(location = 1) in vec3 in_normal;

layout(set = TS_SET_FRAME, binding = TS_BINDING_FRAME, std140) uniform FrameBlock { FrameUniforms frame; };
layout(set = TS_SET_FRAME, binding = TS_BINDING_SHADOW_MAP) uniform sampler2DShadow shadow_map;
layout(set = TS_SET_FRAME, binding = TS_BINDING_CONTACT_MAP) uniform sampler2D contact_map;

layout(location = 0) out vec4 out_irradiance;

#include "lighting.glsl"

void main() {
    vec3 n = normalize(in_normal);
    if (!gl_FrontFacing) n = -n;
    out_irradiance = vec4(backdrop_irradiance(n), 1.0);
}
