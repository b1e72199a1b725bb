// The posed skeleton of a twin shot, for people to check joints before signing (the editor draws
// it over the viewport on request): one segment per canonical bone, from its parent's joint to its
// own, in the model space the shot is drawn in. Empty for models that are not rigged humanoids.
#pragma once

#include <glm/glm.hpp>

#include <array>
#include <map>
#include <string>
#include <vector>

#include "asset/model.h"
#include "scene/humanoid.h"
#include "studio/staging.h"

namespace twinshoot::studio {

struct OverlayBone {
    scene::HumanBone bone;
    glm::vec3 from{0.0f};  // the parent bone's joint
    glm::vec3 to{0.0f};    // this bone's joint
};

std::vector<OverlayBone> posed_skeleton(const asset::Model& model, const Staging& staging,
                                        const std::map<std::string, std::string>& bone_map);

}  // namespace twinshoot::studio
