// Model: what the importer produces and the renderer consumes — meshes, PBR materials, decoded
// textures and the node instances that place meshes in the scene (bind pose).
//
// Units are the file's own (metres for glTF, often centimetres for FBX); nothing is rescaled.
// Conventions: right-handed, +Y up as Assimp delivers it; UV origin top-left (Vulkan); tangent.w is
// the bitangent sign (glTF). Material factors follow glTF 2.0 metallic-roughness.
#pragma once

#include <glm/glm.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "asset/animation.h"
#include "asset/image_rgba8.h"
#include "asset/skeleton.h"

namespace twinshoot::asset {

struct Vertex {
    glm::vec3 position{0.0f};
    glm::vec3 normal{0.0f, 1.0f, 0.0f};
    glm::vec4 tangent{1.0f, 0.0f, 0.0f, 1.0f};
    glm::vec2 uv{0.0f};
};
static_assert(sizeof(Vertex) == 48, "Vertex is uploaded as-is; keep it tightly packed");

enum class WrapMode : uint8_t { Repeat, ClampToEdge, MirroredRepeat };
enum class AlphaMode : uint8_t { Opaque, Mask, Blend };

// A material's use of one texture. `image` indexes Model::images; -1 = no texture.
struct TextureSlot {
    int32_t image = -1;
    WrapMode wrap_u = WrapMode::Repeat;
    WrapMode wrap_v = WrapMode::Repeat;
    bool present() const { return image >= 0; }
};

struct Material {
    std::string name;
    glm::vec4 base_color{1.0f};  // linear RGBA
    float metallic = 1.0f;
    float roughness = 1.0f;
    glm::vec3 emissive{0.0f};    // linear RGB, already multiplied by any emissive strength
    float normal_scale = 1.0f;
    float occlusion_strength = 1.0f;
    AlphaMode alpha_mode = AlphaMode::Opaque;
    float alpha_cutoff = 0.5f;
    bool double_sided = false;
    bool backdrop = false;  // a studio backdrop (scene/backdrop.h): casts no shadow, takes the contact shadow
    glm::vec3 sheen_color{0.0f};   // KHR_materials_sheen (linear RGB; black: no sheen), fabrics' velvet rim
    float sheen_roughness = 0.0f;  // perceptual, 0..1
    bool skin = false;             // wrap lighting with a scatter colour (a twin's skin_materials)
    glm::vec3 scatter_color{0.80f, 0.28f, 0.18f};  // linear RGB light takes under skin, past the terminator
    TextureSlot base_color_texture;          // sRGB
    TextureSlot metallic_roughness_texture;  // linear: G = roughness, B = metallic
    TextureSlot normal_texture;              // linear, tangent space
    TextureSlot occlusion_texture;           // linear: R = occlusion
    TextureSlot emissive_texture;            // sRGB
};

struct Mesh {
    std::string name;
    std::vector<Vertex> vertices;
    std::vector<uint32_t> indices;  // triangle list
    uint32_t material = 0;
    bool has_uvs = false;
    bool has_tangents = false;       // false: the shader skips normal mapping
    bool normals_generated = false;  // the file had none; smooth normals were computed
    std::vector<VertexSkin> skin;    // parallel to vertices when skinned to Model::skeleton, else empty
    bool skinned() const { return !skin.empty(); }
};

// Area-weighted vertex normals from the triangles (after a mesh's vertices were moved).
void recompute_normals(Mesh& mesh);

struct MeshInstance {
    uint32_t mesh = 0;
    glm::mat4 transform{1.0f};  // mesh space -> model space; identity for skinned meshes (joints place them)
    std::string node;
};

struct Aabb {
    glm::vec3 min{1e30f};
    glm::vec3 max{-1e30f};
    bool valid() const { return min.x <= max.x && min.y <= max.y && min.z <= max.z; }
    glm::vec3 center() const { return (min + max) * 0.5f; }
    glm::vec3 extent() const { return max - min; }
    void extend(const glm::vec3& p) { min = glm::min(min, p); max = glm::max(max, p); }
};

struct Model {
    std::string source;  // path it was imported from, or a generator name
    std::vector<Mesh> meshes;
    std::vector<Material> materials;
    std::vector<ImageRgba8> images;
    std::vector<std::string> image_names;  // parallel to images: file path or embedded id
    std::vector<MeshInstance> instances;
    std::vector<std::string> warnings;     // non-fatal problems (a missing texture file, ...)
    // Files the import read besides the model file itself (buffers, textures, .mtl), relative to
    // the model's folder: what a cached import must check is unchanged (asset/model_cache.h).
    std::vector<std::string> dependencies;
    Skeleton skeleton;                     // empty for rigid models
    std::vector<AnimationClip> clips;      // animations on the skeleton's joints
    uint32_t trimmed_influence_vertices = 0;  // vertices that had more than kMaxInfluences weights
    // Non-empty when this is a twin's avatar (asset/twin_marker.h): the renderer then draws it only
    // through the licence-checked twin path. Written into GLB files as asset.extras.twinshoot_twin.
    std::string twin_id;

    // Bounds of every instance's vertices in model space, skinned meshes in the rest pose.
    Aabb bounds() const;
    // The same with skinned meshes posed by `skin_matrices` (one per skeleton joint).
    Aabb bounds(std::span<const glm::mat4> skin_matrices) const;
    size_t triangle_count() const;  // over meshes (not instances)
    size_t vertex_count() const;
};

}  // namespace twinshoot::asset
