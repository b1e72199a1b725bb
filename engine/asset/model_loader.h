// load_model: how every client of the engine (the CLI, shoots, the editor, the bench) opens a
// model file it did not write itself. The one place that decides how untrusted models are read.
//
//   1. The file's extension and existence are checked (errors name the file).
//   2. Its content is hashed; a valid entry of the model cache (asset/model_cache.h) is used as is.
//      The key is the content's SHA-256 with the program version, kImportRevision and the codec
//      version; an import that gave warnings is not cached (a missing texture may appear later).
//   3. Otherwise it is imported in a limited child process (asset/import_process.h): confined to
//      its folder, its declared sizes checked before allocation, and a crash, hang or memory
//      exhaustion turned into one error naming the file. The result is then cached.
//   4. Model::source is the path given; Model::twin_id is the file's own twin marker, else the
//      folder's twin.json (asset/twin_marker.h), whatever the cache holds.
#pragma once

#include <filesystem>
#include <optional>

#include "asset/import_process.h"
#include "asset/model.h"
#include "core/cache_folder.h"
#include "core/result.h"
#include "core/sha256.h"

namespace twinshoot::asset {

// Bump when the importer's output for the same bytes changes (new fields, other conversions).
inline constexpr int kImportRevision = 2;  // 2: skinned glTF no longer joins identical vertices

struct LoadOptions {
    IsolationLimits isolation;
    // Cache folder (models go in its models/ subfolder); nullopt: no disk cache.
    std::optional<std::filesystem::path> cache = default_cache_folder();
    // The model file's SHA-256 when the caller has just computed it (a twin's avatar, hashed for its
    // licence): the file is then not hashed a second time. It must be of the bytes at `path`.
    std::optional<Sha256> content_sha256;
};

struct LoadStats {
    bool from_cache = false;
    bool cache_written = false;
    double hash_ms = 0.0;    // hashing the model file
    double load_ms = 0.0;    // the cache read or the isolated import
};

Result<Model> load_model(const std::filesystem::path& path, const LoadOptions& options = {}, LoadStats* stats = nullptr);

}  // namespace twinshoot::asset
