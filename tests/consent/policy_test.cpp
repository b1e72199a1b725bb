// The policy evaluator: one test per refusal reason, grants, every violation listed, joint limits on
// measured angles, and grants bound to their exact request.
#include <gtest/gtest.h>

#include <fstream>

#include "consent/policy.h"
#include "consent_fixture.h"
#include "scene/joint_angles.h"
#include "scene/pose.h"
#include "synthetic_rig.h"

namespace twinshoot::consent {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class Policy : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(crypto_ready());
        m_folder = test::make_trust_folder("policy");
        reload();
    }
    void reload() {
        auto trust = TrustStore::load(m_folder);
        ASSERT_TRUE(trust) << trust.error().message;
        m_trust.emplace(std::move(*trust));
    }
    Decision decide(const SignedDocument& doc, const UsageRequest& r) const { return PolicyEvaluator(*m_trust).evaluate(doc, r); }
    Decision decide(const UsageRequest& r) const { return decide(test::sign(test::test_licence_body(), test::agency_key()), r); }
    void write_revocations(const RevocationList& list, const SecretKey& key) {
        fs::create_directories(m_folder / "revocations");
        SignedDocument doc = make_document("revocations", revocation_list_body(list));
        sign_document(doc, key);
        std::ofstream(m_folder / "revocations" / (list.owner + ".json")) << to_text(doc);
        reload();
    }
    // Expects a refusal whose only reason is `reason`, citing `rule`.
    void expect_only(const Decision& d, Reason reason, const std::string& rule) {
        ASSERT_FALSE(d.granted()) << "expected a refusal for " << reason_name(reason);
        EXPECT_TRUE(d.has(reason)) << d.summary();
        for (const Violation& v : d.violations()) {
            EXPECT_EQ(v.reason, reason) << d.summary();
            EXPECT_NE(v.rule.find(rule), std::string::npos) << v.rule;
            EXPECT_FALSE(v.sentence.empty());
        }
    }

    fs::path m_folder;
    std::optional<TrustStore> m_trust;
};

TEST_F(Policy, GrantsAnAllowedRequestWithItsTerms) {
    const Decision d = decide(test::granted_request());
    ASSERT_TRUE(d.granted()) << d.summary();
    EXPECT_EQ(d.grant().licence_id(), "L-TEST-1");
    EXPECT_EQ(d.grant().permission_id(), "P1");
    EXPECT_EQ(d.grant().fee().str(), "150.00 EUR");
    EXPECT_EQ(d.grant().disclosure_label(), "Digital twin - synthetic image");  // required for social
    EXPECT_TRUE(d.grant().ai_training_prohibited());
    EXPECT_TRUE(grant_mismatches(d.grant(), test::granted_request()).empty());

    UsageRequest ecommerce = test::granted_request();
    ecommerce.use = Use::Ecommerce;
    ecommerce.territories = {"EU", "US"};
    const Decision e = decide(ecommerce);
    ASSERT_TRUE(e.granted()) << e.summary();
    EXPECT_FALSE(e.grant().disclosure_label());  // the duty names social only
}

TEST_F(Policy, RefusesUnsigned) {
    expect_only(decide(make_document("licence", test::test_licence_body()), test::granted_request()), Reason::Unsigned, "§signature");
}

TEST_F(Policy, RefusesATamperedLicenceChangedByOneByte) {
    const std::string text = to_text(test::sign(test::test_licence_body(), test::agency_key()));
    std::string edited = text;
    const size_t at = edited.find("150.00");
    ASSERT_NE(at, std::string::npos);
    edited[at + 1] = '9';  // 150.00 -> 190.00
    auto doc = parse_signed_document(edited, "edited.json", "licence");
    ASSERT_TRUE(doc) << doc.error().message;
    expect_only(decide(*doc, test::granted_request()), Reason::Tampered, "§signature");
}

TEST_F(Policy, RefusesUnknownKey) {
    expect_only(decide(test::sign(test::test_licence_body(), test::stranger_key()), test::granted_request()), Reason::UnknownKey,
                "§signature");
}

TEST_F(Policy, RefusesAKeyOfSomeoneWhoIsNotAnOwner) {
    expect_only(decide(test::sign(test::test_licence_body(), test::other_owner_key()), test::granted_request()), Reason::WrongKey,
                "§signature");
}

TEST_F(Policy, RefusesExpired) {
    UsageRequest r = test::granted_request();
    r.date = *Date::parse("2027-01-01");
    expect_only(decide(r), Reason::Expired, "§valid_until");
    r.date = *Date::parse("2026-12-31");  // the last day is still valid
    EXPECT_TRUE(decide(r).granted());
}

