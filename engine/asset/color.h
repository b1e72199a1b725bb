// sRGB transfer function (IEC 61966-2-1) for colours people name in sRGB: swatches, colourways.
#pragma once

#include <glm/glm.hpp>

#include <cctype>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>

namespace twinshoot::asset {

inline float srgb_to_linear(float c) {
    return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f);
}

// "#RRGGBB" to linear RGB; nullopt when the text is not of that form.
inline std::optional<glm::vec3> srgb_hex_to_linear(std::string_view hex) {
    if (hex.size() != 7 || hex[0] != '#') return std::nullopt;
    glm::vec3 out(0.0f);
    for (int i = 0; i < 3; ++i) {
        int value = 0;
        for (int k = 0; k < 2; ++k) {
            const char c = hex[1 + 2 * size_t(i) + size_t(k)];
            if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
            value = value * 16 + (std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : std::tolower(c) - 'a' + 10);
        }
        out[i] = srgb_to_linear(float(value) / 255.0f);
    }
    return out;
}

}  // namespace twinshoot::asset
