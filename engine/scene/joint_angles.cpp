#include "scene/joint_angles.h"

#include <glm/gtc/constants.hpp>
#include <glm/gtx/euler_angles.hpp>

#include <cmath>

namespace twinshoot::scene {
namespace {
using B = HumanBone;
using A = JointAngle;

constexpr const char* kNames[kJointAngleCount] = {
    "left_shoulder_flexion", "left_shoulder_abduction", "left_elbow_flexion",
    "right_shoulder_flexion", "right_shoulder_abduction", "right_elbow_flexion",
    "left_hip_flexion", "left_hip_abduction", "left_knee_flexion",
    "right_hip_flexion", "right_hip_abduction", "right_knee_flexion",
    "spine_flexion", "spine_lateral_bend", "spine_twist",
    "neck_flexion", "neck_lateral_bend", "neck_rotation"};

float degrees(float radians) { return radians * 180.0f / glm::pi<float>(); }

// Angle of `v` from the hanging direction -Y towards `towards`, in the plane they span.
float raise(const glm::vec3& v, const glm::vec3& towards) {
    const float along = glm::dot(v, towards), down = -v.y;
    if (std::abs(along) < 1e-6f && std::abs(down) < 1e-6f) return 0.0f;
    return degrees(std::atan2(along, down));
}

float between(const glm::vec3& a, const glm::vec3& b) {
    return degrees(std::acos(glm::clamp(glm::dot(glm::normalize(a), glm::normalize(b)), -1.0f, 1.0f)));
}

}  // namespace

const char* joint_angle_name(JointAngle angle) { return kNames[size_t(angle)]; }

std::optional<JointAngle> joint_angle_from_name(std::string_view name) {
    for (size_t i = 0; i < kJointAngleCount; ++i)
        if (name == kNames[i]) return JointAngle(i);
    return std::nullopt;
}

JointAngles measure_joint_angles(const PoseRig& rig, std::span<const glm::mat4> locals) {
    const auto g = rig.canonical_orientations(locals);
    const auto& map = rig.map();
    auto dir = [&](B bone) { return g[size_t(bone)] * canonical_direction(bone); };
    const B chest = map.has(B::UpperChest) ? B::UpperChest : map.has(B::Chest) ? B::Chest : B::Spine;
    const glm::quat chest_inv = glm::inverse(g[size_t(chest)]);
    const glm::quat hips_inv = glm::inverse(g[size_t(B::Hips)]);

    JointAngles out;
    auto& d = out.degrees;
    for (int side = 0; side < 2; ++side) {
        const bool left = side == 0;
        const glm::vec3 outward(left ? 1.0f : -1.0f, 0.0f, 0.0f);
        const glm::vec3 arm = chest_inv * dir(left ? B::LeftUpperArm : B::RightUpperArm);
        d[size_t(left ? A::LeftShoulderFlexion : A::RightShoulderFlexion)] = raise(arm, {0, 0, 1});
        d[size_t(left ? A::LeftShoulderAbduction : A::RightShoulderAbduction)] = raise(arm, outward);
        d[size_t(left ? A::LeftElbowFlexion : A::RightElbowFlexion)] =
            between(dir(left ? B::LeftUpperArm : B::RightUpperArm), dir(left ? B::LeftLowerArm : B::RightLowerArm));
        const glm::vec3 thigh = hips_inv * dir(left ? B::LeftUpperLeg : B::RightUpperLeg);
        d[size_t(left ? A::LeftHipFlexion : A::RightHipFlexion)] = raise(thigh, {0, 0, 1});
        d[size_t(left ? A::LeftHipAbduction : A::RightHipAbduction)] = raise(thigh, outward);
        d[size_t(left ? A::LeftKneeFlexion : A::RightKneeFlexion)] =
            between(dir(left ? B::LeftUpperLeg : B::RightUpperLeg), dir(left ? B::LeftLowerLeg : B::RightLowerLeg));
    }
    // Spine (chest seen from the pelvis) and neck (head seen from the chest): Cardan angles in the
    // order flexion about X, lateral bend about Z, axial rotation about Y: R = Rx * Rz * Ry.
    auto cardan = [&](const glm::quat& relative, A flexion, A lateral, A rotation) {
        float fx = 0, fz = 0, fy = 0;
        glm::extractEulerAngleXZY(glm::mat4_cast(relative), fx, fz, fy);
        d[size_t(flexion)] = degrees(fx);
        d[size_t(lateral)] = -degrees(fz);  // leaning left (+X) is a negative turn about Z
        d[size_t(rotation)] = degrees(fy);
    };
    cardan(hips_inv * g[size_t(chest)], A::SpineFlexion, A::SpineLateralBend, A::SpineTwist);
    cardan(chest_inv * g[size_t(B::Head)], A::NeckFlexion, A::NeckLateralBend, A::NeckRotation);
    return out;
}

}  // namespace twinshoot::scene
