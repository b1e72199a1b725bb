// What the editor's Library panel lists: the twins, garments (with colourways), poses, light rigs,
// environments and backgrounds found in a shoot's asset folders. Scanning reads only the small JSON
// package files (twin.json, garment.json, pose files), never an avatar: opening a twin is the
// Shot panel's job. Folders that are not packages are skipped; a package that does not parse is
// listed with its error so the user sees why it is missing from the choices.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "scene/package.h"
#include "scene/pose.h"

namespace twinshoot::editor {

struct LibraryTwin {
    std::string id;
    std::string display_name;
    std::filesystem::path folder;
};

struct LibraryGarment {
    scene::GarmentPackage package;  // id, category, draped_on, layer, colourways
};

struct LibraryProblem {
    std::filesystem::path file;
    std::string message;
};

struct AssetLibrary {
    std::vector<LibraryTwin> twins;          // sorted by id; the first library holding an id wins
    std::vector<LibraryGarment> garments;    // sorted by id
    std::vector<scene::Pose> poses;          // the pose library, sorted by name
    std::vector<std::string> light_rigs;     // scene/light_rig.h
    std::vector<std::string> environments;   // "" (the rig's own), "studio", then *.hdr files found
    std::vector<std::string> backgrounds;    // presets; any "#RRGGBB" is accepted too
    std::vector<std::string> seats;          // what a seated pose sits on (presets; any "stool #RRGGBB" too)
    std::vector<LibraryProblem> problems;

    const LibraryTwin* twin(const std::string& id) const;
    const LibraryGarment* garment(const std::string& id) const;
    const scene::Pose* pose(const std::string& name) const;
};

// `libraries`: folders holding twins/ID/twin.json and garments/ID/garment.json (and optionally
// environments/*.hdr), searched in order; `poses`: the pose library folder.
AssetLibrary scan_library(const std::vector<std::filesystem::path>& libraries, const std::filesystem::path& poses);

}  // namespace twinshoot::editor
