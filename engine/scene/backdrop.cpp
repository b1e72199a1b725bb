#include "scene/backdrop.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace twinshoot::scene {
namespace {

constexpr uint32_t kGradientRows = 64;
constexpr int kCurveSegments = 16;
constexpr int kColumns = 8;

uint8_t encode_srgb(float linear) {
    const float c = std::clamp(linear, 0.0f, 1.0f);
    const float s = c <= 0.0031308f ? c * 12.92f : 1.055f * std::pow(c, 1.0f / 2.4f) - 0.055f;
    return uint8_t(std::lround(s * 255.0f));
}

// Row 0: the top of the wall; the last row: the floor. Interpolated in linear light with an ease,
// so the sweep stays the floor colour low down and turns to the top colour up the wall.
asset::ImageRgba8 gradient_image(const Backdrop& backdrop) {
    asset::ImageRgba8 image;
    image.width = 1;
    image.height = kGradientRows;
    image.pixels.resize(size_t(kGradientRows) * 4);
    for (uint32_t row = 0; row < kGradientRows; ++row) {
        const float t = float(row) / float(kGradientRows - 1);  // 0 top .. 1 floor
        const float w = t * t * (3.0f - 2.0f * t);
        const glm::vec3 c = glm::mix(backdrop.top_color, backdrop.color, w);
        for (int k = 0; k < 3; ++k) image.pixels[row * 4 + size_t(k)] = encode_srgb(c[k]);
        image.pixels[row * 4 + 3] = 255;
    }
    return image;
}

struct ProfilePoint {
    float s;           // along the view direction from the subject, metres
    float y;           // above the floor
    glm::vec2 normal;  // (s, y)
};

}  // namespace

void add_cyclorama(asset::Model& model, const Backdrop& backdrop, Camera& camera, float aspect,
                   const asset::Aabb& subject) {
    const float floor_y = subject.min.y;
    const float height = std::max(subject.max.y - subject.min.y, 0.1f);
    const glm::vec3 anchor(subject.center().x, floor_y, subject.center().z);
    glm::vec3 forward = anchor - camera.position;
    forward.y = 0.0f;
    forward = glm::length(forward) > 1e-4f ? glm::normalize(forward) : glm::vec3(0.0f, 0.0f, -1.0f);
    const glm::vec3 right = glm::normalize(glm::cross(forward, glm::vec3(0.0f, 1.0f, 0.0f)));

    const float half_depth = 0.5f * std::max(subject.max.x - subject.min.x, subject.max.z - subject.min.z);
    // A generous sweep (as in a real studio, about the subject's height) spreads the change from
    // floor to wall lighting over many rows of the image, so the seam does not read as a line.
    const float radius = std::max(1.0f, 0.9f * height);
    const float wall = half_depth + radius + 0.6f;  // wall distance behind the subject
    const float camera_distance = std::max(glm::dot(anchor - camera.position, forward), 0.1f);
    const float tan_half = std::tan(0.5f * camera.vertical_fov);
    const float at_wall = camera_distance + wall;
    const float top = std::max(camera.position.y - floor_y, height) + 1.6f * at_wall * tan_half + 0.5f;
    const float half_width = 1.6f * at_wall * tan_half * std::max(aspect, 1.0f) + 1.0f;
    const float front = -(camera_distance + 1.0f);  // the floor runs on past the camera

    std::vector<ProfilePoint> profile;
    profile.push_back({front, 0.0f, {0.0f, 1.0f}});
    for (int i = 0; i <= kCurveSegments; ++i) {
        const float a = 0.5f * 3.14159265f * float(i) / float(kCurveSegments);
        profile.push_back({wall - radius + radius * std::sin(a),
                           radius - radius * std::cos(a),
                           {-std::sin(a), std::cos(a)}});
    }
    profile.push_back({wall, top, {-1.0f, 0.0f}});

    asset::Mesh mesh;
    mesh.name = "cyclorama";
    mesh.has_uvs = true;
    for (const ProfilePoint& p : profile)
        for (int c = 0; c <= kColumns; ++c) {
            const float u = float(c) / float(kColumns);
            asset::Vertex v{};
            v.position = anchor + forward * p.s + right * (half_width * (2.0f * u - 1.0f)) +
                         glm::vec3(0.0f, p.y, 0.0f);
            v.normal = glm::normalize(forward * p.normal.x + glm::vec3(0.0f, p.normal.y, 0.0f));
            v.tangent = glm::vec4(right, 1.0f);
            v.uv = glm::vec2(u, 1.0f - std::clamp(p.y / top, 0.0f, 1.0f));
            mesh.vertices.push_back(v);
        }
    const uint32_t row = kColumns + 1;
    for (uint32_t i = 0; i + 1 < profile.size(); ++i)
        for (uint32_t c = 0; c < uint32_t(kColumns); ++c) {
            const uint32_t a = i * row + c, b = a + 1, d = a + row, e = d + 1;
            // Counter-clockwise seen from the side the normals face (right x forward is up on the floor).
            mesh.indices.insert(mesh.indices.end(), {a, b, d, b, e, d});
        }

    asset::Material material{
        .name = "cyclorama",
        .base_color = glm::vec4(1.0f),
        .metallic = 0.0f,
        .roughness = 0.9f,  // seamless paper
        .double_sided = true,
        .backdrop = true,
    };
    material.base_color_texture = {.image = int32_t(model.images.size()),
                                   .wrap_u = asset::WrapMode::ClampToEdge,
                                   .wrap_v = asset::WrapMode::ClampToEdge};
    model.images.push_back(gradient_image(backdrop));
    model.image_names.push_back("cyclorama gradient");
    mesh.material = uint32_t(model.materials.size());
    model.materials.push_back(material);
    model.instances.push_back({uint32_t(model.meshes.size()), glm::mat4(1.0f), "cyclorama"});
    model.meshes.push_back(std::move(mesh));

    // The farthest point the camera sees: the wall's top corners.
    const glm::vec3 view_dir = glm::normalize(camera.target - camera.position);
    float far_plane = camera.far_plane;
    for (float side : {-1.0f, 1.0f})
        for (float y : {0.0f, top}) {
            const glm::vec3 corner =
                anchor + forward * wall + right * (side * half_width) + glm::vec3(0.0f, y, 0.0f);
            far_plane = std::max(far_plane, glm::dot(corner - camera.position, view_dir) * 1.05f);
        }
    camera.far_plane = far_plane;
    // The floor below the lens is seen from as close as the camera's height over it allows.
    camera.near_plane = std::clamp(0.5f * (camera.position.y - floor_y), 0.05f, camera.near_plane);
}

}  // namespace twinshoot::scene
