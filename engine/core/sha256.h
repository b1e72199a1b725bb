// SHA-256 digests (libsodium's crypto_hash_sha256), for avatar files, licences, images and the
// ledger's hash chain. Digests print as 64 lower-case hex digits.
//
// sha256_file streams the file (constant memory); its errors name the path and the OS reason.
// parse_sha256_hex accepts exactly 64 hex digits (either case) and nothing else.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace twinshoot {

struct Sha256 {
    std::array<uint8_t, 32> bytes{};
    std::string hex() const;
    bool operator==(const Sha256&) const = default;
};

Sha256 sha256(std::span<const uint8_t> data);
Sha256 sha256(std::string_view text);
Result<Sha256> sha256_file(const std::filesystem::path& path);
std::optional<Sha256> parse_sha256_hex(std::string_view hex);

// Lower-case hex of any bytes.
std::string to_hex(std::span<const uint8_t> bytes);

}  // namespace twinshoot
