// Subdivision of a triangle soup: every triangle into n x n (edge points shared between the two
// triangles of an edge, so a closed mesh stays closed). Positions only; for making dense test
// scans from a body and for refining coarse meshes.
#pragma once

#include "geometry/body_mesh.h"

namespace twinshoot::geometry {

// n >= 1; the result has n*n times the triangles. Assumes indexed, welded input.
BodyMesh subdivide(const BodyMesh& mesh, int n);

}  // namespace twinshoot::geometry
