// Posing by anatomical angle: the Pose panel's per-joint sliders. A slider asks for one joint angle
// of scene/joint_angles.h (e.g. left_elbow_flexion = 45 degrees); set_joint_angle() turns the bone
// that moves it about the matching canonical axis until the angle measured on the twin's posed
// skeleton (measure_joint_angles, the very measure the licence judges) is the requested one.
// Other angles stay as they were, except where anatomy couples them (measure them again).
#pragma once

#include "core/result.h"
#include "scene/joint_angles.h"
#include "scene/pose.h"

namespace twinshoot::editor {

// The angles of `pose` on `rig`.
scene::JointAngles measure_pose(const scene::PoseRig& rig, const scene::Pose& pose);

// `pose` with `angle` at `degrees`, found to within 0.05 degrees. Fails (the pose unchanged) where the
// rig lacks the bones that move it or the angle cannot be reached (e.g. past a singular arm position).
Result<scene::Pose> set_joint_angle(const scene::PoseRig& rig, const scene::Pose& pose, scene::JointAngle angle,
                                    float degrees);

// Slider range of each angle, before any licence limit (degrees).
struct AngleRange {
    float min_deg, max_deg;
};
AngleRange anatomical_range(scene::JointAngle angle);

}  // namespace twinshoot::editor
