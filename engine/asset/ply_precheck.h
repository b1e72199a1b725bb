// Checks a PLY file's header before Assimp reads it (raw body scans often come as PLY): the header
// must be complete within 64 KiB, declare a known format, and its element counts must stay within
// the import limits (vertices, and faces as 3 indices each); for binary files, the vertices it
// declares must fit in the bytes that follow the header (a lying count is refused before anything
// is allocated for it). Then the body is walked as declared, without allocating: every value
// present, list lengths 0..1024, every face at least a triangle with its vertex indices in range,
// the triangles within the limit (Assimp 5.2 aborts on a truncated face list). Each failure is an
// error naming the file.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "asset/import_limits.h"
#include "core/result.h"

namespace twinshoot::asset {

Status precheck_ply(std::span<const uint8_t> file, const std::string& where, const ImportLimits& limits);

}  // namespace twinshoot::asset
