#include "asset/image_difference.h"

#include <algorithm>
#include <cassert>
#include <cstdlib>

namespace twinshoot::asset {
namespace {

int pixel_worst(const uint8_t* a, const uint8_t* b) {
    int worst = 0;
    for (size_t c = 0; c < 4; ++c) worst = std::max(worst, std::abs(int(a[c]) - int(b[c])));
    return worst;
}

}  // namespace

ImageDifference image_difference(const ImageRgba8& expected, const ImageRgba8& actual, int channel) {
    assert(expected.width == actual.width && expected.height == actual.height);
    ImageDifference d;
    d.pixels = actual.pixels.size() / 4;
    double total = 0.0;
    for (size_t i = 0; i < actual.pixels.size(); i += 4) {
        for (size_t c = 0; c < 4; ++c) total += std::abs(int(expected.pixels[i + c]) - int(actual.pixels[i + c]));
        const int worst = pixel_worst(&expected.pixels[i], &actual.pixels[i]);
        if (worst > channel) ++d.differing;
        d.worst = std::max(d.worst, worst);
    }
    d.mean = actual.pixels.empty() ? 0.0 : total / double(actual.pixels.size());
    return d;
}

ImageRgba8 difference_image(const ImageRgba8& expected, const ImageRgba8& actual, int channel) {
    assert(expected.width == actual.width && expected.height == actual.height);
    ImageRgba8 diff{actual.width, actual.height, std::vector<uint8_t>(actual.pixels.size())};
    for (size_t i = 0; i < actual.pixels.size(); i += 4) {
        const int worst = pixel_worst(&expected.pixels[i], &actual.pixels[i]);
        const uint8_t grey = uint8_t((int(expected.pixels[i]) + expected.pixels[i + 1] + expected.pixels[i + 2]) / 9);
        if (worst > channel) {
            diff.pixels[i] = uint8_t(128 + std::min(127, worst * 127 / 64));
            diff.pixels[i + 1] = diff.pixels[i + 2] = 0;
        } else {
            diff.pixels[i] = diff.pixels[i + 1] = diff.pixels[i + 2] = grey;
        }
        diff.pixels[i + 3] = 255;
    }
    return diff;
}

}  // namespace twinshoot::asset
