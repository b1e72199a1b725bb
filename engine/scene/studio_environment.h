// The project's own environments, generated (no third-party panorama needed): a neutral photo
// studio and a uniform sphere. Both are equirectangular HdrImages with the renderer's mapping:
//
//   direction(u, v) = (sin(theta) sin(phi), cos(theta), -sin(theta) cos(phi)),
//   phi = (u - 0.5) * 2 pi, theta = v * pi, u and v in [0, 1] across the image, v = 0 the top row,
// so the centre of the panorama lies along -Z, behind a subject facing the camera on +Z.
//
// The studio is colour-neutral (R = G = B everywhere) and normalised so that its mean radiance over
// the sphere (solid-angle weighted) is 1: scene::Environment::luminance is then its mean in nits.
// It holds a large key softbox at upper camera-right, a fill panel at camera-left, two strip lights
// behind for rim highlights, light grey walls fading to a darker floor.
#pragma once

#include <glm/glm.hpp>

#include "asset/hdr_image.h"

namespace twinshoot::scene {

asset::HdrImage make_studio_environment(uint32_t width = 512);
asset::HdrImage make_uniform_environment(glm::vec3 radiance, uint32_t width = 16);

glm::vec3 equirect_direction(float u, float v);
// Solid-angle weighted mean of an equirectangular image.
glm::vec3 mean_radiance(const asset::HdrImage& image);

}  // namespace twinshoot::scene
