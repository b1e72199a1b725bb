// Lighting for the foundation renderer: one directional light plus uniform ambient light.
//
// Units: `illuminance` is the light's irradiance at a surface facing it, in the renderer's
// relative units where a white Lambertian surface facing a light of illuminance pi shows white
// (1.0) before exposure. Ambient `intensity` is a uniform radiance with the same scale.
// Colours are linear RGB.
#pragma once

#include <glm/glm.hpp>

namespace twinshoot::scene {

struct DirectionalLight {
    glm::vec3 direction{-0.35f, -0.55f, -0.75f};  // the way light travels (towards the scene)
    glm::vec3 color{1.0f, 0.98f, 0.95f};
    float illuminance = 2.6f;
};

struct AmbientLight {
    glm::vec3 color{1.0f};
    float intensity = 0.35f;
};

struct Lighting {
    DirectionalLight key;
    AmbientLight ambient;
    float exposure = 1.0f;  // linear multiplier applied before output
};

// The default key-from-upper-left studio setup that `twinshoot render` uses.
inline Lighting default_lighting() { return Lighting{}; }

}  // namespace twinshoot::scene
