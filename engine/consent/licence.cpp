#include "consent/licence.h"

#include <algorithm>
#include <cstdio>
#include <regex>
#include <sstream>

#include "consent/json_fields.h"
#include "consent/territory.h"
#include "consent/string_lists.h"
#include "scene/package.h"

namespace twinshoot::consent {
namespace {

constexpr const char* kUseNames[] = {"ecommerce", "social", "print", "ooh", "video", "internal-preview"};

bool is_id(const std::string& s) {
    static const std::regex pattern("^[a-z0-9][a-z0-9-]{0,63}$");
    return std::regex_match(s, pattern);
}

std::string use_list() {
    std::vector<std::string> names(std::begin(kUseNames), std::end(kUseNames));
    return join(names);
}

Result<std::vector<Use>> read_uses(const JsonFields& f, const char* key, bool required) {
    TS_TRY_ASSIGN(std::vector<std::string> names, f.strings(key, required));
    std::vector<Use> uses;
    for (size_t i = 0; i < names.size(); ++i) {
        const auto use = use_from_name(names[i]);
        if (!use) return f.fail(f.path(key) + "[" + std::to_string(i) + "]", "unknown use \"" + names[i] + "\" (one of: " + use_list() + ")");
        uses.push_back(*use);
    }
    return uses;
}

Result<std::vector<std::string>> read_categories(const JsonFields& f, const char* key) {
    TS_TRY_ASSIGN(std::vector<std::string> list, f.strings(key, false));
    for (size_t i = 0; i < list.size(); ++i)
        if (!contains(scene::garment_categories(), list[i]))
            return f.fail(f.path(key) + "[" + std::to_string(i) + "]",
                          "unknown garment category \"" + list[i] + "\" (one of: " + join(scene::garment_categories()) + ")");
    return list;
}

Result<Party> read_party(const JsonFields& f, bool needs_role) {
    TS_TRY(f.expect_object({"id", "name", "role"}));
    Party p;
    TS_TRY_ASSIGN(p.id, f.string("id"));
    if (!is_id(p.id)) return f.fail(f.path("id"), "expected a lower-case id [a-z0-9-]");
    TS_TRY_ASSIGN(p.name, f.string("name"));
    TS_TRY_ASSIGN(p.role, f.string("role", needs_role));
    return p;
}

Result<Money> read_fee(const JsonFields& f) {
    TS_TRY(f.expect_object({"amount", "currency"}));
    static const std::regex amount_pattern(R"(^(0|[1-9][0-9]{0,11})(\.([0-9]{2}))?$)");
    static const std::regex currency_pattern("^[A-Z]{3}$");
    TS_TRY_ASSIGN(std::string amount, f.string("amount"));
    std::smatch m;
    if (!std::regex_match(amount, m, amount_pattern))
        return f.fail(f.path("amount"), "expected a decimal string like \"150.00\", got \"" + amount + "\"");
    Money money;
    money.minor = std::stoll(m[1]) * 100 + (m[3].matched ? std::stoll(m[3]) : 0);
    TS_TRY_ASSIGN(money.currency, f.string("currency"));
    if (!std::regex_match(money.currency, currency_pattern))
        return f.fail(f.path("currency"), "expected an ISO 4217 code like \"EUR\"");
    return money;
}

Result<Permission> read_permission(const JsonFields& f, const Licence& licence) {
    TS_TRY(f.expect_object({"id", "uses", "brands", "territories", "valid_from", "valid_until", "max_uses", "fee",
                            "garment_categories", "export_3d"}));
    Permission p;
    TS_TRY_ASSIGN(p.id, f.string("id"));
    TS_TRY_ASSIGN(p.uses, read_uses(f, "uses", true));
    if (p.uses.empty()) return f.fail(f.path("uses"), "a permission must grant at least one use");
    TS_TRY_ASSIGN(p.brands, f.strings("brands", true));
    if (p.brands.empty()) return f.fail(f.path("brands"), "a permission must name at least one brand");
    for (size_t i = 0; i < p.brands.size(); ++i)
        if (!contains(licence.licensees, p.brands[i]))
            return f.fail(f.path("brands") + "[" + std::to_string(i) + "]", "\"" + p.brands[i] + "\" is not a licensee");
    TS_TRY_ASSIGN(p.territories, f.strings("territories", true));
    if (p.territories.empty()) return f.fail(f.path("territories"), "a permission must name at least one territory");
    for (size_t i = 0; i < p.territories.size(); ++i)
        if (!is_territory(p.territories[i]))
            return f.fail(f.path("territories") + "[" + std::to_string(i) + "]",
                          "\"" + p.territories[i] + "\" is not an ISO 3166-1 alpha-2 code, EU or WORLD");
    if (f.has("valid_from")) {
        TS_TRY_ASSIGN(p.valid_from, f.date("valid_from"));
    }
    if (f.has("valid_until")) {
        TS_TRY_ASSIGN(p.valid_until, f.date("valid_until"));
    }
    if (p.valid_from && p.valid_until && *p.valid_until < *p.valid_from)
        return f.fail(f.path("valid_until"), "ends before valid_from");
    if (f.has("max_uses")) {
        TS_TRY_ASSIGN(p.max_uses, f.integer("max_uses", 1, int64_t(1) << 40));
    }
    if (!f.has("fee")) return f.fail(f.path("fee"), "required (write {\"amount\": \"0.00\", ...} for no fee)");
    TS_TRY_ASSIGN(p.fee, read_fee(f.child("fee")));
    if (f.has("garment_categories")) {
        TS_TRY_ASSIGN(p.garment_categories, read_categories(f, "garment_categories"));
    }
    TS_TRY_ASSIGN(p.export_3d, f.boolean("export_3d", false));
    return p;
}

Result<JointLimit> read_joint_limit(const JsonFields& f) {
    TS_TRY(f.expect_object({"joint", "angle", "min_deg", "max_deg"}));
    JointLimit limit;
    TS_TRY_ASSIGN(limit.joint, f.string("joint"));
    TS_TRY_ASSIGN(limit.angle, f.string("angle"));
    const std::string name = limit.joint + "_" + limit.angle;
    if (auto a = scene::joint_angle_from_name(name)) {
        limit.measures.push_back(*a);
    } else {
        auto left = scene::joint_angle_from_name("left_" + name), right = scene::joint_angle_from_name("right_" + name);
        if (!left || !right)
            return f.fail(f.path("joint"), "no measured angle \"" + name + "\" (see docs/poses.md for joint angles)");
        limit.measures = {*left, *right};
    }
    TS_TRY_ASSIGN(int64_t min_deg, f.integer("min_deg", -180, 180));
    TS_TRY_ASSIGN(int64_t max_deg, f.integer("max_deg", -180, 180));
    if (max_deg < min_deg) return f.fail(f.path("max_deg"), "is below min_deg");
    limit.min_deg = double(min_deg);
    limit.max_deg = double(max_deg);
    return limit;
}

Result<Prohibitions> read_prohibitions(const JsonFields& f) {
    TS_TRY(f.expect_object({"garment_categories", "pose_tags", "joint_limits", "export_3d", "ai_training"}));
    Prohibitions p;
    TS_TRY_ASSIGN(p.garment_categories, read_categories(f, "garment_categories"));
    TS_TRY_ASSIGN(p.pose_tags, f.strings("pose_tags", false));
    TS_TRY_ASSIGN(auto limits, f.objects("joint_limits", false));
    for (const JsonFields& l : limits) {
        TS_TRY_ASSIGN(JointLimit limit, read_joint_limit(l));
        p.joint_limits.push_back(std::move(limit));
    }
    TS_TRY_ASSIGN(p.export_3d, f.boolean("export_3d", false));
    TS_TRY_ASSIGN(p.ai_training, f.boolean("ai_training", false));
    return p;
}

Result<Duties> read_duties(const JsonFields& f) {
    TS_TRY(f.expect_object({"disclosure", "provenance"}));
    Duties d;
    if (f.has("disclosure")) {
        const JsonFields disclosure = f.child("disclosure");
        TS_TRY(disclosure.expect_object({"label", "required_for"}));
        Disclosure out;
        TS_TRY_ASSIGN(out.label, disclosure.string("label"));
        if (out.label.size() > 120) return disclosure.fail(disclosure.path("label"), "longer than 120 bytes: it must fit legibly on a story frame");
        TS_TRY_ASSIGN(out.required_for, read_uses(disclosure, "required_for", false));
        d.disclosure = std::move(out);
    }
    TS_TRY_ASSIGN(d.provenance, f.boolean("provenance", true));
    return d;
}

}  // namespace

const char* use_name(Use use) { return kUseNames[size_t(use)]; }

std::optional<Use> use_from_name(std::string_view name) {
    for (size_t i = 0; i < std::size(kUseNames); ++i)
        if (name == kUseNames[i]) return Use(i);
    return std::nullopt;
}

const std::vector<Use>& all_uses() {
    static const std::vector<Use> uses = {Use::Ecommerce, Use::Social, Use::Print, Use::Ooh, Use::Video, Use::InternalPreview};
    return uses;
}

const std::vector<std::string>& sensitive_garment_categories() {
    static const std::vector<std::string> list = {"swimwear", "lingerie", "underwear"};
    return list;
}

bool is_sensitive_category(std::string_view category) { return contains(sensitive_garment_categories(), category); }

std::string Money::str() const {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%lld.%02lld %s", static_cast<long long>(minor / 100), static_cast<long long>(minor % 100),
                  currency.c_str());
    return buf;
}

