// FitCache: garments fitted to a posed twin, kept on disk across runs, so that a shoot run again,
// another shoot of the same looks or a render of a shot already taken does not fit and settle them
// again (studio/posed_garments.h keeps them in memory within a run).
//
// An entry is `<folder>/<key>.tsfit`. The key is the SHA-256 of the Dressing's fingerprint (the
// fitting code's build hash, the twin's skinned meshes, each bound garment's mesh, skin and anchors,
// the options; scene/dressing.h) and the pose's skin matrices, bit for bit: what the fit reads, so
// an entry gives exactly the garments a fit would (the settle is deterministic). The entry holds the
// posed vertices of each garment and a SHA-256 of itself; triangles, names and materials come from
// the Dressing. A missing, truncated, corrupt or mismatched entry is a miss, never an error.
//
// Entries are written atomically (temporary file, rename), so readers in other processes (farm
// shards on one machine) see an entry whole or not at all. Writing is best effort: a full disk or
// an unwritable folder only means the next run fits again. The folder is kept under `max_bytes`:
// after a store, the entries least recently used (file times; a hit renews its entry's) are
// removed until it is under three quarters of that.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <vector>

#include <glm/mat4x4.hpp>

#include "core/result.h"
#include "core/sha256.h"
#include "scene/dressing.h"

namespace twinshoot::studio {

class FitCache {
public:
    static constexpr uint64_t kDefaultMaxBytes = uint64_t(512) << 20;

    explicit FitCache(std::filesystem::path folder, uint64_t max_bytes = kDefaultMaxBytes)
        : m_folder(std::move(folder)), m_max_bytes(max_bytes) {}

    static Sha256 key(const scene::Dressing& dressing, std::span<const glm::mat4> skin);

    // The garments `dressing` fitted to the pose of `key`, as Dressing::pose gives them (without
    // fit measures), or nullopt.
    std::optional<scene::PosedDressing> find(const Sha256& key, const scene::Dressing& dressing) const;
    // Stores `posed` (fitted by `dressing`, whose garments give the vertex counts) under `key`.
    Status store(const Sha256& key, const scene::PosedDressing& posed) const;

    std::filesystem::path entry_path(const Sha256& key) const;
    const std::filesystem::path& folder() const { return m_folder; }

private:
    std::filesystem::path m_folder;
    uint64_t m_max_bytes;
};

// The entry's bytes, and back (nullopt when they are not a whole entry of `key` for garments of
// these vertex counts).
std::vector<uint8_t> encode_fit_entry(const Sha256& key, const scene::PosedDressing& posed);
std::optional<std::vector<std::vector<asset::Vertex>>> decode_fit_entry(std::span<const uint8_t> bytes, const Sha256& key,
                                                                       std::span<const size_t> vertex_counts);

}  // namespace twinshoot::studio
