#include "golden.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "asset/image_difference.h"
#include "asset/png_writer.h"
#include "asset/texture_decode.h"
#include "core/file_io.h"

namespace twinshoot::test {
namespace {

namespace fs = std::filesystem;

fs::path golden_dir() { return fs::path(TWINSHOOT_SOURCE_DIR) / "tests" / "golden"; }
fs::path output_dir() { return fs::path(TWINSHOOT_GOLDEN_OUT); }

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
    const asset::ImageDifference d = asset::image_difference(*expected, actual, tolerance.channel);
    const double fraction = d.fraction(), mean = d.mean;
    const int worst = d.worst;
    char figures[200];
    std::snprintf(figures, sizeof figures,
                  "%s: %.3f%% of pixels more than %d levels off (allowed %.3f%%), mean difference %.3f levels "
                  "(allowed %.3f), worst %d",
                  name.c_str(), fraction * 100.0, tolerance.channel, tolerance.fraction * 100.0, mean, tolerance.mean,
                  worst);
    std::printf("  golden %s\n", figures);
    if (fraction <= tolerance.fraction && mean <= tolerance.mean) return ::testing::AssertionSuccess();
    const asset::ImageRgba8 diff = asset::difference_image(*expected, actual, tolerance.channel);
    return ::testing::AssertionFailure() << figures << write_outputs(name, actual, &diff);
}

}  // namespace twinshoot::test
