// How a garment hangs: whether its loose fabric follows the nearest body part or hangs free of the
// legs. Chosen per garment category (scene::garment_drape); used when binding a garment to a twin
// (asset::transfer_weights, asset/garment_fit.h).
#pragma once

#include <cstdint>

namespace twinshoot::asset {

// FollowsBody: every vertex takes the skin of the body point nearest it (suits, trousers, tops).
// HangsFree: loose fabric takes the mean skin of the body around it (dresses, skirts, coats), so a
// skirt between the legs follows both thighs and the hips rather than tearing between them. Only for
// garments that hang free of the legs: on fitted garments the blend was measured to raise strain
// where loose parts lie near another limb (docs/garments.md).
enum class Drape : uint8_t { FollowsBody, HangsFree };

}  // namespace twinshoot::asset
