// Skeleton and skin data, and the CPU reference skinning every other path is checked against.
//
// A Skeleton is the joint hierarchy of a model: every node a mesh is skinned to, plus their
// ancestors up to the scene root (so world transforms are complete). Joints are ordered parents
// first. rest_local is the joint's transform relative to its parent in the file's rest pose;
// inverse_bind maps model space to the joint's space at bind time (glTF inverseBindMatrices, Assimp
// aiBone::mOffsetMatrix). Skinning: p' = sum_i w_i * (world_i * inverse_bind_i) * p, in model space.
// A vertex has at most kMaxInfluences influences, weights summing to 1.
#pragma once

#include <glm/glm.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace twinshoot::asset {

struct Vertex;
struct Mesh;

inline constexpr uint32_t kMaxInfluences = 8;

struct VertexSkin {
    uint16_t joints[kMaxInfluences] = {};
    float weights[kMaxInfluences] = {};  // sum to 1; unused slots are 0
};
static_assert(sizeof(VertexSkin) == 48, "uploaded as-is; matches shaders/shared/skinning_interface.h");

struct Joint {
    std::string name;
    int32_t parent = -1;  // index into Skeleton::joints, -1 for a root
    glm::mat4 rest_local{1.0f};
    glm::mat4 inverse_bind{1.0f};
};

struct Skeleton {
    std::vector<Joint> joints;

    bool empty() const { return joints.empty(); }
    int32_t find(std::string_view name) const;  // -1 when absent
    std::vector<glm::mat4> rest_locals() const;
    // World (model-space) transforms from local ones; locals.size() == joints.size().
    std::vector<glm::mat4> world_transforms(std::span<const glm::mat4> locals) const;
    // world[i] * inverse_bind[i].
    std::vector<glm::mat4> skin_matrices(std::span<const glm::mat4> world) const;
    // Skin matrices of the rest pose.
    std::vector<glm::mat4> rest_skin_matrices() const;
};

// CPU reference skinning of `mesh` (which must carry skin data) into `out` (resized): positions are
// blended linearly; normals and tangents by the blended matrix's upper 3x3, renormalised.
void skin_vertices(const Mesh& mesh, std::span<const glm::mat4> skin_matrices, std::vector<Vertex>& out);
// The same with the skin given apart from the vertices (one per vertex): a second set of weights
// for the same mesh without copying it.
void skin_vertices(std::span<const Vertex> vertices, std::span<const VertexSkin> skin, std::span<const glm::mat4> skin_matrices,
                   std::vector<Vertex>& out);

}  // namespace twinshoot::asset
