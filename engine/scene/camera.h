// Camera: a perspective camera and the framing of a model's bounds.
//
// Units: positions in the model's units; vertical_fov in radians. projection() follows Vulkan:
// clip-space Y points down and depth runs 0 (near) .. 1 (far).
#pragma once

#include <glm/glm.hpp>

#include <optional>

#include "asset/model.h"

namespace twinshoot::scene {

struct Camera {
    glm::vec3 position{0.0f, 0.0f, 5.0f};
    glm::vec3 target{0.0f};
    glm::vec3 up{0.0f, 1.0f, 0.0f};
    float vertical_fov = glm::radians(30.0f);
    float near_plane = 0.1f;
    float far_plane = 100.0f;

    glm::mat4 view() const;
    glm::mat4 projection(float aspect) const;  // aspect = width / height
};

// Where `point` (world space) lands in an image drawn from `camera`: (0, 0) top-left, (1, 1)
// bottom-right; nullopt behind the camera.
std::optional<glm::vec2> project_to_image(const Camera& camera, float aspect, const glm::vec3& point);

struct FramingOptions {
    float vertical_fov = glm::radians(30.0f);
    float margin = 0.06f;  // fraction of the image kept free on each side
    // View direction from the target to the camera; +Z is the front of glTF models.
    glm::vec3 direction{0.0f, 0.0f, 1.0f};
};

// Places the camera on `direction` from the bounds' centre at the distance where the whole box fits
// the image of the given aspect, with the margin. Near and far planes hug the box.
Camera frame_bounds(const asset::Aabb& bounds, float aspect, const FramingOptions& options = {});

}  // namespace twinshoot::scene
