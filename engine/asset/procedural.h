// Geometry the project generates itself: analytic shapes for tests and the built-in demo figure.
// All shapes are in metres, centred as stated, with outward normals, UVs and tangents.
#pragma once

#include "asset/model.h"

namespace twinshoot::asset {

// UV sphere of `radius` at the origin: `segments` around (>= 3), `rings` pole to pole (>= 2).
Mesh make_uv_sphere(float radius, uint32_t segments, uint32_t rings);
// Flat square of side `size` in the XZ plane at y = 0, facing +Y.
Mesh make_plane(float size);

// A one-sphere model with a single material of the given linear base colour.
Model make_sphere_model(float radius, const glm::vec4& base_color, float metallic, float roughness);

// The demo "test figure": a row of spheres over a floor sweeping roughness and metallic, in colours
// a fashion team checks by eye (navy, red, ivory, black, gold). Used until the demo twins exist.
Model make_test_figure();

}  // namespace twinshoot::asset
