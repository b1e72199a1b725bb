// The imported model's binary form: what the import child process hands back to its parent, and
// what the model cache keeps on disk (asset/model_cache.h).
//
// Layout (little-endian): an 8-byte magic "TSMODEL\n", a u32 format version (kModelCodecVersion),
// a u32 of flags (0), a u64 payload length, the payload's SHA-256 (32 bytes), then the payload:
// every field of asset::Model in declaration order, strings and arrays as a u32 count then their
// elements, floats as IEEE-754 binary32. Nothing is compressed: decoding is a bounds-checked copy.
//
// decode_model trusts nothing: the checksum must match, every count is checked against what is
// left of the payload and against ImportLimits before anything is allocated for it, every index
// (material, image, joint, parent, instance mesh) must be in range, and trailing bytes are an
// error. A file of another version is refused ("version N, expected M"), so a cache written by an
// older build reads as a miss, never as garbage.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "asset/import_limits.h"
#include "asset/model.h"
#include "core/result.h"

namespace twinshoot::asset {

inline constexpr uint32_t kModelCodecVersion = 1;

std::vector<uint8_t> encode_model(const Model& model);

// `what` names the source in errors (a cache file, "the importer's output for FILE").
Result<Model> decode_model(std::span<const uint8_t> bytes, const std::string& what,
                           const ImportLimits& limits = kDefaultImportLimits);

}  // namespace twinshoot::asset
