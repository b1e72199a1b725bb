#include "asset/skin_interpolation.h"

#include <cassert>
#include <cmath>

#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtc/quaternion.hpp>

namespace twinshoot::asset {

glm::mat4 screw_part(const glm::mat4& motion, float t) {
    const glm::mat3 basis(glm::normalize(glm::vec3(motion[0])), glm::normalize(glm::vec3(motion[1])),
                          glm::normalize(glm::vec3(motion[2])));
    glm::quat q = glm::normalize(glm::quat_cast(basis));
    if (q.w < 0.0f) q = -q;  // the shorter way round
    const glm::vec3 slide(motion[3]);
    const float half_sin = glm::length(glm::vec3(q.x, q.y, q.z));
    const float angle = 2.0f * std::atan2(half_sin, q.w);
    if (angle < 1e-6f) return glm::translate(glm::mat4(1.0f), t * slide);
    const glm::vec3 axis = glm::vec3(q.x, q.y, q.z) / half_sin;
    // A turn by `angle` about an axis through c (c ⊥ axis) moves the origin by (I - R) c; solved for
    // the part of the slide across the axis: c = (across + cot(angle / 2) axis × across) / 2.
    const float along = glm::dot(slide, axis);
    const glm::vec3 across = slide - along * axis;
    const glm::vec3 c = 0.5f * (across + glm::cross(axis, across) / std::tan(0.5f * angle));
    const glm::mat3 turn = glm::mat3_cast(glm::angleAxis(t * angle, axis));
    glm::mat4 out(turn);
    out[3] = glm::vec4(c - turn * c + t * along * axis, 1.0f);
    return out;
}

std::vector<glm::mat4> interpolate_skin(std::span<const glm::mat4> from, std::span<const glm::mat4> to, float t) {
    assert(from.size() == to.size());
    if (t <= 0.0f) return {from.begin(), from.end()};
    if (t >= 1.0f) return {to.begin(), to.end()};
    std::vector<glm::mat4> out(from.size());
    for (size_t i = 0; i < from.size(); ++i) out[i] = screw_part(to[i] * glm::inverse(from[i]), t) * from[i];
    return out;
}

}  // namespace twinshoot::asset
