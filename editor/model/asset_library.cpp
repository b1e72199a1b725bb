#include "asset_library.h"

#include <algorithm>

#include "scene/light_rig.h"
#include "scene/pose_file.h"

namespace twinshoot::editor {
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> subfolders(const fs::path& folder) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_directory(ec)) out.push_back(it->path());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

const LibraryTwin* AssetLibrary::twin(const std::string& id) const {
    for (const LibraryTwin& t : twins)
        if (t.id == id) return &t;
    return nullptr;
}

const LibraryGarment* AssetLibrary::garment(const std::string& id) const {
    for (const LibraryGarment& g : garments)
        if (g.package.id == id) return &g;
    return nullptr;
}

const scene::Pose* AssetLibrary::pose(const std::string& name) const {
    for (const scene::Pose& p : poses)
        if (p.name == name) return &p;
    return nullptr;
}

AssetLibrary scan_library(const std::vector<fs::path>& libraries, const fs::path& poses) {
    AssetLibrary library;
    library.environments = {"", "studio"};
    std::error_code ec;
    for (const fs::path& root : libraries) {
        for (const fs::path& folder : subfolders(root / "twins")) {
            if (!fs::exists(folder / "twin.json", ec)) continue;
            auto twin = scene::load_twin(folder);
            if (!twin) {
                library.problems.push_back({folder / "twin.json", twin.error().message});
                continue;
            }
            if (library.twin(twin->id)) continue;
            library.twins.push_back({twin->id, twin->display_name.empty() ? twin->id : twin->display_name, folder});
        }
        for (const fs::path& folder : subfolders(root / "garments")) {
            if (!fs::exists(folder / "garment.json", ec)) continue;
            auto garment = scene::load_garment(folder);
            if (!garment) {
                library.problems.push_back({folder / "garment.json", garment.error().message});
                continue;
            }
            if (library.garment(garment->id)) continue;
            library.garments.push_back({std::move(*garment)});
        }
        for (fs::directory_iterator it(root / "environments", ec), end; !ec && it != end; it.increment(ec))
            if (it->path().extension() == ".hdr") library.environments.push_back(it->path().string());
    }
    std::sort(library.twins.begin(), library.twins.end(), [](auto& a, auto& b) { return a.id < b.id; });
    std::sort(library.garments.begin(), library.garments.end(), [](auto& a, auto& b) { return a.package.id < b.package.id; });
    if (auto loaded = scene::load_pose_library(poses)) library.poses = std::move(loaded->poses);
    else library.problems.push_back({poses, loaded.error().message});
    library.light_rigs = scene::light_rig_names();
    library.backgrounds = {"cyclorama", "cyclorama #3A3A40 #1E1E22", "#EDEDF0", "#FFFFFF", "#202024", "transparent", "environment"};
    library.seats = {"stool", "stool #2A2A2E", "stool #F2F2F2", "none"};
    return library;
}

}  // namespace twinshoot::editor
