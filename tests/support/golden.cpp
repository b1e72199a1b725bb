#include "golden.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "asset/png_writer.h"
#include "asset/texture_decode.h"
#include "core/file_io.h"

namespace twinshoot::test {
namespace {

namespace fs = std::filesystem;

fs::path golden_dir() { return fs::path(TWINSHOOT_SOURCE_DIR) / "tests" / "golden"; }
fs::path output_dir() { return fs::path(TWINSHOOT_GOLDEN_OUT); }

// Grey = the expected image at a third of its luminance; red = a differing pixel, 128 + 127 * the
// largest channel difference over 64 levels.
asset::ImageRgba8 diff_image(const asset::ImageRgba8& expected, const asset::ImageRgba8& actual, int channel) {
    asset::ImageRgba8 diff{actual.width, actual.height, std::vector<uint8_t>(actual.pixels.size())};
    for (size_t i = 0; i < actual.pixels.size(); i += 4) {
        int worst = 0;
        for (size_t c = 0; c < 4; ++c) worst = std::max(worst, std::abs(int(expected.pixels[i + c]) - int(actual.pixels[i + c])));
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

std::string write_outputs(const std::string& name, const asset::ImageRgba8& actual, const asset::ImageRgba8* diff) {
    std::error_code ec;
    fs::create_directories(output_dir(), ec);
    std::string written;
    const fs::path actual_path = output_dir() / (name + ".actual.png");
    if (auto s = asset::write_png(actual_path, actual); s) written += "\n  actual: " + actual_path.string();
    else written += "\n  (could not write the actual image: " + s.error().message + ")";
    if (diff) {
        const fs::path diff_path = output_dir() / (name + ".diff.png");
        if (auto s = asset::write_png(diff_path, *diff); s) written += "\n  diff:   " + diff_path.string();
    }
    written += "\n  look at them, then promote with: scripts/promote-golden.sh " + name;
    return written;
}

}  // namespace

::testing::AssertionResult matches_golden(const asset::ImageRgba8& actual, const std::string& name,
                                          const GoldenTolerance& tolerance) {
    const fs::path expected_path = golden_dir() / (name + ".png");
    auto bytes = read_file(expected_path);
    if (!bytes)
        return ::testing::AssertionFailure() << "no golden " << expected_path.string() << " (" << bytes.error().message
                                             << ")" << write_outputs(name, actual, nullptr);
    auto expected = asset::decode_image(*bytes, expected_path.string());
    if (!expected)
        return ::testing::AssertionFailure() << expected.error().message << write_outputs(name, actual, nullptr);
    if (expected->width != actual.width || expected->height != actual.height)
        return ::testing::AssertionFailure() << name << ": the golden is " << expected->width << "x" << expected->height
                                             << ", the render " << actual.width << "x" << actual.height
                                             << write_outputs(name, actual, nullptr);
    size_t differing = 0;
    double total = 0.0;
    int worst = 0;
    for (size_t i = 0; i < actual.pixels.size(); i += 4) {
        int pixel_worst = 0;
        for (size_t c = 0; c < 4; ++c) {
            const int d = std::abs(int(expected->pixels[i + c]) - int(actual.pixels[i + c]));
            total += d;
            pixel_worst = std::max(pixel_worst, d);
        }
        if (pixel_worst > tolerance.channel) ++differing;
        worst = std::max(worst, pixel_worst);
    }
    const size_t pixels = actual.pixels.size() / 4;
    const double fraction = double(differing) / double(pixels), mean = total / double(actual.pixels.size());
    char figures[200];
    std::snprintf(figures, sizeof figures,
                  "%s: %.3f%% of pixels more than %d levels off (allowed %.3f%%), mean difference %.3f levels "
                  "(allowed %.3f), worst %d",
                  name.c_str(), fraction * 100.0, tolerance.channel, tolerance.fraction * 100.0, mean, tolerance.mean,
                  worst);
    std::printf("  golden %s\n", figures);
    if (fraction <= tolerance.fraction && mean <= tolerance.mean) return ::testing::AssertionSuccess();
    const asset::ImageRgba8 diff = diff_image(*expected, actual, tolerance.channel);
    return ::testing::AssertionFailure() << figures << write_outputs(name, actual, &diff);
}

}  // namespace twinshoot::test
