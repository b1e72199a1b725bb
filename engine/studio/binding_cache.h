// BindingCache: garments bound to a twin (scene/garment_binding.h: refined, transferred, skinned,
// their rest shape made collision-free, anchors and covered skin found), kept on disk across runs,
// so that a later run's first shot of a look, the editor's first wear of a garment on a twin and
// `twinshoot render` of a dressed twin do not bind again (0.3–1 s a garment on 2 cores).
//
// An entry is `<folder>/<key>.tsbind`; the key is made by AssetCache from what a binding reads:
// the fitting code's build hash (scene/fit_code.h), the twin's avatar file (SHA-256) and bone map,
// the garment's mesh as loaded, its id, layer and drape, for a transferred garment its draping body
// file (SHA-256), and the dressing options. The entry holds the bound mesh (vertices, skin,
// triangles), the anchors, the covered skin and a SHA-256 of itself; the cloth topology is built
// again (scene::restore_binding). A missing, truncated, corrupt or mismatched entry is a miss,
// never an error. Written atomically, best effort; the folder is kept under `max_bytes`, least
// recently used first (core/cache_folder.h).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/result.h"
#include "core/sha256.h"
#include "scene/garment_binding.h"

namespace twinshoot::studio {

class BindingCache {
public:
    static constexpr uint64_t kDefaultMaxBytes = uint64_t(512) << 20;

    explicit BindingCache(std::filesystem::path folder, uint64_t max_bytes = kDefaultMaxBytes)
        : m_folder(std::move(folder)), m_max_bytes(max_bytes) {}

    // The binding stored under `key`, restored onto `body`: `garment` gives what is not kept (id,
    // layer, drape, material); its mesh is replaced by the bound one. nullopt on a miss.
    std::optional<std::shared_ptr<const scene::BoundGarment>> find(const Sha256& key, const scene::TwinBody& body,
                                                                   const scene::DressedGarment& garment,
                                                                   const scene::DressingOptions& options) const;
    Status store(const Sha256& key, const scene::BoundGarment& bound) const;

    std::filesystem::path entry_path(const Sha256& key) const;

private:
    std::filesystem::path m_folder;
    uint64_t m_max_bytes;
};

// The entry's bytes, and back (nullopt when they are not a whole entry of `key`).
struct KeptBinding {
    asset::Mesh mesh;  // vertices, skin, triangles and the mesh's flags
    std::vector<float> anchor;
    std::vector<uint8_t> covers;
};
std::vector<uint8_t> encode_binding_entry(const Sha256& key, const scene::BoundGarment& bound);
std::optional<KeptBinding> decode_binding_entry(std::span<const uint8_t> bytes, const Sha256& key);

}  // namespace twinshoot::studio
