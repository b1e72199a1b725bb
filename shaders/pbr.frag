#version 460
#include "pbr_interface.h"
#include "brdf.glsl"
#include "tonemap.glsl"

layout(location = 0) in vec3 in_world_position;
layout(location = 1) in vec3 in_normal;
layout(location = 2) in vec4 in_tangent;
layout(location = 3) in vec2 in_uv;

#include "pbr_resources.glsl"

// true: the pipeline for studio backdrops (kMaterialBackdrop), matte paper: its base colour times
// the irradiance that backdrop_light.frag computed (Lambertian under the environment and the
// lights, with the key light's shadow and the contact shadow), no specular lobe and no textures
// beyond the base colour.
layout(constant_id = 0) const bool kBackdropVariant = false;

layout(location = 0) out vec4 out_color;  // display-referred linear; the sRGB attachment encodes

#include "lighting.glsl"

#define TS_TEXTURE(tex, uv) texture(tex, uv)
vec2 surface_key_slope(vec3 c) { return receiver_depth_slope(c); }
#include "surface.glsl"

// The backdrop: matte paper, its irradiance computed at half resolution by backdrop_light.frag
// (smooth light and soft shadows lose nothing there; a quarter of the pixels pay for the shadow taps).
// The viewport of that pass is exactly half of this one, so pixel p here is texel p / 2 there.
void shade_backdrop(vec3 base_color) {
    vec3 irradiance = texture(backdrop_light, gl_FragCoord.xy * 0.5 / vec2(textureSize(backdrop_light, 0))).rgb;
    out_color = vec4(tonemap(base_color * irradiance, uint(frame.params.y)), 1.0);
}

void shade_surface() {
    out_color = shade_surface(SurfacePoint(in_normal, in_tangent, in_uv, gl_FrontFacing), true);
}

void main() {
    if (kBackdropVariant) {
        vec3 base = material.base_color.rgb;
        if ((uint(material.alpha.y) & kMaterialBaseColorTex) != 0u) base *= texture(base_color_tex, in_uv).rgb;
        shade_backdrop(base);
    } else {
        shade_surface();
    }
}
