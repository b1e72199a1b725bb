#include "scene/light_rig.h"

#include <cmath>

namespace twinshoot::scene {
namespace {

struct Rig {
    const char* name;
    Lighting lighting;
};

Lighting make(glm::vec3 direction, glm::vec3 color, float illuminance, float ambient, float exposure) {
    Lighting l;
    l.key.direction = glm::normalize(direction);
    l.key.color = color;
    l.key.illuminance = illuminance;
    l.ambient.intensity = ambient;
    l.exposure = exposure;
    return l;
}

const std::vector<Rig>& rigs() {
    static const std::vector<Rig> all = {
        {"studio-soft", default_lighting()},
        {"high-key", make({-0.2f, -0.45f, -0.85f}, {1.0f, 1.0f, 1.0f}, 2.4f, 0.6f, 1.1f)},
        {"low-key", make({-0.9f, -0.3f, -0.3f}, {1.0f, 0.97f, 0.92f}, 3.0f, 0.08f, 1.0f)},
        {"rim", make({0.4f, -0.35f, 0.85f}, {1.0f, 1.0f, 1.0f}, 3.2f, 0.25f, 1.0f)},
        {"outdoor-sun", make({-0.3f, -0.85f, -0.45f}, {1.0f, 0.93f, 0.82f}, 3.4f, 0.3f, 0.95f)},
    };
    return all;
}

}  // namespace

const std::vector<std::string>& light_rig_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const Rig& r : rigs()) n.emplace_back(r.name);
        return n;
    }();
    return names;
}

std::optional<Lighting> light_rig(std::string_view name) {
    for (const Rig& r : rigs())
        if (name == r.name) return r.lighting;
    return std::nullopt;
}

Lighting face_lighting(Lighting lighting, glm::vec3 facing) {
    facing.y = 0.0f;
    if (glm::length(facing) < 1e-4f) return lighting;
    facing = glm::normalize(facing);
    // Rotation about Y taking +Z to `facing`.
    const float s = facing.x, c = facing.z;
    const glm::vec3 d = lighting.key.direction;
    lighting.key.direction = glm::vec3(c * d.x + s * d.z, d.y, -s * d.x + c * d.z);
    return lighting;
}

}  // namespace twinshoot::scene
