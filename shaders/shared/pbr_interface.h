// The one description of the PBR pass's resource interface, included by both C++ and GLSL.
// Binding numbers and uniform layouts live only here; C++ static_asserts the struct sizes.
// Layouts are std140-compatible: only vec4 / mat4 members, so C++ and GLSL agree byte for byte.
#ifndef TWINSHOOT_PBR_INTERFACE_H
#define TWINSHOOT_PBR_INTERFACE_H

#ifdef __cplusplus
#include <glm/glm.hpp>
#include <cstdint>
namespace twinshoot::gpu {
using vec4 = glm::vec4;
using mat4 = glm::mat4;
#define TS_CONST(name, value) constexpr uint32_t name = value
#else
#define TS_CONST(name, value) const uint name = value
#endif

// Descriptor set 0: per frame. Set 1: per material.
#define TS_SET_FRAME 0
#define TS_BINDING_FRAME 0
#define TS_BINDING_ENV_SPECULAR 1    // samplerCube: GGX-prefiltered environment (ibl_interface.h)
#define TS_BINDING_BRDF_LUT 2        // sampler2D: split-sum + sheen albedo table
#define TS_BINDING_SHADOW_MAP 3      // sampler2DShadow: the key light's depth (view/shadow_pass.h)
#define TS_BINDING_CONTACT_MAP 4     // sampler2D: depth seen from straight above the subject (contact shadow)
#define TS_BINDING_BACKDROP_LIGHT 5  // sampler2D: the backdrop's irradiance at half resolution (view/backdrop_light.h)
#define TS_MAX_LIGHTS 4
#define TS_SET_MATERIAL 1
#define TS_BINDING_MATERIAL 0
#define TS_BINDING_BASE_COLOR_TEX 1
#define TS_BINDING_METAL_ROUGH_TEX 2
#define TS_BINDING_NORMAL_TEX 3
#define TS_BINDING_OCCLUSION_TEX 4
#define TS_BINDING_EMISSIVE_TEX 5
TS_CONST(kMaterialTextureCount, 5);

// MaterialUniforms.flags bits
TS_CONST(kMaterialNormalMap, 1);     // sample the normal texture (mesh has tangents)
TS_CONST(kMaterialAlphaMask, 2);     // discard below alpha_cutoff
TS_CONST(kMaterialDoubleSided, 4);   // flip the normal on back faces
TS_CONST(kMaterialAlphaBlend, 8);    // output the material's alpha (otherwise 1: opaque and mask are opaque)
TS_CONST(kMaterialBackdrop, 16);     // studio backdrop: receives the subject's contact shadow, casts none
// A texture is sampled only when its bit is set: on a GPU an absent slot (a 1x1 fallback is bound)
// then costs no fetch. (lavapipe runs both sides of such uniform branches, so there it saves nothing.)
TS_CONST(kMaterialBaseColorTex, 32);
TS_CONST(kMaterialMetalRoughTex, 64);
TS_CONST(kMaterialOcclusionTex, 128);
TS_CONST(kMaterialEmissiveTex, 256);
TS_CONST(kMaterialSheen, 512);  // KHR_materials_sheen lobe (MaterialUniforms.sheen)
TS_CONST(kMaterialSkin, 1024);  // wrap lighting with a scatter colour (MaterialUniforms.scatter)

// FrameUniforms.params.y: tone mapper
TS_CONST(kToneMapPbrNeutral, 0);
TS_CONST(kToneMapAces, 1);
TS_CONST(kToneMapLinear, 2);

// Radiometric values arrive pre-exposed (multiplied by the camera exposure on the CPU), so the
// shader's numbers stay near 1 (Filament's pre-exposure).
struct FrameUniforms {
    mat4 view;
    mat4 projection;
    mat4 inverse_view_projection;          // clip -> world (background rays)
    vec4 camera_position;                  // xyz world position, w unused
    vec4 light_direction[TS_MAX_LIGHTS];   // xyz: towards the light (normalised), w unused
    vec4 light_color[TS_MAX_LIGHTS];       // rgb: colour * lux * exposure
    vec4 environment;                      // x: nits * exposure, y, z: cos, sin of the rotation about +Y, w: max specular lod
    vec4 environment_sh[9];                // irradiance / pi (ibl_interface.h IblSh), before environment.x
    vec4 params;                           // x: light count, y: tone mapper, z: shadow depth bias (map depth units), w unused
    mat4 shadow_matrix;                    // world -> key-light map: xy texture coordinates, z depth
    mat4 contact_matrix;                   // world -> upward-looking contact map: xy texture coordinates, z depth
    vec4 shadow_params;                    // x: index of the light that casts (-1: none), y: PCF radius (uv),
                                           // z: normal offset (m), w: 1 when the contact shadow is on
    vec4 contact_params;                   // x: occluder height (m) over which it fades, y: sample radius (uv),
                                           // z: depth range of the overhead map (m), w: strength 0..1
};

struct MaterialUniforms {
    vec4 base_color;           // linear RGBA factor
    vec4 emissive;             // linear RGB, w unused
    vec4 params;               // x metallic, y roughness, z normal scale, w occlusion strength
    vec4 alpha;                // x alpha cutoff, y flags (as float), zw unused
    vec4 sheen;                // rgb sheen colour (linear), a sheen roughness (perceptual)
    vec4 scatter;              // rgb skin scatter colour (linear), a wrap 0..1
};

struct DrawPushConstants {
    mat4 model;                // mesh -> world
    mat4 normal_matrix;        // inverse-transpose of model (upper 3x3 used)
};

#ifdef __cplusplus
static_assert(sizeof(FrameUniforms) == 5 * 64 + (1 + 2 * TS_MAX_LIGHTS + 1 + 9 + 1 + 2) * 16);
static_assert(sizeof(MaterialUniforms) == 6 * 16);
static_assert(sizeof(DrawPushConstants) == 128, "must fit the 128-byte push-constant minimum");
}  // namespace twinshoot::gpu
#endif
#undef TS_CONST
#endif
