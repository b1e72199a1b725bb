#version 460
// GGX prefiltering of the source cube into one mip of the specular cube (Karis 2013 split sum with
// n = v = r), with filtered importance sampling (Krivanek & Colbert 2008): each sample reads the
// source mip whose texel solid angle matches the sample's, so few samples give no fireflies.
#include "ibl_interface.h"
#include "brdf.glsl"
#include "ibl.glsl"

layout(local_size_x = TS_IBL_WORKGROUP, local_size_y = TS_IBL_WORKGROUP) in;
layout(set = 0, binding = TS_IBL_BINDING_SOURCE) uniform samplerCube source;
layout(set = 0, binding = TS_IBL_BINDING_TARGET, rgba16f) uniform writeonly image2DArray target;
layout(push_constant, std430) uniform Push { IblPushConstants push; };

void main() {
    uint size = uint(push.params.z);
    uvec3 id = gl_GlobalInvocationID;
    if (id.x >= size || id.y >= size) return;
    vec2 st = (vec2(id.xy) + 0.5) / float(size) * 2.0 - 1.0;
    vec3 n = cube_direction(id.z, st);
    float roughness = push.params.x;
    float alpha = roughness * roughness;
    float source_size = push.params.y;
    float texel_solid_angle = 4.0 * PI / (6.0 * source_size * source_size);
    if (roughness == 0.0) {  // mirror: the source itself
        imageStore(target, ivec3(id), vec4(textureLod(source, n, 0.0).rgb, 1.0));
        return;
    }
    mat3 frame = frame_around(n);
    vec3 sum = vec3(0.0);
    float weight = 0.0;
    for (uint i = 0u; i < kIblPrefilterSamples; ++i) {
        vec3 h = frame * sample_ggx(hammersley(i, kIblPrefilterSamples), alpha);
        vec3 l = reflect(-n, h);
        float n_dot_l = dot(n, l);
        if (n_dot_l <= 0.0) continue;
        float n_dot_h = clamp(dot(n, h), 0.0, 1.0);
        float pdf = d_ggx(n_dot_h, max(alpha, 1e-4)) * 0.25;  // D * n.h / (4 v.h) with n = v
        float sample_solid_angle = 1.0 / (float(kIblPrefilterSamples) * pdf + 1e-6);
        float lod = max(0.5 * log2(sample_solid_angle / texel_solid_angle) + 1.0, 0.0);
        sum += textureLod(source, l, lod).rgb * n_dot_l;
        weight += n_dot_l;
    }
    imageStore(target, ivec3(id), vec4(sum / max(weight, 1e-6), 1.0));
}
