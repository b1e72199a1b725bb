#include "studio/twin_shot.h"

namespace twinshoot::studio {

std::string TwinShot::licence_id() const {
    const nlohmann::json& body = m_loaded->licence.body;
    return body.is_object() && body.contains("id") && body["id"].is_string() ? body["id"].get<std::string>() : std::string();
}

Result<TwinShot> TwinShot::prepare(const ShotSpec& spec) {
    AssetCache cache;
    return prepare(spec, cache);
}

Result<TwinShot> TwinShot::prepare(const ShotSpec& spec, AssetCache& cache) {
    TwinShot shot;
    shot.m_spec = spec;
    Stopwatch timer;
    TS_TRY_ASSIGN(shot.m_loaded, cache.twin(spec.twin, spec.licence));
    const LoadedTwin& twin = *shot.m_loaded;
    shot.m_times.add("load", timer.ms());
    timer.restart();
    TS_TRY_ASSIGN(shot.m_staging, stage(twin.model, spec.pose, spec.poses, twin.package.bone_map,
                                        twin.package.avatar.string(), cache));
    shot.m_times.add("pose", timer.ms());
    timer.restart();
    TS_TRY_ASSIGN(shot.m_garments, load_garments(spec.garments, cache));
    for (size_t i = 0; i < shot.m_garments.size() && i < spec.garment_layers.size(); ++i)
        if (spec.garment_layers[i]) shot.m_garments[i].layer = *spec.garment_layers[i];
    if (!shot.m_garments.empty()) {
        TS_TRY_ASSIGN(shot.m_bound, cache.bind(shot.m_loaded, shot.m_garments));
    }
    shot.m_times.add("load", timer.ms());

    consent::UsageRequest& r = shot.m_request;
    r.twin_id = twin.package.id;
    r.avatar_sha256 = twin.avatar_sha256;
    r.brand = spec.brand;
    r.use = spec.use;
    r.territories = spec.territories;
    r.date = spec.date;
    r.uses_made = spec.uses_made;
    for (const GarmentChoice& g : shot.m_garments) r.garments.push_back({g.package->id, g.package->category});
    r.pose = {shot.m_staging.pose_name, shot.m_staging.pose_tags, shot.m_staging.angles};
    return shot;
}

}  // namespace twinshoot::studio
