// Level of detail: fewer triangles over the same vertices, to draw a mesh while the view moves.
//
// A coarse level is a triangle list over the mesh's own vertices (no vertex is added or moved), so
// a skinned mesh keeps its skinning, vertex buffer and materials and a renderer only binds another
// index buffer. It comes from meshoptimizer's edge-collapse simplifier (meshopt_simplify): vertices
// that share a position (UV and normal seams) collapse only along their seam, open borders (a
// garment's hems and necklines) only along the border, so no hole opens and no texture tears.
//
//   const auto coarse = asset::coarse_level(mesh.vertices, mesh.indices, {.triangle_ratio = 0.25f,
//                                                                          .max_error = 0.003f});
//   if (!coarse.indices.empty()) ... draw coarse.indices while the camera moves
//
// Units: max_error and CoarseLevel::error are in the vertices' units (metres for twins and
// garments). The error is meshoptimizer's estimate (quadric), not a bound: measured on third-party
// bodies, the farthest point of either surface from the other was up to 1.6x it
// (tests/asset/level_of_detail_test.cpp allows 2x). A skinned mesh is simplified in the pose it is
// given (its rest pose), so posed, its coarse level may lie a little farther off at bent joints.
// Pure function of its input; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "asset/model.h"

namespace twinshoot::asset {

struct CoarseOptions {
    float triangle_ratio = 0.25f;   // aim for this share of the triangles (0..1]
    float max_error = 0.003f;       // stop before the simplifier's estimate of how far the surface moves exceeds this
    uint32_t min_triangles = 2000;  // smaller meshes cost too little to be worth a second level
    float min_saving = 0.2f;        // a level that keeps more than 1 - this share is not made
};

struct CoarseLevel {
    std::vector<uint32_t> indices;  // triangle list over the same vertices; empty: no coarse level
    float error = 0.0f;             // the largest deviation it introduced, in the vertices' units
};

// The coarse level of a triangle list (indices out of range, or a count not a multiple of three,
// are a programmer error: asserted). Empty when the mesh is smaller than min_triangles or the
// simplifier, within max_error, could not save min_saving of the triangles.
CoarseLevel coarse_level(std::span<const Vertex> vertices, std::span<const uint32_t> indices, const CoarseOptions& options = {});

}  // namespace twinshoot::asset
