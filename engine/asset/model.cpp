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

}  // namespace twinshoot::asset
