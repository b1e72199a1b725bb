// SHA-256 digests (libsodium's crypto_hash_sha256), for avatar files, licences, images and the
// ledger's hash chain. Digests print as 64 lower-case hex digits.
//
// sha256_file streams the file (constant memory); its errors name the path and the OS reason.
// Sha256Hasher digests data given in parts (a cache key made of several arrays), the same as
// sha256() of their concatenation.
// parse_sha256_hex accepts exactly 64 hex digits (either case) and nothing else.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/result.h"

namespace twinshoot {

struct Sha256 {
    std::array<uint8_t, 32> bytes{};
    std::string hex() const;
    bool operator==(const Sha256&) const = default;
};

Sha256 sha256(std::span<const uint8_t> data);

class Sha256Hasher {
public:
    Sha256Hasher();
    Sha256Hasher& bytes(std::span<const uint8_t> data);
    Sha256Hasher& text(std::string_view text);  // its length first, so "ab"+"c" differs from "a"+"bc"
    // The object representation of trivially copyable values (floats, matrices, vertices): exact
    // bits, in this machine's byte order. Types with padding must not be given (the padding is
    // hashed too).
    template <typename T>
    Sha256Hasher& values(std::span<const T> data) {
        static_assert(std::is_trivially_copyable_v<T>);
        return bytes(std::span(reinterpret_cast<const uint8_t*>(data.data()), data.size_bytes()));
    }
    template <typename T>
    Sha256Hasher& value(const T& v) { return values(std::span<const T>(&v, 1)); }
    Sha256 finish();  // once

private:
    alignas(64) std::array<uint8_t, 128> m_state;  // crypto_hash_sha256_state (104 bytes)
};
Sha256 sha256(std::string_view text);
Result<Sha256> sha256_file(const std::filesystem::path& path);
std::optional<Sha256> parse_sha256_hex(std::string_view hex);

// Lower-case hex of any bytes.
std::string to_hex(std::span<const uint8_t> bytes);

}  // namespace twinshoot
