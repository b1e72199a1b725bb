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
// and the licence document (not yet verified: that is the evaluator's job). Errors name the file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "asset/model.h"
#include "consent/policy.h"
#include "core/result.h"
#include "scene/package.h"
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
};

class TwinShot {
public:
    static Result<TwinShot> prepare(const ShotSpec& spec);

    const consent::UsageRequest& request() const { return m_request; }
    const consent::SignedDocument& licence() const { return m_licence; }
    const std::filesystem::path& licence_path() const { return m_licence_path; }
    const scene::TwinPackage& twin() const { return m_twin; }
    const asset::Model& model() const { return m_model; }  // a twin: the renderer refuses it without a grant
    const Staging& staging() const { return m_staging; }
    const std::vector<GarmentChoice>& garments() const { return m_garments; }

private:
    TwinShot() = default;

    scene::TwinPackage m_twin;
    asset::Model m_model;
    Staging m_staging;
    std::vector<GarmentChoice> m_garments;
    std::filesystem::path m_licence_path;
    consent::SignedDocument m_licence;
    consent::UsageRequest m_request;
};

}  // namespace twinshoot::studio
