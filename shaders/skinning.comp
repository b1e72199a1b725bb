#version 460
#include "skinning_interface.h"

layout(local_size_x = TS_SKIN_WORKGROUP) in;

layout(set = 0, binding = TS_SKIN_BINDING_JOINTS, std430) readonly buffer Joints { mat4 joints[]; };
layout(set = 0, binding = TS_SKIN_BINDING_SOURCE, std430) readonly buffer Source { float source[]; };
layout(set = 0, binding = TS_SKIN_BINDING_WEIGHTS, std430) readonly buffer Weights { SkinWeights skins[]; };
layout(set = 0, binding = TS_SKIN_BINDING_TARGET, std430) writeonly buffer Target { float target[]; };
layout(push_constant, std430) uniform Push { SkinPushConstants push; };

vec3 load3(uint base) { return vec3(source[base], source[base + 1], source[base + 2]); }

void main() {
    uint v = gl_GlobalInvocationID.x;
    if (v >= push.counts.x) return;
    SkinWeights s = skins[v];
    float w[8] = float[8](s.weights0.x, s.weights0.y, s.weights0.z, s.weights0.w,
                          s.weights1.x, s.weights1.y, s.weights1.z, s.weights1.w);
    mat4 m = mat4(0.0);
    for (uint k = 0; k < 8u; ++k) {
        if (w[k] == 0.0) continue;
        uint packed = s.joints[k / 2u];
        uint joint = (k % 2u == 0u) ? (packed & 0xffffu) : (packed >> 16);
        m += joints[min(joint, push.counts.y - 1u)] * w[k];
    }
    uint base = v * kSkinFloatsPerVertex;
    vec3 p = (m * vec4(load3(base), 1.0)).xyz;
    mat3 r = mat3(m);
    vec3 n = r * load3(base + 3u);
    vec3 t = r * load3(base + 6u);
    float n_len = length(n), t_len = length(t);
    n = n_len > 1e-20 ? n / n_len : load3(base + 3u);
    t = t_len > 1e-20 ? t / t_len : load3(base + 6u);
    target[base + 0u] = p.x; target[base + 1u] = p.y; target[base + 2u] = p.z;
    target[base + 3u] = n.x; target[base + 4u] = n.y; target[base + 5u] = n.z;
    target[base + 6u] = t.x; target[base + 7u] = t.y; target[base + 8u] = t.z;
    target[base + 9u] = source[base + 9u];    // tangent handedness
    target[base + 10u] = source[base + 10u];  // uv
    target[base + 11u] = source[base + 11u];
}
