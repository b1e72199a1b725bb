// Poses and joint angles: constructed poses with known angles, independence from the rig's rest
// pose (T or A), and the same measurements on the five real rigs.
#include <gtest/gtest.h>

#include <glm/gtc/quaternion.hpp>

#include "asset/importer.h"
#include "scene/joint_angles.h"
#include "shared_assets.h"
#include "synthetic_rig.h"

using namespace twinshoot;
using namespace twinshoot::scene;
using B = HumanBone;
using A = JointAngle;

namespace {

glm::quat rot(float degrees, glm::vec3 axis) { return glm::angleAxis(glm::radians(degrees), axis); }
const glm::vec3 X(1, 0, 0), Y(0, 1, 0), Z(0, 0, 1);

struct Case {
    const char* what;
    std::vector<std::pair<B, glm::quat>> rotations;
    std::vector<std::pair<A, float>> expected;
};

// Each case bends a few joints by known amounts; the rest of the body stays in the T-pose.
std::vector<Case> constructed_cases() {
    return {
        {"T-pose", {}, {{A::LeftShoulderAbduction, 90}, {A::RightShoulderAbduction, 90}, {A::LeftElbowFlexion, 0},
                        {A::LeftHipFlexion, 0}, {A::LeftKneeFlexion, 0}, {A::SpineFlexion, 0}, {A::NeckRotation, 0}}},
        {"arms down", {{B::LeftUpperArm, rot(-90, Z)}, {B::RightUpperArm, rot(90, Z)}},
         {{A::LeftShoulderAbduction, 0}, {A::RightShoulderAbduction, 0}, {A::LeftShoulderFlexion, 0}}},
        {"left arm 45 out, right arm 135 up", {{B::LeftUpperArm, rot(-45, Z)}, {B::RightUpperArm, rot(-45, Z)}},
         {{A::LeftShoulderAbduction, 45}, {A::RightShoulderAbduction, 135}}},
        {"left arm forward, elbow bent 90", {{B::LeftUpperArm, rot(-90, Y)}, {B::LeftLowerArm, rot(90, Y)}},
         {{A::LeftShoulderFlexion, 90}, {A::LeftShoulderAbduction, 0}, {A::LeftElbowFlexion, 90}}},
        {"seated legs", {{B::LeftUpperLeg, rot(-90, X)}, {B::LeftLowerLeg, rot(90, X)},
                         {B::RightUpperLeg, rot(-80, X)}, {B::RightLowerLeg, rot(60, X)}},
         {{A::LeftHipFlexion, 90}, {A::LeftKneeFlexion, 90}, {A::RightHipFlexion, 80}, {A::RightKneeFlexion, 60},
          {A::LeftHipAbduction, 0}}},
        {"leg out 30", {{B::LeftUpperLeg, rot(30, Z)}, {B::RightUpperLeg, rot(-20, Z)}},
         {{A::LeftHipAbduction, 30}, {A::RightHipAbduction, 20}, {A::LeftHipFlexion, 0}}},
        {"spine bend, twist, lean", {{B::Spine, rot(20, X)}}, {{A::SpineFlexion, 20}, {A::SpineTwist, 0}}},
        {"spine twist", {{B::Chest, rot(30, Y)}}, {{A::SpineTwist, 30}, {A::SpineFlexion, 0}}},
        {"spine lean left", {{B::Spine, rot(-15, Z)}}, {{A::SpineLateralBend, 15}}},
        {"neck", {{B::Neck, rot(25, X)}, {B::Head, rot(40, Y)}},
         {{A::NeckFlexion, 25}, {A::NeckRotation, 40}, {A::NeckLateralBend, 0}}},
        {"arms with a bent spine", {{B::Spine, rot(30, X)}, {B::LeftUpperArm, rot(-90, Z)}},
         {{A::LeftShoulderAbduction, 0}, {A::SpineFlexion, 30}}},  // measured relative to the chest
    };
}

Pose make_pose(const Case& c) {
    Pose pose;
    pose.name = c.what;
    for (const auto& [bone, q] : c.rotations) pose.set(bone, q);
    return pose;
}

void expect_case(const PoseRig& rig, const Case& c, float tolerance, const std::string& where) {
    const auto locals = rig.apply(make_pose(c));
    const JointAngles angles = measure_joint_angles(rig, locals);
    for (const auto& [angle, degrees] : c.expected)
        EXPECT_NEAR(angles[angle], degrees, tolerance) << where << ", " << c.what << ": " << joint_angle_name(angle);
}

PoseRig make_rig(const asset::Skeleton& skeleton) {
    auto map = map_humanoid(skeleton);
    EXPECT_TRUE(map.ok()) << (map ? "" : map.error().message);
    auto rig = PoseRig::create(skeleton, *map);
    EXPECT_TRUE(rig.ok());
    return std::move(rig).value();
}

// A copy of `skeleton` whose rest pose is `locals` (bind matrices follow), e.g. an A-pose rig.
asset::Skeleton with_rest_pose(asset::Skeleton skeleton, const std::vector<glm::mat4>& locals) {
    const auto world = skeleton.world_transforms(locals);
    for (size_t j = 0; j < skeleton.joints.size(); ++j) {
        skeleton.joints[j].rest_local = locals[j];
        skeleton.joints[j].inverse_bind = glm::inverse(world[j]);
    }
    return skeleton;
}

glm::vec3 bone_direction(const PoseRig& rig, const std::vector<glm::mat4>& locals, B from, B to) {
    const auto world = rig.skeleton().world_transforms(locals);
    return glm::normalize(glm::vec3(world[size_t(rig.map()[to])][3]) - glm::vec3(world[size_t(rig.map()[from])][3]));
}

}  // namespace

