#version 460
#include "pbr_interface.h"
#include "brdf.glsl"
#include "tonemap.glsl"

layout(location = 0) in vec3 in_world_position;
layout(location = 1) in vec3 in_normal;
layout(location = 2) in vec4 in_tangent;
layout(location = 3) in vec2 in_uv;

#include "pbr_resources.glsl"

// true: the pipeline for studio backdrops (kMaterialBackdrop), matte paper, whose colour
// backdrop_light.frag computed at half resolution (its base colour, Lambertian under the environment
// and the lights with the key light's and the contact shadows, tone mapped).
layout(constant_id = 0) const bool kBackdropVariant = false;

layout(location = 0) out vec4 out_color;  // display-referred linear; the sRGB attachment encodes

#include "lighting.glsl"

#define TS_TEXTURE(tex, uv) texture(tex, uv)
vec2 surface_key_slope(vec3 c) { return receiver_depth_slope(c); }
#include "surface.glsl"

// The backdrop: its colour from backdrop_light.frag, filtered up from half resolution. The viewport
// of that pass is exactly half of this one, so pixel p here is texel p / 2 there.
void shade_backdrop() {
    out_color = vec4(texture(backdrop_light, gl_FragCoord.xy * 0.5 / vec2(textureSize(backdrop_light, 0))).rgb, 1.0);
}

void shade_surface() {
    out_color = shade_surface(SurfacePoint(in_normal, in_tangent, in_uv, gl_FrontFacing), true);
}

void main() {
    if (kBackdropVariant) {
        shade_backdrop();
    } else {
        shade_surface();
    }
}
