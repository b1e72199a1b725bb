// Signed JSON documents: a licence or a revocation list, with an optional Ed25519 signature.
//
//   { "<kind>": { ...the document... },
//     "signature": { "algorithm": "Ed25519", "key_id": "ed25519:…", "value": "<base64, 64 bytes>" } }
//
// The signed message is the ASCII line "twinshoot-<kind>-v1\n" followed by canonical_json(document)
// (consent/canonical_json.h), so a licence cannot be replayed as a revocation list and re-indenting
// or reordering keys does not break a signature. The document's hash (for ledgers and provenance) is
// SHA-256 of that same message.
//
// Key files written by `twinshoot licence keygen`:
//   PREFIX.pub    {"kind": "twinshoot-public-key", "owner": ID, "key_id": …, "public_key": base64}
//   PREFIX.secret {"kind": "twinshoot-secret-key", "owner": ID, "key_id": …, "secret_key": base64,
//                  "note": …}  (mode 0600)
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "consent/crypto.h"
#include "core/result.h"
#include "core/sha256.h"

namespace twinshoot::consent {

struct SignatureBlock {
    std::string key_id;
    Signature value;
};

struct SignedDocument {
    std::string kind;                        // "licence" or "revocations"
    nlohmann::json body;                     // the document under `kind`
    std::string message;                     // what is signed: header line + canonical body
    Sha256 hash;                             // SHA-256(message)
    std::optional<SignatureBlock> signature;  // absent: unsigned
};

// Parses {"<kind>": {...}, "signature": {...}} strictly; the signature is optional here (whether it is
// required, trusted and valid is the trust store's and the evaluator's call).
Result<SignedDocument> parse_signed_document(std::string_view text, const std::string& source, const std::string& kind);
Result<SignedDocument> load_signed_document(const std::filesystem::path& file, const std::string& kind);
// Wraps a body into a SignedDocument (unsigned), computing message and hash.
SignedDocument make_document(const std::string& kind, nlohmann::json body);
// Signs (replacing any signature) and returns the document as indented JSON text for people.
void sign_document(SignedDocument& document, const SecretKey& key);
std::string to_text(const SignedDocument& document);
// True when `document` carries a signature that `key` verifies.
bool signature_verifies(const SignedDocument& document, const PublicKey& key);

struct OwnerKey {
    std::string owner;
    PublicKey public_key;
};
struct OwnerSecret {
    std::string owner;
    SecretKey secret_key;
};
Result<OwnerKey> load_public_key(const std::filesystem::path& file);
Result<OwnerSecret> load_secret_key(const std::filesystem::path& file);
std::string public_key_text(const std::string& owner, const PublicKey& key);
std::string secret_key_text(const std::string& owner, const SecretKey& key, const std::string& note);

}  // namespace twinshoot::consent
