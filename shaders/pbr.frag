#version 460
#include "pbr_interface.h"
#include "brdf.glsl"
#include "ibl.glsl"
#include "tonemap.glsl"

layout(location = 0) in vec3 in_world_position;
layout(location = 1) in vec3 in_normal;
layout(location = 2) in vec4 in_tangent;
layout(location = 3) in vec2 in_uv;

layout(set = TS_SET_FRAME, binding = TS_BINDING_FRAME, std140) uniform FrameBlock { FrameUniforms frame; };
layout(set = TS_SET_FRAME, binding = TS_BINDING_ENV_SPECULAR) uniform samplerCube env_specular;
layout(set = TS_SET_FRAME, binding = TS_BINDING_BRDF_LUT) uniform sampler2D brdf_lut;
layout(set = TS_SET_MATERIAL, binding = TS_BINDING_MATERIAL, std140) uniform MaterialBlock { MaterialUniforms material; };
layout(set = TS_SET_MATERIAL, binding = TS_BINDING_BASE_COLOR_TEX) uniform sampler2D base_color_tex;     // sRGB view
layout(set = TS_SET_MATERIAL, binding = TS_BINDING_METAL_ROUGH_TEX) uniform sampler2D metal_rough_tex;   // G rough, B metal
layout(set = TS_SET_MATERIAL, binding = TS_BINDING_NORMAL_TEX) uniform sampler2D normal_tex;
layout(set = TS_SET_MATERIAL, binding = TS_BINDING_OCCLUSION_TEX) uniform sampler2D occlusion_tex;       // R
layout(set = TS_SET_MATERIAL, binding = TS_BINDING_EMISSIVE_TEX) uniform sampler2D emissive_tex;         // sRGB view

layout(location = 0) out vec4 out_color;  // display-referred linear; the sRGB attachment encodes

// World direction -> environment direction (the environment is turned by frame.environment.yz).
vec3 env_dir(vec3 d) {
    float c = frame.environment.y, s = frame.environment.z;
    return vec3(c * d.x - s * d.z, d.y, s * d.x + c * d.z);
}

vec3 irradiance_over_pi(vec3 n) {
    float y[9];
    sh_basis(env_dir(n), y);
    vec3 e = vec3(0.0);
    for (int k = 0; k < 9; ++k) e += frame.environment_sh[k].rgb * y[k];
    return max(e, vec3(0.0)) * frame.environment.x;
}

void main() {
    uint flags = uint(material.alpha.y);
    vec4 base = material.base_color * texture(base_color_tex, in_uv);
    if ((flags & kMaterialAlphaMask) != 0u && base.a < material.alpha.x) discard;

    vec3 n = normalize(in_normal);
    if ((flags & kMaterialDoubleSided) != 0u && !gl_FrontFacing) n = -n;
    if ((flags & kMaterialNormalMap) != 0u) {
        vec3 t = in_tangent.xyz - n * dot(n, in_tangent.xyz);
        if (dot(t, t) > 1e-12) {
            t = normalize(t);
            vec3 b = cross(n, t) * (in_tangent.w < 0.0 ? -1.0 : 1.0);
            vec3 m = texture(normal_tex, in_uv).xyz * 2.0 - 1.0;
            m.xy *= material.params.z;
            n = normalize(mat3(t, b, n) * m);
        }
    }

    vec4 mr = texture(metal_rough_tex, in_uv);
    float metallic = clamp(material.params.x * mr.b, 0.0, 1.0);
    float roughness = clamp(material.params.y * mr.g, 0.03, 1.0);
    float alpha = roughness * roughness;
    float occlusion = 1.0 + material.params.w * (texture(occlusion_tex, in_uv).r - 1.0);

    vec3 diffuse_color = base.rgb * (1.0 - metallic);
    vec3 f0 = mix(vec3(0.04), base.rgb, metallic);

    vec3 v = normalize(frame.camera_position.xyz - in_world_position);
    float n_dot_v = clamp(abs(dot(n, v)), 1e-4, 1.0);
    vec2 dfg = texture(brdf_lut, vec2(n_dot_v, roughness)).rg;
    // Multiple-scattering energy compensation of the GGX lobe (Kulla & Conty 2017, as in Filament).
    vec3 energy_compensation = 1.0 + f0 * (1.0 / max(dfg.x + dfg.y, 1e-3) - 1.0);

    vec3 color = vec3(0.0);
    uint light_count = uint(frame.params.x);
    for (uint i = 0u; i < light_count; ++i) {
        vec3 l = frame.light_direction[i].xyz;
        float n_dot_l = clamp(dot(n, l), 0.0, 1.0);
        if (n_dot_l <= 0.0) continue;
        vec3 h = normalize(v + l);
        float n_dot_h = clamp(dot(n, h), 0.0, 1.0);
        float v_dot_h = clamp(dot(v, h), 0.0, 1.0);
        vec3 f = f_schlick(f0, v_dot_h);
        vec3 specular = d_ggx(n_dot_h, alpha) * v_smith_ggx_correlated(n_dot_v, n_dot_l, alpha) * f * energy_compensation;
        vec3 diffuse = (vec3(1.0) - f) * diffuse_color / PI;
        color += (diffuse + specular) * frame.light_color[i].rgb * n_dot_l;
    }

    // Image-based lighting: split-sum specular with multiple scattering and the matching diffuse
    // energy (Fdez-Aguera 2019), so a white furnace returns its radiance at every roughness.
    vec3 radiance = textureLod(env_specular, env_dir(reflect(-v, n)), roughness * frame.environment.w).rgb *
                    frame.environment.x;
    vec3 irradiance = irradiance_over_pi(n);
    vec3 fr = max(vec3(1.0 - roughness), f0) - f0;
    vec3 k_s = f0 + fr * pow(1.0 - n_dot_v, 5.0);
    vec3 fss_ess = k_s * dfg.x + dfg.y;
    float ems = 1.0 - (dfg.x + dfg.y);
    vec3 f_avg = f0 + (1.0 - f0) / 21.0;
    vec3 fms_ems = ems * fss_ess * f_avg / (1.0 - f_avg * ems);
    vec3 k_d = diffuse_color * (1.0 - fss_ess - fms_ems);
    color += (fss_ess * radiance + (fms_ems + k_d) * irradiance) * occlusion;
    color += material.emissive.rgb * texture(emissive_tex, in_uv).rgb;

    // Opaque and masked surfaces cover their pixel fully (what a transparent-background cut-out needs).
    float alpha_out = (flags & kMaterialAlphaBlend) != 0u ? base.a : 1.0;
    out_color = vec4(tonemap(color, uint(frame.params.y)), alpha_out);
}
