// The visibility pass's shading (view/visibility_pass.h), drawn per draw and surface group over the
// tiles vis_classify.comp and vis_evaluate.comp listed for them.
//
// A pixel's samples of this draw are grouped into surfaces as vis_evaluate.comp flagged them
// (vis_group.glsl): adjacent triangles of one smooth surface are one, however many cover the pixel;
// the samples that are not the first sample's surface (an arm over the torso, across a texture seam
// or a crease) are the second group. Specialization constant kGroup picks the group this pipeline shades; the colour goes
// to that group's samples only (gl_SampleMask). The triangle is read back from the draw's buffers and
// intersected with the rays through the pixel centre and its right and lower neighbours: the point,
// its attributes, and their change per pixel (texture footprints, the shadow's receiver plane).
// Shading itself is surface.glsl, as in the forward pass.
#include "pbr_interface.h"
#include "visibility_interface.h"
#include "vis_group.glsl"
#include "brdf.glsl"
#include "tonemap.glsl"

layout(early_fragment_tests) in;

#include "pbr_resources.glsl"
#ifdef TS_VIS_SINGLE_SAMPLE
layout(set = TS_VIS_SET_INPUT, binding = TS_VIS_BINDING_IDS) uniform usampler2D ids;
#else
layout(set = TS_VIS_SET_INPUT, binding = TS_VIS_BINDING_IDS) uniform usampler2DMS ids;
#endif
layout(set = TS_VIS_SET_INPUT, binding = TS_VIS_BINDING_VERTICES, std430) readonly buffer Vertices { float vertex_data[]; };
layout(set = TS_VIS_SET_INPUT, binding = TS_VIS_BINDING_INDICES, std430) readonly buffer Indices { uint index_data[]; };
layout(set = TS_VIS_SET_INPUT, binding = TS_VIS_BINDING_FLAGS, std430) readonly buffer Flags { uint pixel_flags[]; };
layout(push_constant, std430) uniform ShadeBlock { VisShadePushConstants draw; };

layout(constant_id = 0) const uint kGroup = 0u;    // 0: the first sample's surface, 1: the other one
layout(constant_id = 1) const uint kSamples = 4u;  // the target's samples per pixel

layout(location = 0) out vec4 out_color;  // display-referred linear; the sRGB attachment encodes

// What the shared lighting reads (lighting.glsl, surface.glsl), set per pixel before shading.
vec3 in_world_position;
vec2 g_uv_dx, g_uv_dy;    // texture coordinates' change over one pixel in x, in y
vec3 g_key_dx, g_key_dy;  // the key-light map coordinates' change over one pixel

#include "lighting.glsl"
#define TS_TEXTURE(tex, uv) textureGrad(tex, uv, g_uv_dx, g_uv_dy)
vec2 surface_key_slope(vec3 c) { return depth_slope(g_key_dx, g_key_dy); }
#include "surface.glsl"

VisRay pixel_ray(vec2 ndc) { return vis_pixel_ray(frame.inverse_view_projection, ndc); }

vec3 vertex_vec3(uint index, uint offset) {
    uint base = index * 12u + offset;
    return vec3(vertex_data[base], vertex_data[base + 1u], vertex_data[base + 2u]);
}

// The triangle's corners in world space and its vertex indices.
struct Corners {
    uint i0, i1, i2;
    vec3 a, b, c;
};

Corners corners(uint triangle) {
    Corners k;
    k.i0 = index_data[3u * triangle];
    k.i1 = index_data[3u * triangle + 1u];
    k.i2 = index_data[3u * triangle + 2u];
    k.a = (draw.model * vec4(vertex_vec3(k.i0, 0u), 1.0)).xyz;
    k.b = (draw.model * vec4(vertex_vec3(k.i1, 0u), 1.0)).xyz;
    k.c = (draw.model * vec4(vertex_vec3(k.i2, 0u), 1.0)).xyz;
    return k;
}

vec2 vertex_uv(uint index) { return vec2(vertex_data[index * 12u + 10u], vertex_data[index * 12u + 11u]); }

