// Cutting a body-following sheet to a garment's outline, and finishing the cut edges.
//
// `cut_to_region` keeps the part of a closed triangle sheet where `region(p) <= 0` and cuts the
// triangles the outline crosses along the outline itself (edge crossings interpolated, then moved
// onto the outline by Newton steps along the sheet), so hems, necklines and cuffs are clean curves
// rather than the stair steps of dropped triangles. Crossings are shared between neighbouring
// triangles: a watertight sheet stays watertight up to its new boundary.
//
// `finish_edges` gives every boundary edge a visible thickness: a strip from the outer surface down
// to the fabric's inner side (`thickness`, metres, along the inward normal), and a facing that turns
// back under the fabric for `facing` metres, as a sewn hem does: `thickness` under the sheet, following
// its curve, and narrower where the cloth is (at most 45% of the way to the boundary across from it,
// so a strap's two facings never meet), so the garment does not pass through itself at its edges
// (asset/self_intersection.h). New vertices carry their own normals
// (the strip faces away from the cloth, the facing faces the body). Triangles wind counter-clockwise
// seen from the side their normals point to.
#pragma once

#include <functional>

#include "asset/model.h"

namespace twinshoot::demo {

using RegionFn = std::function<float(const glm::vec3&)>;  // negative inside the outline, about metres

// Vertices without a triangle are dropped. Degenerate triangles (a corner on the outline) are dropped.
asset::Mesh cut_to_region(const asset::Mesh& sheet, const RegionFn& region);

// Boundary loops of a triangle mesh (edges used by one triangle), each as vertex indices in order;
// an open chain (non-manifold input) is returned as it was walked.
std::vector<std::vector<uint32_t>> boundary_loops(const asset::Mesh& mesh);

void finish_edges(asset::Mesh& mesh, float thickness, float facing);

}  // namespace twinshoot::demo
