// Shadows and diffuse environment light, shared by the PBR pass (pbr.frag) and the backdrop's
// lighting pass (backdrop_light.frag). The includer declares, before including: the frame block
// (`frame`, pbr_interface.h), `shadow_map` (sampler2DShadow), `contact_map` (sampler2D) and the
// interpolated `in_world_position` (world metres).
#ifndef TWINSHOOT_LIGHTING_GLSL
#define TWINSHOOT_LIGHTING_GLSL

#include "ibl.glsl"

vec3 env_dir(vec3 d) { return rotate_to_environment(d, frame.environment.yz); }

// A 12-tap Poisson disc (unit radius) shared by the shadow filters. The first four are spread
// around the rim: where they agree (fully lit or fully shadowed, most of the frame) the key light's
// filter can stop there. A GPU skips the other eight for such pixels; lavapipe runs both sides of
// the branch for every pixel, so there it saves nothing (docs/rendering.md).
const vec2 kDisc[12] = vec2[](vec2(-0.840, -0.074), vec2(0.962, -0.195), vec2(0.185, -0.893), vec2(-0.203, 0.621),
                              vec2(-0.326, -0.406), vec2(-0.696, 0.457), vec2(0.473, -0.480), vec2(0.519, 0.767),
                              vec2(0.507, 0.064), vec2(0.896, 0.412), vec2(-0.322, -0.933), vec2(-0.792, -0.598));

// Where this fragment falls in the key light's map (xy) and its depth there (z), pushed along the
// geometric normal (normal offset) so the map's own texels do not shadow the surface they sample.
vec3 key_light_coords(vec3 geometric_normal) {
    int key = int(frame.shadow_params.x);
    float n_dot_l = key >= 0 ? clamp(dot(geometric_normal, frame.light_direction[key].xyz), 0.0, 1.0) : 1.0;
    vec3 p = in_world_position + geometric_normal * frame.shadow_params.z * (1.0 - 0.5 * n_dot_l);
    return (frame.shadow_matrix * vec4(p, 1.0)).xyz;
}

// Key-light visibility 0..1: percentage-closer filtering over the disc, each tap a bilinear
// comparison. Each tap's reference depth follows the receiver's plane (receiver-plane depth bias,
// from the screen-space derivatives of the map coordinates), so a wide filter on a sloped surface
// does not compare the surface against itself (acne); a small constant bias covers the rest.
float key_light_tap(vec3 c, vec2 depth_slope, int k) {
    vec2 offset = kDisc[k] * frame.shadow_params.y;
    float reference = c.z + clamp(dot(offset, depth_slope), -0.01, 0.01) - frame.params.z;
    return textureLod(shadow_map, vec3(c.xy + offset, min(reference, 1.0)), 0.0);  // beyond the far plane: vs the cleared 1.0
}

float key_light_visibility(vec3 c, vec2 depth_slope) {
    if (any(lessThan(c.xy, vec2(0.0))) || any(greaterThan(c.xy, vec2(1.0)))) return 1.0;
    float lit = 0.0;
    for (int k = 0; k < 4; ++k) lit += key_light_tap(c, depth_slope, k);
    if (lit == 0.0 || lit == 4.0) return lit * 0.25;
    for (int k = 4; k < 12; ++k) lit += key_light_tap(c, depth_slope, k);
    return lit / 12.0;
}

// d(depth)/d(uv) of the receiver's plane in the key light's map, from the map coordinates' change
// over one pixel in x (dx) and in y (dy).
vec2 depth_slope(vec3 dx, vec3 dy) {
    float det = dx.x * dy.y - dx.y * dy.x;
    if (abs(det) < 1e-12) return vec2(0.0);
    return vec2(dy.y * dx.z - dx.y * dy.z, dx.x * dy.z - dy.x * dx.z) / det;
}

// The same from screen-space derivatives (uniform control flow).
vec2 receiver_depth_slope(vec3 c) { return depth_slope(dFdx(c), dFdy(c)); }

// Contact shadow on the backdrop: the upward-looking map gives the height of the underside of
// whatever is above each floor point; occluders close to the floor (a sole, a hem) darken the
// environment and the lights that cast no shadow map.
float contact_visibility() {
    vec3 c = (frame.contact_matrix * vec4(in_world_position, 1.0)).xyz;
    if (any(lessThan(c.xy, vec2(-0.1))) || any(greaterThan(c.xy, vec2(1.1)))) return 1.0;
    float occlusion = 0.0;
    for (int k = 0; k < 12; ++k) {
        float depth = textureLod(contact_map, c.xy + kDisc[k] * frame.contact_params.y, 0.0).r;
        float height = (depth - c.z) * frame.contact_params.z;  // occluder above this point, metres
        float weight = 1.0 - 0.5 * length(kDisc[k]);
        if (height > 0.0) occlusion += weight * (1.0 - smoothstep(0.0, frame.contact_params.x, height));
    }
    return 1.0 - frame.contact_params.w * clamp(occlusion / 9.0, 0.0, 1.0);
}

vec3 irradiance_over_pi(vec3 n) {
    float y[9];
    sh_basis(env_dir(n), y);
    vec3 e = vec3(0.0);
    for (int k = 0; k < 9; ++k) e += frame.environment_sh[k].rgb * y[k];
    return max(e, vec3(0.0)) * frame.environment.x;
}

// The irradiance (over pi) reaching a backdrop point of normal n (world, towards the camera's side):
// the environment and the lights, with the key light's shadow and the contact shadow. `key` and
// `contact` false leave that shadow out (where the caller knows it is 1: compile-time constants,
// so a CPU device does not pay for the taps).
vec3 backdrop_irradiance(vec3 n, bool key, bool contact_shadow) {
    float contact = contact_shadow && frame.shadow_params.w > 0.0 ? contact_visibility() : 1.0;
    vec3 irradiance = irradiance_over_pi(n) * contact;
    int shadow_light = int(frame.shadow_params.x);
    float key_visibility = 1.0;
    if (key) {
        vec3 key_coords = key_light_coords(n);
        vec2 key_depth_slope = receiver_depth_slope(key_coords);
        key_visibility = shadow_light >= 0 ? key_light_visibility(key_coords, key_depth_slope) : 1.0;
    }
    uint light_count = uint(frame.params.x);
    for (uint i = 0u; i < light_count; ++i) {
        float n_dot_l = clamp(dot(n, frame.light_direction[i].xyz), 0.0, 1.0);
        if (n_dot_l <= 0.0) continue;
        float visibility = int(i) == shadow_light ? key_visibility : contact;
        irradiance += frame.light_color[i].rgb * (n_dot_l * visibility / PI);
    }
    return irradiance;
}

#endif
