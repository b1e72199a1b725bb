#include "scene/shot_camera.h"

#include <algorithm>
#include <cmath>

#include <glm/gtc/matrix_transform.hpp>

namespace twinshoot::scene {
namespace {

struct FramingInfo {
    Framing framing;
    const char* name;
    float top_fraction;  // share of the figure's height kept, from the top
};
constexpr FramingInfo kFramings[] = {
    {Framing::FullBody, "full-body", 1.0f},
    {Framing::ThreeQuarter, "three-quarter", 0.70f},
    {Framing::WaistUp, "waist-up", 0.45f},
    {Framing::CloseUp, "close-up", 0.22f},
};

}  // namespace

const char* framing_name(Framing framing) {
    for (const auto& f : kFramings)
        if (f.framing == framing) return f.name;
    return "full-body";
}

std::optional<Framing> parse_framing(std::string_view name) {
    for (const auto& f : kFramings)
        if (name == f.name) return f.framing;
    return std::nullopt;
}

const std::vector<std::string>& framing_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const auto& f : kFramings) n.emplace_back(f.name);
        return n;
    }();
    return names;
}

float vertical_fov_for_focal_length(float focal_length_mm, float aspect) {
    const float longer_half = 18.0f;  // half of 36 mm
    const float vertical_half = aspect > 1.0f ? longer_half / aspect : longer_half;
    return 2.0f * std::atan(vertical_half / focal_length_mm);
}

glm::vec3 turned_direction(glm::vec3 facing, float yaw_degrees, float pitch_degrees) {
    // Yaw turns the facing direction about the vertical axis; pitch raises the camera above it.
    facing.y = 0.0f;
    if (glm::length(facing) < 1e-4f) facing = {0.0f, 0.0f, 1.0f};
    facing = glm::normalize(facing);
    const float yaw = glm::radians(yaw_degrees);
    const float pitch = glm::radians(pitch_degrees);
    const glm::vec3 turned(facing.x * std::cos(yaw) + facing.z * std::sin(yaw), 0.0f,
                           -facing.x * std::sin(yaw) + facing.z * std::cos(yaw));
    return glm::normalize(turned * std::cos(pitch) + glm::vec3(0.0f, std::sin(pitch), 0.0f));
}

Camera frame_shot(const asset::Aabb& bounds, float aspect, const ShotCamera& camera, glm::vec3 facing) {
    float top_fraction = 1.0f;
    for (const auto& f : kFramings)
        if (f.framing == camera.framing) top_fraction = f.top_fraction;
    asset::Aabb cropped = bounds;
    cropped.min.y = bounds.max.y - (bounds.max.y - bounds.min.y) * top_fraction;

    FramingOptions options;
    options.direction = turned_direction(facing, camera.yaw_degrees, camera.pitch_degrees);
    options.vertical_fov = vertical_fov_for_focal_length(camera.focal_length_mm, aspect);
    Camera framed = frame_bounds(cropped, aspect, options);
    // The cropped figure continues below the frame: keep it between the near and far planes.
    const float extent = glm::length(bounds.max - bounds.min);
    framed.near_plane = std::max(0.01f, framed.near_plane - extent);
    framed.far_plane += extent;
    return framed;
}

}  // namespace twinshoot::scene
