#include "asset/model.h"

namespace twinshoot::asset {

Aabb Model::bounds() const {
    Aabb box;
    for (const auto& instance : instances) {
        const Mesh& mesh = meshes[instance.mesh];
        for (const auto& v : mesh.vertices) box.extend(glm::vec3(instance.transform * glm::vec4(v.position, 1.0f)));
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
