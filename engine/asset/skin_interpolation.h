// A pose part of the way from another: skin matrices moved rigidly along their screw motions.
//
// Each skin matrix `to[i]` is `from[i]` followed by a rigid motion D = to[i] * inverse(from[i]); any
// rigid motion is a turn about some axis and a slide along it (Chasles). Part t of the way is the
// turn by t of the angle about the same axis and t of the slide, so a joint turning about its pivot
// turns about that pivot at every step, where blending the matrices would shrink what it carries
// (the halfway blend of +90 and -90 degrees is a flattening). Matrices are taken as rigid: their
// rotation is read from their normalised columns (a uniform scale in `from` or `to` is kept at the
// ends, t = 0 and t = 1, which return the inputs).
#pragma once

#include <span>
#include <vector>

#include <glm/glm.hpp>

namespace twinshoot::asset {

// from.size() == to.size(); t in [0, 1].
std::vector<glm::mat4> interpolate_skin(std::span<const glm::mat4> from, std::span<const glm::mat4> to, float t);

// The rigid motion part t of the way from the identity to `motion` along its screw.
glm::mat4 screw_part(const glm::mat4& motion, float t);

}  // namespace twinshoot::asset
