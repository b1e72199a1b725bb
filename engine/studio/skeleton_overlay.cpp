#include "studio/skeleton_overlay.h"

#include "scene/pose.h"

namespace twinshoot::studio {

std::vector<OverlayBone> posed_skeleton(const asset::Model& model, const Staging& staging,
                                        const std::map<std::string, std::string>& bone_map) {
    std::vector<OverlayBone> out;
    if (model.skeleton.empty()) return out;
    auto map = scene::map_humanoid(model.skeleton, bone_map);
    if (!map) return out;
    const std::vector<glm::mat4> skin = staging.skin.empty() ? model.skeleton.rest_skin_matrices() : staging.skin;
    if (skin.size() != model.skeleton.joints.size()) return out;
    auto joint = [&](int32_t j) {
        // world = skin * inverse(inverse_bind): the joint's origin where the pose put it.
        return glm::vec3(skin[size_t(j)] * glm::inverse(model.skeleton.joints[size_t(j)].inverse_bind)[3]);
    };
    for (size_t b = 0; b < scene::kHumanBoneCount; ++b) {
        const auto bone = scene::HumanBone(b);
        if (bone == scene::HumanBone::Hips || !map->has(bone)) continue;
        scene::HumanBone parent = scene::canonical_parent(bone);
        while (!map->has(parent) && parent != scene::HumanBone::Hips) parent = scene::canonical_parent(parent);
        if (!map->has(parent)) continue;
        out.push_back({bone, joint((*map)[parent]), joint((*map)[bone])});
    }
    return out;
}

}  // namespace twinshoot::studio
