// BodyEnvelope: the surface cloth lies on over a body — the body closed by a ball (a morphological
// closing): creases, clefts and gaps between pieces narrower than the ball are filled, as cloth
// in tension bridges them instead of following them in. Mixamo's Xbot is plates and joint balls
// with grooves between them; a bust or a navel on a scan are the same on a smaller scale.
//
// Held as a signed distance field on a voxel grid (negative inside the closed body), in the
// mesh's units. Accurate to about one cell and a half (the voxels hold the surface to half a
// cell, the smoothing rounds it): it says where the body's own surface can be used
// (where it is the envelope) and where cloth must stand off it (where the envelope bridges it).
#pragma once

#include <glm/glm.hpp>

#include <cstddef>
#include <vector>

#include "core/result.h"
#include "geometry/body_mesh.h"

namespace twinshoot::geometry {

struct BodyEnvelope {
    glm::vec3 origin{0.0f};  // centre of voxel (0, 0, 0)
    float cell = 0.0f;       // voxel edge, mesh units
    glm::ivec3 dims{0};
    std::vector<float> distance;  // signed distance to the envelope per voxel centre, mesh units

    // Trilinear in the grid; a point outside it takes the value at the nearest grid point (the
    // grid reaches the closing's radius and a margin beyond the body on every side).
    float signed_distance(const glm::vec3& p) const;
    // The field's gradient (central differences a cell apart), normalised: the envelope's outward
    // normal near it. Falls back to +y where the field is flat.
    glm::vec3 normal(const glm::vec3& p) const;
};

// `radius`: the closing ball's, mesh units (grooves up to twice it wide are bridged); `cell`: the
// grid's. Fails (Invalid) when the grid would exceed `max_voxels` or the mesh has no volume.
Result<BodyEnvelope> body_envelope(const BodyMesh& mesh, float radius, float cell, size_t max_voxels);

// Squared Euclidean distance, in cells², from every voxel centre to the nearest voxel where
// `seed` is non-zero (0 there; +infinity everywhere when no voxel is). Exact, separable
// (Felzenszwalb & Huttenlocher 2012); lines run on every core.
std::vector<float> squared_distance_transform(const std::vector<uint8_t>& seed, const glm::ivec3& dims);

}  // namespace twinshoot::geometry
