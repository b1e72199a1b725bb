// A disk cache of imported models, keyed by the model file's content (SHA-256).
//
// An entry is `<cache>/models/<sha256 of the model file>.tsmodel`: a small header listing the other
// files the import read (buffers, textures, .mtl; relative to the model's folder) with their
// SHA-256, then the model's binary form (asset/model_codec.h). An entry is used only when every one
// of those files, read through the model's ConfinedFolder, still has the recorded hash; otherwise,
// or when the entry is missing, truncated, corrupt or of another format version, it is a miss
// (never an error) and the model is imported again. Entries are written atomically (temporary file,
// fsync, rename), so a crash leaves the old entry or none. Writing is best effort.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "asset/import_limits.h"
#include "asset/model.h"
#include "core/result.h"
#include "core/sha256.h"

namespace twinshoot::asset {

struct CacheEntry {
    struct Dependency {
        std::string file;  // relative to the model's folder
        Sha256 sha256;
    };
    std::vector<Dependency> dependencies;
    Model model;
};

std::vector<uint8_t> encode_cache_entry(const CacheEntry& entry);
// Errors (Parse/Unsupported) name `what`; the reader treats every one as a miss.
Result<CacheEntry> decode_cache_entry(std::span<const uint8_t> bytes, const std::string& what,
                                      const ImportLimits& limits = kDefaultImportLimits);

class ModelCache {
public:
    explicit ModelCache(std::filesystem::path folder) : m_folder(std::move(folder)) {}

    // The cached import of the model at `model_path` whose content hashes to `key`, or nullopt.
    std::optional<Model> find(const Sha256& key, const std::filesystem::path& model_path) const;
    // Stores `model` (imported from `model_path`, content `key`); its dependencies are hashed now.
    Status store(const Sha256& key, const std::filesystem::path& model_path, const Model& model) const;

    std::filesystem::path entry_path(const Sha256& key) const;

private:
    std::filesystem::path m_folder;
};

}  // namespace twinshoot::asset
