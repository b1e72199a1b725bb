#include "asset/skeleton.h"

#include <cassert>

#include "asset/model.h"

namespace twinshoot::asset {

int32_t Skeleton::find(std::string_view name) const {
    for (size_t i = 0; i < joints.size(); ++i)
        if (joints[i].name == name) return int32_t(i);
    return -1;
}

std::vector<glm::mat4> Skeleton::rest_locals() const {
    std::vector<glm::mat4> locals;
    locals.reserve(joints.size());
    for (const auto& j : joints) locals.push_back(j.rest_local);
    return locals;
}

std::vector<glm::mat4> Skeleton::world_transforms(std::span<const glm::mat4> locals) const {
    assert(locals.size() == joints.size());
    std::vector<glm::mat4> world(joints.size());
    for (size_t i = 0; i < joints.size(); ++i) {
        const int32_t p = joints[i].parent;
        assert(p < int32_t(i) && "joints are ordered parents first");
        world[i] = p < 0 ? locals[i] : world[size_t(p)] * locals[i];
    }
    return world;
}

std::vector<glm::mat4> Skeleton::skin_matrices(std::span<const glm::mat4> world) const {
    assert(world.size() == joints.size());
    std::vector<glm::mat4> skin(joints.size());
    for (size_t i = 0; i < joints.size(); ++i) skin[i] = world[i] * joints[i].inverse_bind;
    return skin;
}

std::vector<glm::mat4> Skeleton::rest_skin_matrices() const {
    const auto locals = rest_locals();
    return skin_matrices(world_transforms(locals));
}

void skin_vertices(const Mesh& mesh, std::span<const glm::mat4> skin_matrices, std::vector<Vertex>& out) {
    skin_vertices(mesh.vertices, mesh.skin, skin_matrices, out);
}

void skin_vertices(std::span<const Vertex> vertices, std::span<const VertexSkin> skin, std::span<const glm::mat4> skin_matrices,
                   std::vector<Vertex>& out) {
    assert(skin.size() == vertices.size());
    out.resize(vertices.size());
    for (size_t v = 0; v < vertices.size(); ++v) {
        const VertexSkin& s = skin[v];
        glm::mat4 m(0.0f);
        for (uint32_t k = 0; k < kMaxInfluences; ++k) {
            if (s.weights[k] == 0.0f) continue;
            assert(s.joints[k] < skin_matrices.size());
            m += skin_matrices[s.joints[k]] * s.weights[k];
        }
        const Vertex& in = vertices[v];
        Vertex& o = out[v];
        o = in;
        o.position = glm::vec3(m * glm::vec4(in.position, 1.0f));
        const glm::mat3 r(m);
        const glm::vec3 n = r * in.normal;
        const float n_len = glm::length(n);
        o.normal = n_len > 1e-20f ? n / n_len : in.normal;
        const glm::vec3 t = r * glm::vec3(in.tangent);
        const float t_len = glm::length(t);
        o.tangent = glm::vec4(t_len > 1e-20f ? t / t_len : glm::vec3(in.tangent), in.tangent.w);
    }
}

}  // namespace twinshoot::asset
