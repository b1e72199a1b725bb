#version 460
// The visibility pass's evaluation (view/visibility_pass.h): for each pair of samples
// vis_classify.comp listed (a draw's first sample in a pixel and the first of another of its
// triangles there), evaluates both triangles on the ray through the pixel centre (vis_group.glsl).
// When they are not one surface, the pixel's flags mark every sample of the other triangle as the
// draw's second surface, and the tile goes to that draw's second-surface list once. Triangles are
// read by buffer device address (VisDraw).
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_buffer_reference_uvec2 : require
#include "visibility_interface.h"
#include "vis_group.glsl"

layout(local_size_x = TS_VIS_EVALUATE_GROUP) in;
layout(constant_id = 0) const uint kSamples = 4u;

layout(buffer_reference, std430, buffer_reference_align = 4) readonly buffer VisFloats { float v[]; };
layout(buffer_reference, std430, buffer_reference_align = 4) readonly buffer VisUints { uint v[]; };

layout(set = 0, binding = TS_VIS_CLASSIFY_BINDING_IDS) uniform usampler2DMS ids;
layout(set = 0, binding = TS_VIS_CLASSIFY_BINDING_TILES, std430) writeonly buffer Tiles { uint tiles[]; };
layout(set = 0, binding = TS_VIS_CLASSIFY_BINDING_COMMANDS, std430) buffer Commands { uint commands[]; };
layout(set = 0, binding = TS_VIS_CLASSIFY_BINDING_FLAGS, std430) buffer Flags { uint flags[]; };
layout(set = 0, binding = TS_VIS_CLASSIFY_BINDING_PIXELS, std430) readonly buffer Pixels {
    VisPixelListHeader list;
    uint pixels[];
};
layout(set = 0, binding = TS_VIS_CLASSIFY_BINDING_DRAWS, std430) readonly buffer Draws { VisDraw draws[]; };
layout(set = 0, binding = TS_VIS_CLASSIFY_BINDING_SECOND, std430) buffer Second { uint second[]; };
layout(push_constant, std430) uniform ClassifyBlock { VisClassifyPushConstants push; };

vec3 corner(VisFloats vertices, mat4 model, uint index) {
    uint base = index * 12u;
    return (model * vec4(vertices.v[base], vertices.v[base + 1u], vertices.v[base + 2u], 1.0)).xyz;
}

// Where the ray meets the plane of `triangle` of draw `number`.
VisPoint surface_point(uint number, uint triangle, VisRay ray) {
    VisDraw d = draws[number - 1u];
    VisFloats vertices = VisFloats(d.buffers.xy);
    VisUints indices = VisUints(d.buffers.zw);
    uint i0 = indices.v[3u * triangle], i1 = indices.v[3u * triangle + 1u], i2 = indices.v[3u * triangle + 2u];
    vec3 a = corner(vertices, d.model, i0), b = corner(vertices, d.model, i1), c = corner(vertices, d.model, i2);
    vec3 l = vis_barycentrics(ray, a, b - a, c - a);
    vec3 hit = a * l.x + b * l.y + c * l.z;
    uint b0 = i0 * 12u, b1 = i1 * 12u, b2 = i2 * 12u;
    vec2 uv = vec2(vertices.v[b0 + 10u], vertices.v[b0 + 11u]) * l.x + vec2(vertices.v[b1 + 10u], vertices.v[b1 + 11u]) * l.y +
              vec2(vertices.v[b2 + 10u], vertices.v[b2 + 11u]) * l.z;
    vec3 n = vec3(vertices.v[b0 + 3u], vertices.v[b0 + 4u], vertices.v[b0 + 5u]) * l.x +
             vec3(vertices.v[b1 + 3u], vertices.v[b1 + 4u], vertices.v[b1 + 5u]) * l.y +
             vec3(vertices.v[b2 + 3u], vertices.v[b2 + 4u], vertices.v[b2 + 5u]) * l.z;
    n = dot(n, n) > 1e-20 ? normalize(n) : vec3(0.0, 0.0, 1.0);
    return VisPoint(dot(hit - ray.origin, ray.direction), uv, n);
}

void evaluate(uint index, uint count) {
    // llvmpipe reads by address in lanes that are done too: keep theirs on a listed pair (the
    // dispatch is empty when the list is).
    uint pair = pixels[index < count ? index : 0u];
    uint pixel_index = pair >> 6u, anchor = (pair >> 3u) & 7u, other = pair & 7u;
    ivec2 pixel = ivec2(pixel_index % push.size.x, pixel_index / push.size.x);
    VisRay ray = vis_pixel_ray(push.inverse_view_projection, (vec2(pixel) + 0.5) / vec2(push.size.xy) * 2.0 - 1.0);

    VisSample samples[kSamples];
    for (uint s = 0u; s < kSamples; ++s) samples[s] = vis_sample(vis_fetch(ids, pixel, int(s)));
    uint d = clamp(samples[anchor].draw, 1u, push.info.y), triangle = samples[other].triangle;
    if (vis_same_surface(surface_point(d, samples[anchor].triangle, ray), surface_point(d, triangle, ray)))
        return;
    // Every sample of the other triangle is the draw's second surface in this pixel.
    uint pixel_flags = 0u;
    for (uint s = 0u; s < kSamples; ++s)
        if (samples[s].draw == d && samples[s].triangle == triangle) pixel_flags |= 1u << s;
    atomicOr(flags[pixel_index], pixel_flags);
    uint tile = uint(pixel.y / TS_VIS_TILE) * push.info.x + uint(pixel.x / TS_VIS_TILE);
    uint bit = 1u << (d & 31u);
    if ((atomicOr(second[tile * 8u + (d >> 5u)], bit) & bit) == 0u) {
        uint list_index = push.info.y + (d - 1u);
        uint slot = atomicAdd(commands[list_index * 4u + 1u], 1u);
        tiles[list_index * push.info.z + slot] = tile;
    }
}

// The dispatch is two-dimensional where the pairs need more workgroups than the device's limit in x
// (vis_classify.glsl).
void main() {
    uint count = list.dispatch.w;
    uint index = (gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x) * TS_VIS_EVALUATE_GROUP +
                 gl_LocalInvocationID.x;
    if (index < count) evaluate(index, count);
}
