// The PBR pass's frame and material resources (pbr_interface.h), as the fragment shaders that shade
// surfaces declare them: the forward pass (pbr.frag) and the visibility pass's shading (vis_shade.glsl).
#ifndef TWINSHOOT_PBR_RESOURCES_GLSL
#define TWINSHOOT_PBR_RESOURCES_GLSL

#include "pbr_interface.h"

layout(set = TS_SET_FRAME, binding = TS_BINDING_FRAME, std140) uniform FrameBlock { FrameUniforms frame; };
layout(set = TS_SET_FRAME, binding = TS_BINDING_ENV_SPECULAR) uniform samplerCube env_specular;
layout(set = TS_SET_FRAME, binding = TS_BINDING_BRDF_LUT) uniform sampler2D brdf_lut;
layout(set = TS_SET_FRAME, binding = TS_BINDING_SHADOW_MAP) uniform sampler2DShadow shadow_map;
layout(set = TS_SET_FRAME, binding = TS_BINDING_CONTACT_MAP) uniform sampler2D contact_map;
layout(set = TS_SET_FRAME, binding = TS_BINDING_BACKDROP_LIGHT) uniform sampler2D backdrop_light;
layout(set = TS_SET_MATERIAL, binding = TS_BINDING_MATERIAL, std140) uniform MaterialBlock { MaterialUniforms material; };
layout(set = TS_SET_MATERIAL, binding = TS_BINDING_BASE_COLOR_TEX) uniform sampler2D base_color_tex;     // sRGB view
layout(set = TS_SET_MATERIAL, binding = TS_BINDING_METAL_ROUGH_TEX) uniform sampler2D metal_rough_tex;   // G rough, B metal
layout(set = TS_SET_MATERIAL, binding = TS_BINDING_NORMAL_TEX) uniform sampler2D normal_tex;
layout(set = TS_SET_MATERIAL, binding = TS_BINDING_OCCLUSION_TEX) uniform sampler2D occlusion_tex;       // R
layout(set = TS_SET_MATERIAL, binding = TS_BINDING_EMISSIVE_TEX) uniform sampler2D emissive_tex;         // sRGB view

#endif
