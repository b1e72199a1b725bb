// Keys, trust stores, licences and requests for consent tests: a valid, signed licence for a test twin
// that tests then break one way at a time.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "consent/policy.h"
#include "consent/signed_document.h"

namespace twinshoot::test {

// Deterministic keys: the twin's agency (an owner), another trusted owner, and a stranger.
consent::SecretKey agency_key();
consent::SecretKey other_owner_key();
consent::SecretKey stranger_key();

// A fresh temporary folder with the agency's and the other owner's public keys (not the stranger's).
std::filesystem::path make_trust_folder(const std::string& name);

// The avatar hash the test licence covers.
Sha256 test_avatar_hash();

// A licence for twin "test-twin": P1 grants social + ecommerce to "Demo Brand" in the EU and US
// 2026-01-01..2026-12-31 at 150.00 EUR, max 100 uses, disclosure on social; P2 grants print in FR
// with swimwear opted in. Prohibits lingerie, pose tags "lying" and "arms-raised", shoulder abduction
// outside -10..100 degrees, 3D export and AI training.
nlohmann::json test_licence_body();

consent::SignedDocument sign(const nlohmann::json& body, const consent::SecretKey& key);

// A request P1 grants: Demo Brand, social, FR, 2026-06-15, a tee, pose "standing" with zero angles.
consent::UsageRequest granted_request();

// Writes `text` into a file in a fresh temporary folder and returns its path.
std::filesystem::path write_temp(const std::string& name, const std::string& text);

}  // namespace twinshoot::test
