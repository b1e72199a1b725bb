// Writes a minimal valid glTF 2.0 binary (.glb) for tests that must not depend on ../shared:
// one quad (two triangles) in the XY plane, positions only (so normals must be generated),
// one material with the given base colour factor.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <vector>

namespace twinshoot::test {

std::vector<uint8_t> make_quad_glb(std::array<float, 4> base_color = {0.8f, 0.1f, 0.1f, 1.0f});
void write_bytes(const std::filesystem::path& path, const std::vector<uint8_t>& bytes);

}  // namespace twinshoot::test