void main() {
    ivec2 pixel = ivec2(gl_FragCoord.xy);
    vec2 size = vec2(draw.normal_matrix[0].w, draw.normal_matrix[1].w);
    vec2 ndc = gl_FragCoord.xy / size * 2.0 - 1.0;
    VisRay ray = pixel_ray(ndc);
    uint mask0 = 0u, mask1 = 0u, triangle0 = 0u, triangle1 = 0u;
    uint second = kSamples > 1u ? pixel_flags[uint(pixel.y) * uint(size.x) + uint(pixel.x)] : 0u;
    for (uint s = 0u; s < kSamples; ++s) {
        VisSample sample_s = vis_sample(vis_fetch(ids, pixel, int(s)));
        if (sample_s.draw != draw.draw.x) continue;
        if ((second & (1u << s)) == 0u) {
            if (mask0 == 0u) triangle0 = sample_s.triangle;
            mask0 |= 1u << s;
        } else {
            if (mask1 == 0u) triangle1 = sample_s.triangle;
            mask1 |= 1u << s;
        }
    }
    uint mask = kGroup == 0u ? mask0 : mask1;
    if (mask == 0u) discard;
    gl_SampleMask[0] = int(mask);
    uint triangle = kGroup == 0u ? triangle0 : triangle1;

    Corners k = corners(triangle);
    uint i0 = k.i0, i1 = k.i1, i2 = k.i2;
    vec3 a = k.a, b = k.b, c = k.c;
    vec3 e1 = b - a, e2 = c - a;

    vec3 l = vis_barycentrics(ray, a, e1, e2);
    vec3 lx = vis_barycentrics(pixel_ray(ndc + vec2(2.0 / size.x, 0.0)), a, e1, e2);
    vec3 ly = vis_barycentrics(pixel_ray(ndc + vec2(0.0, 2.0 / size.y)), a, e1, e2);

    vec3 world = a * l.x + b * l.y + c * l.z;
    vec3 world_dx = a * lx.x + b * lx.y + c * lx.z - world;
    vec3 world_dy = a * ly.x + b * ly.y + c * ly.z - world;
    in_world_position = world;
    mat3 key_linear = mat3(frame.shadow_matrix);
    g_key_dx = key_linear * world_dx;
    g_key_dy = key_linear * world_dy;

    vec2 uv0 = vertex_uv(i0), uv1 = vertex_uv(i1), uv2 = vertex_uv(i2);
    vec2 uv = uv0 * l.x + uv1 * l.y + uv2 * l.z;
    g_uv_dx = uv0 * lx.x + uv1 * lx.y + uv2 * lx.z - uv;
    g_uv_dy = uv0 * ly.x + uv1 * ly.y + uv2 * ly.z - uv;

    vec3 normal = vertex_vec3(i0, 3u) * l.x + vertex_vec3(i1, 3u) * l.y + vertex_vec3(i2, 3u) * l.z;
    normal = mat3(draw.normal_matrix[0].xyz, draw.normal_matrix[1].xyz, draw.normal_matrix[2].xyz) * normal;
    vec4 t0 = vec4(vertex_vec3(i0, 6u), vertex_data[i0 * 12u + 9u]);
    vec4 t1 = vec4(vertex_vec3(i1, 6u), vertex_data[i1 * 12u + 9u]);
    vec4 t2 = vec4(vertex_vec3(i2, 6u), vertex_data[i2 * 12u + 9u]);
    vec4 tangent = t0 * l.x + t1 * l.y + t2 * l.z;
    tangent.xyz = mat3(draw.model) * tangent.xyz;

    // Front-facing as the rasteriser judged it: the winding seen from the camera, reversed by a
    // mirroring transform (whose draws the pipeline culls with the other front face).
    bool front = (dot(cross(e1, e2), ray.direction) < 0.0) != (draw.draw.y != 0u);
    out_color = shade_surface(SurfacePoint(normal, tangent, uv, front), false);
}