bool Disclosure::applies_to(Use use) const {
    return required_for.empty() || std::find(required_for.begin(), required_for.end(), use) != required_for.end();
}

Result<Licence> parse_licence(const SignedDocument& document, const std::string& source) {
    const JsonFields f(document.body, "$.licence", source);
    TS_TRY(f.expect_object({"schema", "id", "version", "issued", "twin", "licensor", "owners", "licensees", "consent",
                            "valid_from", "valid_until", "permissions", "prohibitions", "duties"}));
    TS_TRY_ASSIGN(std::string schema, f.string("schema"));
    if (schema != kLicenceSchema) return f.fail(f.path("schema"), "expected \"" + std::string(kLicenceSchema) + "\"");
    Licence l;
    TS_TRY_ASSIGN(l.id, f.string("id"));
    if (l.id.size() > 64) return f.fail(f.path("id"), "longer than 64 bytes");
    TS_TRY_ASSIGN(l.version, f.integer("version", 1, 1 << 30));
    TS_TRY_ASSIGN(l.issued, f.date("issued"));

    if (!f.has("twin")) return f.fail(f.path("twin"), "required");
    const JsonFields twin = f.child("twin");
    TS_TRY(twin.expect_object({"id", "avatar_sha256"}));
    TS_TRY_ASSIGN(l.twin_id, twin.string("id"));
    if (!is_id(l.twin_id)) return twin.fail(twin.path("id"), "expected a lower-case id [a-z0-9-]");
    TS_TRY_ASSIGN(std::string hash, twin.string("avatar_sha256"));
    const auto parsed_hash = parse_sha256_hex(hash);
    if (!parsed_hash) return twin.fail(twin.path("avatar_sha256"), "expected 64 hex digits");
    l.avatar_sha256 = *parsed_hash;

    if (!f.has("licensor")) return f.fail(f.path("licensor"), "required");
    TS_TRY_ASSIGN(l.licensor, read_party(f.child("licensor"), false));
    TS_TRY_ASSIGN(auto owners, f.objects("owners", true));
    if (owners.empty()) return f.fail(f.path("owners"), "at least one owner");
    for (const JsonFields& o : owners) {
        TS_TRY_ASSIGN(Party owner, read_party(o, true));
        l.owners.push_back(std::move(owner));
    }
    TS_TRY_ASSIGN(l.licensees, f.strings("licensees", true));
    if (l.licensees.empty()) return f.fail(f.path("licensees"), "at least one brand");

    if (!f.has("consent")) return f.fail(f.path("consent"), "required");
    const JsonFields consent = f.child("consent");
    TS_TRY(consent.expect_object({"signed", "description", "counsel", "union_representation", "guardian"}));
    TS_TRY_ASSIGN(l.consent.signed_on, consent.date("signed"));
    TS_TRY_ASSIGN(l.consent.description, consent.string("description"));
    if (l.consent.description.size() < 20)
        return consent.fail(consent.path("description"), "too short to be a reasonably specific description of the use");
    TS_TRY_ASSIGN(l.consent.counsel, consent.boolean("counsel", false));
    TS_TRY_ASSIGN(l.consent.union_representation, consent.boolean("union_representation", false));
    TS_TRY_ASSIGN(l.consent.guardian, consent.string("guardian", false));

    TS_TRY_ASSIGN(l.valid_from, f.date("valid_from"));
    TS_TRY_ASSIGN(l.valid_until, f.date("valid_until"));
    if (l.valid_until < l.valid_from) return f.fail(f.path("valid_until"), "ends before valid_from");

    TS_TRY_ASSIGN(auto permissions, f.objects("permissions", true));
    for (const JsonFields& p : permissions) {
        TS_TRY_ASSIGN(Permission permission, read_permission(p, l));
        for (const Permission& other : l.permissions)
            if (other.id == permission.id) return p.fail(p.path("id"), "duplicate permission id \"" + permission.id + "\"");
        l.permissions.push_back(std::move(permission));
    }
    if (f.has("prohibitions")) {
        TS_TRY_ASSIGN(l.prohibitions, read_prohibitions(f.child("prohibitions")));
    }
    if (f.has("duties")) {
        TS_TRY_ASSIGN(l.duties, read_duties(f.child("duties")));
    }
    return l;
}

