// Twin and garment packages: folders holding a JSON description and the files it names.
//
// twin.json:
//   { "id": "demo-ava",                    lower-case id, [a-z0-9-]
//     "display_name": "Ava (demo twin)",
//     "avatar": "ava.glb",                 rigged model, relative to the folder
//     "bone_map": {"hips": "Pelvis"},      optional: canonical bone -> joint name, or a file name
//     "licence": "licence.json",           the signed licence (checked by the consent engine)
//     "skin_materials": ["skin"],          optional: avatar material names shaded as skin (each must exist)
//     "skin_scatter_color": "#C8604A" }    optional: the colour light takes under this twin's skin
//                                          (default asset::Material::scatter_color, a warm red)
//
// garment.json:
//   { "id": "demo-wrap-dress", "name": "Wrap dress",
//     "category": "dress",                 one of garment_categories()
//     "mesh": "dress.glb",                 draped on `draped_on` in its rest pose
//     "draped_on": "demo-ava",             id of the twin (body) it was draped on
//     "body": "body.glb",                  optional: that body, rigged, in the mesh's space; with
//                                          it the garment can be transferred to any twin
//     "layer": 2,                          0 = next to skin; higher layers sit outside lower ones
//     "colourways": { "navy": {"base_color": "#1F2A44", "roughness": 0.7, "sheen_color": "#30406A",
//                               "sheen_roughness": 0.5, "texture": "navy.png"} },
//     "default_colourway": "navy" }
// Colours are sRGB hex (#RRGGBB). Every error names the file and the JSON path; files the package
// names must exist inside the folder.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <glm/glm.hpp>

#include "asset/drape.h"
#include "asset/model.h"
#include "core/result.h"

namespace twinshoot::scene {

struct TwinPackage {
    std::filesystem::path folder;
    std::string id;
    std::string display_name;
    std::filesystem::path avatar;   // absolute (folder / avatar)
    std::filesystem::path licence;  // absolute
    std::map<std::string, std::string> bone_map;
    std::vector<std::string> skin_materials;
    std::optional<glm::vec3> skin_scatter_color;  // linear RGB
};

struct Colourway {
    std::string name;
    std::optional<glm::vec3> base_color;   // linear RGB (converted from the sRGB hex)
    std::optional<float> roughness;
    std::optional<glm::vec3> sheen_color;  // linear RGB (KHR_materials_sheen)
    std::optional<float> sheen_roughness;  // 0..1; with a sheen colour and none given: 0.5
    std::optional<std::filesystem::path> texture;  // absolute
};

struct GarmentPackage {
    std::filesystem::path folder;
    std::string id;
    std::string name;
    std::string category;
    std::filesystem::path mesh;  // absolute
    std::string draped_on;
    std::optional<std::filesystem::path> body;  // absolute; the rigged draping body, when packaged
    int layer = 0;
    std::vector<Colourway> colourways;
    std::string default_colourway;

    const Colourway* colourway(std::string_view name) const;
};

// What a garment package keeps of the body it was draped on (its body.glb): geometry and rig only —
// no materials, textures, animations or twin marker — so the garment can be transferred to any twin
// (geometry/garment_transfer.h). The body's shape stays: treat a package draped on a licensed twin
// like the twin's own data.
asset::Model draping_body(asset::Model body);

// The fixed list of garment categories licences speak of.
const std::vector<std::string>& garment_categories();
// How a garment of `category` takes the twin's skin: dresses, skirts and coats hang free of the legs
// (their loose fabric follows the body around it); everything else follows the body it lies on.
asset::Drape garment_drape(std::string_view category);

// How a garment can be worn by a twin: the one rule every client (CLI, shoots, editor) applies.
// On the twin it was draped on, as draped; on any other twin by transfer from its packaged
// draping body (geometry/garment_transfer.h); without one, an error that says so.
enum class GarmentWear { AsDraped, Transferred };
Result<GarmentWear> garment_wear(const GarmentPackage& garment, std::string_view twin_id);

Result<TwinPackage> load_twin(const std::filesystem::path& folder);
Result<GarmentPackage> load_garment(const std::filesystem::path& folder);

}  // namespace twinshoot::scene
