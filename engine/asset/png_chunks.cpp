#include "asset/png_chunks.h"

#include <zlib.h>

#include <array>
#include <cassert>
#include <cstring>

namespace twinshoot::asset {
namespace {

constexpr uint8_t kSignature[8] = {137, 80, 78, 71, 13, 10, 26, 10};

uint32_t be32(const uint8_t* p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }
void put_be32(std::vector<uint8_t>& out, uint32_t v) {
    for (int shift : {24, 16, 8, 0}) out.push_back(uint8_t(v >> shift));
}

struct Chunk {
    size_t offset;  // of the length field
    uint32_t length;
    std::string_view type;
    std::span<const uint8_t> data;
};

// Walks the chunks; fails on a bad signature, truncation or CRC mismatch.
Result<std::vector<Chunk>> chunks_of(std::span<const uint8_t> png, const std::string& source) {
    if (png.size() < 8 || std::memcmp(png.data(), kSignature, 8) != 0)
        return make_error(ErrorCode::Parse, source + ": not a PNG file (bad signature)");
    std::vector<Chunk> chunks;
    size_t at = 8;
    while (at < png.size()) {
        if (png.size() - at < 12) return make_error(ErrorCode::Parse, source + ": truncated PNG chunk");
        const uint32_t length = be32(&png[at]);
        if (length > png.size() - at - 12) return make_error(ErrorCode::Parse, source + ": truncated PNG chunk");
        Chunk c{at, length, std::string_view(reinterpret_cast<const char*>(&png[at + 4]), 4), png.subspan(at + 8, length)};
        const uint32_t stored = be32(&png[at + 8 + length]);
        if (crc32(png.subspan(at + 4, length + 4)) != stored)
            return make_error(ErrorCode::Parse, source + ": PNG chunk " + std::string(c.type) + " fails its CRC");
        chunks.push_back(c);
        at += 12 + size_t(length);
        if (c.type == "IEND") break;
    }
    if (chunks.empty() || chunks.front().type != "IHDR" || chunks.back().type != "IEND")
        return make_error(ErrorCode::Parse, source + ": PNG without IHDR or IEND");
    return chunks;
}

}  // namespace

uint32_t crc32(std::span<const uint8_t> bytes) {
    // zlib's (table-braided, ~5 GB/s here): the same CRC as PNG's, shared with asset/model_codec.
    return uint32_t(crc32_z(crc32_z(0L, Z_NULL, 0), bytes.data(), bytes.size()));
}

void append_chunk(std::vector<uint8_t>& out, std::string_view type, std::span<const uint8_t> data) {
    assert(type.size() == 4 && data.size() <= 0x7fffffffu);
    put_be32(out, uint32_t(data.size()));
    const size_t typed = out.size();
    out.insert(out.end(), type.begin(), type.end());
    out.insert(out.end(), data.begin(), data.end());
    put_be32(out, crc32(std::span(out).subspan(typed, 4 + data.size())));
}

Result<std::vector<uint8_t>> insert_itxt(std::span<const uint8_t> png, std::string_view keyword, std::string_view text,
                                         const std::string& source) {
    assert(!keyword.empty() && keyword.size() < 80 && keyword.find('\0') == std::string_view::npos);
    TS_TRY_ASSIGN(std::vector<TextChunk> existing, read_itxt(png, source));
    for (const TextChunk& t : existing)
        if (t.keyword == keyword)
            return make_error(ErrorCode::Invalid, source + ": already holds an iTXt chunk '" + std::string(keyword) + "'");
    TS_TRY_ASSIGN(std::vector<Chunk> chunks, chunks_of(png, source));
    size_t insert_at = 0;
    for (const Chunk& c : chunks)
        if (c.type == "IDAT") {
            insert_at = c.offset;
            break;
        }
    if (insert_at == 0) return make_error(ErrorCode::Parse, source + ": PNG without image data (IDAT)");

    // The data: keyword NUL, compression flag 0 (uncompressed), method 0, empty language tag NUL,
    // empty translated keyword NUL, then the UTF-8 text.
    std::string data(keyword);
    data.append(5, '\0');
    data += text;

    std::vector<uint8_t> out(png.begin(), png.begin() + std::ptrdiff_t(insert_at));
    append_chunk(out, "iTXt", std::span(reinterpret_cast<const uint8_t*>(data.data()), data.size()));
    out.insert(out.end(), png.begin() + std::ptrdiff_t(insert_at), png.end());
    return out;
}

Result<std::vector<TextChunk>> read_itxt(std::span<const uint8_t> png, const std::string& source) {
    TS_TRY_ASSIGN(std::vector<Chunk> chunks, chunks_of(png, source));
    std::vector<TextChunk> out;
    bool seen_idat = false;
    for (const Chunk& c : chunks) {
        if (c.type == "IDAT") seen_idat = true;
        if (c.type != "iTXt") continue;
        const std::string_view data(reinterpret_cast<const char*>(c.data.data()), c.data.size());
        const size_t k = data.find('\0');
        if (k == std::string_view::npos || k + 3 > data.size())
            return make_error(ErrorCode::Parse, source + ": malformed iTXt chunk");
        if (data[k + 1] != 0) continue;  // compressed text: not ours to read
        const size_t lang = data.find('\0', k + 3);
        const size_t translated = lang == std::string_view::npos ? lang : data.find('\0', lang + 1);
        if (translated == std::string_view::npos) return make_error(ErrorCode::Parse, source + ": malformed iTXt chunk");
        out.push_back({std::string(data.substr(0, k)), std::string(data.substr(translated + 1)), !seen_idat});
    }
    return out;
}

}  // namespace twinshoot::asset
