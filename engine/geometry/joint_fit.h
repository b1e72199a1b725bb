// Joint fitting: where the canonical humanoid's joints (scene/humanoid.h) lie inside a body given
// only as a surface, in the normalised frame (geometry/body_frame.h).
//
// Landmarks are measured on the body's voxels (geometry/voxel_body.h): the legs and the crotch
// from horizontal sections, the armpits where the arms part from the torso, the neck where the
// body is narrowest between shoulders and head, the finger and toe tips as the points farthest
// through the volume. Each limb's centre line is traced from its tip back into the torso through
// the volume (centroids of equal-geodesic-distance sections), so a T-pose and an A-pose scan are
// handled alike; joints are placed on those centre lines and sections — inside the volume — at
// proportions that hold for adult and child bodies (docs/onboarding.md gives them).
// Errors say which landmark could not be found: a bust or head has no legs, a non-human object
// no limbs, two people no single torso.
#pragma once

#include <glm/glm.hpp>

#include <array>
#include <string>

#include "core/result.h"
#include "geometry/voxel_body.h"
#include "scene/humanoid.h"

namespace twinshoot::geometry {

struct Landmarks {
    float height = 0.0f;
    float midline_x = 0.0f;
    float crotch_y = 0.0f;
    bool legs_covered = false;           // a dress or skirt: crotch and thighs estimated
    float neck_y = 0.0f;                 // narrowest between shoulders and head
    std::array<float, 2> armpit_y{};     // [left, right]
    std::array<glm::vec3, 2> finger_tip{};
    std::array<glm::vec3, 2> toe_tip{};
    // Each arm's centre line from the finger tip inwards, with arc length from the tip.
    std::array<std::vector<glm::vec3>, 2> arm_line;
    std::array<std::vector<float>, 2> arm_arc;
};

struct FittedJoints {
    std::array<glm::vec3, scene::kHumanBoneCount> position{};  // every canonical bone
    std::array<glm::vec3, scene::kHumanBoneCount> tail{};      // where each bone ends (child or tip)
    Landmarks landmarks;
};

// `body` is the voxelised body in the normalised frame; `height` its height in metres.
Result<FittedJoints> fit_joints(const VoxelBody& body, float height);

}  // namespace twinshoot::geometry