TEST(JointAngles, ConstructedPosesOnASyntheticRig) {
    const asset::Skeleton skeleton = test::make_synthetic_rig(test::mixamo_names());
    const PoseRig rig = make_rig(skeleton);
    for (const Case& c : constructed_cases()) expect_case(rig, c, 0.5f, "synthetic T-pose rig");
}

TEST(JointAngles, NamesRoundTrip) {
    for (size_t i = 0; i < kJointAngleCount; ++i)
        EXPECT_EQ(joint_angle_from_name(joint_angle_name(JointAngle(i))), JointAngle(i));
    EXPECT_FALSE(joint_angle_from_name("left_wing_flap"));
}

TEST(Poses, SamePoseSameBodyOnTPoseAndAPoseRigs) {
    const asset::Skeleton t_skeleton = test::make_synthetic_rig(test::vrm_names());
    const PoseRig t_rig = make_rig(t_skeleton);
    // Make an A-pose rig: arms 45 degrees down, elbows slightly bent, as its rest pose.
    Pose a_pose;
    a_pose.set(B::LeftUpperArm, rot(-45, Z));
    a_pose.set(B::RightUpperArm, rot(45, Z));
    a_pose.set(B::LeftLowerArm, rot(-10, Y));
    const asset::Skeleton a_skeleton = with_rest_pose(t_skeleton, t_rig.apply(a_pose));
    const PoseRig a_rig = make_rig(a_skeleton);

    const JointAngles a_rest = measure_joint_angles(a_rig, a_skeleton.rest_locals());
    EXPECT_NEAR(a_rest[A::LeftShoulderAbduction], 45.0f, 0.5f) << "the A-pose rig measures its own rest pose";
    for (const Case& c : constructed_cases()) {
        expect_case(a_rig, c, 0.5f, "synthetic A-pose rig");
        const auto on_t = t_rig.apply(make_pose(c));
        const auto on_a = a_rig.apply(make_pose(c));
        for (auto [from, to] : {std::pair{B::LeftUpperArm, B::LeftLowerArm}, {B::LeftLowerArm, B::LeftHand},
                                {B::RightUpperArm, B::RightLowerArm}, {B::LeftUpperLeg, B::LeftLowerLeg}}) {
            const glm::vec3 dt = bone_direction(t_rig, on_t, from, to), da = bone_direction(a_rig, on_a, from, to);
            EXPECT_GT(glm::dot(dt, da), 0.9999f) << c.what << ": " << bone_name(from) << " points the same way";
        }
    }
}

TEST(Poses, RealRigsMeasureWhatWasPosed) {
    TS_REQUIRE_SHARED_ASSETS();
    for (const char* file : {"humans/CesiumMan/glTF-Binary/CesiumMan.glb", "humans/RiggedFigure/glTF-Binary/RiggedFigure.glb",
                             "humans/Michelle_mixamo/Michelle.glb", "humans/Xbot_mixamo/Xbot.glb",
                             "humans/SambaDancing_fbx/Samba Dancing.fbx"}) {
        auto model = asset::import_model(test::reference_asset(file));
        ASSERT_TRUE(model.ok());
        const PoseRig rig = make_rig(model->skeleton);
        for (const Case& c : constructed_cases()) expect_case(rig, c, 1.0f, file);
    }
}

TEST(Poses, RestPoseOfReferenceRigs) {
    TS_REQUIRE_SHARED_ASSETS();
    // Michelle and Xbot are authored in a T-pose: arms out at about 90 degrees.
    for (const char* file : {"humans/Michelle_mixamo/Michelle.glb", "humans/Xbot_mixamo/Xbot.glb"}) {
        auto model = asset::import_model(test::reference_asset(file));
        ASSERT_TRUE(model.ok());
        const PoseRig rig = make_rig(model->skeleton);
        const JointAngles rest = measure_joint_angles(rig, model->skeleton.rest_locals());
        EXPECT_NEAR(rest[A::LeftShoulderAbduction], 90.0f, 12.0f) << file;
        EXPECT_NEAR(rest[A::RightShoulderAbduction], 90.0f, 12.0f) << file;
        EXPECT_NEAR(rest[A::LeftKneeFlexion], 0.0f, 10.0f) << file;
    }
}
