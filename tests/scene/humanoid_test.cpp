// Canonical humanoid mapping: the five real rigs of ../shared (names and structure), every naming
// convention on a synthetic rig, structure cross-checked against names, errors and bone maps.
#include <gtest/gtest.h>

#include "asset/importer.h"
#include "scene/humanoid.h"
#include "shared_assets.h"
#include "synthetic_rig.h"

using namespace twinshoot;
using namespace twinshoot::scene;
using B = HumanBone;

namespace {

std::string joint_name(const asset::Skeleton& s, const HumanoidMap& m, B bone) {
    return m.has(bone) ? s.joints[size_t(m[bone])].name : "-";
}

glm::vec3 rest_position(const asset::Skeleton& s, int32_t joint) {
    return glm::vec3(s.world_transforms(s.rest_locals())[size_t(joint)][3]);
}

// Anatomical sanity that holds for any correct map of a standing figure.
void expect_anatomy(const asset::Skeleton& s, const HumanoidMap& m) {
    const glm::vec3 hips = rest_position(s, m[B::Hips]);
    const glm::vec3 head = rest_position(s, m[B::Head]);
    EXPECT_GT(head.y, hips.y);
    for (B bone : {B::LeftUpperLeg, B::LeftUpperArm, B::LeftHand, B::LeftFoot})
        EXPECT_GT(glm::dot(rest_position(s, m[bone]) - hips, m.left), 0.0f) << bone_name(bone) << " on the left";
    for (B bone : {B::RightUpperLeg, B::RightUpperArm, B::RightHand, B::RightFoot})
        EXPECT_LT(glm::dot(rest_position(s, m[bone]) - hips, m.left), 0.0f) << bone_name(bone) << " on the right";
    EXPECT_LT(rest_position(s, m[B::LeftFoot]).y, rest_position(s, m[B::LeftLowerLeg]).y);
    EXPECT_LT(rest_position(s, m[B::LeftLowerLeg]).y, rest_position(s, m[B::LeftUpperLeg]).y);
    EXPECT_NEAR(glm::dot(m.forward, m.left), 0.0f, 1e-4f);
}

class RealRig : public ::testing::TestWithParam<std::tuple<const char*, MappingMethod, glm::vec3>> {};

}  // namespace

TEST_P(RealRig, MapsAllEssentialBones) {
    TS_REQUIRE_SHARED_ASSETS();
    const auto& [file, method, forward] = GetParam();
    auto model = asset::import_model(test::reference_asset(file));
    ASSERT_TRUE(model.ok()) << model.error().message;
    auto map = map_humanoid(model->skeleton);
    ASSERT_TRUE(map.ok()) << map.error().message;
    EXPECT_EQ(map->method, method);
    for (size_t b = 0; b < kHumanBoneCount; ++b) {
        if (is_essential(B(b))) {
            EXPECT_TRUE(map->has(B(b))) << bone_name(B(b));
        }
    }
    EXPECT_GT(glm::dot(map->forward, forward), 0.95f) << "faces the expected way";
    expect_anatomy(model->skeleton, *map);
}

INSTANTIATE_TEST_SUITE_P(
    ReferenceRigs, RealRig,
    ::testing::Values(
        std::make_tuple("humans/CesiumMan/glTF-Binary/CesiumMan.glb", MappingMethod::Structure, glm::vec3(1, 0, 0)),
        std::make_tuple("humans/RiggedFigure/glTF-Binary/RiggedFigure.glb", MappingMethod::Structure, glm::vec3(0, 0, 1)),
        std::make_tuple("humans/Michelle_mixamo/Michelle.glb", MappingMethod::Names, glm::vec3(0, 0, 1)),
        std::make_tuple("humans/Xbot_mixamo/Xbot.glb", MappingMethod::Names, glm::vec3(0, 0, 1)),
        std::make_tuple("humans/SambaDancing_fbx/Samba Dancing.fbx", MappingMethod::Names, glm::vec3(0, 0, 1))));

