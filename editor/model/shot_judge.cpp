#include "shot_judge.h"

#include <set>

#include "studio/shoot_writer.h"
#include "studio/staging.h"

namespace twinshoot::editor {

namespace {

using consent::Decision;
using consent::UsageRequest;

std::set<std::string> broken_rules(const Decision& d) {
    std::set<std::string> rules;
    for (const auto& v : d.violations()) rules.insert(std::string(consent::reason_name(v.reason)) + " " + v.rule);
    return rules;
}

// Available unless `variant` breaks a rule `current` does not.
Availability compare(const Decision& current, const Decision& variant) {
    if (variant.granted()) return {};
    const std::set<std::string> before = broken_rules(current);
    Availability a;
    for (const auto& v : variant.violations()) {
        if (before.count(std::string(consent::reason_name(v.reason)) + " " + v.rule)) continue;
        a.enabled = false;
        a.reason += (a.reason.empty() ? "" : "\n") + v.sentence + " [" + v.rule + "]";
    }
    return a;
}

}  // namespace

std::string shot_key(const studio::Shoot& shoot, const studio::ShootShot& shot) {
    studio::Shoot one = shoot;
    one.shots = {shot};
    return studio::shoot_json(one, "x.json").dump();
}

const std::vector<std::string>& offered_territories() {
    static const std::vector<std::string> list = {"WORLD", "EU", "FR", "DE", "IT", "ES", "NL", "BE", "GB", "CH", "US", "CA", "JP", "CN", "AE", "BR"};
    return list;
}

Result<studio::TwinShot> ShotJudge::prepare(const studio::Shoot& shoot, const studio::ShootShot& shot) {
    TS_TRY_ASSIGN(studio::TwinShot prepared, studio::TwinShot::prepare(studio::shot_spec(shoot, shot), m_cache));
    if (m_ledger) {
        TS_TRY_ASSIGN(prepared.request().uses_made, m_ledger->uses(prepared.licence_id()));
    }
    return prepared;
}

Decision ShotJudge::decide(const studio::TwinShot& shot) const {
    return consent::PolicyEvaluator(m_trust).evaluate(shot.licence(), shot.request());
}

Result<Decision> ShotJudge::decide(const studio::Shoot& shoot, const studio::ShootShot& shot) {
    TS_TRY_ASSIGN(studio::TwinShot prepared, prepare(shoot, shot));
    return decide(prepared);
}

const consent::PoseRef* ShotJudge::library_pose(const studio::TwinShot& shot, const scene::Pose& pose) {
    const std::string key = shot.request().avatar_sha256.hex() + "/" + pose.name;
    if (auto it = m_pose_refs.find(key); it != m_pose_refs.end()) return &it->second;
    auto staged = studio::stage_pose(shot.model(), pose, shot.twin().bone_map);
    if (!staged) return nullptr;
    return &(m_pose_refs[key] = consent::PoseRef{pose.name, pose.tags, staged->angles});
}

ShotReview ShotJudge::review(const studio::Shoot& shoot, const studio::ShootShot& shot, const AssetLibrary& library) {
    ShotReview r;
    r.key = shot_key(shoot, shot);
    auto prepared = prepare(shoot, shot);
    if (!prepared) {
        r.error = prepared.error().message;  // no decision: nothing to judge (not granted, no rules)
        return r;
    }
    r.shot.emplace(std::move(*prepared));
    const studio::TwinShot& s = *r.shot;
    const consent::PolicyEvaluator evaluator(m_trust);
    r.decision = evaluator.evaluate(s.licence(), s.request());
    r.angles = s.staging().angles;
    if (m_ledger) r.uses_made = s.request().uses_made;
    if (auto parsed = consent::parse_licence(s.licence(), s.licence_path().string())) r.licence = std::move(*parsed);
    r.standing = consent::licence_standing(s.licence(), m_trust, shoot.date);
    const auto judge = [&](const UsageRequest& variant) { return compare(r.decision, evaluator.evaluate(s.licence(), variant)); };

    for (const scene::Pose& pose : library.poses) {
        const consent::PoseRef* ref = library_pose(s, pose);
        if (!ref) {
            r.poses[pose.name] = {false, "cannot be applied to this twin's rig"};
            continue;
        }
        UsageRequest variant = s.request();
        variant.pose = *ref;
        r.poses[pose.name] = judge(variant);
    }
    for (const LibraryGarment& g : library.garments) {
        const std::string& id = g.package.id;
        bool worn = false;
        for (const auto& w : shot.garments) worn = worn || w.id == id;
        if (worn) {
            r.garments[id] = {};
            continue;
        }
        if (!scene::garment_wear(g.package, shot.twin_id)) {  // the engine's one wear rule
            r.garments[id] = {false, "made for " + g.package.draped_on + " (no draping body to transfer from), not " + shot.twin_id};
            continue;
        }
        UsageRequest variant = s.request();
        variant.garments.push_back({id, g.package.category});
        r.garments[id] = judge(variant);
    }
    for (consent::Use use : consent::all_uses()) {
        UsageRequest variant = s.request();
        variant.use = use;
        r.uses[consent::use_name(use)] = judge(variant);
    }
    for (const std::string& t : offered_territories()) {
        UsageRequest variant = s.request();
        if (std::find(variant.territories.begin(), variant.territories.end(), t) == variant.territories.end())
            variant.territories.push_back(t);
        r.territories[t] = judge(variant);
    }
    std::set<std::string> brands = {shoot.brand};
    if (r.licence)
        for (const std::string& b : r.licence->licensees) brands.insert(b);
    for (const std::string& b : brands) {
        UsageRequest variant = s.request();
        variant.brand = b;
        r.brands[b] = judge(variant);
    }
    for (size_t a = 0; a < scene::kJointAngleCount; ++a) {
        const AngleRange range = anatomical_range(scene::JointAngle(a));
        r.joints[a] = {range.min_deg, range.max_deg, ""};
    }
    if (r.licence) {
        for (const consent::JointLimit& limit : r.licence->prohibitions.joint_limits) {
            for (scene::JointAngle measure : limit.measures) {
                JointRange& j = r.joints[size_t(measure)];
                j.min_deg = std::max(j.min_deg, float(limit.min_deg));
                j.max_deg = std::min(j.max_deg, float(limit.max_deg));
                j.limit = "licence " + r.licence->id + " limits " + limit.joint + " " + limit.angle + " to " +
                          std::to_string(int(limit.min_deg)) + ".." + std::to_string(int(limit.max_deg)) + " degrees";
            }
        }
    }
    return r;
}

}  // namespace twinshoot::editor
