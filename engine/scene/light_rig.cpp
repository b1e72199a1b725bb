#include "scene/light_rig.h"

#include <cmath>

namespace twinshoot::scene {
namespace {

struct Rig {
    const char* name;
    Lighting lighting;
};

DirectionalLight light(glm::vec3 direction, float lux, glm::vec3 color = glm::vec3(1.0f), bool shadow = false) {
    return {.direction = glm::normalize(direction), .color = color, .illuminance = lux, .casts_shadow = shadow};
}

Lighting studio(std::vector<DirectionalLight> lights, float environment_nits, float ev100 = 10.0f) {
    Lighting l;
    l.lights = std::move(lights);
    l.environment.source = EnvironmentSource::Studio;
    l.environment.luminance = environment_nits;
    l.ev100 = ev100;
    return l;
}

// Directions are for a subject facing +Z with the camera in front of it: +X is camera right, a light
// travelling along -Z comes from the camera's side. EV100 10 is an indoor studio exposure: 1 / (1.2 *
// 1024), so a white card under 2000 lux shows 0.52 before tone mapping.
const std::vector<Rig>& rigs() {
    static const std::vector<Rig> all = [] {
        const glm::vec3 warm{1.0f, 0.96f, 0.90f};
        std::vector<Rig> r;
        r.push_back({"studio-soft", studio({light({-0.35f, -0.55f, -0.75f}, 1800.0f, {1.0f, 0.98f, 0.95f}, true),
                                            light({0.75f, -0.2f, -0.65f}, 450.0f)},
                                           380.0f)});
        r.push_back({"high-key", studio({light({-0.2f, -0.45f, -0.85f}, 1500.0f, glm::vec3(1.0f), true),
                                         light({0.55f, -0.1f, -0.8f}, 800.0f)},
                                        650.0f)});
        r.push_back({"low-key", studio({light({-0.9f, -0.3f, -0.3f}, 2600.0f, warm, true),
                                        light({0.55f, -0.3f, 0.75f}, 1100.0f)},
                                       50.0f)});
        r.push_back({"rim", studio({light({0.4f, -0.35f, 0.85f}, 3000.0f, glm::vec3(1.0f), true),
                                    light({-0.5f, -0.3f, 0.8f}, 2200.0f), light({0.0f, -0.2f, -1.0f}, 300.0f)},
                                   160.0f)});
        // Sun of 100 000 lux and a clear-sky dome at EV100 15 ("sunny 16").
        Lighting sun;
        sun.lights = {light({-0.3f, -0.85f, -0.45f}, 100000.0f, {1.0f, 0.93f, 0.82f}, true)};
        sun.environment = {.source = EnvironmentSource::Uniform, .color = {0.70f, 0.82f, 1.0f}, .luminance = 9000.0f};
        sun.ev100 = 15.0f;
        r.push_back({"outdoor-sun", sun});
        return r;
    }();
    return all;
}

glm::vec3 turn(glm::vec3 d, float s, float c) { return {c * d.x + s * d.z, d.y, -s * d.x + c * d.z}; }

}  // namespace

Lighting default_lighting() { return rigs().front().lighting; }

Lighting neutral_lighting(float nits) {
    Lighting l;
    l.environment = {.source = EnvironmentSource::Uniform, .color = glm::vec3(1.0f), .luminance = nits};
    l.ev100 = ev100_for_unit_luminance(nits);
    return l;
}

const char* tone_mapper_name(ToneMapper mapper) {
    switch (mapper) {
        case ToneMapper::Aces: return "aces";
        case ToneMapper::Linear: return "linear";
        default: return "pbr-neutral";
    }
}

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
    for (DirectionalLight& l : lighting.lights) l.direction = turn(l.direction, s, c);
    lighting.environment.rotation += std::atan2(s, c);
    return lighting;
}

}  // namespace twinshoot::scene
