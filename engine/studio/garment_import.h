// Onboarding a garment (`twinshoot garment import`, docs/garments.md): one call the CLI and the
// editor share.
//
//   garment mesh (.obj .ply .glb .gltf .fbx, untrusted: read by the import child) draped on a body:
//   - a twin package folder: the twin's avatar, in its model space (metres), or
//   - a body mesh (MakeHuman's base body, a scan): normalised (geometry/body_frame.h) and, when it
//     has no rig, auto-rigged (geometry/auto_rig.h); the garment is moved into the same frame.
//   -> a MakeHuman garment (OBJ + .mhclo, on MakeHuman's base mesh OBJ) is first fitted by its .mhclo;
//   -> units: --units, or the body's own units when the garment lines up in them, else the one
//      other common unit in which it lines up closely at a garment's size (reported as guessed;
//      two such units are ambiguous: refused, --units needed);
//   -> line-up check: most vertices close to the body's surface, few deep inside it; a garment
//      that does not line up is refused with what was measured. A guessed unit must also give a
//      median distance of at most 4 cm and a garment at least 30% of the body's height across (12%
//      for swimwear, lingerie, underwear, footwear, accessories): any human-sized garment lies
//      mostly within 10 cm of any human-sized body;
//   -> package folder: mesh.glb (the garment in the body's frame), body.glb (the rigged draping
//      body, geometry only, so the garment can be transferred to any twin:
//      geometry/garment_transfer.h), garment.json (scene/package.h).
// Degenerate triangles are dropped (counted in the report); a garment over `max_triangles` is
// refused before any fitting work, and so is one too small to be cloth (under kMinGarmentTriangles,
// or under kMinGarmentAcross_m across once in the body's units: a truncated file, a stray part). Built in a temporary sibling folder and renamed into place
// (studio/package_folder.h): on any error nothing is left at `out_dir`.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace twinshoot::studio {

inline constexpr size_t kMinGarmentTriangles = 32;
inline constexpr double kMinGarmentAcross_m = 0.05;  // largest side of its bounding box

struct GarmentImportOptions {
    std::filesystem::path mesh;
    std::filesystem::path out_dir;
    std::string id;        // [a-z0-9-]
    std::string name;      // empty = the id
    std::string category;  // one of scene::garment_categories()
    std::filesystem::path draped_on;  // a twin package folder, or a body mesh file
    std::string units = "auto";       // the garment file's units: auto, m, cm, mm, dm, in
    int layer = 1;                    // 0..9
    std::vector<std::pair<std::string, std::string>> colourways;  // name, #RRGGBB; none: "default" grey
    size_t max_triangles = 200'000;
    // A MakeHuman garment OBJ with a .mhclo beside it, draped on MakeHuman's base mesh OBJ, is put
    // where the .mhclo fits it on that body (asset/mhclo.h): the OBJ's own coordinates are off it.
    bool use_mhclo = true;
};

struct GarmentImportReport {
    std::string draped_on;      // the twin id, or the body file's stem as an id
    bool body_auto_rigged = false;
    double scale = 1.0;         // garment file units -> metres
    std::string units;          // what `scale` stands for ("m", "cm", ..., or "given")
    bool units_guessed = false; // true when the body's own units did not line up and another did
    double near_share = 0.0;    // vertices within 10 cm of the body's surface
    double inside_share = 0.0;  // vertices more than 2 cm inside it
    double median_distance_m = 0.0;
    size_t vertices = 0, triangles = 0, degenerate_dropped = 0;
    std::string mhclo;                 // the .mhclo that fitted the garment, when one did
    double mhclo_moved_median = 0.0;   // how far it moved the garment's vertices (median, metres)
    std::string mhclo_not_applied;     // why a .mhclo beside the garment was not applied, when one was not
};

Result<GarmentImportReport> import_garment(const GarmentImportOptions& options);

}  // namespace twinshoot::studio
