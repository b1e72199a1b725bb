// Where TwinShoot keeps derived data that can always be rebuilt (imported models, baked IBL,
// garments fitted to poses).
//
// $TWINSHOOT_CACHE_DIR if set (set but empty: no disk cache), else $XDG_CACHE_HOME/twinshoot, else
// ~/.cache/twinshoot; nullopt when none can be determined. Every reader of a cache treats a missing,
// truncated or corrupt entry as a miss, never as an error, so deleting the folder is always safe.
#pragma once

#include <filesystem>
#include <optional>

namespace twinshoot {

std::optional<std::filesystem::path> default_cache_folder();

}  // namespace twinshoot
