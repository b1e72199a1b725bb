#version 460
// The split-sum lookup table (Karis 2013) for the BRDF of pbr.frag: x = n.v, y = perceptual
// roughness. R, G: scale and bias of the GGX directional albedo (height-correlated Smith, Schlick
// Fresnel); B: directional albedo of the Charlie sheen lobe (KHR_materials_sheen albedo scaling and
// sheen IBL), from uniform hemisphere samples.
#include "ibl_interface.h"
#include "brdf.glsl"
#include "ibl.glsl"

layout(local_size_x = TS_IBL_WORKGROUP, local_size_y = TS_IBL_WORKGROUP) in;
layout(set = 0, binding = TS_IBL_BINDING_TARGET, rgba16f) uniform writeonly image2D target;

void main() {
    uvec2 id = gl_GlobalInvocationID.xy;
    if (id.x >= kIblLutSize || id.y >= kIblLutSize) return;
    float n_dot_v = max((float(id.x) + 0.5) / float(kIblLutSize), 1e-3);
    float roughness = (float(id.y) + 0.5) / float(kIblLutSize);
    float alpha = roughness * roughness;
    vec3 v = vec3(sqrt(1.0 - n_dot_v * n_dot_v), 0.0, n_dot_v);
    float a = 0.0, b = 0.0, sheen = 0.0;
    for (uint i = 0u; i < kIblLutSamples; ++i) {
        vec2 xi = hammersley(i, kIblLutSamples);
        vec3 h = sample_ggx(xi, alpha);
        vec3 l = reflect(-v, h);
        float n_dot_l = l.z, n_dot_h = max(h.z, 0.0), v_dot_h = max(dot(v, h), 0.0);
        if (n_dot_l > 0.0) {
            // f * n.l / pdf with pdf = D n.h / (4 v.h): V * 4 * n.l * v.h / n.h.
            float g = v_smith_ggx_correlated(n_dot_v, n_dot_l, alpha) * 4.0 * n_dot_l * v_dot_h / max(n_dot_h, 1e-6);
            float fc = pow(1.0 - v_dot_h, 5.0);
            a += (1.0 - fc) * g;
            b += fc * g;
        }
        // Uniform hemisphere sample for the sheen lobe (pdf 1 / 2pi).
        float z = xi.y, r = sqrt(max(0.0, 1.0 - z * z)), phi = 2.0 * PI * xi.x;
        vec3 ls = vec3(r * cos(phi), r * sin(phi), z);
        vec3 hs = normalize(ls + v);
        sheen += d_charlie(hs.z, roughness) * v_neubelt(n_dot_v, ls.z) * ls.z * 2.0 * PI;
    }
    float n = float(kIblLutSamples);
    imageStore(target, ivec2(id), vec4(a / n, b / n, sheen / n, 1.0));
}