TEST(Humanoid, MixamoNamesMapToTheExpectedJoints) {
    TS_REQUIRE_SHARED_ASSETS();
    auto model = asset::import_model(test::reference_asset("humans/Michelle_mixamo/Michelle.glb"));
    ASSERT_TRUE(model.ok());
    auto map = map_humanoid(model->skeleton);
    ASSERT_TRUE(map.ok());
    const auto& s = model->skeleton;
    EXPECT_EQ(joint_name(s, *map, B::Hips), "mixamorig:Hips");
    EXPECT_EQ(joint_name(s, *map, B::Spine), "mixamorig:Spine");
    EXPECT_EQ(joint_name(s, *map, B::Chest), "mixamorig:Spine1");
    EXPECT_EQ(joint_name(s, *map, B::UpperChest), "mixamorig:Spine2");
    EXPECT_EQ(joint_name(s, *map, B::Head), "mixamorig:Head");
    EXPECT_EQ(joint_name(s, *map, B::LeftUpperArm), "mixamorig:LeftArm");
    EXPECT_EQ(joint_name(s, *map, B::RightLowerArm), "mixamorig:RightForeArm");
    EXPECT_EQ(joint_name(s, *map, B::LeftUpperLeg), "mixamorig:LeftUpLeg");
    EXPECT_EQ(joint_name(s, *map, B::RightToes), "mixamorig:RightToeBase");
}

// The Khronos rigs have two joints between hips and neck; the upper one carries collar bones and
// neck, near the top of the ribcage: it is the upper chest, and the chest is absent (a pose's chest
// bend then turns at the lower joint, docs/poses.md).
TEST(Humanoid, ATwoJointSpineIsSpineAndUpperChest) {
    TS_REQUIRE_SHARED_ASSETS();
    for (const char* file : {"humans/CesiumMan/glTF-Binary/CesiumMan.glb", "humans/RiggedFigure/glTF-Binary/RiggedFigure.glb"}) {
        auto model = asset::import_model(test::reference_asset(file));
        ASSERT_TRUE(model.ok()) << model.error().message;
        auto map = map_humanoid(model->skeleton);
        ASSERT_TRUE(map.ok()) << map.error().message;
        ASSERT_TRUE(map->has(B::Spine) && map->has(B::UpperChest) && map->has(B::Neck)) << file;
        EXPECT_FALSE(map->has(B::Chest)) << file;
        const float hips = glm::dot(rest_position(model->skeleton, map->joints[size_t(B::Hips)]), map->up);
        const float neck = glm::dot(rest_position(model->skeleton, map->joints[size_t(B::Neck)]), map->up);
        const float upper = glm::dot(rest_position(model->skeleton, map->joints[size_t(B::UpperChest)]), map->up);
        EXPECT_GT((upper - hips) / (neck - hips), 0.56f) << file << ": nearer the upper chest's place than the chest's";
        const B arm = map->has(B::LeftShoulder) ? B::LeftShoulder : B::LeftUpperArm;
        EXPECT_EQ(model->skeleton.joints[size_t(map->joints[size_t(arm)])].parent, map->joints[size_t(B::UpperChest)])
            << file << ": the arm hangs off it";
    }
}

TEST(Humanoid, StructureAgreesWithNamesOnMixamoRigs) {
    TS_REQUIRE_SHARED_ASSETS();
    for (const char* file : {"humans/Michelle_mixamo/Michelle.glb", "humans/Xbot_mixamo/Xbot.glb",
                             "humans/SambaDancing_fbx/Samba Dancing.fbx"}) {
        auto model = asset::import_model(test::reference_asset(file));
        ASSERT_TRUE(model.ok());
        auto by_names = map_humanoid(model->skeleton);
        asset::Skeleton anonymous = model->skeleton;
        for (size_t j = 0; j < anonymous.joints.size(); ++j) anonymous.joints[j].name = "n" + std::to_string(j);
        auto by_structure = map_humanoid(anonymous);
        ASSERT_TRUE(by_names.ok() && by_structure.ok()) << file;
        ASSERT_EQ(by_structure->method, MappingMethod::Structure);
        for (size_t b = 0; b < kHumanBoneCount; ++b)
            EXPECT_EQ(by_structure->joints[b], by_names->joints[b]) << file << ": " << bone_name(B(b));
    }
}

