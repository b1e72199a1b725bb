// Surface nets: a watertight triangle mesh of the zero set of a signed distance function.
// One vertex per grid cell the surface crosses (the mean of its edge crossings, then moved onto the
// surface by Newton steps along the gradient), one quad per crossed grid edge. Normals come from the
// SDF gradient, so the mesh shades smoothly. Deterministic for a given function and grid.
#pragma once

#include <glm/glm.hpp>

#include <functional>

#include "asset/model.h"

namespace twinshoot::demo {

using Sdf = std::function<float(const glm::vec3&)>;  // negative inside, metres

struct Grid {
    glm::vec3 min{0.0f};
    glm::vec3 max{0.0f};
    float cell = 0.01f;  // metres
};

// Unit gradient of `sdf` at p by central differences of step h (the outward normal on the surface);
// +Y where the field is flat.
glm::vec3 sdf_gradient(const Sdf& sdf, const glm::vec3& p, float h);

// Vertices carry positions and normals (no UVs or tangents); triangles wind counter-clockwise seen
// from outside.
asset::Mesh surface_nets(const Sdf& sdf, const Grid& grid);

}  // namespace twinshoot::demo
