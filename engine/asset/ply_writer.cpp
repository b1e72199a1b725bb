#include "asset/ply_writer.h"

#include <cstring>
#include <string>
#include <vector>

#include "core/file_io.h"

namespace twinshoot::asset {

Status write_ply(const std::filesystem::path& path, std::span<const glm::vec3> positions, std::span<const uint32_t> indices) {
    const size_t faces = indices.size() / 3;
    const std::string header = "ply\nformat binary_little_endian 1.0\ncomment TwinShoot\nelement vertex " +
                               std::to_string(positions.size()) + "\nproperty float x\nproperty float y\nproperty float z\n"
                               "element face " + std::to_string(faces) + "\nproperty list uchar int vertex_indices\nend_header\n";
    std::vector<uint8_t> bytes(header.begin(), header.end());
    const size_t vertex_bytes = positions.size() * 12;
    bytes.resize(header.size() + vertex_bytes + faces * 13);
    uint8_t* p = bytes.data() + header.size();
    std::memcpy(p, positions.data(), vertex_bytes);  // little-endian hosts (x86-64, arm64)
    p += vertex_bytes;
    for (size_t f = 0; f < faces; ++f) {
        *p++ = 3;
        std::memcpy(p, &indices[f * 3], 12);
        p += 12;
    }
    return write_file_atomic(path, bytes);
}

}  // namespace twinshoot::asset
