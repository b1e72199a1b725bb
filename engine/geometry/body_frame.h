// The body frame of a scanned or modelled person: which file axis is up, where the figure faces,
// what unit the file is in, and the transform that puts it in TwinShoot's normalised frame —
// metres, +Y up, facing +Z (so +X is the figure's own left), feet on y = 0, centred on x = z = 0.
//
// Detection (docs/onboarding.md):
//  - the depth axis is the file axis of least extent; of the other two, up is the one along which
//    the body is least mirror-symmetric (a body is symmetric left to right, never head to foot);
//  - up's sign: the foot end has two blobs with a gap between (the feet) and is wider than the
//    head end;
//  - facing: toes reach forward of the shins;
//  - units: the one factor (m, dm, cm, mm, in) that makes the height a standing adult or child,
//    1.2 to 2.2 m. No factor, or more than one, is an error that gives the measured height.
// Only axis-aligned files are handled (scanners and DCC tools write one of the six axes up).
#pragma once

#include <glm/glm.hpp>

#include <optional>
#include <string>

#include "core/result.h"
#include "geometry/body_mesh.h"

namespace twinshoot::geometry {

inline constexpr float kMinHumanHeightM = 1.2f;
inline constexpr float kMaxHumanHeightM = 2.2f;

struct FrameOptions {
    std::optional<std::string> units;  // "m", "dm", "cm", "mm", "in"; empty = detect
    std::optional<char> up;            // 'y' or 'z' (+ that file axis is up); empty = detect
};

struct BodyFrame {
    float scale = 1.0f;           // file units -> metres
    std::string units = "m";      // the unit name `scale` stands for
    bool units_detected = true;   // false when given
    bool up_detected = true;
    glm::mat3 rotation{1.0f};     // file axes -> normalised axes (a signed permutation, det +1)
    glm::vec3 offset{0.0f};       // added after rotation and scale (metres)
    float height_m = 0.0f;        // after normalisation
    std::string up_axis;          // "+y", "-z", ... of the file
    std::string facing_axis;      // the file axis the figure faces

    glm::mat4 matrix() const;     // file model space -> normalised frame
};

// Fails (naming what was measured, in file units) when the mesh is empty or flat, when no unit
// gives a human height, or when the options ask for an axis or unit that is not known.
Result<BodyFrame> detect_body_frame(const BodyMesh& mesh, const FrameOptions& options = {});

// Unit name -> metres per unit; nullopt when unknown.
std::optional<float> unit_scale(const std::string& units);

}  // namespace twinshoot::geometry
