// The SHA-256 of the garment fitting code's sources (engine/asset, engine/geometry, engine/scene,
// and the GPU cloth settle: engine/view/gpu_cloth.* and shaders/cloth.comp), taken at build time (cmake/hash_sources.cmake). Data derived by that code and kept
// across runs (bindings, studio/binding_cache.h; posed garments, studio/fit_cache.h) is keyed by it, so an edit to the code is never answered from an entry the
// old code wrote. 64 lower-case hex digits.
#pragma once

namespace twinshoot::scene {

extern const char* const kFitCodeHash;

}  // namespace twinshoot::scene
