// Resource interface of the image-based-lighting bake (compute) and of the maps the PBR pass reads,
// shared by C++ and GLSL.
//
// Bake, per environment: equirect (RGBA16F 2D, mipped) -> source cube (RGBA16F, kIblCubeSize, full
// mips) -> specular cube (GGX-prefiltered, kIblSpecularMips mips, perceptual roughness
// mip / (kIblSpecularMips - 1)) and 9 spherical-harmonic coefficients of irradiance / pi.
// Once per device: the split-sum lookup table (R: scale A, G: bias B of the GGX directional albedo
// f0 * A + B; B channel: the Charlie sheen directional albedo), indexed by (n.v, perceptual roughness).
#ifndef TWINSHOOT_IBL_INTERFACE_H
#define TWINSHOOT_IBL_INTERFACE_H

#ifdef __cplusplus
#include <glm/glm.hpp>
#include <cstdint>
namespace twinshoot::gpu {
using vec4 = glm::vec4;
#define TS_CONST(name, value) constexpr uint32_t name = value
#else
#define TS_CONST(name, value) const uint name = value
#endif

TS_CONST(kIblCubeSize, 256);
TS_CONST(kIblSpecularMips, 6);      // 256 .. 8
TS_CONST(kIblShSourceMip, 3);       // 32 x 32 per face feeds the SH projection
TS_CONST(kIblLutSize, 128);
TS_CONST(kIblPrefilterSamples, 96);
TS_CONST(kIblLutSamples, 512);
#define TS_IBL_WORKGROUP 8          // 8 x 8 threads for image passes
#define TS_IBL_SH_THREADS 64

#define TS_IBL_BINDING_SOURCE 0     // combined sampler: equirect 2D or source cube
#define TS_IBL_BINDING_TARGET 1     // storage image rgba16f: 2D array (cube faces) or 2D (LUT)
#define TS_IBL_BINDING_SH 2         // storage buffer: IblSh

struct IblPushConstants {
    vec4 params;  // x: perceptual roughness / source lod, y: source cube size, z: target size, w: unused
};

// Irradiance / pi as SH: evaluate sum(coefficient[i] * Y_i(n)) with the real SH basis (band 0..2,
// constants included) to get the outgoing radiance of a white Lambertian surface with normal n.
struct IblSh {
    vec4 coefficients[9];  // rgb, w unused
};

#ifdef __cplusplus
static_assert(sizeof(IblPushConstants) == 16);
static_assert(sizeof(IblSh) == 144);
}  // namespace twinshoot::gpu
#endif
#undef TS_CONST
#endif
