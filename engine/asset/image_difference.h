// How far two 8-bit RGBA images of the same size are apart, in the golden tests' terms (Filament
// style): a pixel differs when any channel, alpha included, is more than `channel` levels (of 255)
// off; the figures are the fraction of differing pixels, the mean absolute channel difference in
// levels, and the largest channel difference. Used by the golden tests and by
// `twinshoot-image-diff`, which compares renders across devices.
#pragma once

#include <cstddef>

#include "asset/image_rgba8.h"

namespace twinshoot::asset {

struct ImageDifference {
    size_t pixels = 0;     // width * height
    size_t differing = 0;  // pixels with a channel more than `channel` levels off
    double mean = 0.0;     // mean absolute channel difference over all channels, levels
    int worst = 0;         // largest channel difference, levels
    double fraction() const { return pixels ? double(differing) / double(pixels) : 0.0; }
};

// Both images must have the same size (asserted: callers check and report sizes themselves).
ImageDifference image_difference(const ImageRgba8& expected, const ImageRgba8& actual, int channel);

// A picture of the difference: the expected image dimmed to a third of its luminance, differing
// pixels in red (128 + 127 * the largest channel difference over 64 levels). Same size rule.
ImageRgba8 difference_image(const ImageRgba8& expected, const ImageRgba8& actual, int channel);

}  // namespace twinshoot::asset
