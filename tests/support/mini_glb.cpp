#include "mini_glb.h"

#include <cstring>
#include <fstream>
#include <string>

namespace twinshoot::test {

namespace {
void put_u32(std::vector<uint8_t>& out, uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(uint8_t(v >> (8 * i)));
}
}  // namespace

std::vector<uint8_t> make_quad_glb(std::array<float, 4> c) {
    const float positions[] = {-1, -1, 0, 1, -1, 0, 1, 1, 0, -1, 1, 0};
    const uint16_t indices[] = {0, 1, 2, 0, 2, 3};
    std::vector<uint8_t> bin(sizeof positions + sizeof indices);
    std::memcpy(bin.data(), positions, sizeof positions);
    std::memcpy(bin.data() + sizeof positions, indices, sizeof indices);
    while (bin.size() % 4) bin.push_back(0);

    std::string json =
        R"({"asset":{"version":"2.0"},"scene":0,"scenes":[{"nodes":[0]}],"nodes":[{"mesh":0}],)"
        R"("meshes":[{"primitives":[{"attributes":{"POSITION":0},"indices":1,"material":0}]}],)"
        R"("materials":[{"pbrMetallicRoughness":{"baseColorFactor":[)" +
        std::to_string(c[0]) + "," + std::to_string(c[1]) + "," + std::to_string(c[2]) + "," +
        std::to_string(c[3]) +
        R"(],"metallicFactor":0.0,"roughnessFactor":0.5}}],)"
        R"("buffers":[{"byteLength":)" + std::to_string(bin.size()) + R"(}],)"
        R"("bufferViews":[{"buffer":0,"byteOffset":0,"byteLength":48},{"buffer":0,"byteOffset":48,"byteLength":12}],)"
        R"("accessors":[{"bufferView":0,"componentType":5126,"count":4,"type":"VEC3","min":[-1,-1,0],"max":[1,1,0]},)"
        R"({"bufferView":1,"componentType":5123,"count":6,"type":"SCALAR"}]})";
    while (json.size() % 4) json.push_back(' ');

    std::vector<uint8_t> glb;
    put_u32(glb, 0x46546C67);  // "glTF"
    put_u32(glb, 2);
    put_u32(glb, uint32_t(12 + 8 + json.size() + 8 + bin.size()));
    put_u32(glb, uint32_t(json.size()));
    put_u32(glb, 0x4E4F534A);  // JSON
    glb.insert(glb.end(), json.begin(), json.end());
    put_u32(glb, uint32_t(bin.size()));
    put_u32(glb, 0x004E4942);  // BIN
    glb.insert(glb.end(), bin.begin(), bin.end());
    return glb;
}

void write_bytes(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

}  // namespace twinshoot::test
