// Refinement of a garment where its edges cut through the body between their vertices.
//
// Push-out (garment_fit.h) moves vertices; a coarse garment on a body that bulges between them
// still passes through it along its edges: MakeHuman's suits (3 cm edges, 10 cm chords across a
// thigh) worn by Mixamo's Xbot, whose hip and thigh plates then show through the trousers in
// patches a hand wide. The edges whose midpoint lies inside the body are split at the midpoint,
// the new vertices pushed out, and again for the edges that still cut, a few rounds: the garment
// gains vertices only where it needs them.
#pragma once

#include "asset/garment_fit.h"
#include "asset/model.h"

namespace twinshoot::asset {

struct RefineOptions {
    float offset = 0.0f;    // push-out distance from the body, the surface's units
    float min_edge = 0.0f;  // edges shorter than this are not split, the surface's units
    int rounds = 3;         // each round at most halves an edge
};

struct RefineReport {
    size_t split_edges = 0;  // edges split, all rounds
    size_t added_vertices = 0;
};

// Splits in place: positions, tangents and UVs of new vertices are interpolated along the edge;
// triangles keep their winding; when anything was split, the pushed-out garment's normals are
// recomputed from its triangles. `garment.skin` must be empty (weights are computed after).
// Vertices that share a position across an attribute seam split alike, so no crack opens.
// Deterministic; a garment with no cutting edge is left exactly as it was.
RefineReport refine_where_cutting(Mesh& garment, const SurfaceIndex& body, const RefineOptions& options);

}  // namespace twinshoot::asset
