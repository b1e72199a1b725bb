// Golden-image comparison in the Filament style.
//
// The expected image is tests/golden/NAME.png (sRGB RGBA8, rendered on lavapipe and looked at by a
// person before it was promoted). A pixel differs when any channel, alpha included, is more than
// `channel` levels off; the image matches when at most `fraction` of its pixels differ and the mean
// absolute channel difference is at most `mean` levels. The thresholds absorb what a different CPU
// (vector width, FMA) changes in lavapipe's arithmetic, not a change of shading.
//
// On a mismatch, or with no golden yet, the actual image and a diff image are written to
// TWINSHOOT_GOLDEN_OUT (the build tree's golden-out/): NAME.actual.png and NAME.diff.png (the
// expected image dimmed to grey, differing pixels in red, brighter for larger differences). After
// looking at them, `scripts/promote-golden.sh NAME` copies the actual image over the golden.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "asset/image_rgba8.h"

namespace twinshoot::test {

struct GoldenTolerance {
    int channel = 8;          // levels (of 255) a channel may be off before its pixel counts as differing
    double fraction = 0.005;  // of the pixels that may differ
    double mean = 1.0;        // mean absolute channel difference, levels
};

::testing::AssertionResult matches_golden(const asset::ImageRgba8& actual, const std::string& name,
                                          const GoldenTolerance& tolerance);

}  // namespace twinshoot::test
