// Writes a triangle mesh as binary little-endian PLY (positions and faces only): the form raw body
// scans come in, for tests and benchmarks of the scan path. Atomic like every other writer.
#pragma once

#include <glm/glm.hpp>

#include <filesystem>
#include <span>

#include "core/result.h"

namespace twinshoot::asset {

Status write_ply(const std::filesystem::path& path, std::span<const glm::vec3> positions, std::span<const uint32_t> indices);

}  // namespace twinshoot::asset
