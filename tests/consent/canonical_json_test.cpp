// The canonical serialisation licences are signed over: stable under key order and whitespace,
// and strict about what two readers could disagree on.
#include <gtest/gtest.h>

#include "consent/canonical_json.h"
#include "consent/signed_document.h"
#include "consent_fixture.h"

namespace twinshoot::consent {
namespace {

std::string canon(const std::string& text) {
    auto doc = parse_json_strict(text, "t.json");
    EXPECT_TRUE(doc) << (doc ? "" : doc.error().message);
    return doc ? canonical_json(*doc) : "";
}

std::string error_of(const std::string& text) {
    auto doc = parse_json_strict(text, "t.json");
    return doc ? "" : doc.error().message;
}

TEST(CanonicalJson, StableUnderKeyOrderAndWhitespace) {
    const std::string a = R"({"b": [1, 2, {"y": true, "x": null}], "a": "é\n\"q\"", "c": -7})";
    const std::string b = "{\n  \"c\" : -7,\n\t\"a\":\"\\u00e9\\n\\\"q\\\"\",\r\n \"b\":[ 1,2 ,{ \"x\":null,\"y\":true } ] }";
    EXPECT_EQ(canon(a), canon(b));
    EXPECT_EQ(canon(a), "{\"a\":\"é\\n\\\"q\\\"\",\"b\":[1,2,{\"x\":null,\"y\":true}],\"c\":-7}");
}

TEST(CanonicalJson, EscapesControlCharactersOnly) {
    EXPECT_EQ(canon(R"(["\u0001\t/\u20ac"])"), "[\"\\u0001\\t/€\"]");
}

TEST(CanonicalJson, RefusesWhatReadersCouldDisagreeOn) {
    EXPECT_NE(error_of(R"({"a": 1, "a": 2})").find("duplicate key \"a\""), std::string::npos);
    EXPECT_NE(error_of(R"({"x": {"a": 1, "a": 2}})").find("duplicate key"), std::string::npos);
    EXPECT_NE(error_of(R"({"fee": 1.5})").find("$.fee: numbers must be integers"), std::string::npos);
    EXPECT_NE(error_of(R"({"n": 9007199254740993})").find("$.n: integer out of range"), std::string::npos);
    EXPECT_NE(error_of(std::string(40, '[') + std::string(40, ']')).find("nested deeper"), std::string::npos);
    EXPECT_NE(error_of("{\"a\": \"\xff\"}").find("t.json: not valid JSON"), std::string::npos);
    EXPECT_NE(error_of("{\"a\": ").find("t.json: not valid JSON"), std::string::npos);
    // The same key in sibling objects is fine.
    EXPECT_EQ(error_of(R"([{"a": 1}, {"a": 2}])"), "");
}

TEST(CanonicalJson, SignatureSurvivesReindentingAndReordering) {
    const SecretKey key = test::agency_key();
    SignedDocument doc = test::sign(test::test_licence_body(), key);
    const std::string pretty = to_text(doc);
    // Re-serialise with different indentation and reversed key order at the top level.
    auto root = nlohmann::json::parse(pretty);
    std::string compact = "{\"signature\":" + root["signature"].dump() + ",\"licence\":" + root["licence"].dump(7) + "}";
    auto reread = parse_signed_document(compact, "compact.json", "licence");
    ASSERT_TRUE(reread) << reread.error().message;
    EXPECT_EQ(reread->message, doc.message);
    EXPECT_EQ(reread->hash, doc.hash);
    EXPECT_TRUE(signature_verifies(*reread, key.public_key()));
    EXPECT_EQ(doc.message.rfind("twinshoot-licence-v1\n{", 0), 0u);
}

}  // namespace
}  // namespace twinshoot::consent
