// The imported model's binary form: what the import child process hands back to its parent, and
// what the model cache keeps on disk (asset/model_cache.h).
//
// Layout (little-endian): an 8-byte magic "TSMODEL\n", a u32 format version (kModelCodecVersion),
// a u32 of flags (0), a u64 payload length, the payload's CRC-32 (zlib's), a u32 of zeros, then the
// payload:
// every field of asset::Model in declaration order, strings and arrays as a u32 count then their
// elements, floats as IEEE-754 binary32. Nothing is compressed: decoding is a bounds-checked copy.
//
// The checksum catches corruption (a torn write, a bad disk, a child that died mid-answer); it is not
// a signature: whoever can write the cache folder can write a valid entry, as they could write the
// model file itself. (The cache *key* is the model file's SHA-256: asset/model_cache.h.)
// decode_model trusts nothing: the checksum must match, every count is checked against what is
// left of the payload and against ImportLimits before anything is allocated for it, every index
// (material, image, joint, parent, instance mesh) must be in range, and trailing bytes are an
// error. A file of another version is refused ("version N, expected M"), so a cache written by an
// older build reads as a miss, never as garbage.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "asset/import_limits.h"
#include "asset/model.h"
#include "core/result.h"

namespace twinshoot::asset {

inline constexpr uint32_t kModelCodecVersion = 2;  // 2: CRC-32 instead of SHA-256 (5x faster to check)
inline constexpr size_t kModelCodecHeaderBytes = 32;

std::vector<uint8_t> encode_model(const Model& model);
// Frames raw payload bytes with a valid header (for the fuzzer: it reaches the field decoder).
std::vector<uint8_t> frame_model_payload(std::span<const uint8_t> payload);

// `what` names the source in errors (a cache file, "the importer's output for FILE").
Result<Model> decode_model(std::span<const uint8_t> bytes, const std::string& what,
                           const ImportLimits& limits = kDefaultImportLimits);

}  // namespace twinshoot::asset
