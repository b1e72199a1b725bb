// The visibility pass's resource interface (view/visibility_pass.h), included by C++ and GLSL.
// The id pass writes, per sample, which triangle of which draw covers it; the shading pass reads a
// pixel's samples back and shades each surface in it once (vis_shade.glsl).
#ifndef TWINSHOOT_VISIBILITY_INTERFACE_H
#define TWINSHOOT_VISIBILITY_INTERFACE_H

#ifdef __cplusplus
#include <glm/glm.hpp>
#include <cstdint>
namespace twinshoot::gpu {
using vec4 = glm::vec4;
using uvec4 = glm::uvec4;
using mat4 = glm::mat4;
#define TS_CONST(name, value) constexpr uint32_t name = value
#else
#define TS_CONST(name, value) const uint name = value
#endif

// Id pass: set 0 is the PBR frame set, set 1 a masked material's set (its alpha test).
// Shading pass: set 0 frame, set 1 material (pbr_interface.h), set 2 this draw's input:
#define TS_VIS_SET_INPUT 2
#define TS_VIS_BINDING_IDS 0       // usampler2DMS (usampler2D at 1 sample), R32UI: the sample's id
#define TS_VIS_BINDING_VERTICES 1  // float[]: the draw's vertices, 12 floats each (asset::Vertex)
#define TS_VIS_BINDING_INDICES 2   // uint[]: its triangle list
#define TS_VIS_BINDING_TILES 3     // uint[]: the tiles to shade (vis_classify.comp), read by the vertex stage
#define TS_VIS_BINDING_FLAGS 4     // uint per pixel (row-major): bit s set when sample s is not its draw's
                                   // first surface (vis_evaluate.comp; 0 where a draw has one triangle)

// Classification (vis_classify.comp, one workgroup per tile) and evaluation (vis_evaluate.comp, one
// invocation per listed pixel): set 0 of both.
#define TS_VIS_CLASSIFY_BINDING_IDS 0       // as TS_VIS_BINDING_IDS
#define TS_VIS_CLASSIFY_BINDING_TILES 1     // uint[]: per (group, draw) list, `capacity` tiles each
#define TS_VIS_CLASSIFY_BINDING_COMMANDS 2  // VkDrawIndirectCommand per (group, draw): instanceCount grows
#define TS_VIS_CLASSIFY_BINDING_FLAGS 3     // as TS_VIS_BINDING_FLAGS: classify writes 0, evaluate the flags
#define TS_VIS_CLASSIFY_BINDING_PIXELS 4    // VisPixelListHeader, then pairs of samples of two triangles
                                            // of one draw in one pixel (vis_pair), at most samples - 1 per pixel
#define TS_VIS_CLASSIFY_BINDING_DRAWS 5     // VisDraw per draw number - 1: where evaluate reads triangles
#define TS_VIS_CLASSIFY_BINDING_SECOND 6    // uint[8] per tile: bit d, draw d's second list holds the tile
#define TS_VIS_TILE 8                       // tile side, pixels

// Samples of one draw in one pixel are one surface when their triangles are the same, or when at
// the pixel centre they agree in distance (within this fraction of it), texture coordinates (within
// this, times the larger coordinate when above 1; sized when they were stored as half floats) and
// normal (this cosine).
// See vis_group.glsl.
#define TS_VIS_SAME_SURFACE 0.002
#define TS_VIS_SAME_UV 0.002
#define TS_VIS_SAME_NORMAL 0.995

// A sample's id: the draw number (1..kVisMaxDraws, also its stencil value) in the top 8 bits, the
// triangle (gl_PrimitiveID) below. The cleared id (all ones) names no draw.
TS_CONST(kVisPrimitiveBits, 24);
TS_CONST(kVisPrimitiveMask, 0xFFFFFF);
TS_CONST(kVisMaxDraws, 254);

struct VisIdPushConstants {
    mat4 model;   // mesh -> world
    uvec4 draw;   // x: draw number
};

struct VisShadePushConstants {
    mat4 model;             // mesh -> world
    vec4 normal_matrix[3];  // xyz: columns of the inverse-transpose of model's upper 3x3;
                            // w of [0], [1]: the target's width and height (pixels)
    uvec4 draw;             // x: draw number, y: 1 when model mirrors (negative determinant),
                            // z: where its tile list starts, w: tiles per row
};

struct VisClassifyPushConstants {
    mat4 inverse_view_projection;  // the frame's (rays through pixel centres)
    uvec4 info;                    // x: tiles per row, y: draws, z: tiles per list (capacity)
    uvec4 size;                    // x, y: the target's width and height (pixels); z: the most
                                   // workgroups the evaluation's indirect dispatch may have
};

// A draw as vis_evaluate.comp reads it: its triangles by buffer device address.
struct VisDraw {
    mat4 model;     // mesh -> world
    uvec4 buffers;  // xy: address of its vertices (12 floats each, asset::Vertex), zw: of its indices
};

// The pairs to evaluate: an indirect dispatch (x grows to cover `count`), then the pairs.
struct VisPixelListHeader {
    uvec4 dispatch;  // x, y, z: VkDispatchIndirectCommand (64 pairs per workgroup, x at most
                     // VisClassifyPushConstants::size.z, y the rows of x); w: count
};
#define TS_VIS_EVALUATE_GROUP 64

#ifdef __cplusplus
static_assert(sizeof(VisIdPushConstants) == 80);
static_assert(sizeof(VisShadePushConstants) == 128, "must fit the 128-byte push-constant minimum");
static_assert(sizeof(VisClassifyPushConstants) == 96);
static_assert(sizeof(VisDraw) == 80);
}  // namespace twinshoot::gpu
#endif
#undef TS_CONST
#endif
