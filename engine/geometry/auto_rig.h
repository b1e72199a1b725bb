// The auto-rig: an unrigged body in the normalised frame (geometry/normalise.h) gets the canonical
// humanoid skeleton (joints from geometry/joint_fit.h) and volumetric skin weights
// (geometry/skin_binding.h).
//
// The skeleton has one joint per canonical bone, named as VRM / Unity do ("Hips", "LeftUpperArm",
// ...), so scene::map_humanoid maps it by name; rest rotations are identity (joints are pure
// translations), which the pose retargeting handles like any other rest pose. The analysis runs
// on voxels of H/128 (about 1.4 cm for an adult), so its cost depends on the body's size, not on
// the scan's triangle count; only the final weight lookup is per vertex.
#pragma once

#include <array>
#include <optional>
#include <string>

#include "asset/model.h"
#include "core/result.h"
#include "geometry/joint_fit.h"
#include "scene/humanoid.h"

namespace twinshoot::geometry {

struct AutoRigOptions {
    int voxels_per_height = 128;
    size_t max_voxels = 24'000'000;
    // A study of the binding alone (twinshoot-rig-bench --given-joints): joints placed here instead
    // of where the fit puts them; bones left empty keep the fitted position.
    std::array<std::optional<glm::vec3>, scene::kHumanBoneCount> given_joints{};
};

struct AutoRigReport {
    FittedJoints joints;
    size_t voxels = 0;             // solid voxels of the body
    size_t dropped_voxels = 0;     // of parts not connected to it (left out of the analysis)
    double fit_ms = 0.0, bind_ms = 0.0;
};

const char* rig_joint_name(scene::HumanBone bone);  // "Hips", "LeftUpperArm", ...

// The canonical skeleton with joints at `positions` (normalised frame).
asset::Skeleton canonical_skeleton(const std::array<glm::vec3, scene::kHumanBoneCount>& positions);

// `model` must be rigid with identity instances (normalise_model does that) and `height` its height
// in metres. On success it carries the skeleton and every mesh is skinned. On failure (the reason
// says which landmark was missing, or that the scan holds several bodies) the model is unchanged.
Result<AutoRigReport> auto_rig(asset::Model& model, float height, const AutoRigOptions& options = {});

}  // namespace twinshoot::geometry
