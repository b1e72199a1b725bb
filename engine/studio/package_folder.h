// Writing a package folder (twin or garment) so that it appears whole or not at all.
//
// build_package_folder refuses an `out_dir` that exists and is not empty (a package is never
// replaced), has `build` write into a temporary sibling folder, and renames that into place when
// `build` succeeds; on any error the temporary folder is removed and nothing is left at `out_dir`.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "core/result.h"

namespace twinshoot::studio {

// Package and owner ids: lower-case [a-z0-9-], 1..64 characters, no leading or trailing '-'.
bool valid_package_id(const std::string& id);

Status build_package_folder(const std::filesystem::path& out_dir,
                            const std::function<Status(const std::filesystem::path& folder)>& build);

}  // namespace twinshoot::studio
