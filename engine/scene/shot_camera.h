// Shot cameras as photographers describe them: a framing (how much of the figure is in frame), the
// camera's yaw and pitch around the subject, and a lens focal length.
//
// Units: yaw and pitch in degrees (yaw positive = the camera moves to the subject's left, i.e.
// counter-clockwise seen from above; pitch positive = the camera looks down from above); focal
// length in millimetres of a full-frame (36 x 24 mm) camera whose LONGER image side spans 36 mm,
// so 85 mm is a classic portrait lens whatever the format's orientation.
//
// Framings crop the posed figure's bounds from the top: full-body (all of it), three-quarter (head
// to mid-thigh, the top 70%), waist-up (top 45%), close-up (head and shoulders, top 22%).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scene/camera.h"

namespace twinshoot::scene {

enum class Framing : uint8_t { FullBody, ThreeQuarter, WaistUp, CloseUp };

const char* framing_name(Framing framing);  // "full-body", ...
std::optional<Framing> parse_framing(std::string_view name);
const std::vector<std::string>& framing_names();

// The ranges shoot files and the command line accept (one rule for both).
inline constexpr double kMaxYawDegrees = 180.0;     // yaw in [-180, 180]
inline constexpr double kMaxPitchDegrees = 60.0;    // pitch in [-60, 60]
inline constexpr double kMinFocalLengthMm = 12.0, kMaxFocalLengthMm = 600.0;

struct ShotCamera {
    Framing framing = Framing::FullBody;
    float yaw_degrees = 0.0f;    // -180..180
    float pitch_degrees = 0.0f;  // -60..60
    float focal_length_mm = 85.0f;  // 12..600
    bool operator==(const ShotCamera&) const = default;
};

// Vertical field of view (radians) of a lens on a full-frame sensor for an image of `aspect`
// (width / height), with the longer image side spanning 36 mm.
float vertical_fov_for_focal_length(float focal_length_mm, float aspect);

// The direction from the subject to the camera: `facing` (the direction the figure faces, levelled;
// +Z when it is vertical or zero) turned by `yaw_degrees` about the vertical axis (positive: towards
// the subject's left) and raised by `pitch_degrees`. Unit length.
glm::vec3 turned_direction(glm::vec3 facing, float yaw_degrees, float pitch_degrees);

// Frames `bounds` (the posed figure, in model space) for `camera`, seen from `facing` (the direction
// the figure faces, from its rig) turned by yaw and pitch.
Camera frame_shot(const asset::Aabb& bounds, float aspect, const ShotCamera& camera, glm::vec3 facing);

}  // namespace twinshoot::scene
