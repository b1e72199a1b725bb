// ShotJudge: what the licence says about the shot being edited, and about every choice the panels
// offer, asked of the same consent::PolicyEvaluator the CLI uses (no second copy of the rules here).
//
// For each option (a pose, a garment, a use, a territory, a brand) the judge evaluates the current
// shot's request with that one choice changed. The option is disabled when that request is refused
// for a rule the current shot does not already break; its reason is the violated rules' sentences
// (what the Consent panel shows on hover). Joint slider ranges come from the licence's joint limits
// (read, not judged), and every slider edit is judged again before it is accepted (ShootDocument).
//
// Not thread-safe. Prepared twins and measured library poses are cached per twin.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "asset_library.h"
#include "consent/ledger.h"
#include "consent/policy.h"
#include "pose_editing.h"
#include "studio/shoot_file.h"
#include "studio/twin_shot.h"

namespace twinshoot::editor {

struct Availability {
    bool enabled = true;
    std::string reason;  // why not (licence sentences and rule ids), empty when enabled
};

struct JointRange {
    float min_deg = -180.0f, max_deg = 180.0f;  // anatomical range clipped by the licence
    std::string limit;                          // "licence L-0001 limits ... to 0..90 degrees", empty when none
};

struct ShotReview {
    std::string key;                       // shot_key() of what was reviewed
    std::optional<studio::TwinShot> shot;  // empty when the shot could not be prepared
    std::string error;                     // why (a missing file, a bad pose, ...)
    consent::Decision decision;            // not granted (and no rules) when !shot
    std::optional<consent::Licence> licence;
    std::vector<consent::Violation> standing;  // the licence's own standing (signature, dates)
    std::optional<int64_t> uses_made;          // from the ledger, when there is one
    std::map<std::string, Availability> poses, garments, uses, territories, brands;
    std::array<JointRange, scene::kJointAngleCount> joints{};
    std::optional<scene::JointAngles> angles;  // measured on the posed twin
};

// What a review depends on — the shot and the shoot's brand, date and poses — as one string (the
// shot as a shoot file writes it): equal keys, equal reviews.
std::string shot_key(const studio::Shoot& shoot, const studio::ShootShot& shot);

// Territories offered by the Shot panel (any ISO code can be typed in a shoot file).
const std::vector<std::string>& offered_territories();

class ShotJudge {
public:
    // `ledger` (optional) supplies uses already made; without one, uses start at 0.
    ShotJudge(const consent::TrustStore& trust, studio::AssetCache& cache, consent::Ledger* ledger = nullptr)
        : m_trust(trust), m_cache(cache), m_ledger(ledger) {}

    // The shot prepared and decided (cheap for the cache's twins).
    Result<studio::TwinShot> prepare(const studio::Shoot& shoot, const studio::ShootShot& shot);
    // An error when the shot cannot be prepared (a missing file, a pose the rig cannot take).
    Result<consent::Decision> decide(const studio::Shoot& shoot, const studio::ShootShot& shot);
    consent::Decision decide(const studio::TwinShot& shot) const;
    // Everything the panels show; `library` supplies the options to judge.
    ShotReview review(const studio::Shoot& shoot, const studio::ShootShot& shot, const AssetLibrary& library);

    studio::AssetCache& cache() { return m_cache; }
    const consent::TrustStore& trust() const { return m_trust; }

private:
    // A library pose measured on a twin (tags and angles, as the licence judges them).
    const consent::PoseRef* library_pose(const studio::TwinShot& shot, const scene::Pose& pose);

    const consent::TrustStore& m_trust;
    studio::AssetCache& m_cache;
    consent::Ledger* m_ledger;
    std::map<std::string, consent::PoseRef> m_pose_refs;  // key: avatar hash + pose name
};

}  // namespace twinshoot::editor
