#include "consent/crypto.h"

#include <cassert>

#include <sodium.h>

#include "core/sha256.h"

namespace twinshoot::consent {

bool crypto_ready() {
    static const bool ready = sodium_init() >= 0;
    return ready;
}

std::string PublicKey::key_id() const { return "ed25519:" + sha256(bytes).hex().substr(0, 16); }

SecretKey::~SecretKey() { sodium_memzero(m_bytes.data(), m_bytes.size()); }

SecretKey SecretKey::generate() {
    assert(crypto_ready());
    std::array<uint8_t, 64> secret;
    std::array<uint8_t, 32> pub;
    crypto_sign_keypair(pub.data(), secret.data());
    SecretKey key(secret);
    sodium_memzero(secret.data(), secret.size());
    return key;
}

SecretKey SecretKey::from_seed(std::span<const uint8_t, 32> seed) {
    assert(crypto_ready());
    std::array<uint8_t, 64> secret;
    std::array<uint8_t, 32> pub;
    crypto_sign_seed_keypair(pub.data(), secret.data(), seed.data());
    SecretKey key(secret);
    sodium_memzero(secret.data(), secret.size());
    return key;
}

PublicKey SecretKey::public_key() const {
    PublicKey key;
    crypto_sign_ed25519_sk_to_pk(key.bytes.data(), m_bytes.data());
    return key;
}

Signature SecretKey::sign(std::span<const uint8_t> message) const {
    assert(crypto_ready());
    Signature signature;
    crypto_sign_detached(signature.bytes.data(), nullptr, message.data(), message.size(), m_bytes.data());
    return signature;
}

bool verify(const PublicKey& key, std::span<const uint8_t> message, const Signature& signature) {
    if (!crypto_ready()) return false;
    return crypto_sign_verify_detached(signature.bytes.data(), message.data(), message.size(), key.bytes.data()) == 0;
}

std::string base64_encode(std::span<const uint8_t> bytes) {
    std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // the terminating NUL
    return out;
}

std::optional<std::vector<uint8_t>> base64_decode(std::string_view text) {
    std::vector<uint8_t> out(text.size() / 4 * 3 + 3);
    size_t length = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != text.data() + text.size())
        return std::nullopt;
    out.resize(length);
    return out;
}

}  // namespace twinshoot::consent
