// Onboarding a scan as a twin (`twinshoot twin import`, docs/onboarding.md): one call that the CLI
// and the editor share.
//
//   scan (.obj .ply .glb .gltf .fbx, untrusted: read by the import child, asset/model_loader.h)
//   -> MakeHuman helper geometry dropped -> body frame detected and applied (geometry/body_frame.h)
//   -> a rigged model keeps its rig (it must map to the canonical humanoid); an unrigged one is
//      auto-rigged (geometry/auto_rig.h)
//   -> package folder: <id>.glb (self-contained: materials and textures embedded, marked as the
//      twin's avatar), twin.json, and licence.json — an unsigned licence template with the avatar's
//      SHA-256 and the owner filled in, to be completed and signed (`twinshoot licence sign`).
//
// The package is built in a temporary sibling folder and renamed into place at the end: on any
// error nothing is left at `out_dir`. An existing non-empty `out_dir` is refused (never replaced).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "geometry/auto_rig.h"
#include "geometry/body_frame.h"

namespace twinshoot::studio {

struct TwinImportOptions {
    std::filesystem::path scan;
    std::filesystem::path out_dir;
    std::string id;       // [a-z0-9-]
    std::string name;     // display name; empty = the id
    std::string owner;    // the model's owner id ([a-z0-9-]); empty = the id
    geometry::FrameOptions frame;
};

struct TwinImportReport {
    geometry::BodyFrame frame;
    bool auto_rigged = false;                  // false: the scan's own rig was kept
    std::optional<geometry::AutoRigReport> rig;
    std::vector<std::string> dropped_meshes;   // helper geometry left out
    std::vector<std::string> warnings;         // from the import
    std::filesystem::path avatar;              // the written .glb
    std::string avatar_sha256;
    size_t triangles = 0, vertices = 0, images = 0;
};

Result<TwinImportReport> import_twin(const TwinImportOptions& options);

}  // namespace twinshoot::studio
