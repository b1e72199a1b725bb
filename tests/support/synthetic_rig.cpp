#include "synthetic_rig.h"

#include <glm/gtc/matrix_transform.hpp>

namespace twinshoot::test {
using B = scene::HumanBone;

namespace {
struct Spec {
    B bone;
    B parent;  // == bone for the hips
    glm::vec3 position;
};
const Spec kSpecs[] = {
    {B::Hips, B::Hips, {0, 1.0f, 0}},          {B::Spine, B::Hips, {0, 1.1f, 0}},
    {B::Chest, B::Spine, {0, 1.25f, 0}},       {B::UpperChest, B::Chest, {0, 1.36f, 0}},
    {B::Neck, B::UpperChest, {0, 1.5f, 0}},    {B::Head, B::Neck, {0, 1.58f, 0.01f}},
    {B::LeftShoulder, B::UpperChest, {0.05f, 1.45f, 0}}, {B::LeftUpperArm, B::LeftShoulder, {0.17f, 1.45f, 0}},
    {B::LeftLowerArm, B::LeftUpperArm, {0.45f, 1.45f, 0}}, {B::LeftHand, B::LeftLowerArm, {0.70f, 1.45f, 0}},
    {B::RightShoulder, B::UpperChest, {-0.05f, 1.45f, 0}}, {B::RightUpperArm, B::RightShoulder, {-0.17f, 1.45f, 0}},
    {B::RightLowerArm, B::RightUpperArm, {-0.45f, 1.45f, 0}}, {B::RightHand, B::RightLowerArm, {-0.70f, 1.45f, 0}},
    {B::LeftUpperLeg, B::Hips, {0.1f, 0.95f, 0}},  {B::LeftLowerLeg, B::LeftUpperLeg, {0.1f, 0.52f, 0.01f}},
    {B::LeftFoot, B::LeftLowerLeg, {0.1f, 0.08f, 0}}, {B::LeftToes, B::LeftFoot, {0.1f, 0.02f, 0.13f}},
    {B::RightUpperLeg, B::Hips, {-0.1f, 0.95f, 0}}, {B::RightLowerLeg, B::RightUpperLeg, {-0.1f, 0.52f, 0.01f}},
    {B::RightFoot, B::RightLowerLeg, {-0.1f, 0.08f, 0}}, {B::RightToes, B::RightFoot, {-0.1f, 0.02f, 0.13f}},
};
}  // namespace

asset::Skeleton make_synthetic_rig(const std::map<B, std::string>& names, bool extra_root) {
    asset::Skeleton skeleton;
    std::map<B, int32_t> index;
    std::map<B, glm::vec3> world;
    if (extra_root) skeleton.joints.push_back({"Armature", -1, glm::mat4(1.0f), glm::mat4(1.0f)});
    for (const Spec& s : kSpecs) {
        auto name = names.find(s.bone);
        if (name == names.end()) continue;
        // The nearest present ancestor is the parent (a missing chest hangs the neck on the spine).
        B parent = s.parent;
        while (parent != s.bone && !index.count(parent)) {
            for (const Spec& p : kSpecs)
                if (p.bone == parent) parent = p.parent == p.bone ? s.bone : p.parent;
        }
        const bool root = parent == s.bone;
        const glm::vec3 parent_pos = root ? glm::vec3(0.0f) : world[parent];
        asset::Joint joint;
        joint.name = name->second;
        joint.parent = root ? (extra_root ? 0 : -1) : index[parent];
        joint.rest_local = glm::translate(glm::mat4(1.0f), s.position - parent_pos);
        joint.inverse_bind = glm::translate(glm::mat4(1.0f), -s.position);
        index[s.bone] = int32_t(skeleton.joints.size());
        world[s.bone] = s.position;
        skeleton.joints.push_back(joint);
        if (s.bone == B::Head) {  // an unweighted end joint above the head, as Mixamo has
            skeleton.joints.push_back({name->second + "_End", index[B::Head],
                                       glm::translate(glm::mat4(1.0f), {0, 0.15f, 0}),
                                       glm::translate(glm::mat4(1.0f), -(s.position + glm::vec3(0, 0.15f, 0)))});
        }
    }
    return skeleton;
}

std::map<B, std::string> mixamo_names() {
    return {{B::Hips, "mixamorig:Hips"}, {B::Spine, "mixamorig:Spine"}, {B::Chest, "mixamorig:Spine1"},
            {B::UpperChest, "mixamorig:Spine2"}, {B::Neck, "mixamorig:Neck"}, {B::Head, "mixamorig:Head"},
            {B::LeftShoulder, "mixamorig:LeftShoulder"}, {B::LeftUpperArm, "mixamorig:LeftArm"},
            {B::LeftLowerArm, "mixamorig:LeftForeArm"}, {B::LeftHand, "mixamorig:LeftHand"},
            {B::RightShoulder, "mixamorig:RightShoulder"}, {B::RightUpperArm, "mixamorig:RightArm"},
            {B::RightLowerArm, "mixamorig:RightForeArm"}, {B::RightHand, "mixamorig:RightHand"},
            {B::LeftUpperLeg, "mixamorig:LeftUpLeg"}, {B::LeftLowerLeg, "mixamorig:LeftLeg"},
            {B::LeftFoot, "mixamorig:LeftFoot"}, {B::LeftToes, "mixamorig:LeftToeBase"},
            {B::RightUpperLeg, "mixamorig:RightUpLeg"}, {B::RightLowerLeg, "mixamorig:RightLeg"},
            {B::RightFoot, "mixamorig:RightFoot"}, {B::RightToes, "mixamorig:RightToeBase"}};
}

std::map<B, std::string> vrm_names() {
    std::map<B, std::string> names;
    const char* vrm[] = {"hips", "spine", "chest", "upperChest", "neck", "head",
                         "leftShoulder", "leftUpperArm", "leftLowerArm", "leftHand",
                         "rightShoulder", "rightUpperArm", "rightLowerArm", "rightHand",
                         "leftUpperLeg", "leftLowerLeg", "leftFoot", "leftToes",
                         "rightUpperLeg", "rightLowerLeg", "rightFoot", "rightToes"};
    for (size_t b = 0; b < scene::kHumanBoneCount; ++b) names[B(b)] = vrm[b];
    return names;
}

std::map<B, std::string> unreal_names() {
    return {{B::Hips, "pelvis"}, {B::Spine, "spine_01"}, {B::Chest, "spine_02"}, {B::UpperChest, "spine_03"},
            {B::Neck, "neck_01"}, {B::Head, "head"}, {B::LeftShoulder, "clavicle_l"}, {B::LeftUpperArm, "upperarm_l"},
            {B::LeftLowerArm, "lowerarm_l"}, {B::LeftHand, "hand_l"}, {B::RightShoulder, "clavicle_r"},
            {B::RightUpperArm, "upperarm_r"}, {B::RightLowerArm, "lowerarm_r"}, {B::RightHand, "hand_r"},
            {B::LeftUpperLeg, "thigh_l"}, {B::LeftLowerLeg, "calf_l"}, {B::LeftFoot, "foot_l"}, {B::LeftToes, "ball_l"},
            {B::RightUpperLeg, "thigh_r"}, {B::RightLowerLeg, "calf_r"}, {B::RightFoot, "foot_r"},
            {B::RightToes, "ball_r"}};
}

std::map<B, std::string> makehuman_names() {
    return {{B::Hips, "root"}, {B::Spine, "spine05"}, {B::Chest, "spine03"}, {B::UpperChest, "spine01"},
            {B::Neck, "neck01"}, {B::Head, "head"}, {B::LeftShoulder, "clavicle.L"}, {B::LeftUpperArm, "upperarm01.L"},
            {B::LeftLowerArm, "lowerarm01.L"}, {B::LeftHand, "wrist.L"}, {B::RightShoulder, "clavicle.R"},
            {B::RightUpperArm, "upperarm01.R"}, {B::RightLowerArm, "lowerarm01.R"}, {B::RightHand, "wrist.R"},
            {B::LeftUpperLeg, "upperleg01.L"}, {B::LeftLowerLeg, "lowerleg01.L"}, {B::LeftFoot, "foot.L"},
            {B::RightUpperLeg, "upperleg01.R"}, {B::RightLowerLeg, "lowerleg01.R"}, {B::RightFoot, "foot.R"}};
}

std::map<B, std::string> cmu_names() {
    return {{B::Hips, "Hips"}, {B::Spine, "LowerBack"}, {B::Chest, "Spine"}, {B::UpperChest, "Spine1"},
            {B::Neck, "Neck"}, {B::Head, "Head"}, {B::LeftShoulder, "LeftShoulder"}, {B::LeftUpperArm, "LeftArm"},
            {B::LeftLowerArm, "LeftForeArm"}, {B::LeftHand, "LeftHand"}, {B::RightShoulder, "RightShoulder"},
            {B::RightUpperArm, "RightArm"}, {B::RightLowerArm, "RightForeArm"}, {B::RightHand, "RightHand"},
            {B::LeftUpperLeg, "LeftUpLeg"}, {B::LeftLowerLeg, "LeftLeg"}, {B::LeftFoot, "LeftFoot"},
            {B::LeftToes, "LeftToeBase"}, {B::RightUpperLeg, "RightUpLeg"}, {B::RightLowerLeg, "RightLeg"},
            {B::RightFoot, "RightFoot"}, {B::RightToes, "RightToeBase"}};
}

std::map<B, std::string> anonymous_names() {
    std::map<B, std::string> names;
    for (size_t b = 0; b < scene::kHumanBoneCount; ++b) names[B(b)] = "joint_" + std::to_string(b * 7 % 23);
    return names;
}

}  // namespace twinshoot::test
