#include "asset/image_difference.h"

#include <gtest/gtest.h>

namespace twinshoot::asset {
namespace {

ImageRgba8 flat(uint32_t w, uint32_t h, uint8_t v) { return {w, h, std::vector<uint8_t>(size_t(w) * h * 4, v)}; }

TEST(ImageDifference, CountsPixelsWhoseWorstChannelIsBeyondTheThreshold) {
    const ImageRgba8 a = flat(4, 2, 100);
    ImageRgba8 b = a;
    b.pixels[0] = 108;          // pixel 0: red 8 levels off (not beyond 8)
    b.pixels[4 * 3 + 1] = 91;   // pixel 3: green 9 levels off
    b.pixels[4 * 5 + 3] = 200;  // pixel 5: alpha counts too
    const ImageDifference d = image_difference(a, b, 8);
    EXPECT_EQ(d.pixels, 8u);
    EXPECT_EQ(d.differing, 2u);
    EXPECT_DOUBLE_EQ(d.fraction(), 0.25);
    EXPECT_EQ(d.worst, 100);
    EXPECT_DOUBLE_EQ(d.mean, (8.0 + 9.0 + 100.0) / 32.0);
    EXPECT_EQ(image_difference(a, a, 0).differing, 0u);
    EXPECT_EQ(image_difference(a, b, 0).differing, 3u);
}

TEST(ImageDifference, PicturesDifferencesInRedOverTheDimmedExpectedImage) {
    const ImageRgba8 a = flat(2, 1, 90);
    ImageRgba8 b = a;
    b.pixels[4] = 154;  // pixel 1: 64 levels off -> full red
    const ImageRgba8 diff = difference_image(a, b, 8);
    ASSERT_EQ(diff.pixels.size(), 8u);
    EXPECT_EQ(diff.pixels[0], 30);  // (90 * 3) / 9
    EXPECT_EQ(diff.pixels[1], 30);
    EXPECT_EQ(diff.pixels[3], 255);
    EXPECT_EQ(diff.pixels[4], 255);
    EXPECT_EQ(diff.pixels[5], 0);
    EXPECT_EQ(diff.pixels[6], 0);
}

}  // namespace
}  // namespace twinshoot::asset
