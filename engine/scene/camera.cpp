#include "scene/camera.h"

#include <glm/gtc/matrix_transform.hpp>

#include <algorithm>
#include <cmath>

namespace twinshoot::scene {

glm::mat4 Camera::view() const { return glm::lookAt(position, target, up); }

glm::mat4 Camera::projection(float aspect) const {
    glm::mat4 p = glm::perspective(vertical_fov, aspect, near_plane, far_plane);
    p[1][1] *= -1.0f;  // Vulkan clip space has Y down
    return p;
}

std::optional<glm::vec2> project_to_image(const Camera& camera, float aspect, const glm::vec3& point) {
    const glm::vec4 clip = camera.projection(aspect) * camera.view() * glm::vec4(point, 1.0f);
    if (clip.w <= 1e-6f) return std::nullopt;
    const glm::vec2 ndc = glm::vec2(clip) / clip.w;
    return ndc * 0.5f + 0.5f;
}

Camera frame_bounds(const asset::Aabb& bounds, float aspect, const FramingOptions& options) {
    Camera camera;
    camera.vertical_fov = options.vertical_fov;
    const glm::vec3 dir = glm::normalize(options.direction);
    const glm::vec3 center = bounds.center();
    camera.target = center;
    camera.up = std::abs(dir.y) > 0.99f ? glm::vec3(0.0f, 0.0f, -1.0f) : glm::vec3(0.0f, 1.0f, 0.0f);

    // Fit every box corner: for each corner, the distance along the view axis at which its offset
    // from the axis fits within the (margin-reduced) half-angles.
    const glm::vec3 right = glm::normalize(glm::cross(camera.up, dir));
    const glm::vec3 up = glm::cross(dir, right);
    const float usable = std::max(0.05f, 1.0f - 2.0f * options.margin);
    const float tan_y = std::tan(options.vertical_fov * 0.5f) * usable;
    const float tan_x = std::tan(options.vertical_fov * 0.5f) * aspect * usable;
    float distance = 0.0f;
    float radius = 0.0f;
    for (int i = 0; i < 8; ++i) {
        const glm::vec3 corner((i & 1) ? bounds.max.x : bounds.min.x, (i & 2) ? bounds.max.y : bounds.min.y,
                               (i & 4) ? bounds.max.z : bounds.min.z);
        const glm::vec3 d = corner - center;
        const float along = glm::dot(d, dir);  // towards the camera is positive
        distance = std::max(distance, along + std::abs(glm::dot(d, right)) / tan_x);
        distance = std::max(distance, along + std::abs(glm::dot(d, up)) / tan_y);
        radius = std::max(radius, glm::length(d));
    }
    distance = std::max(distance, 1e-3f);
    camera.position = center + dir * distance;
    camera.near_plane = std::max(distance - radius, distance * 0.01f) * 0.9f;
    camera.far_plane = (distance + radius) * 1.1f + camera.near_plane;
    return camera;
}

}  // namespace twinshoot::scene
