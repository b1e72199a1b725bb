// Tone mappers from scene-referred (exposed) linear Rec.709 to display-referred linear in [0, 1];
// the sRGB attachment then encodes. Applied per fragment, before the MSAA resolve, so edges are
// averaged in display space (no bright-edge aliasing), and before blending (a known approximation
// for transparent layers; see docs/rendering.md).
#ifndef TWINSHOOT_TONEMAP_GLSL
#define TWINSHOOT_TONEMAP_GLSL

// Khronos PBR Neutral (2024): identity below the compression start after removing the 0.04
// specular floor, so base colours read true under a white environment of intensity 1.
vec3 tonemap_pbr_neutral(vec3 color) {
    const float start_compression = 0.8 - 0.04;
    const float desaturation = 0.15;
    float x = min(color.r, min(color.g, color.b));
    float offset = x < 0.08 ? x - 6.25 * x * x : 0.04;
    color -= offset;
    float peak = max(color.r, max(color.g, color.b));
    if (peak < start_compression) return color;
    const float d = 1.0 - start_compression;
    float new_peak = 1.0 - d * d / (peak + d - start_compression);
    color *= new_peak / peak;
    float g = 1.0 - 1.0 / (desaturation * (peak - new_peak) + 1.0);
    return mix(color, vec3(new_peak), g);
}

// ACES filmic (RRT + sRGB ODT) fit by Stephen Hill, with its sRGB <-> ACES AP1 input/output matrices.
vec3 tonemap_aces(vec3 color) {
    const mat3 input_matrix = mat3(0.59719, 0.07600, 0.02840, 0.35458, 0.90834, 0.13383, 0.04823, 0.01566, 0.83777);
    const mat3 output_matrix = mat3(1.60475, -0.10208, -0.00327, -0.53108, 1.10813, -0.07276, -0.07367, -0.00605, 1.07602);
    color = input_matrix * (color / 0.6);
    vec3 a = color * (color + 0.0245786) - 0.000090537;
    vec3 b = color * (0.983729 * color + 0.4329510) + 0.238081;
    return clamp(output_matrix * (a / b), 0.0, 1.0);
}

vec3 tonemap(vec3 color, uint mapper) {
    color = max(color, vec3(0.0));
    if (mapper == kToneMapAces) return tonemap_aces(color);
    if (mapper == kToneMapLinear) return clamp(color, 0.0, 1.0);
    return clamp(tonemap_pbr_neutral(color), 0.0, 1.0);
}

#endif
