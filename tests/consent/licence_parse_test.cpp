// Malformed licence files: every one gives an error naming the file and the JSON path; none crashes.
#include <gtest/gtest.h>

#include <functional>

#include "consent/licence.h"
#include "consent_fixture.h"

namespace twinshoot::consent {
namespace {

using nlohmann::json;

std::string error_for(const std::function<void(json&)>& mutate) {
    json body = test::test_licence_body();
    mutate(body);
    auto doc = parse_signed_document(json{{"licence", body}}.dump(), "bad.json", "licence");
    if (!doc) return doc.error().message;
    auto licence = parse_licence(*doc, "bad.json");
    return licence ? "" : licence.error().message;
}

TEST(LicenceParse, TheTestLicenceIsValid) {
    auto doc = parse_signed_document(json{{"licence", test::test_licence_body()}}.dump(), "ok.json", "licence");
    ASSERT_TRUE(doc);
    auto licence = parse_licence(*doc, "ok.json");
    ASSERT_TRUE(licence) << licence.error().message;
    EXPECT_EQ(licence->id, "L-TEST-1");
    ASSERT_EQ(licence->permissions.size(), 2u);
    EXPECT_EQ(licence->permissions[0].fee.minor, 15000);
    EXPECT_EQ(licence->permissions[0].fee.str(), "150.00 EUR");
    ASSERT_EQ(licence->prohibitions.joint_limits.size(), 1u);
    EXPECT_EQ(licence->prohibitions.joint_limits[0].measures.size(), 2u);  // "shoulder": both sides
    EXPECT_NE(describe_licence(*licence).find("social, ecommerce for Demo Brand in EU, US"), std::string::npos);
}

TEST(LicenceParse, ErrorsNameTheFileAndJsonPath) {
    struct Case {
        std::function<void(json&)> mutate;
        const char* expected;
    };
    const Case cases[] = {
        {[](json& b) { b.erase("id"); }, "bad.json: $.licence.id: required"},
        {[](json& b) { b["schema"] = "v2"; }, "$.licence.schema: expected \"twinshoot-licence/1\""},
        {[](json& b) { b["colour"] = "red"; }, "$.licence.colour: unknown field"},
        {[](json& b) { b["valid_until"] = "2026-02-30"; }, "$.licence.valid_until: expected a date YYYY-MM-DD"},
        {[](json& b) { b["valid_until"] = "2025-01-01"; }, "$.licence.valid_until: ends before valid_from"},
        {[](json& b) { b["twin"]["avatar_sha256"] = "abc"; }, "$.licence.twin.avatar_sha256: expected 64 hex digits"},
        {[](json& b) { b["owners"] = json::array(); }, "$.licence.owners: at least one owner"},
        {[](json& b) { b["owners"][1]["id"] = "Test Agency"; }, "$.licence.owners[1].id: expected a lower-case id"},
        {[](json& b) { b["consent"]["description"] = "ads"; }, "$.licence.consent.description: too short"},
        {[](json& b) { b["permissions"][0]["uses"][1] = "tv"; }, "$.licence.permissions[0].uses[1]: unknown use \"tv\""},
        {[](json& b) { b["permissions"][0]["territories"][0] = "XX"; }, "$.licence.permissions[0].territories[0]: \"XX\" is not"},
        {[](json& b) { b["permissions"][0]["brands"][0] = "Nobody"; }, "$.licence.permissions[0].brands[0]: \"Nobody\" is not a licensee"},
        {[](json& b) { b["permissions"][0]["fee"]["amount"] = "1.5"; }, "$.licence.permissions[0].fee.amount: expected a decimal string"},
        {[](json& b) { b["permissions"][0]["fee"]["currency"] = "euro"; }, "$.licence.permissions[0].fee.currency"},
        {[](json& b) { b["permissions"][0].erase("fee"); }, "$.licence.permissions[0].fee: required"},
        {[](json& b) { b["permissions"][0]["max_uses"] = 0; }, "$.licence.permissions[0].max_uses: expected an integer 1.."},
        {[](json& b) { b["permissions"][1]["id"] = "P1"; }, "$.licence.permissions[1].id: duplicate permission id"},
        {[](json& b) { b["permissions"][1]["garment_categories"][0] = "gown"; }, "$.licence.permissions[1].garment_categories[0]: unknown garment category"},
        {[](json& b) { b["prohibitions"]["joint_limits"][0]["joint"] = "ankle"; }, "$.licence.prohibitions.joint_limits[0].joint: no measured angle \"ankle_abduction\""},
        {[](json& b) { b["prohibitions"]["joint_limits"][0]["max_deg"] = -20; }, "$.licence.prohibitions.joint_limits[0].max_deg: is below min_deg"},
        {[](json& b) { b["prohibitions"]["export_3d"] = "yes"; }, "$.licence.prohibitions.export_3d: expected true or false"},
        {[](json& b) { b["duties"]["disclosure"]["label"] = std::string(200, 'x'); }, "$.licence.duties.disclosure.label: longer than 120"},
        {[](json& b) { b["permissions"] = "all"; }, "$.licence.permissions: expected an array"},
        {[](json& b) { b["permissions"][0] = 7; }, "$.licence.permissions[0]: expected an object"},
    };
    for (const Case& c : cases) {
        const std::string error = error_for(c.mutate);
        EXPECT_NE(error.find(c.expected), std::string::npos) << "expected \"" << c.expected << "\" in \"" << error << "\"";
        EXPECT_EQ(error.rfind("bad.json: ", 0), 0u) << error;
    }
}

TEST(LicenceParse, EnvelopeErrors) {
    const SignedDocument doc = test::sign(test::test_licence_body(), test::agency_key());
    const std::string text = to_text(doc);
    auto error = [](const std::string& t) {
        auto d = parse_signed_document(t, "env.json", "licence");
        return d ? std::string() : d.error().message;
    };
    EXPECT_NE(error("[]").find("env.json: $: expected an object"), std::string::npos);
    EXPECT_NE(error("{}").find("env.json: $.licence: required"), std::string::npos);
    json root = json::parse(text);
    root["signature"]["algorithm"] = "RSA";
    EXPECT_NE(error(root.dump()).find("$.signature.algorithm: unsupported algorithm"), std::string::npos);
    root = json::parse(text);
    root["signature"]["value"] = "AAAA";
    EXPECT_NE(error(root.dump()).find("$.signature.value: expected 64 bytes"), std::string::npos);
}

TEST(LicenceParse, EveryTruncationAndByteFlipIsAnErrorOrAValidDocumentNeverACrash) {
    const std::string text = to_text(test::sign(test::test_licence_body(), test::agency_key()));
    size_t errors = 0;
    for (size_t n = 0; n < text.size(); n += 7) {
        auto doc = parse_signed_document(text.substr(0, n), "cut.json", "licence");
        if (!doc) {
            ++errors;
            EXPECT_EQ(doc.error().message.rfind("cut.json: ", 0), 0u);
        }
    }
    EXPECT_GT(errors, text.size() / 7 - 2);  // only the whole text parses
    for (size_t i = 0; i < text.size(); i += 3) {
        std::string flipped = text;
        flipped[i] = char(flipped[i] ^ 0x20);
        auto doc = parse_signed_document(flipped, "flip.json", "licence");
        if (doc) (void)parse_licence(*doc, "flip.json");  // may or may not parse; must not crash
    }
}

}  // namespace
}  // namespace twinshoot::consent
