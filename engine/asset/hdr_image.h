// HdrImage: a floating-point RGB image in CPU memory (linear, rows top to bottom), and the Radiance
// .hdr (RGBE) reader and writer for equirectangular environment panoramas.
//
// load_hdr refuses anything that is not an equirectangular panorama the renderer can use: not a
// Radiance file, undecodable, width not twice the height, smaller than 8x4 or larger than 16384
// wide, negative or non-finite values. Errors name the file and the reason. write_hdr writes
// through an AtomicFile (never a half-written file).
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include <glm/glm.hpp>

#include "core/result.h"

namespace twinshoot::asset {

struct HdrImage {
    uint32_t width = 0;
    uint32_t height = 0;
    std::vector<float> rgb;  // width * height * 3 linear values

    glm::vec3 at(uint32_t x, uint32_t y) const {
        const float* p = &rgb[(size_t(y) * width + x) * 3];
        return {p[0], p[1], p[2]};
    }
    void set(uint32_t x, uint32_t y, glm::vec3 v) {
        float* p = &rgb[(size_t(y) * width + x) * 3];
        p[0] = v.r, p[1] = v.g, p[2] = v.b;
    }
};

Result<HdrImage> decode_hdr(std::span<const uint8_t> encoded, const std::string& what);
Result<HdrImage> load_hdr(const std::filesystem::path& path);
Result<std::vector<uint8_t>> encode_hdr(const HdrImage& image);
Status write_hdr(const std::filesystem::path& path, const HdrImage& image);

}  // namespace twinshoot::asset
