#include "pose_editing.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace twinshoot::editor {

using scene::HumanBone;
using scene::JointAngle;

namespace {

struct Mover {
    HumanBone bone;
    glm::vec3 axis;  // canonical axis of the parent's frame
};

// The bones and axes that move each angle, best first (a rig may lack the optional bones).
std::vector<Mover> movers(JointAngle angle) {
    const glm::vec3 x(1, 0, 0), y(0, 1, 0), z(0, 0, 1);
    switch (angle) {
        case JointAngle::LeftShoulderFlexion: return {{HumanBone::LeftUpperArm, x}, {HumanBone::LeftUpperArm, y}};
        case JointAngle::LeftShoulderAbduction: return {{HumanBone::LeftUpperArm, z}, {HumanBone::LeftUpperArm, y}};
        case JointAngle::LeftElbowFlexion: return {{HumanBone::LeftLowerArm, y}, {HumanBone::LeftLowerArm, z}};
        case JointAngle::RightShoulderFlexion: return {{HumanBone::RightUpperArm, x}, {HumanBone::RightUpperArm, y}};
        case JointAngle::RightShoulderAbduction: return {{HumanBone::RightUpperArm, z}, {HumanBone::RightUpperArm, y}};
        case JointAngle::RightElbowFlexion: return {{HumanBone::RightLowerArm, y}, {HumanBone::RightLowerArm, z}};
        case JointAngle::LeftHipFlexion: return {{HumanBone::LeftUpperLeg, x}, {HumanBone::LeftUpperLeg, y}};
        case JointAngle::LeftHipAbduction: return {{HumanBone::LeftUpperLeg, z}, {HumanBone::LeftUpperLeg, y}};
        case JointAngle::LeftKneeFlexion: return {{HumanBone::LeftLowerLeg, x}, {HumanBone::LeftLowerLeg, z}};
        case JointAngle::RightHipFlexion: return {{HumanBone::RightUpperLeg, x}, {HumanBone::RightUpperLeg, y}};
        case JointAngle::RightHipAbduction: return {{HumanBone::RightUpperLeg, z}, {HumanBone::RightUpperLeg, y}};
        case JointAngle::RightKneeFlexion: return {{HumanBone::RightLowerLeg, x}, {HumanBone::RightLowerLeg, z}};
        case JointAngle::SpineFlexion: return {{HumanBone::Chest, x}, {HumanBone::UpperChest, x}, {HumanBone::Spine, x}};
        case JointAngle::SpineLateralBend: return {{HumanBone::Chest, z}, {HumanBone::UpperChest, z}, {HumanBone::Spine, z}};
        case JointAngle::SpineTwist: return {{HumanBone::Chest, y}, {HumanBone::UpperChest, y}, {HumanBone::Spine, y}};
        case JointAngle::NeckFlexion: return {{HumanBone::Neck, x}, {HumanBone::Head, x}};
        case JointAngle::NeckLateralBend: return {{HumanBone::Neck, z}, {HumanBone::Head, z}};
        case JointAngle::NeckRotation: return {{HumanBone::Neck, y}, {HumanBone::Head, y}};
        case JointAngle::Count: break;
    }
    return {};
}

float wrap(float degrees) {
    while (degrees > 180.0f) degrees -= 360.0f;
    while (degrees <= -180.0f) degrees += 360.0f;
    return degrees;
}

scene::Pose turned(const scene::Pose& pose, const Mover& m, float degrees) {
    scene::Pose out = pose;
    const glm::quat local = pose.rotations[size_t(m.bone)].value_or(glm::quat(1.0f, 0.0f, 0.0f, 0.0f));
    out.set(m.bone, glm::normalize(glm::angleAxis(glm::radians(degrees), m.axis) * local));
    return out;
}

}  // namespace

scene::JointAngles measure_pose(const scene::PoseRig& rig, const scene::Pose& pose) {
    const auto locals = rig.apply(pose);
    return scene::measure_joint_angles(rig, locals);
}

Result<scene::Pose> set_joint_angle(const scene::PoseRig& rig, const scene::Pose& pose, JointAngle angle, float degrees) {
    const auto error_of = [&](float turn, const Mover& m) { return wrap(measure_pose(rig, turned(pose, m, turn))[angle] - degrees); };
    for (const Mover& m : movers(angle)) {
        if (!rig.map().has(m.bone)) continue;
        float turn = 0.0f;
        float error = error_of(turn, m);
        for (int iteration = 0; iteration < 40 && std::abs(error) > 0.05f; ++iteration) {
            const float h = 0.25f;
            const float slope = (error_of(turn + h, m) - error_of(turn - h, m)) / (2.0f * h);
            if (std::abs(slope) < 0.05f) break;  // this axis does not move the angle here
            float step = -error / slope;
            step = std::clamp(step, -30.0f, 30.0f);
            // Halve the step until the error shrinks (the measure is not linear far from here).
            for (int k = 0; k < 8; ++k) {
                const float next = error_of(turn + step, m);
                if (std::abs(next) < std::abs(error)) {
                    turn += step;
                    error = next;
                    break;
                }
                step *= 0.5f;
            }
        }
        if (std::abs(error) <= 0.05f) return turned(pose, m, turn);
    }
    return make_error(ErrorCode::Invalid, std::string("cannot set ") + scene::joint_angle_name(angle) + " to " +
                                              std::to_string(int(std::lround(degrees))) + " degrees on this twin");
}

AngleRange anatomical_range(JointAngle angle) {
    switch (angle) {
        case JointAngle::LeftShoulderFlexion:
        case JointAngle::RightShoulderFlexion: return {-60.0f, 180.0f};
        case JointAngle::LeftShoulderAbduction:
        case JointAngle::RightShoulderAbduction: return {-30.0f, 180.0f};
        case JointAngle::LeftElbowFlexion:
        case JointAngle::RightElbowFlexion: return {0.0f, 150.0f};
        case JointAngle::LeftHipFlexion:
        case JointAngle::RightHipFlexion: return {-30.0f, 130.0f};
        case JointAngle::LeftHipAbduction:
        case JointAngle::RightHipAbduction: return {-30.0f, 60.0f};
        case JointAngle::LeftKneeFlexion:
        case JointAngle::RightKneeFlexion: return {0.0f, 150.0f};
        case JointAngle::SpineFlexion: return {-30.0f, 80.0f};
        case JointAngle::SpineLateralBend: return {-40.0f, 40.0f};
        case JointAngle::SpineTwist: return {-45.0f, 45.0f};
        case JointAngle::NeckFlexion: return {-50.0f, 60.0f};
        case JointAngle::NeckLateralBend: return {-40.0f, 40.0f};
        case JointAngle::NeckRotation: return {-80.0f, 80.0f};
        case JointAngle::Count: break;
    }
    return {-180.0f, 180.0f};
}

}  // namespace twinshoot::editor
