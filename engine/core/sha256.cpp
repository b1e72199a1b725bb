#include "core/sha256.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include <sodium.h>

namespace twinshoot {

std::string to_hex(std::span<const uint8_t> bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (uint8_t b : bytes) {
        out.push_back(kDigits[b >> 4]);
        out.push_back(kDigits[b & 15]);
    }
    return out;
}

std::string Sha256::hex() const { return to_hex(bytes); }

Sha256 sha256(std::span<const uint8_t> data) {
    Sha256 out;
    crypto_hash_sha256(out.bytes.data(), data.data(), data.size());
    return out;
}

static_assert(sizeof(crypto_hash_sha256_state) <= 128);

Sha256Hasher::Sha256Hasher() { crypto_hash_sha256_init(reinterpret_cast<crypto_hash_sha256_state*>(m_state.data())); }

Sha256Hasher& Sha256Hasher::bytes(std::span<const uint8_t> data) {
    crypto_hash_sha256_update(reinterpret_cast<crypto_hash_sha256_state*>(m_state.data()), data.data(), data.size());
    return *this;
}

Sha256Hasher& Sha256Hasher::text(std::string_view text) {
    const uint64_t length = text.size();
    value(length);
    return bytes(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

Sha256 Sha256Hasher::finish() {
    Sha256 out;
    crypto_hash_sha256_final(reinterpret_cast<crypto_hash_sha256_state*>(m_state.data()), out.bytes.data());
    return out;
}

Sha256 sha256(std::string_view text) {
    return sha256(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

Result<Sha256> sha256_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(ErrorCode::Io, path.string() + ": cannot read (" + std::strerror(errno) + ")");
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    std::vector<char> buffer(1 << 16);
    while (in) {
        in.read(buffer.data(), std::streamsize(buffer.size()));
        const std::streamsize n = in.gcount();
        if (n > 0) crypto_hash_sha256_update(&state, reinterpret_cast<const uint8_t*>(buffer.data()), size_t(n));
    }
    if (in.bad()) return make_error(ErrorCode::Io, path.string() + ": read failed");
    Sha256 out;
    crypto_hash_sha256_final(&state, out.bytes.data());
    return out;
}

std::optional<Sha256> parse_sha256_hex(std::string_view hex) {
    if (hex.size() != 64) return std::nullopt;
    Sha256 out;
    for (size_t i = 0; i < 32; ++i) {
        int value = 0;
        for (size_t k = 0; k < 2; ++k) {
            const char c = hex[2 * i + k];
            int digit;
            if (c >= '0' && c <= '9') digit = c - '0';
            else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
            else return std::nullopt;
            value = value * 16 + digit;
        }
        out.bytes[i] = uint8_t(value);
    }
    return out;
}

}  // namespace twinshoot
