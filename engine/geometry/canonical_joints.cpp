#include "geometry/canonical_joints.h"

#include "geometry/body_mesh.h"

namespace twinshoot::geometry {

Result<CanonicalJoints> canonical_joints(const asset::Model& model, const std::map<std::string, std::string>& bone_map) {
    if (model.skeleton.empty()) return make_error(ErrorCode::Invalid, "the model has no skeleton");
    TS_TRY_ASSIGN(scene::HumanoidMap map, scene::map_humanoid(model.skeleton, bone_map));
    const std::vector<glm::mat4> world = model.skeleton.world_transforms(model.skeleton.rest_locals());
    CanonicalJoints out;
    for (size_t b = 0; b < scene::kHumanBoneCount; ++b) {
        const int32_t j = map.joints[b];
        if (j >= 0) out.positions[b] = glm::vec3(world[size_t(j)][3]);
    }
    const asset::Aabb box = body_mesh_of(model).bounds();
    out.height = box.valid() ? box.extent().y : 0.0f;
    return out;
}

}  // namespace twinshoot::geometry
