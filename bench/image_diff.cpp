// twinshoot-image-diff: how far renders of the same thing are apart, e.g. the same shoot rendered on
// lavapipe and on a discrete GPU, in the golden tests' terms (asset/image_difference.h):
//   build/release/bench/twinshoot-image-diff EXPECTED ACTUAL [--channel 8] [--diff-dir DIR]
// EXPECTED and ACTUAL are two PNG files, or two folders: then every *.png of EXPECTED is compared
// with the file of the same name in ACTUAL. One line per image: the share of pixels with a channel
// more than --channel levels off, the mean absolute channel difference, the worst channel
// difference, and whether that is within the golden tests' default tolerance (0.5% of pixels,
// mean 1.0 level). Figures are printed, not asserted; exit 2 when an image cannot be read or the
// sizes differ.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "asset/image_difference.h"
#include "asset/png_writer.h"
#include "asset/texture_decode.h"
#include "core/file_io.h"

namespace fs = std::filesystem;
using namespace twinshoot;

namespace {

Result<asset::ImageRgba8> load(const fs::path& path) {
    TS_TRY_ASSIGN(auto bytes, read_file(path));
    return asset::decode_image(bytes, path.string());
}

// False when the pair could not be compared (reason printed).
bool compare(const fs::path& expected_path, const fs::path& actual_path, int channel, const std::string& diff_dir) {
    auto expected = load(expected_path);
    auto actual = load(actual_path);
    if (!expected || !actual) {
        std::fprintf(stderr, "twinshoot-image-diff: %s\n", (!expected ? expected : actual).error().message.c_str());
        return false;
    }
    if (expected->width != actual->width || expected->height != actual->height) {
        std::fprintf(stderr, "twinshoot-image-diff: %s is %ux%u, %s is %ux%u\n", expected_path.string().c_str(),
                     expected->width, expected->height, actual_path.string().c_str(), actual->width, actual->height);
        return false;
    }
    const asset::ImageDifference d = asset::image_difference(*expected, *actual, channel);
    const bool within = d.fraction() <= 0.005 && d.mean <= 1.0;
    std::printf("%-40s %8.3f%% > %d levels  mean %6.3f  worst %3d  %s\n", expected_path.filename().string().c_str(),
                d.fraction() * 100.0, channel, d.mean, d.worst, within ? "within golden tolerance" : "OUTSIDE golden tolerance");
    if (!diff_dir.empty()) {
        std::error_code ec;
        fs::create_directories(diff_dir, ec);
        const fs::path out = fs::path(diff_dir) / (expected_path.stem().string() + ".diff.png");
        if (auto s = asset::write_png(out, asset::difference_image(*expected, *actual, channel)); !s)
            std::fprintf(stderr, "twinshoot-image-diff: %s\n", s.error().message.c_str());
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"twinshoot-image-diff: how far two renders (or two folders of renders) are apart"};
    std::string expected, actual, diff_dir;
    int channel = 8;
    app.add_option("EXPECTED", expected, "a PNG, or a folder of PNGs")->required();
    app.add_option("ACTUAL", actual, "a PNG, or a folder holding PNGs of the same names")->required();
    app.add_option("--channel", channel, "levels (of 255) a channel may be off before its pixel counts")
        ->check(CLI::Range(0, 255));
    app.add_option("--diff-dir", diff_dir, "write NAME.diff.png pictures of the differences here");
    CLI11_PARSE(app, argc, argv);

    std::error_code ec;
    if (!fs::is_directory(expected, ec)) return compare(expected, actual, channel, diff_dir) ? 0 : 2;
    std::vector<fs::path> names;
    for (const auto& entry : fs::directory_iterator(expected, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".png") names.push_back(entry.path().filename());
    std::sort(names.begin(), names.end());
    if (names.empty()) {
        std::fprintf(stderr, "twinshoot-image-diff: no .png files in %s\n", expected.c_str());
        return 2;
    }
    bool all = true;
    for (const auto& name : names) all = compare(fs::path(expected) / name, fs::path(actual) / name, channel, diff_dir) && all;
    return all ? 0 : 2;
}
