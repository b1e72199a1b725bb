// How close an auto-rig comes to a professional rig of the same body: joint positions, and vertex
// positions once both rigs are posed by the same canonical pose. Both models must be in the
// normalised frame, with the same meshes and vertex order (the candidate is the reference's own
// geometry re-rigged, geometry/normalise.h without_rig). Distances are fractions of body height.
//
// Spine joints (spine, chest, upper chest) are measured to the candidate's hips-to-neck chain:
// rigs disagree on how many spine joints there are and where "chest" is (scene/humanoid.h splits
// the chain by position), so a point-to-point distance would measure naming, not placement.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "asset/model.h"
#include "core/result.h"
#include "scene/humanoid.h"
#include "scene/pose_file.h"

namespace twinshoot::geometry {

struct RigComparison {
    float height = 0.0f;
    std::vector<std::pair<scene::HumanBone, float>> joint_error;  // bones both rigs have
    float joint_median = 0.0f, joint_max = 0.0f;
    std::vector<std::pair<std::string, float>> pose_median;       // per pose: median vertex distance
    float worst_pose_median = 0.0f;
    // The same once the two posed bodies' centroids are put together: the posed shape, without where
    // the body as a whole lands. A shot frames the posed body by its bounds and puts the floor under
    // it, so that offset never shows; it comes from the pivot the whole body turns about (the hips
    // joint), which rigs place 41-57% of the height up (lying turns the body about it).
    std::vector<std::pair<std::string, float>> pose_median_aligned;
    float worst_pose_median_aligned = 0.0f;
    float rest_median = 0.0f;  // both in their rest pose: 0 unless the binding moved the geometry
};

// Skin matrices of a rigged humanoid in `pose` (through scene::PoseRig, as shots pose twins).
Result<std::vector<glm::mat4>> posed_skin_matrices(const asset::Model& model, const scene::Pose& pose);

Result<RigComparison> compare_rigs(const asset::Model& reference, const asset::Model& candidate,
                                   const scene::PoseLibrary& poses);

}  // namespace twinshoot::geometry
