// Backdrop: what stands behind the subject in a shot — a flat colour, nothing (a cut-out with
// alpha), the lighting's environment, or a seamless studio cyclorama (a paper sweep curving from
// the floor up into the wall) in one colour or a vertical gradient.
//
// The cyclorama is real geometry: lit by the rig, it takes the key light's shadow and the contact
// shadow under the feet (its material is marked asset::Material::backdrop). add_cyclorama() builds
// it around a subject for one camera: the floor at the subject's lowest point, the wall behind it,
// wide and tall enough to fill the frame. Units: metres, colours linear RGB.
#pragma once

#include <glm/glm.hpp>

#include "asset/model.h"
#include "scene/camera.h"

namespace twinshoot::scene {

enum class BackdropKind { Colour, Transparent, Environment, Cyclorama };

struct Backdrop {
    BackdropKind kind = BackdropKind::Colour;
    glm::vec3 color{0.93f, 0.93f, 0.94f};      // the flat colour, or the cyclorama's floor (paper albedo)
    glm::vec3 top_color{0.93f, 0.93f, 0.94f};  // the cyclorama's wall at the top of the frame (gradient)
};

// Appends the cyclorama (one mesh, material, gradient image and instance) to `model`, placed for
// `camera` and `aspect` behind `subject` (world bounds), and opens the camera's near and far planes
// so that the floor in front of the subject and the top of the wall are not clipped.
void add_cyclorama(asset::Model& model, const Backdrop& backdrop, Camera& camera, float aspect,
                   const asset::Aabb& subject);

}  // namespace twinshoot::scene