TEST(Humanoid, EveryNamingConventionOnASyntheticRig) {
    const std::pair<const char*, std::map<B, std::string>> conventions[] = {
        {"mixamo", test::mixamo_names()},   {"vrm", test::vrm_names()}, {"unreal", test::unreal_names()},
        {"makehuman", test::makehuman_names()}, {"cmu", test::cmu_names()}};
    for (const auto& [convention, names] : conventions) {
        const asset::Skeleton rig = test::make_synthetic_rig(names);
        auto map = map_humanoid(rig);
        ASSERT_TRUE(map.ok()) << convention << ": " << map.error().message;
        EXPECT_EQ(map->method, MappingMethod::Names) << convention;
        for (const auto& [bone, name] : names)
            EXPECT_EQ(joint_name(rig, *map, bone), name) << convention << ": " << bone_name(bone);
        EXPECT_GT(map->forward.z, 0.99f) << convention;
        expect_anatomy(rig, *map);
    }
}

TEST(Humanoid, AnonymousSyntheticRigMapsByStructure) {
    const auto names = test::anonymous_names();
    const asset::Skeleton rig = test::make_synthetic_rig(names);
    auto map = map_humanoid(rig);
    ASSERT_TRUE(map.ok()) << map.error().message;
    EXPECT_EQ(map->method, MappingMethod::Structure);
    for (const auto& [bone, name] : names) EXPECT_EQ(joint_name(rig, *map, bone), name) << bone_name(bone);
}

TEST(Humanoid, MissingEssentialBonesAreListed) {
    auto names = test::mixamo_names();
    names.erase(B::LeftHand);
    names.erase(B::RightHand);
    auto map = map_humanoid(test::make_synthetic_rig(names));
    ASSERT_FALSE(map.ok());
    EXPECT_NE(map.error().message.find("missing essential bones: left_hand, right_hand"), std::string::npos)
        << map.error().message;
}

TEST(Humanoid, UnriggedModelIsAnError) {
    auto map = map_humanoid(asset::Skeleton{});
    ASSERT_FALSE(map.ok());
    EXPECT_NE(map.error().message.find("no skeleton"), std::string::npos);
}

TEST(Humanoid, BoneMapOverridesAndIsChecked) {
    // Names no convention knows, on a rig whose structure is also broken (no toes to face by) ...
    std::map<B, std::string> odd;
    for (size_t b = 0; b < kHumanBoneCount; ++b) odd[B(b)] = std::string("Bone") + bone_name(B(b));
    const asset::Skeleton rig = test::make_synthetic_rig(odd);
    std::map<std::string, std::string> bone_map;
    for (const auto& [bone, name] : odd) bone_map[bone_name(bone)] = name;
    auto map = map_humanoid(rig, bone_map);
    ASSERT_TRUE(map.ok()) << map.error().message;
    EXPECT_EQ(map->method, MappingMethod::Explicit);
    for (const auto& [bone, name] : odd) EXPECT_EQ(joint_name(rig, *map, bone), name);

    auto unknown_bone = map_humanoid(rig, {{"tail", "Bonehips"}});
    ASSERT_FALSE(unknown_bone.ok());
    EXPECT_NE(unknown_bone.error().message.find("unknown canonical bone 'tail'"), std::string::npos);
    auto unknown_joint = map_humanoid(rig, {{"hips", "NoSuchJoint"}});
    ASSERT_FALSE(unknown_joint.ok());
    EXPECT_NE(unknown_joint.error().message.find("no joint named 'NoSuchJoint'"), std::string::npos);
}
