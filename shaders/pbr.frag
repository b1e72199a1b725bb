#version 460
#include "pbr_interface.h"
#include "brdf.glsl"

layout(location = 0) in vec3 in_world_position;
layout(location = 1) in vec3 in_normal;
layout(location = 2) in vec4 in_tangent;
layout(location = 3) in vec2 in_uv;

layout(set = TS_SET_FRAME, binding = TS_BINDING_FRAME, std140) uniform FrameBlock { FrameUniforms frame; };
layout(set = TS_SET_MATERIAL, binding = TS_BINDING_MATERIAL, std140) uniform MaterialBlock { MaterialUniforms material; };
layout(set = TS_SET_MATERIAL, binding = TS_BINDING_BASE_COLOR_TEX) uniform sampler2D base_color_tex;     // sRGB view
layout(set = TS_SET_MATERIAL, binding = TS_BINDING_METAL_ROUGH_TEX) uniform sampler2D metal_rough_tex;   // G rough, B metal
layout(set = TS_SET_MATERIAL, binding = TS_BINDING_NORMAL_TEX) uniform sampler2D normal_tex;
layout(set = TS_SET_MATERIAL, binding = TS_BINDING_OCCLUSION_TEX) uniform sampler2D occlusion_tex;       // R
layout(set = TS_SET_MATERIAL, binding = TS_BINDING_EMISSIVE_TEX) uniform sampler2D emissive_tex;         // sRGB view

layout(location = 0) out vec4 out_color;  // linear; the sRGB attachment encodes

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
    vec3 l = normalize(frame.light_direction.xyz);
    vec3 h = normalize(v + l);
    float n_dot_v = clamp(abs(dot(n, v)), 1e-4, 1.0);
    float n_dot_l = clamp(dot(n, l), 0.0, 1.0);
    float n_dot_h = clamp(dot(n, h), 0.0, 1.0);
    float v_dot_h = clamp(dot(v, h), 0.0, 1.0);

    vec3 f = f_schlick(f0, v_dot_h);
    vec3 specular = d_ggx(n_dot_h, alpha) * v_smith_ggx_correlated(n_dot_v, n_dot_l, alpha) * f;
    vec3 diffuse = (vec3(1.0) - f) * diffuse_color / PI;
    vec3 color = (diffuse + specular) * frame.light_color.rgb * n_dot_l;

    // Uniform ambient: Lambert irradiance (pi * L / pi = L) plus the split-sum specular fit.
    vec3 ambient = frame.ambient.rgb * (diffuse_color + env_brdf_approx(f0, roughness, n_dot_v));
    color += ambient * occlusion;
    color += material.emissive.rgb * texture(emissive_tex, in_uv).rgb;

    color *= frame.ambient.w;  // exposure
    // Opaque and masked surfaces cover their pixel fully (what a transparent-background cut-out needs).
    float alpha_out = (flags & kMaterialAlphaBlend) != 0u ? base.a : 1.0;
    out_color = vec4(clamp(color, 0.0, 1.0), alpha_out);
}
