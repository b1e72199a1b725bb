#include "asset/model.h"

namespace twinshoot::asset {

Aabb Model::bounds() const {
    if (skeleton.empty()) return bounds(std::span<const glm::mat4>{});
    const auto rest = skeleton.rest_skin_matrices();
    return bounds(rest);
}

Aabb Model::bounds(std::span<const glm::mat4> skin_matrices) const {
    Aabb box;
    std::vector<Vertex> skinned;
    for (const auto& instance : instances) {
        const Mesh& mesh = meshes[instance.mesh];
        const std::vector<Vertex>* vertices = &mesh.vertices;
        if (mesh.skinned() && skin_matrices.size() == skeleton.joints.size()) {
            skin_vertices(mesh, skin_matrices, skinned);
            vertices = &skinned;
        }
        for (const auto& v : *vertices) box.extend(glm::vec3(instance.transform * glm::vec4(v.position, 1.0f)));
    }
    return box;
}

size_t Model::triangle_count() const {
    size_t n = 0;
    for (const auto& m : meshes) n += m.indices.size() / 3;
    return n;
}

size_t Model::vertex_count() const {
    size_t n = 0;
    for (const auto& m : meshes) n += m.vertices.size();
    return n;
}

void recompute_normals(Mesh& mesh) {
    std::vector<glm::vec3> n(mesh.vertices.size(), glm::vec3(0.0f));
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
        const uint32_t a = mesh.indices[t], b = mesh.indices[t + 1], c = mesh.indices[t + 2];
        if (a >= n.size() || b >= n.size() || c >= n.size()) continue;
        const glm::vec3 f = glm::cross(mesh.vertices[b].position - mesh.vertices[a].position,
                                       mesh.vertices[c].position - mesh.vertices[a].position);
        n[a] += f;
        n[b] += f;
        n[c] += f;
    }
    for (size_t i = 0; i < n.size(); ++i)
        if (glm::dot(n[i], n[i]) > 0.0f) mesh.vertices[i].normal = glm::normalize(n[i]);
}

}  // namespace twinshoot::asset
