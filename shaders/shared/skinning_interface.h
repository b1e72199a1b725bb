// Resource interface of the skinning compute pass, shared by C++ and GLSL.
// Vertices are read and written as raw floats (12 per vertex: position xyz, normal xyz, tangent
// xyzw, uv xy — asset::Vertex), because a vec3 in a std430 struct would be padded to 16 bytes.
#ifndef TWINSHOOT_SKINNING_INTERFACE_H
#define TWINSHOOT_SKINNING_INTERFACE_H

#ifdef __cplusplus
#include <glm/glm.hpp>
#include <cstdint>
namespace twinshoot::gpu {
using uvec4 = glm::uvec4;
using vec4 = glm::vec4;
#define TS_CONST(name, value) constexpr uint32_t name = value
#else
#define TS_CONST(name, value) const uint name = value
#endif

#define TS_SKIN_BINDING_JOINTS 0    // mat4[]: skinning matrices (world * inverse bind)
#define TS_SKIN_BINDING_SOURCE 1    // float[]: rest vertices
#define TS_SKIN_BINDING_WEIGHTS 2   // SkinWeights[]: one per vertex
#define TS_SKIN_BINDING_TARGET 3    // float[]: skinned vertices (also the draw's vertex buffer)
#define TS_SKIN_WORKGROUP 64
TS_CONST(kSkinFloatsPerVertex, 12);

// asset::VertexSkin: 8 joint indices as 16-bit pairs (low half first), 8 weights.
struct SkinWeights {
    uvec4 joints;
    vec4 weights0;
    vec4 weights1;
};

struct SkinPushConstants {
    uvec4 counts;  // x: vertex count, y: joint count
};

#ifdef __cplusplus
static_assert(sizeof(SkinWeights) == 48);
static_assert(sizeof(SkinPushConstants) == 16);
}  // namespace twinshoot::gpu
#endif
#undef TS_CONST
#endif
