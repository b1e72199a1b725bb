#include "image_checks.h"

#include <cmath>
#include <cstdlib>
#include <vector>

namespace twinshoot::test {

uint8_t srgb_byte(float linear) {
    const float c = linear <= 0.0031308f ? 12.92f * linear : 1.055f * std::pow(linear, 1.0f / 2.4f) - 0.055f;
    return static_cast<uint8_t>(std::lround(std::fmin(std::fmax(c, 0.0f), 1.0f) * 255.0f));
}

float luma(const uint8_t* p) { return (0.2126f * p[0] + 0.7152f * p[1] + 0.0722f * p[2]) / 255.0f; }

bool differs(const uint8_t* p, const std::array<uint8_t, 3>& bg, int tolerance) {
    for (int c = 0; c < 3; ++c)
        if (std::abs(int(p[c]) - int(bg[c])) > tolerance) return true;
    return false;
}

Silhouette measure_silhouette(const asset::ImageRgba8& image, const std::array<uint8_t, 3>& background,
                              int tolerance) {
    Silhouette s;
    std::vector<bool> seen(1u << 15, false);
    size_t covered = 0;
    for (uint32_t y = 0; y < image.height; ++y) {
        for (uint32_t x = 0; x < image.width; ++x) {
            const uint8_t* p = image.at(x, y);
            if (!differs(p, background, tolerance)) continue;
            ++covered;
            s.min_x = std::min(s.min_x, x);
            s.max_x = std::max(s.max_x, x);
            s.min_y = std::min(s.min_y, y);
            s.max_y = std::max(s.max_y, y);
            const uint32_t key = (uint32_t(p[0] >> 3) << 10) | (uint32_t(p[1] >> 3) << 5) | uint32_t(p[2] >> 3);
            if (!seen[key]) {
                seen[key] = true;
                ++s.distinct_colours;
            }
        }
    }
    s.coverage = double(covered) / (double(image.width) * image.height);
    return s;
}

}  // namespace twinshoot::test
