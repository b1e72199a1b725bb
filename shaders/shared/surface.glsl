// The metallic-roughness surface shading shared by the forward pass (pbr.frag) and the visibility
// pass's shading (vis_shade.frag): one point of a surface, lit by the frame's lights (the key light
// with its shadow), the environment (split-sum IBL) and emission, tone mapped.
// The includer declares, before including: the frame and material blocks and textures (pbr.frag's
// names), `in_world_position` (world metres, a global or an input), lighting.glsl, and
//   TS_TEXTURE(sampler, uv)        how a material texture is sampled at this point (its filter
//                                  footprint: implicit derivatives, or explicit ones)
//   vec2 surface_key_slope(vec3 c) the receiver plane's depth slope in the key light's map at c
//                                  (lighting.glsl receiver_depth_slope, or from explicit derivatives)
#ifndef TWINSHOOT_SURFACE_GLSL
#define TWINSHOOT_SURFACE_GLSL

struct SurfacePoint {
    vec3 normal;        // interpolated vertex normal, world (not normalised)
    vec4 tangent;       // world xyz, w: bitangent sign
    vec2 uv;
    bool front_facing;
};

// alpha_test: discard where a masked material's alpha is below its cutoff (the forward pass; the
// visibility pass tested it when it drew the triangle ids).
vec4 shade_surface(SurfacePoint s, bool alpha_test) {
    uint flags = uint(material.alpha.y);
    vec4 base = material.base_color;
    if ((flags & kMaterialBaseColorTex) != 0u) base *= TS_TEXTURE(base_color_tex, s.uv);

    vec3 n = normalize(s.normal);
    if ((flags & kMaterialDoubleSided) != 0u && !s.front_facing) n = -n;
    vec3 geometric_normal = n;
    // Derivatives are taken here, in uniform control flow, before the per-light loop.
    vec3 key_coords = key_light_coords(geometric_normal);
    vec2 key_depth_slope = surface_key_slope(key_coords);
    if (alpha_test && (flags & kMaterialAlphaMask) != 0u && base.a < material.alpha.x) discard;
    if ((flags & kMaterialNormalMap) != 0u) {
        vec3 t = s.tangent.xyz - n * dot(n, s.tangent.xyz);
        if (dot(t, t) > 1e-12) {
            t = normalize(t);
            vec3 b = cross(n, t) * (s.tangent.w < 0.0 ? -1.0 : 1.0);
            vec3 m = TS_TEXTURE(normal_tex, s.uv).xyz * 2.0 - 1.0;
            m.xy *= material.params.z;
            n = normalize(mat3(t, b, n) * m);
        }
    }

    vec2 rm = (flags & kMaterialMetalRoughTex) != 0u ? TS_TEXTURE(metal_rough_tex, s.uv).gb : vec2(1.0);
    float metallic = clamp(material.params.x * rm.y, 0.0, 1.0);
    float roughness = clamp(material.params.y * rm.x, 0.03, 1.0);
    float alpha = roughness * roughness;
    float occlusion = 1.0;
    if ((flags & kMaterialOcclusionTex) != 0u) occlusion += material.params.w * (TS_TEXTURE(occlusion_tex, s.uv).r - 1.0);

    vec3 diffuse_color = base.rgb * (1.0 - metallic);
    vec3 f0 = mix(vec3(0.04), base.rgb, metallic);

    vec3 v = normalize(frame.camera_position.xyz - in_world_position);
    float n_dot_v = clamp(abs(dot(n, v)), 1e-4, 1.0);
    vec2 dfg = texture(brdf_lut, vec2(n_dot_v, roughness)).rg;
    // Multiple-scattering energy compensation of the GGX lobe (Kulla & Conty 2017, as in Filament).
    vec3 energy_compensation = 1.0 + f0 * (1.0 / max(dfg.x + dfg.y, 1e-3) - 1.0);

    // The key light's visibility once, before the loop: the shadow taps are most of a fragment's
    // texture fetches, and a CPU device (lavapipe) runs a call under a per-light condition for every
    // light (3.7x fewer taps per fragment with the studio rig; bench/README.md).
    int shadow_light = int(frame.shadow_params.x);  // (the contact shadow is the backdrop's, shade_backdrop)
    float key_visibility = shadow_light >= 0 ? key_light_visibility(key_coords, key_depth_slope) : 1.0;

    // Sheen (KHR_materials_sheen): a Charlie lobe over the base, which is scaled down by the sheen's
    // directional albedo (LUT blue channel) so the two together do not gain energy. The spec's
    // scaling takes the minimum over the view and light directions; the view term alone is used here
    // (as in the glTF Sample Viewer), one lookup per fragment.
    vec3 sheen_color = (flags & kMaterialSheen) != 0u ? material.sheen.rgb : vec3(0.0);
    float sheen_roughness = clamp(material.sheen.a, 0.07, 1.0);
    float sheen_albedo = texture(brdf_lut, vec2(n_dot_v, sheen_roughness)).b;
    float base_scale = 1.0 - max(sheen_color.r, max(sheen_color.g, sheen_color.b)) * sheen_albedo;
    // Skin: a band of light around the terminator (n.l within +-wrap, peaking there at wrap/2 of the
    // light), tinted by the scatter colour, as light entering on the lit side leaves beyond it; where
    // light falls squarely (n.l >= wrap) skin shades as any dielectric.
    float wrap = (flags & kMaterialSkin) != 0u ? material.scatter.a : 0.0;

    vec3 color = vec3(0.0);
    uint light_count = uint(frame.params.x);
    for (uint i = 0u; i < light_count; ++i) {
        vec3 l = frame.light_direction[i].xyz;
        float n_dot_l_signed = dot(n, l);
        if (n_dot_l_signed <= -wrap) continue;
        float n_dot_l = clamp(n_dot_l_signed, 0.0, 1.0);
        vec3 h = normalize(v + l);
        float n_dot_h = clamp(dot(n, h), 0.0, 1.0);
        float v_dot_h = clamp(dot(v, h), 0.0, 1.0);
        vec3 f = f_schlick(f0, v_dot_h);
        vec3 specular = d_ggx(n_dot_h, alpha) * v_smith_ggx_correlated(n_dot_v, n_dot_l, alpha) * f * energy_compensation;
        vec3 diffuse = (vec3(1.0) - f) * diffuse_color / PI;
        float band = 0.5 * wrap * max(1.0 - abs(n_dot_l_signed) / max(wrap, 1e-4), 0.0);
        vec3 diffuse_cosine = vec3(n_dot_l) + material.scatter.rgb * band;
        vec3 sheen = sheen_color * (d_charlie(n_dot_h, sheen_roughness) * v_neubelt(n_dot_v, n_dot_l) * n_dot_l);
        float visibility = int(i) == shadow_light ? key_visibility : 1.0;
        color += ((diffuse * diffuse_cosine + specular * n_dot_l) * base_scale + sheen) * frame.light_color[i].rgb *
                 visibility;
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
    // The sheen's environment light: its albedo times the irradiance (the Charlie lobe is broad; a
    // Charlie-prefiltered cube would be the exact form).
    color += ((fss_ess * radiance + (fms_ems + k_d) * irradiance) * base_scale + sheen_color * sheen_albedo * irradiance) *
             occlusion;
    vec3 emissive = material.emissive.rgb;
    if ((flags & kMaterialEmissiveTex) != 0u) emissive *= TS_TEXTURE(emissive_tex, s.uv).rgb;
    color += emissive;

    // Opaque and masked surfaces cover their pixel fully (what a transparent-background cut-out needs).
    float alpha_out = (flags & kMaterialAlphaBlend) != 0u ? base.a : 1.0;
    return vec4(tonemap(color, uint(frame.params.y)), alpha_out);
}

#endif
