// AssetCache: what a run of shots loads once and reuses — twins (package, licence document, avatar
// hash, imported model), garment packages, pose libraries, and garments bound to a twin. Each
// garment is bound to a twin once (scene/garment_binding.h: the weight transfer and anchors, the
// costly half of fitting; for a garment draped on another body, its transfer to this twin first,
// geometry/garment_transfer.h), and a set of garments is composed of those bindings (scene::Dressing),
// so a new set of garments already worn costs only the composition. Keys are the folders as given
// plus, for bindings, the garment folders and layers. Entries are immutable and shared: a TwinShot
// keeps what it uses alive.
//
// Thread-safe: each entry is made once (core/once_map.h) — two threads asking for the same binding
// get the same object, the second waiting for the first's work — and different entries are made at
// the same time (the editor binds the shoot's other looks on a worker while it shows the current one).
// A failure is not kept: the next call tries again.
//
// A twin is hashed and imported once per cache, so a long-lived cache (the editor) must be dropped
// to see an avatar or licence replaced on disk.
#pragma once

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asset/model.h"
#include "core/cache_folder.h"
#include "core/once_map.h"
#include "consent/signed_document.h"
#include "core/sha256.h"
#include "geometry/garment_transfer.h"
#include "scene/dressing.h"
#include "scene/package.h"
#include "scene/pose_file.h"
#include "studio/posed_garments.h"

namespace twinshoot::studio {

struct LoadedTwin {
    scene::TwinPackage package;
    std::filesystem::path licence_path;
    consent::SignedDocument licence;  // not yet verified: that is the evaluator's job
    Sha256 avatar_sha256;             // of the avatar file as read
    asset::Model model;               // a twin (twin_id set): renderers refuse it without a grant
};

// A garment package with the colourway (and optionally a layer other than the package's) chosen
// for a shot.
struct GarmentChoice {
    std::shared_ptr<const scene::GarmentPackage> package;
    scene::Colourway colourway;
    int layer = 0;
};

// Garments bound to one twin, sorted inner layer first (scene::Dressing). Keeps the twin alive.
// `posed` keeps the poses recently fitted (studio::dress uses it for renders), and on disk those of
// earlier runs.
struct BoundGarments {
    std::shared_ptr<const LoadedTwin> twin;
    scene::Dressing dressing;
    std::unique_ptr<PosedGarments> posed = std::make_unique<PosedGarments>();
};

class AssetCache {
public:
    // `dressing`: how bound garments are fitted per pose. `cache`: the disk cache folder; garments
    // bound to a twin are kept in its bindings/ subfolder (studio/binding_cache.h), garments fitted
    // to a pose in fits/ (studio/fit_cache.h); nullopt: none.
    explicit AssetCache(scene::DressingOptions dressing = {},
                        std::optional<std::filesystem::path> cache = default_cache_folder())
        : m_dressing(dressing), m_cache_folder(std::move(cache)) {}

    // `licence` overrides the package's licence file. Errors name the file.
    Result<std::shared_ptr<const LoadedTwin>> twin(const std::filesystem::path& folder,
                                                   const std::optional<std::filesystem::path>& licence = {});
    Result<std::shared_ptr<const scene::GarmentPackage>> garment(const std::filesystem::path& folder);
    // "DIR[:COLOURWAY]" (no colourway: the package default).
    Result<GarmentChoice> garment_choice(const std::string& spec);
    Result<std::shared_ptr<const scene::PoseLibrary>> poses(const std::filesystem::path& folder);
    Result<std::shared_ptr<const BoundGarments>> bind(const std::shared_ptr<const LoadedTwin>& twin,
                                                      const std::vector<GarmentChoice>& garments);

    // Entries kept (or being made at the moment of asking).
    size_t twins_loaded() const { return m_twins.size(); }
    size_t bindings_made() const { return m_bindings.size(); }        // garment sets
    size_t garments_bound() const { return m_bound_garments.size(); }  // (twin, garment, layer)
    size_t bindings_from_disk() const { return m_bindings_from_disk; }  // of those, read from the disk cache

private:
    Result<std::shared_ptr<const asset::Model>> model(const std::filesystem::path& file);
    Result<std::shared_ptr<const scene::TwinBody>> twin_body(const std::shared_ptr<const LoadedTwin>& twin,
                                                             const std::string& twin_key);
    Result<std::shared_ptr<const scene::BoundGarment>> bound_garment(const LoadedTwin& twin, const std::string& twin_key,
                                                                     const scene::TwinBody& body, const GarmentChoice& garment);
    // A body prepared for garment transfer (a garment's draping body, or a twin's avatar, given
    // already loaded as `loaded`).
    Result<std::shared_ptr<const geometry::TransferBody>> transfer_body(
        const std::filesystem::path& file, const std::map<std::string, std::string>& bone_map,
        const asset::Model* loaded = nullptr);

    scene::DressingOptions m_dressing;
    std::optional<std::filesystem::path> m_cache_folder;
    std::atomic<size_t> m_bindings_from_disk{0};
    // Layered so that an entry only asks for entries of the maps below it (OnceMap's rule): bindings
    // ask for twin bodies and bound garments, bound garments for garment meshes and transfer bodies,
    // transfer bodies for garment meshes.
    OnceMap<LoadedTwin> m_twins;
    OnceMap<scene::GarmentPackage> m_garments;
    OnceMap<scene::PoseLibrary> m_poses;
    OnceMap<BoundGarments> m_bindings;
    OnceMap<scene::TwinBody> m_twin_bodies;
    OnceMap<scene::BoundGarment> m_bound_garments;
    OnceMap<geometry::TransferBody> m_transfer_bodies;
    OnceMap<asset::Model> m_garment_meshes;
};

}  // namespace twinshoot::studio
