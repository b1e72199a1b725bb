// Pose files (JSON) and pose libraries (a folder of them). Format, documented in docs/poses.md:
//
//   {
//     "name": "hands-on-hips",                        required, unique within a library
//     "tags": ["standing", "hands-on-hips"],          lower-case words; licences refuse by tag
//     "root": {"euler_deg": [0, 0, 0]},               optional whole-body turn
//     "hips_offset_m": [0, 0, 0],                     optional, canonical frame, metres
//     "bones": {                                      canonical bone -> local rotation
//       "left_upper_arm": {"euler_deg": [0, 0, -60]},
//       "right_upper_arm": {"quat_wxyz": [0.87, 0, 0, 0.5]}
//     }
//   }
//
// Rotations follow scene/pose.h. euler_deg [x, y, z] means R = Rz(z) * Ry(y) * Rx(x): turn about
// the parent's canonical X first, then Y, then Z (+X the figure's left, +Y up, +Z forward).
// Unknown fields and unknown bones are errors; every error names the file and the JSON path.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "scene/pose.h"

namespace twinshoot::scene {

Result<Pose> parse_pose(std::string_view json_text, const std::string& source);
Result<Pose> load_pose(const std::filesystem::path& file);

// A pose as a pose file (rotations as quat_wxyz), for poses made in the editor. parse_pose() reads
// it back to the same rotations (to float precision), name and tags.
std::string pose_to_json(const Pose& pose);

struct PoseLibrary {
    std::vector<Pose> poses;  // sorted by name
    const Pose* find(std::string_view name) const;
};

// Every *.json in `folder` (not recursive). Duplicate names are an error naming both files.
Result<PoseLibrary> load_pose_library(const std::filesystem::path& folder);

}  // namespace twinshoot::scene
