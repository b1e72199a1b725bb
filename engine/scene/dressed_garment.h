// A garment as a twin wears it, and how garments are fitted to a twin (scene/dressing.h,
// scene/garment_binding.h). Lengths are in the twin's model units: `metre` of them per metre.
#pragma once

#include <memory>
#include <string>

#include "asset/cloth_settle.h"
#include "asset/drape.h"
#include "asset/model.h"
#include "core/sha256.h"

namespace twinshoot::scene {

struct DressedGarment {
    std::string id;
    int layer = 0;
    asset::Mesh mesh;  // rest mesh, skinned to the twin by bind_garment()
    asset::Material material;
    asset::Drape drape = asset::Drape::FollowsBody;  // garment_drape(category) of its package
};

// Which garments settle as cloth on the posed body (asset/cloth_settle.h) after skinning and
// push-out. Hanging: those that hang free of the legs (asset::Drape::HangsFree: dresses, skirts,
// coats), which skinning cannot make fall — the default, for every client. All: fitted garments
// too (`twinshoot fit --settle`; they are anchored almost everywhere, gain little and turn
// triangles over where skinning compresses them: docs/garments.md).
enum class Settle : uint8_t { Off, Hanging, All };

struct DressingOptions {
    float metre = 1.0f;       // model units per metre (twins are normalised to metres)
    float offset_m = 0.003f;  // kept between layers and from the body after settling
    Settle settle = Settle::Hanging;
    bool hide_covered_body = true;  // skin the garments cover is not drawn (asset/body_cover.h)
    // Drawn skin through hanging cloth between its vertices pushes the cloth off (asset/poke_through.h).
    bool push_off_drawn_skin = true;
    // Only skin near the part the cloth hangs on along the skeleton pushes it off (not a hand
    // hanging against a skirt's side).
    bool poke_by_near_parts = true;
    // Hanging cloth a limb swung into or through after skinning goes back to the side of the body it
    // hung on at rest, before the settle (asset/body_side.h).
    bool keep_body_sides = true;
    // Seated poses (scene/seat.h): hanging cloth follows the thighs along their length, is laid on
    // them and rests on the seat the pose implies. Off: skinned from the hips as standing.
    bool sit = true;
    asset::ClothOptions cloth;
    // Where garments settle: null on the CPU (asset::settle_cloth); else this solver (the GPU's,
    // view/gpu_cloth.h), with the CPU taking over a settle the solver fails.
    std::shared_ptr<const asset::ClothSolver> solver;
};

// Adds every option that moves a garment to `hasher` (hide_covered_body too: drawn skin pushes cloth
// off, scene/dressing.h): part of the keys
// of fits and bindings kept across runs (scene::Dressing::fingerprint, studio/binding_cache.h).
void hash_dressing_options(Sha256Hasher& hasher, const DressingOptions& options);

// Whether `garment` settles under `options`.
inline bool settles(const DressingOptions& options, const DressedGarment& garment) {
    return options.settle == Settle::All || (options.settle == Settle::Hanging && garment.drape == asset::Drape::HangsFree);
}

}  // namespace twinshoot::scene