TEST_F(Policy, RefusesNotYetValid) {
    UsageRequest r = test::granted_request();
    r.date = *Date::parse("2025-12-31");
    expect_only(decide(r), Reason::NotYetValid, "§valid_from");
}

TEST_F(Policy, RefusesARevokedLicenceFromItsRevocationDate) {
    write_revocations({"test-agency", *Date::parse("2026-06-01"), {{"L-TEST-1", *Date::parse("2026-06-10"), "model withdrew consent"}}, {}},
                      test::agency_key());
    UsageRequest r = test::granted_request();
    expect_only(decide(r), Reason::LicenceRevoked, "§signature");
    r.date = *Date::parse("2026-06-09");
    EXPECT_TRUE(decide(r).granted());
}

TEST_F(Policy, RefusesLicencesSignedByARevokedKey) {
    write_revocations({"test-agency", *Date::parse("2026-06-01"), {}, {{test::agency_key().public_key().key_id(), *Date::parse("2026-05-01"), "laptop stolen"}}},
                      test::agency_key());
    expect_only(decide(test::granted_request()), Reason::KeyRevoked, "§signature");
}

TEST_F(Policy, FailsClosedWhenARevocationListIsNotValidlySigned) {
    write_revocations({"test-agency", *Date::parse("2026-06-01"), {}, {}}, test::other_owner_key());
    const Decision d = decide(test::granted_request());
    expect_only(d, Reason::RevocationListInvalid, "§signature");
    EXPECT_NE(d.summary().find("not of its owner"), std::string::npos) << d.summary();

    // Edited after signing: the list no longer verifies.
    write_revocations({"test-agency", *Date::parse("2026-06-01"), {}, {}}, test::agency_key());
    const fs::path file = m_folder / "revocations" / "test-agency.json";
    std::string text;
    {
        std::ifstream in(file);
        text.assign(std::istreambuf_iterator<char>(in), {});
    }
    text.replace(text.find("2026-06-01"), 10, "2026-06-02");
    std::ofstream(file) << text;
    reload();
    expect_only(decide(test::granted_request()), Reason::RevocationListInvalid, "§signature");
}

TEST_F(Policy, RefusesADifferentAvatarFile) {
    UsageRequest r = test::granted_request();
    r.avatar_sha256 = sha256(std::string_view("a different scan"));
    expect_only(decide(r), Reason::AvatarMismatch, "§twin.avatar_sha256");
}

TEST_F(Policy, RefusesBrandUseAndTerritoryOutsideEveryPermission) {
    UsageRequest r = test::granted_request();
    r.brand = "Other Brand";  // a licensee, but no permission names it
    expect_only(decide(r), Reason::Brand, ".brands");
    r = test::granted_request();
    r.brand = "Stranger Co";
    expect_only(decide(r), Reason::Brand, "§licensees");
    r = test::granted_request();
    r.use = Use::Ooh;
    expect_only(decide(r), Reason::Use, ".uses");
    r = test::granted_request();
    r.territories = {"FR", "JP"};
    expect_only(decide(r), Reason::Territory, ".territories");
    r.territories = {"WORLD"};
    expect_only(decide(r), Reason::Territory, ".territories");
}

TEST_F(Policy, SensitiveGarmentsNeedAnExplicitOptIn) {
    UsageRequest r = test::granted_request();
    r.garments = {{"bikini", "swimwear"}};
    const Decision social = decide(r);
    ASSERT_FALSE(social.granted());
    EXPECT_TRUE(social.has(Reason::GarmentNotOptedIn)) << social.summary();
    // P2 opts swimwear in for print in France between March and September.
    r.use = Use::Print;
    r.garments = {{"bikini", "swimwear"}};
    EXPECT_TRUE(decide(r).granted()) << decide(r).summary();
    r.garments = {{"lace-set", "lingerie"}};
    EXPECT_TRUE(decide(r).has(Reason::ProhibitedGarment));
}

TEST_F(Policy, RefusesProhibitedPoseTagsAndExportAndAiTraining) {
    UsageRequest r = test::granted_request();
    r.pose = {"lying", {"lying"}, scene::JointAngles{}};
    expect_only(decide(r), Reason::ProhibitedPoseTag, "§prohibitions.pose_tags");
    r = test::granted_request();
    r.export_3d = true;
    const Decision e = decide(r);
    EXPECT_TRUE(e.has(Reason::Export3d)) << e.summary();
    r = test::granted_request();
    r.ai_training = true;
    expect_only(decide(r), Reason::AiTraining, "§prohibitions.ai_training");
}

