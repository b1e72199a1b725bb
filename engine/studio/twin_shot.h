// A twin shot: a twin package in garments and a pose, for a brand, a use, territories and a date —
// everything the licence judges and the renderer draws. Every client (CLI, batch, editor) builds one
// of these, asks consent::PolicyEvaluator about request(), and renders with studio::ShotRenderer,
// which needs the grant.
//
//   auto shot = TwinShot::prepare(spec);                     // loads, hashes, stages, measures
//   auto decision = PolicyEvaluator(trust).evaluate(shot->licence(), shot->request());
//   if (decision.granted()) renderer.render(decision.grant(), *shot, size);
//
// prepare() loads the twin package, hashes its avatar file (SHA-256, the licence binds to it),
// imports it, poses it (measuring the joint angles the licence limits), loads the garment packages
// and binds them to the twin, and loads the licence document (not yet verified: that is the
// evaluator's job). With an AssetCache, all of that except posing is done once per twin / garment
// set and shared by every shot (studio/asset_cache.h). Errors name the file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "asset/model.h"
#include "consent/policy.h"
#include "core/result.h"
#include "core/stopwatch.h"
#include "scene/backdrop.h"
#include "scene/light_rig.h"
#include "scene/package.h"
#include "scene/seat.h"
#include "scene/shot_camera.h"
#include "studio/asset_cache.h"
#include "studio/staging.h"

namespace twinshoot::studio {

struct ShotSpec {
    std::filesystem::path twin;              // twin package folder
    std::vector<std::string> garments;       // "DIR[:COLOURWAY]", outermost last
    std::string pose;                        // pose file, library name or clip:NAME@SECONDS; empty = rest
    std::filesystem::path poses = "assets/poses";
    std::string brand;
    consent::Use use = consent::Use::InternalPreview;
    std::vector<std::string> territories;
    consent::Date date = consent::Date::today_utc();
    int64_t uses_made = 0;
    std::optional<std::filesystem::path> licence;  // overrides the package's licence file
    std::vector<std::optional<int>> garment_layers;  // per garment: a layer other than the package's
    // How it looks (not judged by the licence).
    scene::ShotCamera camera;
    scene::Lighting lighting = scene::default_lighting();  // for a subject facing +Z (turned to the twin's facing)
    scene::Backdrop backdrop;  // default: a flat light grey (0.93, 0.93, 0.94 linear)
    scene::SeatProp seat;      // how a seated pose's seat is shown (default: a grey stool)
};

class TwinShot {
public:
    static Result<TwinShot> prepare(const ShotSpec& spec, AssetCache& cache);
    static Result<TwinShot> prepare(const ShotSpec& spec);  // with a cache of its own

    const consent::UsageRequest& request() const { return m_request; }
    consent::UsageRequest& request() { return m_request; }  // e.g. uses_made, from the ledger
    const consent::SignedDocument& licence() const { return m_loaded->licence; }
    const std::filesystem::path& licence_path() const { return m_loaded->licence_path; }
    // The licence's id as written (verified or not; empty if it has none): what the ledger counts.
    std::string licence_id() const;
    const scene::TwinPackage& twin() const { return m_loaded->package; }
    const asset::Model& model() const { return m_loaded->model; }  // a twin: the renderer refuses it without a grant
    const Staging& staging() const { return m_staging; }
    const std::vector<GarmentChoice>& garments() const { return m_garments; }
    const BoundGarments* bound_garments() const { return m_bound.get(); }  // null without garments
    const ShotSpec& spec() const { return m_spec; }
    // What prepare() spent: "load" (the twin, garments and their binding; cached ones are nearly free)
    // and "pose" (posing the rig and measuring its joint angles).
    const StageTimes& times() const { return m_times; }

private:
    TwinShot() = default;

    ShotSpec m_spec;
    std::shared_ptr<const LoadedTwin> m_loaded;
    std::shared_ptr<const BoundGarments> m_bound;
    Staging m_staging;
    std::vector<GarmentChoice> m_garments;
    consent::UsageRequest m_request;
    StageTimes m_times;
};

}  // namespace twinshoot::studio
