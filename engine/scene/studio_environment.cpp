#include "scene/studio_environment.h"

#include <glm/gtc/constants.hpp>

#include <algorithm>
#include <cmath>

namespace twinshoot::scene {
namespace {

// A soft-edged round light: 1 inside `radius` (radians) of `centre`, falling to 0 over `soft`.
float disc(glm::vec3 d, glm::vec3 centre, float radius, float soft) {
    const float angle = std::acos(std::clamp(glm::dot(d, glm::normalize(centre)), -1.0f, 1.0f));
    return 1.0f - glm::smoothstep(radius, radius + soft, angle);
}

// A tall strip light: narrow in azimuth around `azimuth`, between two elevations.
float strip(glm::vec3 d, float azimuth, float half_width, float low, float high) {
    const float a = std::atan2(d.x, -d.z);
    float delta = std::abs(a - azimuth);
    delta = std::min(delta, glm::two_pi<float>() - delta);
    const float elevation = std::asin(std::clamp(d.y, -1.0f, 1.0f));
    const float across = 1.0f - glm::smoothstep(half_width, half_width * 1.6f, delta);
    const float along = glm::smoothstep(low - 0.05f, low, elevation) * (1.0f - glm::smoothstep(high, high + 0.05f, elevation));
    return across * along;
}

float studio_radiance(glm::vec3 d) {
    // Room: a light grey cyclorama wall brightening upwards, a darker floor, a dim ceiling.
    float r = d.y < 0.0f ? 0.32f + 0.1f * (1.0f + d.y) : 0.55f + 0.25f * d.y;
    if (d.y > 0.8f) r = glm::mix(r, 0.35f, glm::smoothstep(0.8f, 0.9f, d.y));
    r += 14.0f * disc(d, {0.45f, 0.55f, 0.7f}, 0.30f, 0.12f);   // key softbox, upper camera-right
    r += 3.0f * disc(d, {-0.8f, 0.15f, 0.6f}, 0.40f, 0.20f);   // fill panel, camera-left
    r += 6.0f * strip(d, glm::radians(135.0f), 0.06f, -0.2f, 0.9f);   // rim strips behind
    r += 6.0f * strip(d, glm::radians(-135.0f), 0.06f, -0.2f, 0.9f);
    return r;
}

}  // namespace

glm::vec3 equirect_direction(float u, float v) {
    const float phi = (u - 0.5f) * glm::two_pi<float>();
    const float theta = v * glm::pi<float>();
    return {std::sin(theta) * std::sin(phi), std::cos(theta), -std::sin(theta) * std::cos(phi)};
}

glm::vec3 mean_radiance(const asset::HdrImage& image) {
    glm::dvec3 sum(0.0);
    double weight = 0.0;
    for (uint32_t y = 0; y < image.height; ++y) {
        const double w = std::sin((y + 0.5) / image.height * glm::pi<double>());
        for (uint32_t x = 0; x < image.width; ++x) sum += glm::dvec3(image.at(x, y)) * w;
        weight += w * image.width;
    }
    return glm::vec3(sum / weight);
}

asset::HdrImage make_studio_environment(uint32_t width) {
    asset::HdrImage image{.width = width, .height = width / 2, .rgb = {}};
    image.rgb.resize(size_t(image.width) * image.height * 3);
    // 4x4 supersampling per texel, so the lights' edges are not aliased in the low mips.
    for (uint32_t y = 0; y < image.height; ++y)
        for (uint32_t x = 0; x < image.width; ++x) {
            float sum = 0.0f;
            for (int sy = 0; sy < 4; ++sy)
                for (int sx = 0; sx < 4; ++sx)
                    sum += studio_radiance(equirect_direction((x + (sx + 0.5f) / 4.0f) / image.width,
                                                              (y + (sy + 0.5f) / 4.0f) / image.height));
            image.set(x, y, glm::vec3(sum / 16.0f));
        }
    const float mean = mean_radiance(image).r;
    for (float& v : image.rgb) v /= mean;
    return image;
}

asset::HdrImage make_uniform_environment(glm::vec3 radiance, uint32_t width) {
    asset::HdrImage image{.width = width, .height = width / 2, .rgb = {}};
    image.rgb.resize(size_t(image.width) * image.height * 3);
    for (uint32_t y = 0; y < image.height; ++y)
        for (uint32_t x = 0; x < image.width; ++x) image.set(x, y, radiance);
    return image;
}

}  // namespace twinshoot::scene
