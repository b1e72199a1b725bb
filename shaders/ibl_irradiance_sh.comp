#version 460
// Projects the source cube (one low mip, every texel weighted by its solid angle) onto 9 spherical
// harmonics and convolves them with the clamped cosine (Ramamoorthi & Hanrahan 2001), divided by pi:
// the result evaluates to the outgoing radiance of a white Lambertian surface. One workgroup.
#include "ibl_interface.h"
#include "ibl.glsl"

layout(local_size_x = TS_IBL_SH_THREADS) in;
layout(set = 0, binding = TS_IBL_BINDING_SOURCE) uniform samplerCube source;
layout(set = 0, binding = TS_IBL_BINDING_SH, std430) writeonly buffer Sh { IblSh sh; };
layout(push_constant, std430) uniform Push { IblPushConstants push; };

shared vec3 partial[TS_IBL_SH_THREADS][9];

void main() {
    uint size = uint(push.params.z);  // texels per face edge at mip params.x
    float lod = push.params.x;
    vec3 acc[9];
    for (int k = 0; k < 9; ++k) acc[k] = vec3(0.0);
    uint texels = 6u * size * size;
    for (uint t = gl_LocalInvocationID.x; t < texels; t += TS_IBL_SH_THREADS) {
        uint face = t / (size * size);
        uint rest = t % (size * size);
        vec2 st = (vec2(rest % size, rest / size) + 0.5) / float(size) * 2.0 - 1.0;
        // Solid angle of the texel: (2/size)^2 / (1 + s^2 + t^2)^(3/2).
        float solid_angle = 4.0 / (float(size * size) * pow(1.0 + dot(st, st), 1.5));
        vec3 d = cube_direction(face, st);
        vec3 radiance = textureLod(source, d, lod).rgb * solid_angle;
        float y[9];
        sh_basis(d, y);
        for (int k = 0; k < 9; ++k) acc[k] += radiance * y[k];
    }
    for (int k = 0; k < 9; ++k) partial[gl_LocalInvocationID.x][k] = acc[k];
    barrier();
    for (uint stride = TS_IBL_SH_THREADS / 2u; stride > 0u; stride >>= 1) {
        if (gl_LocalInvocationID.x < stride)
            for (int k = 0; k < 9; ++k) partial[gl_LocalInvocationID.x][k] += partial[gl_LocalInvocationID.x + stride][k];
        barrier();
    }
    if (gl_LocalInvocationID.x == 0u) {
        // Cosine-lobe band factors A_l = pi, 2pi/3, pi/4, divided by pi.
        const float band[9] = float[9](1.0, 2.0 / 3.0, 2.0 / 3.0, 2.0 / 3.0, 0.25, 0.25, 0.25, 0.25, 0.25);
        for (int k = 0; k < 9; ++k) sh.coefficients[k] = vec4(partial[0][k] * band[k], 0.0);
    }
}