TEST_F(Policy, JointLimitRefusesAnUntaggedPoseOnItsMeasuredAngles) {
    const asset::Skeleton skeleton = test::make_synthetic_rig(test::vrm_names());
    auto map = scene::map_humanoid(skeleton);
    ASSERT_TRUE(map);
    auto rig = scene::PoseRig::create(skeleton, *map);
    ASSERT_TRUE(rig);
    // A custom pose with no tags at all: left arm raised 60 degrees above horizontal (abduction 150).
    scene::Pose pose;
    pose.name = "custom-wave";
    pose.set(scene::HumanBone::LeftUpperArm, glm::angleAxis(glm::radians(60.0f), glm::vec3(0, 0, 1)));
    const scene::JointAngles angles = scene::measure_joint_angles(*rig, rig->apply(pose));
    ASSERT_NEAR(angles[scene::JointAngle::LeftShoulderAbduction], 150.0f, 1.0f);

    UsageRequest r = test::granted_request();
    r.pose = {pose.name, {}, angles};
    const Decision d = decide(r);
    expect_only(d, Reason::JointLimit, "§prohibitions.joint_limits[0]");
    EXPECT_NE(d.summary().find("left_shoulder_abduction at 150"), std::string::npos) << d.summary();

    // The same arm at 80 degrees of abduction is within the limit.
    scene::Pose low = pose;
    low.set(scene::HumanBone::LeftUpperArm, glm::angleAxis(glm::radians(-10.0f), glm::vec3(0, 0, 1)));
    r.pose = {"custom-low", {}, scene::measure_joint_angles(*rig, rig->apply(low))};
    EXPECT_TRUE(decide(r).granted()) << decide(r).summary();
    // Unmeasured poses cannot be checked: refused.
    r.pose.angles.reset();
    expect_only(decide(r), Reason::JointLimit, "§prohibitions.joint_limits[0]");
}

TEST_F(Policy, MaxUsesComesFromTheUsesAlreadyMade) {
    UsageRequest r = test::granted_request();
    r.uses_made = 99;
    EXPECT_TRUE(decide(r).granted());
    r.uses_made = 100;
    expect_only(decide(r), Reason::MaxUses, ".max_uses");
}

TEST_F(Policy, ARefusalListsEveryViolatedRule) {
    UsageRequest r = test::granted_request();
    r.date = *Date::parse("2027-02-01");
    r.use = Use::Ooh;
    r.garments = {{"lace-set", "lingerie"}};
    r.pose = {"lying", {"lying"}, scene::JointAngles{}};
    const Decision d = decide(r);
    ASSERT_FALSE(d.granted());
    for (Reason reason : {Reason::Expired, Reason::Use, Reason::ProhibitedGarment, Reason::ProhibitedPoseTag})
        EXPECT_TRUE(d.has(reason)) << reason_name(reason) << " missing from:\n" << d.summary();
    EXPECT_NE(d.summary().find("pose 'lying' is tagged 'lying', which licence L-TEST-1 prohibits [L-TEST-1 §prohibitions.pose_tags]"),
              std::string::npos)
        << d.summary();
}

TEST_F(Policy, AGrantIsBoundToItsExactRequest) {
    const Decision d = decide(test::granted_request());
    ASSERT_TRUE(d.granted());
    const auto changed = [&](auto&& mutate) {
        UsageRequest r = test::granted_request();
        mutate(r);
        return grant_mismatches(d.grant(), r);
    };
    EXPECT_FALSE(changed([](UsageRequest& r) { r.twin_id = "other-twin"; }).empty());
    EXPECT_FALSE(changed([](UsageRequest& r) { r.brand = "Other Brand"; }).empty());
    EXPECT_FALSE(changed([](UsageRequest& r) { r.use = Use::Ecommerce; }).empty());
    EXPECT_FALSE(changed([](UsageRequest& r) { r.garments.push_back({"bikini", "swimwear"}); }).empty());
    EXPECT_FALSE(changed([](UsageRequest& r) { r.pose.name = "lying"; }).empty());
    EXPECT_FALSE(changed([](UsageRequest& r) { r.pose.angles->degrees[3] = 170.0f; }).empty());
    EXPECT_FALSE(changed([](UsageRequest& r) { r.territories = {"US"}; }).empty());
    EXPECT_TRUE(changed([](UsageRequest& r) { r.uses_made = 5; }).empty());
}

TEST_F(Policy, TrustStoreErrorsNameTheFile) {
    EXPECT_FALSE(TrustStore::load(m_folder / "missing"));
    std::ofstream(m_folder / "broken.pub") << "{\"kind\": \"twinshoot-public-key\"";
    auto store = TrustStore::load(m_folder);
    ASSERT_FALSE(store);
    EXPECT_NE(store.error().message.find("broken.pub"), std::string::npos) << store.error().message;
}

}  // namespace
}  // namespace twinshoot::consent
