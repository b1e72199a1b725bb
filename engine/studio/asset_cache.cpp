#include "studio/asset_cache.h"

#include "asset/importer.h"
#include "asset/model_loader.h"
#include "geometry/garment_transfer.h"
#include "scene/fit_code.h"
#include "studio/binding_cache.h"

namespace twinshoot::studio {
namespace fs = std::filesystem;

namespace {

std::string key_of(const fs::path& p) { return p.lexically_normal().string(); }

// One mesh per garment: the file's meshes merged in model space.
scene::DressedGarment garment_mesh(const asset::Model& file, const GarmentChoice& choice) {
    scene::DressedGarment g;
    g.id = choice.package->id;
    g.layer = choice.layer;
    g.drape = scene::garment_drape(choice.package->category);
    for (const auto& instance : file.instances) {
        const asset::Mesh& m = file.meshes[instance.mesh];
        const uint32_t base = uint32_t(g.mesh.vertices.size());
        for (auto v : m.vertices) {
            v.position = glm::vec3(instance.transform * glm::vec4(v.position, 1.0f));
            v.normal = glm::normalize(glm::mat3(instance.transform) * v.normal);
            g.mesh.vertices.push_back(v);
        }
        for (uint32_t i : m.indices) g.mesh.indices.push_back(base + i);
        g.mesh.has_uvs = m.has_uvs;
    }
    g.material = file.materials.empty() || file.meshes.empty() ? asset::Material{} : file.materials[file.meshes[0].material];
    g.material.double_sided = true;
    g.material.metallic = 0.0f;
    return g;
}

}  // namespace

Result<std::shared_ptr<const LoadedTwin>> AssetCache::twin(const fs::path& folder, const std::optional<fs::path>& licence) {
    const std::string key = key_of(folder) + "\n" + (licence ? key_of(*licence) : std::string());
    return m_twins.get(key, [&]() -> Result<std::shared_ptr<const LoadedTwin>> {
        auto loaded = std::make_shared<LoadedTwin>();
        TS_TRY_ASSIGN(loaded->package, scene::load_twin(folder));
        loaded->licence_path = licence.value_or(loaded->package.licence);
        TS_TRY_ASSIGN(loaded->licence, consent::load_signed_document(loaded->licence_path, "licence"));
        // The hash is of the file on disk; the import below reads the same path. (A swap between the
        // two reads would need write access to the twin folder; see docs/licence.md.)
        TS_TRY_ASSIGN(loaded->avatar_sha256, sha256_file(loaded->package.avatar));
        asset::LoadOptions load;
        load.content_sha256 = loaded->avatar_sha256;  // hashed once, for the licence and the model cache
        TS_TRY_ASSIGN(loaded->model, asset::load_model(loaded->package.avatar, load));
        loaded->model.twin_id = loaded->package.id;  // whatever the file says, this model is that twin
        for (const std::string& name : loaded->package.skin_materials) {
            bool found = false;
            for (asset::Material& material : loaded->model.materials)
                if (material.name == name) {
                    material.skin = found = true;
                    if (loaded->package.skin_scatter_color) material.scatter_color = *loaded->package.skin_scatter_color;
                }
            if (!found) {
                std::string names;
                for (const asset::Material& material : loaded->model.materials)
                    names += (names.empty() ? "'" : ", '") + material.name + "'";
                return make_error(ErrorCode::Invalid, (folder / "twin.json").string() + ": $.skin_materials: '" + name +
                                                          "' is not a material of " + loaded->package.avatar.filename().string() +
                                                          " (it has " + (names.empty() ? "none" : names) + ")");
            }
        }
        return std::shared_ptr<const LoadedTwin>(std::move(loaded));
    });
}

Result<std::shared_ptr<const scene::GarmentPackage>> AssetCache::garment(const fs::path& folder) {
    const std::string key = key_of(folder);
    return m_garments.get(key, [&]() -> Result<std::shared_ptr<const scene::GarmentPackage>> {
        TS_TRY_ASSIGN(scene::GarmentPackage package, scene::load_garment(folder));
        return std::make_shared<const scene::GarmentPackage>(std::move(package));
    });
}

Result<GarmentChoice> AssetCache::garment_choice(const std::string& spec) {
    const size_t colon = spec.rfind(':');
    const fs::path folder = colon == std::string::npos ? spec : spec.substr(0, colon);
    TS_TRY_ASSIGN(std::shared_ptr<const scene::GarmentPackage> package, garment(folder));
    const std::string name = colon == std::string::npos ? package->default_colourway : spec.substr(colon + 1);
    const scene::Colourway* colourway = package->colourway(name);
    if (!colourway) {
        std::string names;
        for (const auto& c : package->colourways) names += (names.empty() ? "" : ", ") + c.name;
        return make_error(ErrorCode::Invalid, (folder / "garment.json").string() + ": no colourway \"" + name +
                                                  "\" (available: " + names + ")");
    }
    return GarmentChoice{package, *colourway, package->layer};
}

Result<std::shared_ptr<const scene::PoseLibrary>> AssetCache::poses(const fs::path& folder) {
    const std::string key = key_of(folder);
    return m_poses.get(key, [&]() -> Result<std::shared_ptr<const scene::PoseLibrary>> {
        TS_TRY_ASSIGN(scene::PoseLibrary library, scene::load_pose_library(folder));
        return std::make_shared<const scene::PoseLibrary>(std::move(library));
    });
}

Result<std::shared_ptr<const BoundGarments>> AssetCache::bind(const std::shared_ptr<const LoadedTwin>& twin,
                                                              const std::vector<GarmentChoice>& garments) {
    // The avatar's content, not the licence: licence variants of one twin share its bindings.
    // The body reads the package's bone map too (the seat's joints: scene/seat.h).
    std::string twin_key = key_of(twin->package.avatar) + "\n" + twin->avatar_sha256.hex();
    for (const auto& [from, to] : twin->package.bone_map) {
        twin_key += '\n';
        twin_key += from;
        twin_key += '=';
        twin_key += to;
    }
    std::string key = twin_key;
    for (const GarmentChoice& g : garments) {
        // Appended piece by piece (also sidesteps GCC 12's false -Wrestrict on "literal" + std::string).
        key += '\n';
        key += key_of(g.package->folder);
        key += '@';
        key += std::to_string(g.layer);
    }
    return m_bindings.get(key, [&]() -> Result<std::shared_ptr<const BoundGarments>> {
        TS_TRY_ASSIGN(std::shared_ptr<const scene::TwinBody> body, twin_body(twin, twin_key));
        std::vector<std::shared_ptr<const scene::BoundGarment>> bound;
        for (const GarmentChoice& g : garments) {
            TS_TRY_ASSIGN(auto one, bound_garment(*twin, twin_key, *body, g));
            bound.push_back(std::move(one));
        }
        TS_TRY_ASSIGN(scene::Dressing dressing, scene::Dressing::create(std::move(body), std::move(bound), m_dressing));
        std::optional<FitCache> disk;
        if (m_cache_folder) disk.emplace(*m_cache_folder / "fits");
        return std::make_shared<const BoundGarments>(
            BoundGarments{twin, std::move(dressing), std::make_unique<PosedGarments>(std::move(disk))});
    });
}

Result<std::shared_ptr<const scene::TwinBody>> AssetCache::twin_body(const std::shared_ptr<const LoadedTwin>& twin,
                                                                     const std::string& twin_key) {
    // The body keeps the loaded twin (and so its model) alive.
    return m_twin_bodies.get(twin_key, [&] { return scene::TwinBody::create(std::shared_ptr<const asset::Model>(twin, &twin->model),
                                                                                     twin->package.bone_map); });
}

Result<std::shared_ptr<const scene::BoundGarment>> AssetCache::bound_garment(const LoadedTwin& twin, const std::string& twin_key,
                                                                             const scene::TwinBody& body, const GarmentChoice& g) {
    // The colourway is applied when a shot is dressed (studio::dress): not part of the binding.
    std::string key = twin_key;
    key += '\n';
    key += key_of(g.package->folder);
    key += '@';
    key += std::to_string(g.layer);
    return m_bound_garments.get(key, [&]() -> Result<std::shared_ptr<const scene::BoundGarment>> {
        // The one wear rule (scene::garment_wear): as draped on its own twin, transferred from its
        // draping body to any other, refused without one.
        TS_TRY_ASSIGN(const scene::GarmentWear wear, scene::garment_wear(*g.package, twin.package.id));
        TS_TRY_ASSIGN(std::shared_ptr<const asset::Model> file, model(g.package->mesh));
        scene::DressedGarment dressed = garment_mesh(*file, g);
        // Kept from an earlier run: keyed by everything the binding below reads.
        std::optional<BindingCache> disk;
        Sha256 disk_key;
        if (m_cache_folder) {
            Sha256Hasher hasher;
            hasher.text("twinshoot binding 1").text(scene::kFitCodeHash).value(twin.avatar_sha256);
            hasher.value(uint64_t(twin.package.bone_map.size()));
            for (const auto& [from, to] : twin.package.bone_map) hasher.text(from).text(to);
            const asset::Mesh& m = dressed.mesh;
            hasher.text(dressed.id).value(int32_t(dressed.layer)).value(uint8_t(dressed.drape)).value(uint8_t(m.has_uvs));
            hasher.values<asset::Vertex>(m.vertices).values<uint32_t>(m.indices).value(uint8_t(wear));
            bool keyed = true;
            if (wear == scene::GarmentWear::Transferred) {
                auto body_hash = sha256_file(*g.package->body);
                if (body_hash) hasher.value(*body_hash);
                keyed = body_hash.ok();  // unreadable now: the transfer below says why
            }
            scene::hash_dressing_options(hasher, m_dressing);
            hasher.value(uint8_t(m_dressing.hide_covered_body));
            disk_key = hasher.finish();
            if (keyed) disk.emplace(*m_cache_folder / "bindings");
            if (disk)
                if (auto kept = disk->find(disk_key, body, dressed, m_dressing)) {
                    ++m_bindings_from_disk;
                    return std::move(*kept);
                }
        }
        if (wear == scene::GarmentWear::Transferred) {
            TS_TRY_ASSIGN(auto from, transfer_body(*g.package->body, {}));
            TS_TRY_ASSIGN(auto to, transfer_body(twin.package.avatar, twin.package.bone_map, &twin.model));
            std::vector<glm::vec3> positions(dressed.mesh.vertices.size());
            for (size_t i = 0; i < positions.size(); ++i) positions[i] = dressed.mesh.vertices[i].position;
            positions = geometry::transfer_garment(positions, dressed.mesh.indices, *from, *to);
            for (size_t i = 0; i < positions.size(); ++i) dressed.mesh.vertices[i].position = positions[i];
            asset::recompute_normals(dressed.mesh);
        }
        TS_TRY_ASSIGN(std::shared_ptr<const scene::BoundGarment> bound, scene::bind_garment(body, std::move(dressed), m_dressing));
        if (disk) (void)disk->store(disk_key, *bound);  // best effort: a later run binds again
        return bound;
    });
}

Result<std::shared_ptr<const asset::Model>> AssetCache::model(const fs::path& file) {
    const std::string key = key_of(file);
    return m_garment_meshes.get(key, [&]() -> Result<std::shared_ptr<const asset::Model>> {
        TS_TRY_ASSIGN(asset::Model loaded, asset::load_model(file));
        return std::make_shared<const asset::Model>(std::move(loaded));
    });
}

Result<std::shared_ptr<const geometry::TransferBody>> AssetCache::transfer_body(
    const fs::path& file, const std::map<std::string, std::string>& bone_map, const asset::Model* loaded) {
    const std::string key = key_of(file);
    return m_transfer_bodies.get(key, [&]() -> Result<std::shared_ptr<const geometry::TransferBody>> {
        std::shared_ptr<const asset::Model> owned;
        if (!loaded) {
            TS_TRY_ASSIGN(owned, model(file));
            loaded = owned.get();
        }
        TS_TRY_ASSIGN(geometry::TransferBody body, geometry::make_transfer_body(*loaded, bone_map, file.string()));
        return std::make_shared<const geometry::TransferBody>(std::move(body));
    });
}

}  // namespace twinshoot::studio
