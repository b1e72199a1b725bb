// Metallic-roughness BRDF (glTF 2.0 Appendix B / Filament): GGX distribution, Smith
// height-correlated visibility, Schlick Fresnel, Lambert diffuse. alpha = roughness^2.
#ifndef TWINSHOOT_BRDF_GLSL
#define TWINSHOOT_BRDF_GLSL

#ifndef PI
#define PI 3.14159265358979
#endif

float d_ggx(float n_dot_h, float alpha) {
    float a2 = alpha * alpha;
    float f = (n_dot_h * a2 - n_dot_h) * n_dot_h + 1.0;
    return a2 / (PI * f * f);
}

// Height-correlated Smith visibility term V = G / (4 NdotL NdotV) (Heitz 2014).
float v_smith_ggx_correlated(float n_dot_v, float n_dot_l, float alpha) {
    float a2 = alpha * alpha;
    float gv = n_dot_l * sqrt(n_dot_v * n_dot_v * (1.0 - a2) + a2);
    float gl = n_dot_v * sqrt(n_dot_l * n_dot_l * (1.0 - a2) + a2);
    return 0.5 / max(gv + gl, 1e-7);
}

vec3 f_schlick(vec3 f0, float v_dot_h) {
    float f = pow(1.0 - v_dot_h, 5.0);
    return f0 + (vec3(1.0) - f0) * f;
}

// Charlie sheen distribution (Estevez & Kulla 2017), as in KHR_materials_sheen; alpha = roughness^2
// clamped so the power stays finite.
float d_charlie(float n_dot_h, float sheen_roughness) {
    float alpha = max(sheen_roughness * sheen_roughness, 1e-3);
    float inv_alpha = 1.0 / alpha;
    float sin2h = max(1.0 - n_dot_h * n_dot_h, 0.0);
    return (2.0 + inv_alpha) * pow(sin2h, inv_alpha * 0.5) / (2.0 * PI);
}

// Neubelt & Pettineo 2013 visibility for cloth (energy-preserving enough with the albedo scaling).
float v_neubelt(float n_dot_v, float n_dot_l) {
    return clamp(1.0 / (4.0 * (n_dot_l + n_dot_v - n_dot_l * n_dot_v)), 0.0, 1.0);
}

// Analytic fit of the split-sum environment BRDF (Karis, "Physically Based Shading on Mobile"),
// used for the ambient specular term until image-based lighting lands.
vec3 env_brdf_approx(vec3 f0, float roughness, float n_dot_v) {
    const vec4 c0 = vec4(-1.0, -0.0275, -0.572, 0.022);
    const vec4 c1 = vec4(1.0, 0.0425, 1.04, -0.04);
    vec4 r = roughness * c0 + c1;
    float a004 = min(r.x * r.x, exp2(-9.28 * n_dot_v)) * r.x + r.y;
    vec2 ab = vec2(-1.04, 1.04) * a004 + r.zw;
    return f0 * ab.x + ab.y;
}

#endif
