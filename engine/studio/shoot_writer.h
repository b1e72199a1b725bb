// Writing shoot files: the inverse of load_shoot (studio/shoot_file.h), for the editor's "save".
//
// shoot_json() writes every shot field explicitly (no "defaults"), so the file reads back to the
// same shots whatever defaults the original had. Paths (libraries, poses, pose files, environments)
// are written relative to the folder of the file being written, so a saved shoot can be moved with
// its assets. The date is written only where the loaded file named one (else the shoot stays
// "today"). Shoot-wide use and territories are the first shot's; shots that differ carry their own.
// save_shoot() writes atomically (temporary file, fsync, rename): a failed save leaves the old file.
#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "studio/shoot_file.h"

namespace twinshoot::studio {

nlohmann::json shoot_json(const Shoot& shoot, const std::filesystem::path& file);
Status save_shoot(const Shoot& shoot, const std::filesystem::path& file);

}  // namespace twinshoot::studio
