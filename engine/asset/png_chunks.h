// PNG chunk surgery for provenance metadata: inserting an uncompressed iTXt chunk before the image
// data and reading iTXt chunks back (PNG spec §11.3.4.5). Every chunk's CRC is checked on reading;
// a file that is not a well-formed PNG is an error naming `source`, never a crash.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace twinshoot::asset {

// `png` with one iTXt chunk (keyword, no compression, empty language and translated keyword, UTF-8
// `text`) inserted just before the first IDAT. Fails if `png` already holds an iTXt with `keyword`.
Result<std::vector<uint8_t>> insert_itxt(std::span<const uint8_t> png, std::string_view keyword, std::string_view text,
                                         const std::string& source);

struct TextChunk {
    std::string keyword;
    std::string text;
    bool before_idat = false;
};
// Every uncompressed iTXt chunk of the file, in order.
Result<std::vector<TextChunk>> read_itxt(std::span<const uint8_t> png, const std::string& source);

uint32_t crc32(std::span<const uint8_t> bytes);  // the PNG / zlib CRC-32
// Appends one chunk to `out`: length, `type` (4 letters), `data`, CRC of type + data.
void append_chunk(std::vector<uint8_t>& out, std::string_view type, std::span<const uint8_t> data);

}  // namespace twinshoot::asset
