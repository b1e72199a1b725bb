// A garment as a twin wears it, and how garments are fitted to a twin (scene/dressing.h,
// scene/garment_binding.h). Lengths are in the twin's model units: `metre` of them per metre.
#pragma once

#include <string>

#include "asset/cloth_settle.h"
#include "asset/drape.h"
#include "asset/model.h"

namespace twinshoot::scene {

struct DressedGarment {
    std::string id;
    int layer = 0;
    asset::Mesh mesh;  // rest mesh, skinned to the twin by bind_garment()
    asset::Material material;
    asset::Drape drape = asset::Drape::FollowsBody;  // garment_drape(category) of its package
};

struct DressingOptions {
    float metre = 1.0f;       // model units per metre (twins are normalised to metres)
    float offset_m = 0.003f;  // kept between layers and from the body after settling
    bool settle = false;      // cloth settling (experimental, docs/garments.md); off = skinning and push-out only
    bool hide_covered_body = true;  // skin the garments cover is not drawn (asset/body_cover.h)
    asset::ClothOptions cloth;
};

}  // namespace twinshoot::scene
