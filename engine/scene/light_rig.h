// Named studio light rigs a shot can ask for: key / fill / rim directional lights in lux (the key
// casts the shadow), an environment in nits and an EV100 exposure (units in scene/lighting.h). The
// names are the stable contract shoot files rely on; the values may be tuned.
//
//   studio-soft  key from the upper left, generous fill (the default)
//   high-key     bright, low contrast, for white-background e-commerce
//   low-key      dark fill, strong side key
//   rim          key from behind the subject, outlining the silhouette
//   outdoor-sun  warm, high, hard sun
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scene/lighting.h"

namespace twinshoot::scene {

const std::vector<std::string>& light_rig_names();
// The rig's lights, in the frame of a subject facing +Z (rotate for other facings); nullopt for an
// unknown name.
std::optional<Lighting> light_rig(std::string_view name);
// `lighting` turned about the vertical axis so that a rig made for a +Z-facing subject lights one
// facing `facing`.
Lighting face_lighting(Lighting lighting, glm::vec3 facing);

}  // namespace twinshoot::scene
