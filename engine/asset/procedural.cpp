#include "asset/procedural.h"

#include "asset/color.h"

#include <glm/gtc/constants.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include <cassert>
#include <cmath>

namespace twinshoot::asset {

Mesh make_uv_sphere(float radius, uint32_t segments, uint32_t rings) {
    assert(segments >= 3 && rings >= 2 && radius > 0.0f);
    Mesh mesh;
    mesh.name = "sphere";
    mesh.has_uvs = true;
    mesh.has_tangents = true;
    for (uint32_t r = 0; r <= rings; ++r) {
        const float v = float(r) / float(rings);
        const float theta = v * glm::pi<float>();  // 0 at +Y
        for (uint32_t s = 0; s <= segments; ++s) {
            const float u = float(s) / float(segments);
            const float phi = u * glm::two_pi<float>();
            const glm::vec3 n(std::sin(theta) * std::sin(phi), std::cos(theta), std::sin(theta) * std::cos(phi));
            const glm::vec3 t(std::cos(phi), 0.0f, -std::sin(phi));
            mesh.vertices.push_back({n * radius, n, glm::vec4(t, 1.0f), {u, v}});
        }
    }
    const uint32_t stride = segments + 1;
    for (uint32_t r = 0; r < rings; ++r) {
        for (uint32_t s = 0; s < segments; ++s) {
            const uint32_t a = r * stride + s, b = a + stride, c = b + 1, d = a + 1;
            // Counter-clockwise seen from outside.
            if (r != 0) mesh.indices.insert(mesh.indices.end(), {a, b, d});
            if (r != rings - 1) mesh.indices.insert(mesh.indices.end(), {d, b, c});
        }
    }
    return mesh;
}

Mesh make_plane(float size) {
    Mesh mesh;
    mesh.name = "plane";
    mesh.has_uvs = true;
    mesh.has_tangents = true;
    const float h = size * 0.5f;
    const glm::vec3 n(0.0f, 1.0f, 0.0f);
    const glm::vec4 t(1.0f, 0.0f, 0.0f, 1.0f);
    mesh.vertices = {{{-h, 0, -h}, n, t, {0, 0}}, {{-h, 0, h}, n, t, {0, 1}},
                     {{h, 0, h}, n, t, {1, 1}},   {{h, 0, -h}, n, t, {1, 0}}};
    mesh.indices = {0, 1, 2, 0, 2, 3};
    return mesh;
}

Model make_sphere_model(float radius, const glm::vec4& base_color, float metallic, float roughness) {
    Model model;
    model.source = "generated:sphere";
    model.materials.push_back(Material{.name = "sphere", .base_color = base_color, .metallic = metallic,
                                       .roughness = roughness});
    model.meshes.push_back(make_uv_sphere(radius, 96, 48));
    model.instances.push_back({0, glm::mat4(1.0f), "sphere"});
    return model;
}

namespace {
// sRGB display value (0..255) to linear, for authoring colours the way a designer names them.
glm::vec4 srgb(float r, float g, float b) {
    return {srgb_to_linear(r / 255.0f), srgb_to_linear(g / 255.0f), srgb_to_linear(b / 255.0f), 1.0f};
}
}  // namespace

Model make_test_figure() {
    Model model;
    model.source = "generated:test-figure";
    struct Swatch {
        const char* name;
        glm::vec4 colour;
        float metallic, roughness;
    };
    const Swatch swatches[] = {
        {"navy", srgb(0, 0, 128), 0.0f, 0.35f},    {"red", srgb(200, 16, 46), 0.0f, 0.55f},
        {"ivory", srgb(255, 255, 240), 0.0f, 0.8f}, {"black", srgb(20, 20, 20), 0.0f, 0.25f},
        {"gold", srgb(255, 195, 86), 1.0f, 0.3f},
    };
    // Materials belong to meshes, so each swatch is its own sphere mesh.
    for (uint32_t i = 0; i < 5; ++i) {
        model.materials.push_back(Material{.name = swatches[i].name, .base_color = swatches[i].colour,
                                           .metallic = swatches[i].metallic, .roughness = swatches[i].roughness});
        Mesh sphere = make_uv_sphere(0.4f, 64, 32);
        sphere.name = swatches[i].name;
        sphere.material = i;
        model.meshes.push_back(std::move(sphere));
        const float x = (float(i) - 2.0f) * 0.95f;
        model.instances.push_back({i, glm::translate(glm::mat4(1.0f), {x, 0.4f, 0.0f}), swatches[i].name});
    }
    Mesh floor = make_plane(6.0f);
    floor.material = 5;
    model.meshes.push_back(std::move(floor));
    model.materials.push_back(Material{.name = "floor", .base_color = srgb(180, 180, 184), .metallic = 0.0f,
                                       .roughness = 0.9f});
    model.instances.push_back({5, glm::translate(glm::mat4(1.0f), {0.0f, 0.0f, -1.0f}), "floor"});
    return model;
}

}  // namespace twinshoot::asset
