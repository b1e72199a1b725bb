// Anatomical joint angles of a posed twin, in degrees, measured from the posed skeleton itself
// (so a pose from a file, a clip or an editor slider is measured the same way). The consent
// engine checks licence joint limits against these.
//
// Conventions (segment frames are the canonical body frame carried by each bone: +X the figure's
// left, +Y up, +Z forward; "outward" is +X for the left side and -X for the right):
//   shoulder_flexion    arm raised forward in the sagittal plane: hanging 0, forward 90, overhead 180;
//                       measured on the upper arm's projection, relative to the chest.
//   shoulder_abduction  arm raised sideways in the frontal plane: hanging 0, T-pose 90, overhead 180.
//   elbow_flexion       angle between upper arm and forearm: straight 0, right angle 90.
//   hip_flexion         thigh raised forward, relative to the pelvis: standing 0, seated ~90.
//   hip_abduction       thigh out sideways: standing 0.
//   knee_flexion        angle between thigh and shin: straight 0.
//   spine_flexion       chest leaning forward relative to the pelvis (negative: arching back).
//   spine_lateral_bend  chest leaning to the figure's left (negative: right).
//   spine_twist         chest turned to the figure's left about the pelvis' up axis.
//   neck_flexion        head tipped forward (chin down) relative to the chest.
//   neck_lateral_bend   head tipped to the left.
//   neck_rotation       head turned to the left.
// Limb flexion/abduction use atan2 of the two in-plane components, so each lies in (-180, 180].
// Spine and neck are Cardan angles of the relative rotation in the order flexion (about X),
// lateral bend (about Z), axial rotation (about Y), as the ISB recommends for the spine.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string_view>

#include "scene/pose.h"

namespace twinshoot::scene {

enum class JointAngle : uint8_t {
    LeftShoulderFlexion, LeftShoulderAbduction, LeftElbowFlexion,
    RightShoulderFlexion, RightShoulderAbduction, RightElbowFlexion,
    LeftHipFlexion, LeftHipAbduction, LeftKneeFlexion,
    RightHipFlexion, RightHipAbduction, RightKneeFlexion,
    SpineFlexion, SpineLateralBend, SpineTwist,
    NeckFlexion, NeckLateralBend, NeckRotation,
    Count
};
inline constexpr size_t kJointAngleCount = size_t(JointAngle::Count);

const char* joint_angle_name(JointAngle angle);  // "left_shoulder_abduction", ...
std::optional<JointAngle> joint_angle_from_name(std::string_view name);

struct JointAngles {
    std::array<float, kJointAngleCount> degrees{};
    float operator[](JointAngle a) const { return degrees[size_t(a)]; }
};

// Measures a posed skeleton (local transforms, one per joint) of the rig.
JointAngles measure_joint_angles(const PoseRig& rig, std::span<const glm::mat4> locals);

}  // namespace twinshoot::scene
