#include "consent/policy.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "consent/territory.h"
#include "consent/string_lists.h"

namespace twinshoot::consent {
namespace {

constexpr const char* kReasonNames[] = {
    "unsigned", "tampered", "unknown-key", "wrong-key", "revocation-list-invalid", "key-revoked", "licence-revoked",
    "expired", "not-yet-valid", "avatar-mismatch", "other-twin", "bad-request",
    "brand", "use", "territory", "permission-period", "max-uses", "garment-not-opted-in",
    "prohibited-garment", "prohibited-pose-tag", "joint-limit", "export-3d", "ai-training",
};

std::string quoted(const std::string& s) { return "'" + s + "'"; }

std::string degrees(double d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f°", d);
    return buf;
}

class Collector {
public:
    explicit Collector(std::string licence_id) : m_id(std::move(licence_id)) {}
    void add(Reason reason, const std::string& section, const std::string& sentence) {
        m_list.push_back({reason, m_id + " §" + section, sentence});
    }
    std::vector<Violation>& list() { return m_list; }

private:
    std::string m_id;
    std::vector<Violation> m_list;
};

// Signature, trust, revocation: true when the licence's content may be read further.
bool check_signature(const SignedDocument& doc, const std::string& licence_id, const std::vector<Party>& owners,
                     const TrustStore& trust, Collector& out) {
    const std::string l = quoted(licence_id);
    if (!doc.signature) {
        out.add(Reason::Unsigned, "signature", "licence " + l + " is not signed; an unsigned licence grants nothing");
        return false;
    }
    const OwnerKey* key = trust.key(doc.signature->key_id);
    if (!key) {
        out.add(Reason::UnknownKey, "signature",
                "licence " + l + " is signed by key " + doc.signature->key_id + ", which is not in the trust store " +
                    trust.folder().string());
        return false;
    }
    if (!verify(key->public_key, as_bytes(doc.message), doc.signature->value)) {
        out.add(Reason::Tampered, "signature",
                "licence " + l + " does not match its signature: it was changed after " + key->owner + " signed it");
        return false;
    }
    bool owner_key = false;
    for (const Party& o : owners) owner_key = owner_key || o.id == key->owner;
    if (!owner_key) {
        std::vector<std::string> ids;
        for (const Party& o : owners) ids.push_back(o.id);
        out.add(Reason::WrongKey, "signature",
                "licence " + l + " is signed with a key of " + quoted(key->owner) + ", who is not an owner of this twin (owners: " +
                    join(ids) + ")");
        return false;
    }
    return true;
}

void check_revocations(const Licence& licence, const std::string& key_id, const TrustStore& trust, Date date, Collector& out) {
    for (const Party& owner : licence.owners) {
        if (auto problem = trust.revocation_problem(owner.id)) {
            out.add(Reason::RevocationListInvalid, "signature",
                    "cannot check revocations of owner " + quoted(owner.id) + ": " + *problem);
            continue;
        }
        const RevocationList* list = trust.revocations(owner.id);
        if (!list) continue;
        for (const RevocationEntry& e : list->licences)
            if (e.id == licence.id && e.date <= date)
                out.add(Reason::LicenceRevoked, "signature",
                        "licence " + quoted(licence.id) + " was revoked by " + owner.id + " on " + e.date.str() +
                            (e.reason.empty() ? "" : " (" + e.reason + ")"));
        for (const RevocationEntry& e : list->keys)
            if (e.id == key_id && e.date <= date)
                out.add(Reason::KeyRevoked, "signature",
                        "the key that signed licence " + quoted(licence.id) + " (" + key_id + ") was revoked by " + owner.id +
                            " on " + e.date.str() + (e.reason.empty() ? "" : " (" + e.reason + ")"));
    }
}

void check_prohibitions(const Licence& licence, const UsageRequest& r, Collector& out) {
    const Prohibitions& p = licence.prohibitions;
    for (const GarmentRef& g : r.garments)
        if (contains(p.garment_categories, g.category))
            out.add(Reason::ProhibitedGarment, "prohibitions.garment_categories",
                    "garment " + quoted(g.id) + " is " + g.category + ", which licence " + licence.id + " prohibits");
    for (const std::string& tag : r.pose.tags)
        if (contains(p.pose_tags, tag))
            out.add(Reason::ProhibitedPoseTag, "prohibitions.pose_tags",
                    "pose " + quoted(r.pose.name) + " is tagged " + quoted(tag) + ", which licence " + licence.id + " prohibits");
    for (size_t i = 0; i < p.joint_limits.size(); ++i) {
        const JointLimit& limit = p.joint_limits[i];
        const std::string section = "prohibitions.joint_limits[" + std::to_string(i) + "]";
        if (!r.pose.angles) {
            out.add(Reason::JointLimit, section,
                    "pose " + quoted(r.pose.name) + " was not measured, so its " + limit.joint + " " + limit.angle +
                        " cannot be checked against the licence's limit");
            continue;
        }
        for (scene::JointAngle a : limit.measures) {
            const double value = (*r.pose.angles)[a];
            if (value < limit.min_deg - 1e-3 || value > limit.max_deg + 1e-3)
                out.add(Reason::JointLimit, section,
                        "pose " + quoted(r.pose.name) + " puts " + scene::joint_angle_name(a) + " at " + degrees(value) +
                            "; licence " + licence.id + " allows " + degrees(limit.min_deg) + " to " + degrees(limit.max_deg));
        }
    }
    if (r.export_3d && p.export_3d)
        out.add(Reason::Export3d, "prohibitions.export_3d", "licence " + licence.id + " prohibits exporting the twin in 3D");
    if (r.ai_training)
        out.add(Reason::AiTraining, p.ai_training ? "prohibitions.ai_training" : "permissions",
                p.ai_training ? "licence " + licence.id + " prohibits using the twin for AI training"
                              : "no permission of licence " + licence.id + " grants AI training");
}

// The permission's own constraints; empty when it covers the request.
std::vector<Violation> check_permission(const Licence& licence, size_t index, const UsageRequest& r) {
    const Permission& p = licence.permissions[index];
    Collector out(licence.id);
    const std::string base = "permissions[" + std::to_string(index) + "]";
    const std::string who = "permission " + p.id;
    if (!contains(p.brands, r.brand))
        out.add(Reason::Brand, base + ".brands", who + " does not cover brand " + quoted(r.brand) + " (only " + join(p.brands) + ")");
    if (std::find(p.uses.begin(), p.uses.end(), r.use) == p.uses.end()) {
        std::vector<std::string> names;
        for (Use u : p.uses) names.push_back(use_name(u));
        out.add(Reason::Use, base + ".uses", who + " does not cover use " + quoted(use_name(r.use)) + " (only " + join(names) + ")");
    }
    for (const std::string& t : r.territories) {
        bool covered = false;
        if (t == "EU") {
            covered = true;
            for (std::string_view member : eu_members()) {
                bool one = false;
                for (const std::string& g : p.territories) one = one || territory_covers(g, member);
                covered = covered && one;
            }
        }
        for (const std::string& g : p.territories) covered = covered || territory_covers(g, t);
        if (!covered)
            out.add(Reason::Territory, base + ".territories",
                    who + " does not cover territory " + t + " (only " + join(p.territories) + ")");
    }
    if (p.valid_from && r.date < *p.valid_from)
        out.add(Reason::PermissionPeriod, base + ".valid_from", who + " starts on " + p.valid_from->str() + ", after " + r.date.str());
    if (p.valid_until && r.date > *p.valid_until)
        out.add(Reason::PermissionPeriod, base + ".valid_until", who + " ended on " + p.valid_until->str() + ", before " + r.date.str());
    if (p.max_uses && r.uses_made >= *p.max_uses)
        out.add(Reason::MaxUses, base + ".max_uses",
                who + " allows " + std::to_string(*p.max_uses) + " images and " + std::to_string(r.uses_made) + " were already delivered");
    for (const GarmentRef& g : r.garments) {
        if (p.garment_categories) {
            if (!contains(*p.garment_categories, g.category))
                out.add(Reason::GarmentNotOptedIn, base + ".garment_categories",
                        who + " does not include " + g.category + " (garment " + quoted(g.id) + "; only " + join(*p.garment_categories) + ")");
        } else if (is_sensitive_category(g.category)) {
            out.add(Reason::GarmentNotOptedIn, base + ".garment_categories",
                    "garment " + quoted(g.id) + " is " + g.category + ", refused unless a permission opts it in; " + who + " does not");
        }
    }
    if (r.export_3d && !p.export_3d)
        out.add(Reason::Export3d, base + ".export_3d", who + " does not allow exporting the twin in 3D");
    return std::move(out.list());
}

void check_period(const Licence& licence, Date date, Collector& out) {
    if (date > licence.valid_until)
        out.add(Reason::Expired, "valid_until", "licence " + licence.id + " expired on " + licence.valid_until.str() + " (request dated " + date.str() + ")");
    if (date < licence.valid_from)
        out.add(Reason::NotYetValid, "valid_from",
                "licence " + licence.id + " is not valid before " + licence.valid_from.str() + " (request dated " + date.str() + ")");
}

}  // namespace

std::vector<Violation> licence_standing(const SignedDocument& document, const TrustStore& trust, Date date) {
    auto parsed = parse_licence(document, "licence");
    if (!parsed) return {{Reason::BadRequest, "licence", "the licence cannot be read: " + parsed.error().message}};
    Collector out(parsed->id);
    if (!check_signature(document, parsed->id, parsed->owners, trust, out)) return std::move(out.list());
    check_revocations(*parsed, document.signature->key_id, trust, date, out);
    check_period(*parsed, date, out);
    return std::move(out.list());
}

const char* reason_name(Reason reason) { return kReasonNames[size_t(reason)]; }

bool Decision::has(Reason reason) const {
    return std::any_of(m_violations.begin(), m_violations.end(), [&](const Violation& v) { return v.reason == reason; });
}

std::string Decision::summary() const {
    if (m_grant) {
        std::string s = "granted by licence " + m_grant->licence_id() + " " + m_grant->permission_id() + ": fee " +
                        m_grant->fee().str() + " per image";
        if (m_grant->disclosure_label()) s += "; label \"" + *m_grant->disclosure_label() + "\" required";
        return s;
    }
    std::string s = "refused (" + std::to_string(m_violations.size()) + (m_violations.size() == 1 ? " reason" : " reasons") + "):";
    for (const Violation& v : m_violations) s += "\n  - " + v.sentence + " [" + v.rule + "]";
    return s;
}

Decision PolicyEvaluator::evaluate(const SignedDocument& document, const UsageRequest& r) const {
    Decision decision;
    auto parsed = parse_licence(document, "licence");
    if (!parsed) {
        decision.m_violations.push_back({Reason::BadRequest, "licence", "the licence cannot be read: " + parsed.error().message});
        return decision;
    }
    const Licence& licence = *parsed;
    Collector out(licence.id);

    if (!check_signature(document, licence.id, licence.owners, m_trust, out)) {
        decision.m_violations = std::move(out.list());
        return decision;
    }
    check_revocations(licence, document.signature->key_id, m_trust, r.date, out);

    if (r.twin_id != licence.twin_id)
        out.add(Reason::OtherTwin, "twin.id", "licence " + licence.id + " is for twin " + quoted(licence.twin_id) + ", not " + quoted(r.twin_id));
    if (!(r.avatar_sha256 == licence.avatar_sha256))
        out.add(Reason::AvatarMismatch, "twin.avatar_sha256",
                "the avatar file of twin " + quoted(r.twin_id) + " (SHA-256 " + r.avatar_sha256.hex().substr(0, 16) +
                    "…) is not the one licence " + licence.id + " covers (" + licence.avatar_sha256.hex().substr(0, 16) + "…)");
    check_period(licence, r.date, out);
    if (r.territories.empty()) out.add(Reason::BadRequest, "permissions", "the request names no territory");
    for (const std::string& t : r.territories)
        if (!is_territory(t)) out.add(Reason::BadRequest, "permissions", "unknown territory " + quoted(t));
    if (!contains(licence.licensees, r.brand))
        out.add(Reason::Brand, "licensees", "brand " + quoted(r.brand) + " is not a licensee of " + licence.id + " (licensees: " + join(licence.licensees) + ")");
    check_prohibitions(licence, r, out);

    // Default deny: some permission must cover the whole request. When none does, the refusal cites
    // the nearest miss (the permissions with the fewest failures), not every unrelated permission.
    std::optional<size_t> permitted;
    std::vector<std::vector<Violation>> failures;
    const bool licensee = contains(licence.licensees, r.brand);
    for (size_t i = 0; i < licence.permissions.size() && !permitted; ++i) {
        std::vector<Violation> f = check_permission(licence, i, r);
        if (f.empty()) permitted = i;
        // A brand that is no licensee at all is already reported once, against the licence.
        if (!licensee) std::erase_if(f, [](const Violation& v) { return v.reason == Reason::Brand; });
        failures.push_back(std::move(f));
    }
    if (licence.permissions.empty())
        out.add(Reason::Use, "permissions", "licence " + licence.id + " has no permissions: it grants nothing");
    if (!permitted && !failures.empty()) {
        size_t fewest = SIZE_MAX;
        for (const auto& f : failures) fewest = std::min(fewest, f.size());
        for (auto& f : failures)
            if (f.size() == fewest) out.list().insert(out.list().end(), f.begin(), f.end());
    }

    if (!out.list().empty() || !permitted) {
        decision.m_violations = std::move(out.list());
        return decision;
    }
    const Permission& p = licence.permissions[*permitted];
    Grant grant;
    grant.m_request = r;
    grant.m_licence_id = licence.id;
    grant.m_licence_hash = document.hash;
    grant.m_permission_id = p.id;
    grant.m_fee = p.fee;
    if (licence.duties.disclosure && licence.duties.disclosure->applies_to(r.use)) grant.m_disclosure = licence.duties.disclosure->label;
    grant.m_provenance = licence.duties.provenance;
    grant.m_ai_training_prohibited = licence.prohibitions.ai_training;
    decision.m_grant = std::move(grant);
    return decision;
}

std::vector<std::string> grant_mismatches(const Grant& grant, const UsageRequest& actual) {
    const UsageRequest& g = grant.request();
    std::vector<std::string> out;
    auto differ = [&](const std::string& what, const std::string& granted, const std::string& asked) {
        out.push_back(what + ": the grant is for " + granted + ", this render is for " + asked);
    };
    auto garments = [](const std::vector<GarmentRef>& list) {
        std::vector<std::string> names;
        for (const auto& x : list) names.push_back(x.id + " (" + x.category + ")");
        return names.empty() ? std::string("no garments") : join(names);
    };
    if (g.twin_id != actual.twin_id) differ("twin", quoted(g.twin_id), quoted(actual.twin_id));
    if (!(g.avatar_sha256 == actual.avatar_sha256)) differ("avatar", g.avatar_sha256.hex(), actual.avatar_sha256.hex());
    if (g.brand != actual.brand) differ("brand", quoted(g.brand), quoted(actual.brand));
    if (g.use != actual.use) differ("use", use_name(g.use), use_name(actual.use));
    if (g.territories != actual.territories) differ("territories", join(g.territories), join(actual.territories));
    if (g.date != actual.date) differ("date", g.date.str(), actual.date.str());
    if (g.garments != actual.garments) differ("garments", garments(g.garments), garments(actual.garments));
    if (g.pose.name != actual.pose.name || g.pose.tags != actual.pose.tags) differ("pose", quoted(g.pose.name), quoted(actual.pose.name));
    if (g.pose.angles.has_value() != actual.pose.angles.has_value()) {
        out.push_back("pose: measured joint angles differ");
    } else if (g.pose.angles) {
        for (size_t i = 0; i < scene::kJointAngleCount; ++i)
            if (std::abs(g.pose.angles->degrees[i] - actual.pose.angles->degrees[i]) > 0.01f) {
                out.push_back(std::string("pose: ") + scene::joint_angle_name(scene::JointAngle(i)) + " differs from the granted pose");
                break;
            }
    }
    if (g.export_3d != actual.export_3d) out.push_back("3D export differs from the granted request");
    if (g.ai_training != actual.ai_training) out.push_back("AI training differs from the granted request");
    return out;
}

}  // namespace twinshoot::consent
