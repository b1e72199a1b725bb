#include "asset/model.h"

namespace twinshoot::asset {

Aabb Model::bounds() const {
    Aabb box;
    std::vector<glm::mat4> rest_skin;
    std::vector<Vertex> skinned;
    for (const auto& instance : instances) {
        const Mesh& mesh = meshes[instance.mesh];
        const std::vector<Vertex>* vertices = &mesh.vertices;
        if (mesh.skinned()) {
            if (rest_skin.empty()) rest_skin = skeleton.rest_skin_matrices();
            skin_vertices(mesh, rest_skin, skinned);
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
