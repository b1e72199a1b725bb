// The licence document: what a twin's owner(s) allow a brand to do with the twin. Modelled on ODRL
// (permissions, prohibitions, duties) and read as DEFAULT DENY: only what some permission grants is
// allowed, and a prohibition overrides every permission. Full schema and an example: docs/licence.md.
//
// Swimwear, lingerie and underwear (sensitive_garment_categories) are refused unless a permission
// lists them in its garment_categories. A permission without garment_categories allows every other
// category. Joint limits name a joint ("shoulder" = both sides, or "left_shoulder", "spine", "neck")
// and an angle of scene/joint_angles.h ("abduction" -> left_shoulder_abduction, right_...).
//
// parse_licence validates everything (ids, dates, codes, ranges, unknown fields) and names the JSON
// path of the first problem. It does not check signatures: that is the evaluator's job.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "consent/date.h"
#include "consent/signed_document.h"
#include "core/result.h"
#include "core/sha256.h"
#include "scene/joint_angles.h"

namespace twinshoot::consent {

enum class Use : uint8_t { Ecommerce, Social, Print, Ooh, Video, InternalPreview };
const char* use_name(Use use);  // "ecommerce", "social", "print", "ooh", "video", "internal-preview"
std::optional<Use> use_from_name(std::string_view name);
const std::vector<Use>& all_uses();

const std::vector<std::string>& sensitive_garment_categories();  // swimwear, lingerie, underwear
bool is_sensitive_category(std::string_view category);

struct Money {
    int64_t minor = 0;     // cents (2 decimal places)
    std::string currency;  // ISO 4217 alpha-3
    std::string str() const;  // "150.00 EUR"
};

struct Party {
    std::string id;  // lower-case id; for owners, the owner id their keys carry in the trust store
    std::string name;
    std::string role;  // owners: "model", "agency", "guardian", ...
};

struct ConsentRecord {
    Date signed_on;
    std::string description;  // the reasonably specific description of the intended use
    bool counsel = false;     // the model had legal counsel
    bool union_representation = false;
    std::string guardian;     // for a minor; empty otherwise
};

struct Permission {
    std::string id;  // "P1": rule ids cite it
    std::vector<Use> uses;
    std::vector<std::string> brands;       // each must be a licensee
    std::vector<std::string> territories;  // ISO 3166-1 alpha-2, "EU" (the 27 member states) or "WORLD"
    std::optional<Date> valid_from, valid_until;  // inside the licence's own period
    std::optional<int64_t> max_uses;
    Money fee;  // per delivered image
    std::optional<std::vector<std::string>> garment_categories;
    bool export_3d = false;
};

struct JointLimit {
    std::string joint, angle;
    double min_deg = 0, max_deg = 0;
    std::vector<scene::JointAngle> measures;  // the measured angles it bounds (one or both sides)
};

struct Prohibitions {
    std::vector<std::string> garment_categories;
    std::vector<std::string> pose_tags;
    std::vector<JointLimit> joint_limits;
    bool export_3d = false;
    bool ai_training = false;
};

struct Disclosure {
    std::string label;          // drawn into the image
    std::vector<Use> required_for;  // empty: every use
    bool applies_to(Use use) const;
};

struct Duties {
    std::optional<Disclosure> disclosure;
    bool provenance = true;  // provenance metadata in every delivered image
};

struct Licence {
    std::string id;
    int64_t version = 1;
    Date issued;
    std::string twin_id;
    Sha256 avatar_sha256;
    Party licensor;
    std::vector<Party> owners;
    std::vector<std::string> licensees;  // brands
    ConsentRecord consent;
    Date valid_from, valid_until;
    std::vector<Permission> permissions;
    Prohibitions prohibitions;
    Duties duties;
};

inline constexpr const char* kLicenceSchema = "twinshoot-licence/1";

Result<Licence> parse_licence(const SignedDocument& document, const std::string& source);

struct LicenceFile {
    std::string path;
    SignedDocument document;
    Licence licence;
};
Result<LicenceFile> load_licence(const std::filesystem::path& file);

// The licence in plain words, for `licence show` and the editor: who, what, where, until when, fee.
std::string describe_licence(const Licence& licence);

}  // namespace twinshoot::consent
