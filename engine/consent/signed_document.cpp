#include "consent/signed_document.h"

#include <regex>

#include "consent/canonical_json.h"
#include "consent/json_fields.h"
#include "core/file_io.h"

namespace twinshoot::consent {
namespace {

using json = nlohmann::json;

Result<std::string> read_text(const std::filesystem::path& file) {
    TS_TRY_ASSIGN(std::vector<uint8_t> bytes, read_file(file));
    return std::string(bytes.begin(), bytes.end());
}

bool valid_owner_id(const std::string& id) {
    static const std::regex pattern("^[a-z0-9][a-z0-9-]{0,63}$");
    return std::regex_match(id, pattern);
}

}  // namespace

SignedDocument make_document(const std::string& kind, json body) {
    SignedDocument doc;
    doc.kind = kind;
    doc.body = std::move(body);
    doc.message = "twinshoot-" + kind + "-v1\n" + canonical_json(doc.body);
    doc.hash = sha256(doc.message);
    return doc;
}

Result<SignedDocument> parse_signed_document(std::string_view text, const std::string& source, const std::string& kind) {
    TS_TRY_ASSIGN(json root, parse_json_strict(text, source));
    JsonFields fields(root, "$", source);
    TS_TRY(fields.expect_object({kind, "signature"}));
    if (!fields.has(kind.c_str())) return fields.fail("$." + kind, "required");
    if (!root[kind].is_object()) return fields.fail("$." + kind, "expected an object");
    SignedDocument doc = make_document(kind, root[kind]);
    if (fields.has("signature")) {
        JsonFields sig = fields.child("signature");
        TS_TRY(sig.expect_object({"algorithm", "key_id", "value"}));
        TS_TRY_ASSIGN(std::string algorithm, sig.string("algorithm"));
        if (algorithm != "Ed25519") return sig.fail(sig.path("algorithm"), "unsupported algorithm \"" + algorithm + "\" (only Ed25519)");
        SignatureBlock block;
        TS_TRY_ASSIGN(block.key_id, sig.string("key_id"));
        TS_TRY_ASSIGN(std::string value, sig.string("value"));
        const auto bytes = base64_decode(value);
        if (!bytes || bytes->size() != block.value.bytes.size())
            return sig.fail(sig.path("value"), "expected 64 bytes in base64");
        std::copy(bytes->begin(), bytes->end(), block.value.bytes.begin());
        doc.signature = block;
    }
    return doc;
}

Result<SignedDocument> load_signed_document(const std::filesystem::path& file, const std::string& kind) {
    TS_TRY_ASSIGN(std::string text, read_text(file));
    return parse_signed_document(text, file.string(), kind);
}

void sign_document(SignedDocument& document, const SecretKey& key) {
    document.signature = SignatureBlock{key.public_key().key_id(), key.sign(as_bytes(document.message))};
}

std::string to_text(const SignedDocument& document) {
    json root;
    root[document.kind] = document.body;
    if (document.signature)
        root["signature"] = {{"algorithm", "Ed25519"},
                             {"key_id", document.signature->key_id},
                             {"value", base64_encode(document.signature->value.bytes)}};
    return root.dump(2) + "\n";
}

bool signature_verifies(const SignedDocument& document, const PublicKey& key) {
    return document.signature && document.signature->key_id == key.key_id() &&
           verify(key, as_bytes(document.message), document.signature->value);
}

Result<OwnerKey> load_public_key(const std::filesystem::path& file) {
    TS_TRY_ASSIGN(std::string text, read_text(file));
    TS_TRY_ASSIGN(json root, parse_json_strict(text, file.string()));
    JsonFields f(root, "$", file.string());
    TS_TRY(f.expect_object({"kind", "owner", "key_id", "public_key"}));
    TS_TRY_ASSIGN(std::string kind, f.string("kind"));
    if (kind != "twinshoot-public-key") return f.fail("$.kind", "expected \"twinshoot-public-key\"");
    OwnerKey key;
    TS_TRY_ASSIGN(key.owner, f.string("owner"));
    if (!valid_owner_id(key.owner)) return f.fail("$.owner", "expected a lower-case id [a-z0-9-]");
    TS_TRY_ASSIGN(std::string encoded, f.string("public_key"));
    const auto bytes = base64_decode(encoded);
    if (!bytes || bytes->size() != 32) return f.fail("$.public_key", "expected 32 bytes in base64");
    std::copy(bytes->begin(), bytes->end(), key.public_key.bytes.begin());
    TS_TRY_ASSIGN(std::string key_id, f.string("key_id"));
    if (key_id != key.public_key.key_id())
        return f.fail("$.key_id", "does not match the public key (expected " + key.public_key.key_id() + ")");
    return key;
}

Result<OwnerSecret> load_secret_key(const std::filesystem::path& file) {
    TS_TRY_ASSIGN(std::string text, read_text(file));
    TS_TRY_ASSIGN(json root, parse_json_strict(text, file.string()));
    JsonFields f(root, "$", file.string());
    TS_TRY(f.expect_object({"kind", "owner", "key_id", "secret_key", "note"}));
    TS_TRY_ASSIGN(std::string kind, f.string("kind"));
    if (kind != "twinshoot-secret-key") return f.fail("$.kind", "expected \"twinshoot-secret-key\"");
    OwnerSecret secret;
    TS_TRY_ASSIGN(secret.owner, f.string("owner"));
    if (!valid_owner_id(secret.owner)) return f.fail("$.owner", "expected a lower-case id [a-z0-9-]");
    TS_TRY_ASSIGN(std::string encoded, f.string("secret_key"));
    auto bytes = base64_decode(encoded);
    if (!bytes || bytes->size() != 64) return f.fail("$.secret_key", "expected 64 bytes in base64");
    std::array<uint8_t, 64> raw;
    std::copy(bytes->begin(), bytes->end(), raw.begin());
    secret.secret_key = SecretKey(raw);
    std::fill(bytes->begin(), bytes->end(), uint8_t(0));
    std::fill(raw.begin(), raw.end(), uint8_t(0));
    // The secret key embeds its public half: a corrupted one would sign with a key nobody trusts.
    std::array<uint8_t, 32> seed;
    std::copy_n(secret.secret_key.bytes().begin(), 32, seed.begin());
    const PublicKey derived = SecretKey::from_seed(seed).public_key();
    std::fill(seed.begin(), seed.end(), uint8_t(0));
    if (!(derived == secret.secret_key.public_key())) return f.fail("$.secret_key", "corrupt: its two halves do not match");
    TS_TRY_ASSIGN(std::string key_id, f.string("key_id"));
    if (key_id != derived.key_id()) return f.fail("$.key_id", "does not match the secret key (expected " + derived.key_id() + ")");
    return secret;
}

std::string public_key_text(const std::string& owner, const PublicKey& key) {
    json root = {{"kind", "twinshoot-public-key"}, {"owner", owner}, {"key_id", key.key_id()},
                 {"public_key", base64_encode(key.bytes)}};
    return root.dump(2) + "\n";
}

std::string secret_key_text(const std::string& owner, const SecretKey& key, const std::string& note) {
    json root = {{"kind", "twinshoot-secret-key"}, {"owner", owner}, {"key_id", key.public_key().key_id()},
                 {"secret_key", base64_encode(key.bytes())}};
    if (!note.empty()) root["note"] = note;
    return root.dump(2) + "\n";
}

}  // namespace twinshoot::consent