Result<LicenceFile> load_licence(const std::filesystem::path& file) {
    TS_TRY_ASSIGN(SignedDocument doc, load_signed_document(file, "licence"));
    TS_TRY_ASSIGN(Licence licence, parse_licence(doc, file.string()));
    return LicenceFile{file.string(), std::move(doc), std::move(licence)};
}

std::string describe_licence(const Licence& l) {
    std::ostringstream out;
    auto uses = [](const std::vector<Use>& list) {
        std::string s;
        for (Use u : list) s += (s.empty() ? "" : ", ") + std::string(use_name(u));
        return s;
    };
    out << "Licence " << l.id << " (version " << l.version << ", issued " << l.issued.str() << ")\n";
    out << "  Twin:       " << l.twin_id << " (avatar SHA-256 " << l.avatar_sha256.hex().substr(0, 16) << "…)\n";
    out << "  Licensor:   " << l.licensor.name << "\n";
    for (const Party& o : l.owners) out << "  Owner:      " << o.name << " (" << o.role << ", " << o.id << ")\n";
    out << "  Licensees:  " << join(l.licensees) << "\n";
    out << "  Valid:      " << l.valid_from.str() << " to " << l.valid_until.str() << " inclusive\n";
    out << "  Consent:    signed " << l.consent.signed_on.str() << (l.consent.counsel ? ", with counsel" : ", without counsel")
        << (l.consent.union_representation ? ", union represented" : "")
        << (l.consent.guardian.empty() ? "" : ", guardian " + l.consent.guardian) << "\n";
    out << "              \"" << l.consent.description << "\"\n";
    if (l.permissions.empty()) out << "  Permits nothing (no permissions: every request is refused)\n";
    for (const Permission& p : l.permissions) {
        out << "  Permits " << p.id << ": " << uses(p.uses) << " for " << join(p.brands) << " in " << join(p.territories);
        if (p.valid_from || p.valid_until)
            out << ", " << (p.valid_from ? p.valid_from->str() : l.valid_from.str()) << " to "
                << (p.valid_until ? p.valid_until->str() : l.valid_until.str());
        out << "; fee " << p.fee.str() << " per image";
        if (p.max_uses) out << "; at most " << *p.max_uses << " images";
        if (p.garment_categories) out << "; garments: " << join(*p.garment_categories);
        if (p.export_3d) out << "; 3D export allowed";
        out << "\n";
    }
    const Prohibitions& pr = l.prohibitions;
    std::vector<std::string> refused = sensitive_garment_categories();
    out << "  Forbids:    garments " << (pr.garment_categories.empty() ? "(none listed)" : join(pr.garment_categories))
        << "; pose tags " << (pr.pose_tags.empty() ? "(none)" : join(pr.pose_tags)) << "\n";
    for (const JointLimit& j : pr.joint_limits)
        out << "              " << j.joint << " " << j.angle << " outside " << j.min_deg << "°.." << j.max_deg << "°\n";
    out << "              3D export " << (pr.export_3d ? "forbidden" : "only where a permission allows it") << "; AI training "
        << (pr.ai_training ? "forbidden" : "not permitted (no permission grants it)") << "\n";
    out << "  Always refused unless opted in: " << join(refused) << "\n";
    if (l.duties.disclosure)
        out << "  Duty:       label \"" << l.duties.disclosure->label << "\" on "
            << (l.duties.disclosure->required_for.empty() ? std::string("every use") : uses(l.duties.disclosure->required_for)) << "\n";
    out << "  Duty:       provenance metadata " << (l.duties.provenance ? "in every image" : "not required") << "\n";
    return out.str();
}

}  // namespace twinshoot::consent
