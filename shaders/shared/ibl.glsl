// Helpers shared by the IBL bake shaders and the PBR pass: cube-face directions, the equirect
// mapping (scene/studio_environment.h), low-discrepancy samples, GGX and Charlie sampling, SH basis.
#ifndef TWINSHOOT_IBL_GLSL
#define TWINSHOOT_IBL_GLSL

#ifndef PI
#define PI 3.14159265358979
#endif

// Direction through texel coordinate st in [-1, 1]^2 of cube face `face` (+X, -X, +Y, -Y, +Z, -Z),
// per the Vulkan cube map face selection table.
vec3 cube_direction(uint face, vec2 st) {
    vec3 d;
    if (face == 0u) d = vec3(1.0, -st.y, -st.x);
    else if (face == 1u) d = vec3(-1.0, -st.y, st.x);
    else if (face == 2u) d = vec3(st.x, 1.0, st.y);
    else if (face == 3u) d = vec3(st.x, -1.0, -st.y);
    else if (face == 4u) d = vec3(st.x, -st.y, 1.0);
    else d = vec3(-st.x, -st.y, -1.0);
    return normalize(d);
}

// World direction -> environment direction, for an environment turned about +Y by the angle whose
// cosine and sine are cos_sin (FrameUniforms.environment.yz).
vec3 rotate_to_environment(vec3 d, vec2 cos_sin) {
    float c = cos_sin.x, s = cos_sin.y;
    return vec3(c * d.x - s * d.z, d.y, s * d.x + c * d.z);
}

vec2 equirect_uv(vec3 d) {
    float phi = atan(d.x, -d.z);
    float theta = acos(clamp(d.y, -1.0, 1.0));
    return vec2(phi / (2.0 * PI) + 0.5, theta / PI);
}

vec2 hammersley(uint i, uint n) {
    uint bits = bitfieldReverse(i);
    return vec2(float(i) / float(n), float(bits) * 2.3283064365386963e-10);
}

// Tangent frame around n.
mat3 frame_around(vec3 n) {
    vec3 up = abs(n.z) < 0.999 ? vec3(0.0, 0.0, 1.0) : vec3(1.0, 0.0, 0.0);
    vec3 t = normalize(cross(up, n));
    return mat3(t, cross(n, t), n);
}

// GGX-distributed half vector (tangent space, z up) for alpha = roughness^2.
vec3 sample_ggx(vec2 xi, float alpha) {
    float phi = 2.0 * PI * xi.x;
    float cos_theta = sqrt((1.0 - xi.y) / (1.0 + (alpha * alpha - 1.0) * xi.y));
    float sin_theta = sqrt(1.0 - cos_theta * cos_theta);
    return vec3(sin_theta * cos(phi), sin_theta * sin(phi), cos_theta);
}

// Real spherical harmonics, bands 0..2, with their normalisation constants.
void sh_basis(vec3 d, out float y[9]) {
    y[0] = 0.282095;
    y[1] = 0.488603 * d.y;
    y[2] = 0.488603 * d.z;
    y[3] = 0.488603 * d.x;
    y[4] = 1.092548 * d.x * d.y;
    y[5] = 1.092548 * d.y * d.z;
    y[6] = 0.315392 * (3.0 * d.z * d.z - 1.0);
    y[7] = 1.092548 * d.x * d.z;
    y[8] = 0.546274 * (d.x * d.x - d.y * d.y);
}

#endif
