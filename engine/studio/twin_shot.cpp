#include "studio/twin_shot.h"

#include "asset/importer.h"

namespace twinshoot::studio {

Result<TwinShot> TwinShot::prepare(const ShotSpec& spec) {
    TwinShot shot;
    TS_TRY_ASSIGN(shot.m_twin, scene::load_twin(spec.twin));
    shot.m_licence_path = spec.licence.value_or(shot.m_twin.licence);
    TS_TRY_ASSIGN(shot.m_licence, consent::load_signed_document(shot.m_licence_path, "licence"));
    // The hash is of the file on disk; the import below reads the same path. (A swap between the
    // two reads would need write access to the twin folder; see docs/licence.md.)
    TS_TRY_ASSIGN(Sha256 avatar_hash, sha256_file(shot.m_twin.avatar));
    TS_TRY_ASSIGN(shot.m_model, asset::import_model(shot.m_twin.avatar));
    shot.m_model.twin_id = shot.m_twin.id;  // whatever the file says, this model is that twin
    TS_TRY_ASSIGN(shot.m_staging, stage(shot.m_model, spec.pose, spec.poses, shot.m_twin.bone_map, shot.m_twin.avatar.string()));
    TS_TRY_ASSIGN(shot.m_garments, load_garments(spec.garments));

    consent::UsageRequest& r = shot.m_request;
    r.twin_id = shot.m_twin.id;
    r.avatar_sha256 = avatar_hash;
    r.brand = spec.brand;
    r.use = spec.use;
    r.territories = spec.territories;
    r.date = spec.date;
    r.uses_made = spec.uses_made;
    for (const GarmentChoice& g : shot.m_garments) r.garments.push_back({g.package.id, g.package.category});
    r.pose = {shot.m_staging.pose_name, shot.m_staging.pose_tags, shot.m_staging.angles};
    return shot;
}

}  // namespace twinshoot::studio
