#include "consent_fixture.h"

#include <array>
#include <fstream>

#include <gtest/gtest.h>

#include "temp_folder.h"

namespace twinshoot::test {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

consent::SecretKey key_from(uint8_t fill) {
    EXPECT_TRUE(consent::crypto_ready());
    std::array<uint8_t, 32> seed;
    seed.fill(fill);
    return consent::SecretKey::from_seed(seed);
}

fs::path fresh_folder(const std::string& name) {
    return temp_folder("consent-" + name + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
}

void write(const fs::path& file, const std::string& text) { std::ofstream(file, std::ios::binary) << text; }

}  // namespace

consent::SecretKey agency_key() { return key_from(1); }
consent::SecretKey other_owner_key() { return key_from(2); }
consent::SecretKey stranger_key() { return key_from(3); }

fs::path make_trust_folder(const std::string& name) {
    const fs::path dir = fresh_folder("trust-" + name);
    write(dir / "test-agency.pub", consent::public_key_text("test-agency", agency_key().public_key()));
    write(dir / "other-agency.pub", consent::public_key_text("other-agency", other_owner_key().public_key()));
    return dir;
}

Sha256 test_avatar_hash() { return sha256(std::string_view("test twin avatar bytes")); }

json test_licence_body() {
    return json::parse(R"({
      "schema": "twinshoot-licence/1", "id": "L-TEST-1", "version": 1, "issued": "2025-12-01",
      "twin": {"id": "test-twin", "avatar_sha256": ")" + test_avatar_hash().hex() + R"("},
      "licensor": {"id": "test-model", "name": "Test Model"},
      "owners": [{"id": "test-model", "name": "Test Model", "role": "model"},
                 {"id": "test-agency", "name": "Test Agency", "role": "agency"}],
      "licensees": ["Demo Brand", "Other Brand"],
      "consent": {"signed": "2025-11-30", "description": "Catalogue and social images of the test twin in Demo Brand apparel.",
                  "counsel": true, "union_representation": false},
      "valid_from": "2026-01-01", "valid_until": "2026-12-31",
      "permissions": [
        {"id": "P1", "uses": ["social", "ecommerce"], "brands": ["Demo Brand"], "territories": ["EU", "US"],
         "max_uses": 100, "fee": {"amount": "150.00", "currency": "EUR"}},
        {"id": "P2", "uses": ["print"], "brands": ["Demo Brand"], "territories": ["FR"],
         "valid_from": "2026-03-01", "valid_until": "2026-09-30",
         "fee": {"amount": "400.00", "currency": "EUR"}, "garment_categories": ["dress", "swimwear"]}
      ],
      "prohibitions": {"garment_categories": ["lingerie"], "pose_tags": ["lying", "arms-raised"],
                       "joint_limits": [{"joint": "shoulder", "angle": "abduction", "min_deg": -10, "max_deg": 100}],
                       "export_3d": true, "ai_training": true},
      "duties": {"disclosure": {"label": "Digital twin - synthetic image", "required_for": ["social"]}, "provenance": true}
    })");
}

consent::SignedDocument sign(const json& body, const consent::SecretKey& key) {
    consent::SignedDocument doc = consent::make_document("licence", body);
    consent::sign_document(doc, key);
    return doc;
}

consent::UsageRequest granted_request() {
    consent::UsageRequest r;
    r.twin_id = "test-twin";
    r.avatar_sha256 = test_avatar_hash();
    r.brand = "Demo Brand";
    r.use = consent::Use::Social;
    r.territories = {"FR"};
    r.date = *consent::Date::parse("2026-06-15");
    r.garments = {{"tee", "top"}};
    r.pose = {"standing", {"standing"}, scene::JointAngles{}};
    return r;
}

fs::path write_temp(const std::string& name, const std::string& text) {
    const fs::path file = fresh_folder("file") / name;
    write(file, text);
    return file;
}

}  // namespace twinshoot::test
