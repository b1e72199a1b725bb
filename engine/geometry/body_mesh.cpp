#include "geometry/body_mesh.h"

#include <cmath>

namespace twinshoot::geometry {

asset::Aabb BodyMesh::bounds() const {
    asset::Aabb box;
    for (const glm::vec3& p : positions) box.extend(p);
    return box;
}

double BodyMesh::area() const {
    double sum = 0.0;
    for (size_t t = 0; t + 2 < indices.size(); t += 3) {
        const glm::vec3 a = positions[indices[t]], b = positions[indices[t + 1]], c = positions[indices[t + 2]];
        sum += 0.5 * double(glm::length(glm::cross(b - a, c - a)));
    }
    return sum;
}

BodyMesh body_mesh_of(const asset::Model& model) {
    BodyMesh out;
    const std::vector<glm::mat4> rest = model.skeleton.empty() ? std::vector<glm::mat4>{}
                                                               : model.skeleton.rest_skin_matrices();
    std::vector<asset::Vertex> skinned;
    for (const asset::MeshInstance& instance : model.instances) {
        if (instance.mesh >= model.meshes.size()) continue;
        const asset::Mesh& mesh = model.meshes[instance.mesh];
        const uint32_t base = uint32_t(out.positions.size());
        if (mesh.skinned() && !rest.empty()) {
            asset::skin_vertices(mesh, rest, skinned);
            for (const asset::Vertex& v : skinned) out.positions.push_back(v.position);
        } else {
            for (const asset::Vertex& v : mesh.vertices)
                out.positions.push_back(glm::vec3(instance.transform * glm::vec4(v.position, 1.0f)));
        }
        const uint32_t n = uint32_t(mesh.vertices.size());
        for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
            const uint32_t a = mesh.indices[t], b = mesh.indices[t + 1], c = mesh.indices[t + 2];
            if (a >= n || b >= n || c >= n || a == b || b == c || a == c) continue;
            const glm::vec3 pa = out.positions[base + a], pb = out.positions[base + b], pc = out.positions[base + c];
            const float area2 = glm::length(glm::cross(pb - pa, pc - pa));
            if (!std::isfinite(area2) || area2 <= 0.0f) continue;
            out.indices.insert(out.indices.end(), {base + a, base + b, base + c});
        }
    }
    return out;
}

BodyMesh transformed(const BodyMesh& mesh, const glm::mat4& transform) {
    BodyMesh out = mesh;
    for (glm::vec3& p : out.positions) p = glm::vec3(transform * glm::vec4(p, 1.0f));
    return out;
}

}  // namespace twinshoot::geometry
