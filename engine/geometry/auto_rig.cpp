#include "geometry/auto_rig.h"

#include <glm/gtc/matrix_transform.hpp>

#include <cassert>

#include "core/stopwatch.h"
#include "geometry/body_mesh.h"
#include "geometry/skin_binding.h"
#include "geometry/voxel_body.h"
#include "scene/pose.h"

namespace twinshoot::geometry {

using scene::HumanBone;

const char* rig_joint_name(HumanBone bone) {
    static const char* const kNames[scene::kHumanBoneCount] = {
        "Hips", "Spine", "Chest", "UpperChest", "Neck", "Head",
        "LeftShoulder", "LeftUpperArm", "LeftLowerArm", "LeftHand",
        "RightShoulder", "RightUpperArm", "RightLowerArm", "RightHand",
        "LeftUpperLeg", "LeftLowerLeg", "LeftFoot", "LeftToes",
        "RightUpperLeg", "RightLowerLeg", "RightFoot", "RightToes"};
    return kNames[size_t(bone)];
}

asset::Skeleton canonical_skeleton(const std::array<glm::vec3, scene::kHumanBoneCount>& positions) {
    asset::Skeleton s;
    for (size_t b = 0; b < scene::kHumanBoneCount; ++b) {
        const HumanBone bone = HumanBone(b);
        asset::Joint j;
        j.name = rig_joint_name(bone);
        const HumanBone parent = scene::canonical_parent(bone);
        j.parent = bone == HumanBone::Hips ? -1 : int32_t(parent);
        assert(j.parent < int32_t(b));
        const glm::vec3 origin = j.parent < 0 ? glm::vec3(0.0f) : positions[size_t(parent)];
        j.rest_local = glm::translate(glm::mat4(1.0f), positions[b] - origin);
        j.inverse_bind = glm::translate(glm::mat4(1.0f), -positions[b]);
        s.joints.push_back(j);
    }
    return s;
}

Result<AutoRigReport> auto_rig(asset::Model& model, float height, const AutoRigOptions& options) {
    if (!model.skeleton.empty()) return make_error(ErrorCode::Invalid, "the model is already rigged");
    AutoRigReport report;
    Stopwatch clock;
    const BodyMesh mesh = body_mesh_of(model);
    TS_TRY_ASSIGN(VoxelBody body, voxelize(mesh, height / float(options.voxels_per_height), options.max_voxels));
    report.voxels = body.solid_count;
    report.dropped_voxels = body.dropped_voxels;
    if (body.largest_dropped_part * 4 > body.solid_count)
        return make_error(ErrorCode::Invalid, "the scan holds several separate bodies (a second part of " +
                                                  std::to_string(body.largest_dropped_part * 100 / body.solid_count) +
                                                  "% of the first): one person per twin");
    TS_TRY_ASSIGN(report.joints, fit_joints(body, height));
    report.fit_ms = clock.ms();
    const auto fitted = report.joints.position;
    for (size_t b = 0; b < scene::kHumanBoneCount; ++b)
        if (options.given_joints[b]) report.joints.position[b] = *options.given_joints[b];
    // A spine joint the given rig lacks (two-joint spines have no chest) goes where that rig bends
    // for it: posing turns the joint below an absent one by the absent one's rotation too
    // (scene/pose.cpp), so the absent joint sits just above the given one below it.
    {
        using B = scene::HumanBone;
        const B chain[5] = {B::Hips, B::Spine, B::Chest, B::UpperChest, B::Neck};
        for (int i = 1; i < 4; ++i) {
            if (options.given_joints[size_t(chain[i])]) continue;
            int lo = i - 1, hi = i + 1;
            while (hi < 4 && !options.given_joints[size_t(chain[hi])]) ++hi;
            if (!options.given_joints[size_t(chain[lo])] || !options.given_joints[size_t(chain[hi])]) continue;
            report.joints.position[size_t(chain[i])] =
                glm::mix(report.joints.position[size_t(chain[lo])], report.joints.position[size_t(chain[hi])],
                         0.02f * float(i - lo) / float(hi - lo));
        }
    }
    for (size_t b = 0; b < scene::kHumanBoneCount; ++b)  // a tail that was a child joint follows it
        for (size_t c = 0; c < scene::kHumanBoneCount; ++c)
            if (c != b && report.joints.tail[b] == fitted[c]) report.joints.tail[b] = report.joints.position[c];
    std::array<BoneSegment, scene::kHumanBoneCount> bones;
    for (size_t b = 0; b < scene::kHumanBoneCount; ++b)
        bones[b] = {report.joints.position[b], report.joints.tail[b]};
    model.skeleton = canonical_skeleton(report.joints.position);
    bind_skin(model, body, bones, 0.3f * height);
    report.bind_ms = clock.ms() - report.fit_ms;
    return report;
}

}  // namespace twinshoot::geometry
