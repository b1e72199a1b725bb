// libFuzzer target: the JSON files a user hands TwinShoot besides models — twin.json and
// garment.json packages (scene/package.h), pose files (scene/pose_file.h) and shoot files
// (studio/shoot_file.h). The first byte picks the kind; the rest is the file. The shoot is loaded
// against a small library of its own (one twin, one garment, the source tree's poses) so that
// validation goes past the twin and garment look-ups; no model is imported (load_shoot reads
// packages only). Property: no crash, no sanitizer report, every failure an Error.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "scene/package.h"
#include "scene/pose_file.h"
#include "studio/shoot_file.h"
#include "scratch_folder.h"

using namespace twinshoot;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& file, std::string_view text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary | std::ios::trunc).write(text.data(), std::streamsize(text.size()));
}

const fs::path& root() {
    static const fs::path& dir = []() -> const fs::path& {
        static const fuzz::ScratchFolder scratch("package-fuzz");
        const fs::path& d = scratch.path();
        write(d / "lib/twins/t1/twin.json", R"({"id": "t1", "display_name": "T", "avatar": "a.glb", "licence": "l.json"})");
        write(d / "lib/twins/t1/a.glb", "");
        write(d / "lib/twins/t1/l.json", "{}");
        write(d / "lib/garments/g1/garment.json", R"({"id": "g1", "name": "G", "category": "dress", "mesh": "m.glb",
            "draped_on": "t1", "layer": 1, "colourways": {"red": {"base_color": "#FF0000"}}, "default_colourway": "red"})");
        write(d / "lib/garments/g1/m.glb", "");
        return d;
    }();
    return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    switch (data[0] % 4) {
        case 0: {
            write(root() / "pkg/twin.json", text);
            (void)scene::load_twin(root() / "pkg");
            break;
        }
        case 1: {
            write(root() / "pkg/garment.json", text);
            (void)scene::load_garment(root() / "pkg");
            break;
        }
        case 2: (void)scene::parse_pose(text, "fuzz-pose.json"); break;
        default: {
            write(root() / "shoot.json", text);
            studio::AssetCache cache;
            studio::ShootLoadOptions options;
            options.libraries = {root() / "lib"};
            options.poses = fs::path(TWINSHOOT_SOURCE_DIR) / "assets/poses";
            (void)studio::load_shoot(root() / "shoot.json", options, cache);
        }
    }
    return 0;
}
