#include "viewport_camera.h"

#include <algorithm>
#include <cmath>

#include <glm/gtc/quaternion.hpp>

namespace twinshoot::editor {

void ViewOrbit::orbit(float dx_pixels, float dy_pixels) {
    yaw_degrees = std::remainder(yaw_degrees - dx_pixels * 0.4f, 360.0f);
    pitch_degrees = std::clamp(pitch_degrees + dy_pixels * 0.4f, -80.0f, 80.0f);
}

void ViewOrbit::pan(float dx_pixels, float dy_pixels, float height) {
    const float scale = zoom / std::max(height, 1.0f);
    pan_x -= dx_pixels * scale;
    pan_y += dy_pixels * scale;
}

void ViewOrbit::zoom_by(float wheel_steps) { zoom = std::clamp(zoom * std::pow(0.9f, wheel_steps), 0.1f, 10.0f); }

scene::Camera orbit_camera(const scene::Camera& shot, const ViewOrbit& orbit) {
    scene::Camera out = shot;
    const glm::vec3 world_up(0.0f, 1.0f, 0.0f);
    glm::vec3 offset = shot.position - shot.target;
    const float distance = glm::length(offset);
    const glm::vec3 forward = -offset / distance;
    glm::vec3 right = glm::cross(forward, world_up);
    right = glm::length(right) > 1e-4f ? glm::normalize(right) : glm::vec3(1.0f, 0.0f, 0.0f);
    offset = glm::angleAxis(glm::radians(orbit.yaw_degrees), world_up) *
             (glm::angleAxis(glm::radians(-orbit.pitch_degrees), right) * offset);
    const glm::vec3 new_forward = glm::normalize(-offset);
    glm::vec3 new_right = glm::cross(new_forward, world_up);
    new_right = glm::length(new_right) > 1e-4f ? glm::normalize(new_right) : right;
    const glm::vec3 new_up = glm::cross(new_right, new_forward);
    out.target = shot.target + (new_right * orbit.pan_x + new_up * orbit.pan_y) * distance;
    out.position = out.target + offset * orbit.zoom;
    out.up = world_up;
    // Keep the subject inside the depth range when zooming out.
    out.far_plane = std::max(shot.far_plane, shot.far_plane * orbit.zoom);
    out.near_plane = std::min(shot.near_plane, shot.near_plane * orbit.zoom);
    return out;
}

}  // namespace twinshoot::editor
