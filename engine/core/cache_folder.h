// Where TwinShoot keeps derived data that can always be rebuilt (imported models, baked IBL,
// garments fitted to poses).
//
// $TWINSHOOT_CACHE_DIR if set (set but empty: no disk cache), else $XDG_CACHE_HOME/twinshoot, else
// ~/.cache/twinshoot; nullopt when none can be determined. Every reader of a cache treats a missing,
// truncated or corrupt entry as a miss, never as an error, so deleting the folder is always safe.
#pragma once

#include <filesystem>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/result.h"

namespace twinshoot {

std::optional<std::filesystem::path> default_cache_folder();

// Keeps the files of `folder` ending in `extension` under `max_bytes` in all: when they are over,
// the least recently written (a reader that renews an entry's time on a hit makes this least
// recently used) are removed until they are under three quarters of it. Best effort: files another
// process removes meanwhile are skipped.
void trim_cache_folder(const std::filesystem::path& folder, std::string_view extension, uint64_t max_bytes);

// An entry of a content-keyed cache: `file` in `folder` (created when missing), written atomically
// (temporary file, fsync, rename), then the folder trimmed to `max_bytes` (trim_cache_folder, the
// entries ending in `file`'s extension). Errors name the folder or file.
Status store_cache_entry(const std::filesystem::path& folder, const std::filesystem::path& file,
                         std::span<const uint8_t> bytes, uint64_t max_bytes);
// Marks an entry just read as recently used (its file time; best effort).
void mark_cache_entry_used(const std::filesystem::path& file);

}  // namespace twinshoot
