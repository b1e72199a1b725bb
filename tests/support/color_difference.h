// Colour difference for render tests: sRGB bytes -> CIELAB (D65) and CIEDE2000 (Sharma, Wu &
// Dalal 2005, the formula and test data of "The CIEDE2000 Color-Difference Formula").
#pragma once

#include <array>
#include <cstdint>

namespace twinshoot::test {

struct Lab {
    double l = 0.0, a = 0.0, b = 0.0;
};

Lab srgb_to_lab(const std::array<uint8_t, 3>& srgb);
double delta_e_2000(const Lab& x, const Lab& y);

}  // namespace twinshoot::test
