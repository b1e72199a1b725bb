// ImageRgba8: an 8-bit RGBA image in CPU memory, rows top to bottom, tightly packed.
// Colour space is the user's to know: textures are stored as decoded (sRGB for colour maps), and
// rendered images are sRGB-encoded display values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace twinshoot::asset {

struct ImageRgba8 {
    uint32_t width = 0;
    uint32_t height = 0;
    std::vector<uint8_t> pixels;  // width * height * 4 bytes

    const uint8_t* at(uint32_t x, uint32_t y) const { return &pixels[(size_t(y) * width + x) * 4]; }
    bool empty() const { return width == 0 || height == 0; }
};

}  // namespace twinshoot::asset
