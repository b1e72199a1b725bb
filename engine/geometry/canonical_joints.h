// The canonical joints of a rigged model (scene/humanoid.h), as positions in the model's space in
// its rest pose: what `twinshoot skeleton` prints and what the auto-rig is measured against.
#pragma once

#include <glm/glm.hpp>

#include <array>
#include <map>
#include <optional>
#include <string>

#include "asset/model.h"
#include "core/result.h"
#include "scene/humanoid.h"

namespace twinshoot::geometry {

struct CanonicalJoints {
    std::array<std::optional<glm::vec3>, scene::kHumanBoneCount> positions;  // absent bones: nullopt
    float height = 0.0f;  // extent of the rest-pose body along +Y (model units)
};

// Fails when the model has no skeleton or it does not map (the reason from scene::map_humanoid).
Result<CanonicalJoints> canonical_joints(const asset::Model& model,
                                         const std::map<std::string, std::string>& bone_map = {});

}  // namespace twinshoot::geometry
