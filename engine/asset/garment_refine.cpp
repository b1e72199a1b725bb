#include "asset/garment_refine.h"

#include <cassert>
#include <cstdint>
#include <unordered_map>

namespace twinshoot::asset {
namespace {

uint64_t edge_key(uint32_t a, uint32_t b) { return a < b ? (uint64_t(a) << 32) | b : (uint64_t(b) << 32) | a; }

Vertex midpoint(const Vertex& a, const Vertex& b) {
    Vertex m;
    m.position = 0.5f * (a.position + b.position);
    const glm::vec3 n = a.normal + b.normal;
    m.normal = glm::dot(n, n) > 1e-12f ? glm::normalize(n) : a.normal;
    const glm::vec3 t = glm::vec3(a.tangent) + glm::vec3(b.tangent);
    m.tangent = glm::vec4(glm::dot(t, t) > 1e-12f ? glm::normalize(t) : glm::vec3(a.tangent), a.tangent.w);
    m.uv = 0.5f * (a.uv + b.uv);
    return m;
}

// One round: the edges whose midpoint lies behind the body get a vertex there; triangles split on
// their marked edges (1, 2 or 3 of them into 2, 3 or 4). Returns the number of edges split.
size_t split_round(Mesh& garment, const SurfaceIndex& body, float min_edge) {
    constexpr uint32_t kKept = UINT32_MAX;
    std::unordered_map<uint64_t, uint32_t> middle;  // edge tested -> its new vertex, or kKept
    const size_t triangles = garment.indices.size() / 3;
    middle.reserve(triangles * 2);
    size_t split = 0;
    for (size_t t = 0; t < triangles; ++t)
        for (size_t e = 0; e < 3; ++e) {
            const uint32_t a = garment.indices[3 * t + e], b = garment.indices[3 * t + (e + 1) % 3];
            const auto [it, added] = middle.try_emplace(edge_key(a, b), kKept);
            if (!added) continue;
            const Vertex& va = garment.vertices[a];
            const Vertex& vb = garment.vertices[b];
            if (glm::length(va.position - vb.position) < min_edge) continue;
            glm::vec3 q, n;
            if (!body.behind(0.5f * (va.position + vb.position), q, n)) continue;
            it->second = uint32_t(garment.vertices.size());
            garment.vertices.push_back(midpoint(va, vb));  // va, vb: not used after this
            ++split;
        }
    if (split == 0) return 0;
    std::vector<uint32_t> out;
    out.reserve(garment.indices.size() + split * 6);
    for (size_t t = 0; t < triangles; ++t) {
        const uint32_t* v = &garment.indices[3 * t];
        int64_t m[3];
        int marked = 0;
        for (size_t e = 0; e < 3; ++e) {
            const auto it = middle.find(edge_key(v[e], v[(e + 1) % 3]));
            m[e] = it == middle.end() || it->second == kKept ? -1 : int64_t(it->second);
            marked += m[e] >= 0;
        }
        auto emit = [&](int64_t a, int64_t b, int64_t c) { out.insert(out.end(), {uint32_t(a), uint32_t(b), uint32_t(c)}); };
        if (marked == 0) {
            emit(v[0], v[1], v[2]);
        } else if (marked == 3) {
            emit(v[0], m[0], m[2]);
            emit(m[0], v[1], m[1]);
            emit(m[2], m[1], v[2]);
            emit(m[0], m[1], m[2]);
        } else if (marked == 1) {
            const size_t e = m[0] >= 0 ? 0 : m[1] >= 0 ? 1 : 2;  // edge v[e] -> v[e+1]
            emit(v[e], m[e], v[(e + 2) % 3]);
            emit(m[e], v[(e + 1) % 3], v[(e + 2) % 3]);
        } else {
            const size_t k = m[0] < 0 ? 0 : m[1] < 0 ? 1 : 2;  // the unmarked edge a -> b
            const uint32_t a = v[k], b = v[(k + 1) % 3], c = v[(k + 2) % 3];
            const int64_t bc = m[(k + 1) % 3], ca = m[(k + 2) % 3];
            emit(bc, c, ca);
            emit(a, b, bc);
            emit(a, bc, ca);
        }
    }
    garment.indices = std::move(out);
    return split;
}

}  // namespace

RefineReport refine_where_cutting(Mesh& garment, const SurfaceIndex& body, const RefineOptions& options) {
    assert(garment.skin.empty() && "refine before computing weights");
    RefineReport report;
    const size_t before = garment.vertices.size();
    for (int round = 0; round < options.rounds; ++round) {
        const size_t split = split_round(garment, body, options.min_edge);
        if (split == 0) break;
        report.split_edges += split;
        resolve_penetration(garment.vertices, body, options.offset);
    }
    report.added_vertices = garment.vertices.size() - before;
    if (report.split_edges > 0) recompute_normals(garment);
    return report;
}

}  // namespace twinshoot::asset
