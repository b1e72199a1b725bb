// The policy evaluator: the one place that decides whether a twin may be rendered.
//
//   PolicyEvaluator evaluator(trust_store);
//   Decision d = evaluator.evaluate(licence_document, request);
//   if (d.granted()) render(d.grant(), ...); else for (auto& v : d.violations()) print(v.sentence);
//
// A request is granted only when the licence is validly signed by a trusted key of one of its own
// owners, neither the licence nor the key is revoked (the owners' revocation lists are checked on
// every decision), the licence covers this twin's exact avatar file and the request date, some
// permission covers brand + use + every territory + every garment + the date + the use count, and no
// prohibition applies. Otherwise the decision lists EVERY violated rule, each with a rule id
// ("L-0042 §prohibitions.pose_tags") and a sentence. Signature failures are reported alone: the
// content of a licence that does not verify is not read further.
//
// A Grant can only be made here. It is bound to the request it approved: renderers compare it with
// the request they are about to serve (grant_mismatches) and refuse on any difference.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "consent/licence.h"
#include "consent/trust_store.h"
#include "scene/joint_angles.h"

namespace twinshoot::consent {

struct GarmentRef {
    std::string id;
    std::string category;
    bool operator==(const GarmentRef&) const = default;
};

struct PoseRef {
    std::string name;  // "rest" for the twin's rest pose
    std::vector<std::string> tags;
    std::optional<scene::JointAngles> angles;  // measured on the twin; required where joint limits exist
};

struct UsageRequest {
    std::string twin_id;
    Sha256 avatar_sha256;  // of the avatar file actually loaded
    std::string brand;
    Use use = Use::InternalPreview;
    std::vector<std::string> territories;  // ISO alpha-2, "EU" or "WORLD"
    Date date = Date::today_utc();
    std::vector<GarmentRef> garments;
    PoseRef pose;
    bool export_3d = false;
    bool ai_training = false;
    int64_t uses_made = 0;  // images already delivered under this licence (from the ledger)
};

enum class Reason : uint8_t {
    Unsigned, Tampered, UnknownKey, WrongKey, RevocationListInvalid, KeyRevoked, LicenceRevoked,
    Expired, NotYetValid, AvatarMismatch, OtherTwin, BadRequest,
    Brand, Use, Territory, PermissionPeriod, MaxUses, GarmentNotOptedIn,
    ProhibitedGarment, ProhibitedPoseTag, JointLimit, Export3d, AiTraining,
};
const char* reason_name(Reason reason);  // "unsigned", "tampered", ... stable, for --json and tests

struct Violation {
    Reason reason;
    std::string rule;      // "L-0042 §prohibitions.pose_tags"
    std::string sentence;  // for people
};

class Grant {
public:
    const UsageRequest& request() const { return m_request; }
    const std::string& licence_id() const { return m_licence_id; }
    const Sha256& licence_hash() const { return m_licence_hash; }  // SignedDocument::hash
    const std::string& permission_id() const { return m_permission_id; }
    const Money& fee() const { return m_fee; }
    const std::optional<std::string>& disclosure_label() const { return m_disclosure; }  // required on this image
    bool provenance_required() const { return m_provenance; }
    bool ai_training_prohibited() const { return m_ai_training_prohibited; }

private:
    friend class PolicyEvaluator;
    Grant() = default;

    UsageRequest m_request;
    std::string m_licence_id;
    Sha256 m_licence_hash;
    std::string m_permission_id;
    Money m_fee;
    std::optional<std::string> m_disclosure;
    bool m_provenance = true;
    bool m_ai_training_prohibited = false;
};

class Decision {
public:
    bool granted() const { return m_grant.has_value(); }
    const Grant& grant() const { return *m_grant; }  // precondition: granted()
    const std::vector<Violation>& violations() const { return m_violations; }
    bool has(Reason reason) const;
    std::string summary() const;  // "granted (…)" or "refused:\n  - sentence [rule]" lines

private:
    friend class PolicyEvaluator;
    std::optional<Grant> m_grant;
    std::vector<Violation> m_violations;
};

class PolicyEvaluator {
public:
    explicit PolicyEvaluator(const TrustStore& trust) : m_trust(trust) {}
    Decision evaluate(const SignedDocument& licence, const UsageRequest& request) const;

private:
    const TrustStore& m_trust;
};

// The licence's own standing on `date`, whatever is asked of it: signature, trust, revocations and
// validity period (what `licence verify` reports). Empty when it stands.
std::vector<Violation> licence_standing(const SignedDocument& licence, const TrustStore& trust, Date date);

// Differences between what a grant approved and what is about to be rendered, as sentences; empty
// when they are the same request (joint angles compared within 0.01 degrees; uses_made ignored).
std::vector<std::string> grant_mismatches(const Grant& grant, const UsageRequest& actual);

}  // namespace twinshoot::consent
