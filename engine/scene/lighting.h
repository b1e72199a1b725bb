// Lighting in physical units: directional lights in lux, an image-based environment in nits, and a
// camera exposure in EV100, tone-mapped to the display.
//
// Units (those of Filament and Lagarde & de Rousiers 2014):
//   DirectionalLight::illuminance   lux at a surface facing the light
//   Environment::luminance          cd/m² (nits) that an environment texel of value 1.0 stands for
//   Lighting::ev100                 exposure value at ISO 100; the linear exposure applied to scene
//                                   luminance is 1 / (1.2 * 2^EV100) (saturation-based sensitivity)
// so a white Lambertian surface facing a light of E lux has luminance E / pi and shows
// E / pi * exposure() before tone mapping. Colours are linear Rec.709 / sRGB primaries.
#pragma once

#include <glm/glm.hpp>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

namespace twinshoot::scene {

struct DirectionalLight {
    glm::vec3 direction{-0.35f, -0.55f, -0.75f};  // the way light travels (towards the scene)
    glm::vec3 color{1.0f, 0.98f, 0.95f};
    float illuminance = 2000.0f;                   // lux
    bool casts_shadow = false;                     // the renderer shadows the first light that asks
};

enum class EnvironmentSource {
    Uniform,  // the same radiance `color` from every direction (white furnace, neutral rig)
    Studio,   // the project's generated neutral studio (scene/studio_environment.h)
    File,     // an equirectangular Radiance .hdr (`hdr_path`)
};

struct Environment {
    EnvironmentSource source = EnvironmentSource::Studio;
    std::filesystem::path hdr_path;       // for File
    glm::vec3 color{1.0f};                // for Uniform: linear RGB radiance before `luminance`
    float luminance = 400.0f;             // nits per unit of texel value
    float rotation = 0.0f;                // radians about +Y, applied to the environment
};

enum class ToneMapper {
    PbrNeutral,  // Khronos PBR Neutral: base colours reproduced under a white environment (default)
    Aces,        // ACES filmic fit (Hill), for contrasty editorial looks
    Linear,      // clamp only: for tests that compare radiance (white furnace)
};

struct Lighting {
    std::vector<DirectionalLight> lights;  // at most kMaxLights; may be empty (environment only)
    Environment environment;
    float ev100 = 10.0f;
    ToneMapper tone_mapper = ToneMapper::PbrNeutral;

    static constexpr size_t kMaxLights = 4;
    // Linear scale from luminance (nits) to the tone mapper's input.
    float exposure() const { return 1.0f / (1.2f * std::exp2(ev100)); }
};

// EV100 at which a luminance of `nits` reaches the tone mapper as 1.0.
inline float ev100_for_unit_luminance(float nits) { return std::log2(nits / 1.2f); }

// The default key-from-upper-left studio setup (the `studio-soft` rig).
Lighting default_lighting();

// Every direction the same white radiance: `nits` at the exposure that shows it as 1.0, no lights.
// The tone mapper's reference condition (PBR Neutral reproduces base colours here) and the white
// furnace.
Lighting neutral_lighting(float nits = 1000.0f);

const char* tone_mapper_name(ToneMapper mapper);

}  // namespace twinshoot::scene
