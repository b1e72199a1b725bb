// Volumetric skin binding (after Dionne & de Lasa 2013, "Geodesic Voxel Binding"): each bone's
// weight on a vertex falls off with the geodesic distance, through the body's voxels, from the
// bone's segment to the vertex — so a hand resting near a thigh takes nothing from the thigh,
// and weights blend smoothly across joints. Per solid voxel, weight = d^-4 (d clamped below at half a
// voxel), normalised, then smoothed through the volume (6 passes of averaging with the solid 26
// neighbours: thin parts such as wrists and feet blend over centimetres, not across one edge);
// per vertex, a trilinear blend of the voxels around it, at most 8 influences kept (those above 1%
// of the largest), normalised. Every vertex gets at least one (the nearest solid voxel's, or the
// nearest bone in straight line when the vertex is not near the voxels at all).
#pragma once

#include <glm/glm.hpp>

#include <span>
#include <vector>

#include "asset/model.h"
#include "geometry/voxel_body.h"

namespace twinshoot::geometry {

struct BoneSegment {
    glm::vec3 head{0.0f};
    glm::vec3 tail{0.0f};
};

// Skins every mesh of `model` (rigid, identity instances, in the voxels' frame) to the bones, in
// the order given (the skin's joint index is the bone's index). `reach` bounds each bone's
// distance field (metres); beyond it a bone has no influence.
void bind_skin(asset::Model& model, const VoxelBody& body, std::span<const BoneSegment> bones, float reach);

}  // namespace twinshoot::geometry
