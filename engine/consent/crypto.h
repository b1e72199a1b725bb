// Ed25519 (RFC 8032) signatures through libsodium, and the key files owners keep.
//
// A key id is "ed25519:" + the first 16 hex digits of SHA-256(public key): it names a key in a
// trust store and in signatures, and is derived, never chosen, so two keys cannot share one.
// SecretKey wipes its bytes (sodium_memzero) when destroyed. All functions are thread-safe once
// crypto_ready() returned true (it calls sodium_init, idempotent).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace twinshoot::consent {

bool crypto_ready();

struct PublicKey {
    std::array<uint8_t, 32> bytes{};
    std::string key_id() const;
    bool operator==(const PublicKey&) const = default;
};

struct Signature {
    std::array<uint8_t, 64> bytes{};
};

class SecretKey {
public:
    SecretKey() = default;
    explicit SecretKey(const std::array<uint8_t, 64>& bytes) : m_bytes(bytes) {}  // seed || public key
    SecretKey(const SecretKey&) = default;
    SecretKey& operator=(const SecretKey&) = default;
    ~SecretKey();

    static SecretKey generate();
    static SecretKey from_seed(std::span<const uint8_t, 32> seed);
    PublicKey public_key() const;
    Signature sign(std::span<const uint8_t> message) const;
    const std::array<uint8_t, 64>& bytes() const { return m_bytes; }

private:
    std::array<uint8_t, 64> m_bytes{};
};

bool verify(const PublicKey& key, std::span<const uint8_t> message, const Signature& signature);

inline std::span<const uint8_t> as_bytes(std::string_view s) {
    return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// Standard base64 with padding (RFC 4648 §4). decode refuses anything else, including whitespace.
std::string base64_encode(std::span<const uint8_t> bytes);
std::optional<std::vector<uint8_t>> base64_decode(std::string_view text);

}  // namespace twinshoot::consent
