// Procedural demo garments, draped on a demo mannequin in its rest (A-) pose.
//
// A garment is a single-layer sheet following the body at an offset (its ease), over the body parts
// it covers, cut exactly along its outline (hem, sleeve and neck lines: clean curves, see
// garment_edges.h), its edges finished with the fabric's thickness and a turned-under hem. A dress
// also follows a flared cone below the hips so it hangs as one skirt, closed all round. Its material
// is double-sided (the inside shows at openings).
// The mesh is not skinned: fitting binds it to the twin (see asset/garment_fit.h), as it would a
// garment exported from a cloth tool.
#pragma once

#include <string>
#include <vector>

#include "asset/model.h"
#include "demo/mannequin.h"

namespace twinshoot::demo {

struct GarmentColourway {
    std::string name;
    std::string hex;  // sRGB "#RRGGBB"
    float roughness = 0.8f;
    std::string sheen_hex;  // sRGB "#RRGGBB" of the fabric's sheen (KHR_materials_sheen); empty: none
    float sheen_roughness = 0.5f;
};

struct GarmentSpec {
    std::string id;        // e.g. "ava-wrap-dress"
    std::string name;
    std::string category;  // one of scene::garment_categories()
    int layer = 1;
    std::vector<GarmentColourway> colourways;
};

// The garments made for a body shape (four or five, one of them swimwear).
std::vector<GarmentSpec> garments_for(const BodyShape& shape);

// The garment's material in one of its colourways (linear base colour from the sRGB hex).
// Unknown colourway names fall back to the first.
asset::Material colourway_material(const GarmentSpec& garment, const std::string& colourway);

// The draped mesh of `garment` on `shape` (model space, metres), with its default material.
asset::Model make_garment(const BodyShape& shape, const GarmentSpec& garment, float cell = 0.0075f);

}  // namespace twinshoot::demo
