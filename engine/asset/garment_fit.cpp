#include "asset/garment_fit.h"

#include <algorithm>
#include <numeric>

#include "asset/closest_point.h"

namespace twinshoot::asset {
namespace {

float mean_edge(std::span<const Vertex> v, std::span<const uint32_t> idx) {
    double sum = 0.0;
    size_t n = 0;
    for (size_t t = 0; t + 2 < idx.size(); t += 3, ++n) sum += glm::length(v[idx[t]].position - v[idx[t + 1]].position);
    return n ? float(sum / double(n)) : 0.01f;
}

ClosestPointIndex make_index(std::span<const Vertex> vertices, std::span<const uint32_t> indices) {
    std::vector<glm::vec3> positions(vertices.size());
    for (size_t i = 0; i < vertices.size(); ++i) positions[i] = vertices[i].position;
    return ClosestPointIndex(positions, indices, std::max(2.0f * mean_edge(vertices, indices), 1e-4f));
}

}  // namespace

std::vector<std::vector<uint32_t>> edge_neighbours(size_t vertex_count, std::span<const uint32_t> indices) {
    std::vector<std::vector<uint32_t>> neighbours(vertex_count);
    for (size_t t = 0; t + 2 < indices.size(); t += 3)
        for (size_t e = 0; e < 3; ++e) {
            const uint32_t a = indices[t + e], b = indices[t + (e + 1) % 3];
            if (a >= vertex_count || b >= vertex_count) continue;
            neighbours[a].push_back(b);
            neighbours[b].push_back(a);
        }
    return neighbours;
}

void smooth_over_edges(std::vector<float>& values, size_t channels, const std::vector<std::vector<uint32_t>>& neighbours,
                       int passes) {
    const size_t n = neighbours.size();
    std::vector<float> next(values.size());
    for (int pass = 0; pass < passes; ++pass) {
#pragma omp parallel for schedule(static)
        for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n); ++i) {  // reads `values`, writes its own row of `next`
            const size_t v = size_t(i);
            float* out = &next[v * channels];
            const float* self = &values[v * channels];
            if (neighbours[v].empty()) {
                std::copy(self, self + channels, out);
                continue;
            }
            const float share = 0.5f / float(neighbours[v].size());
            for (size_t j = 0; j < channels; ++j) out[j] = 0.5f * self[j];
            for (uint32_t u : neighbours[v])
                for (size_t j = 0; j < channels; ++j) out[j] += share * values[u * channels + j];
        }
        values.swap(next);
    }
}

std::vector<VertexSkin> transfer_weights(const Mesh& body, std::span<const Vertex> body_rest, const Mesh& garment,
                                         uint32_t joint_count, int smoothing_iterations) {
    const ClosestPointIndex index = make_index(body_rest, body.indices);
    const size_t n = garment.vertices.size();
    std::vector<float> w(n * joint_count, 0.0f);  // dense per-vertex joint weights
#pragma omp parallel for schedule(dynamic, 256)
    for (std::ptrdiff_t vi = 0; vi < std::ptrdiff_t(n); ++vi) {  // each vertex writes its own row
        const size_t v = size_t(vi);
        const ClosestHit hit = index.closest(garment.vertices[v].position);
        for (int k = 0; k < 3; ++k) {
            const VertexSkin& s = body.skin[body.indices[size_t(hit.triangle) * 3 + size_t(k)]];
            for (uint32_t i = 0; i < kMaxInfluences; ++i)
                if (s.weights[i] > 0.0f) w[v * joint_count + s.joints[i]] += hit.barycentric[k] * s.weights[i];
        }
    }
    smooth_over_edges(w, joint_count, edge_neighbours(n, garment.indices), smoothing_iterations);
    std::vector<VertexSkin> skins(n);
    std::vector<uint32_t> order(joint_count);
    for (size_t v = 0; v < n; ++v) {
        const float* row = &w[v * joint_count];
        std::iota(order.begin(), order.end(), 0u);
        std::partial_sort(order.begin(), order.begin() + std::min<uint32_t>(4, joint_count), order.end(),
                          [&](uint32_t a, uint32_t b) { return row[a] > row[b] || (row[a] == row[b] && a < b); });
        float total = 0.0f;
        for (uint32_t k = 0; k < std::min<uint32_t>(4, joint_count); ++k) total += row[order[k]];
        for (uint32_t k = 0; k < std::min<uint32_t>(4, joint_count) && total > 0.0f; ++k) {
            skins[v].joints[k] = uint16_t(order[k]);
            skins[v].weights[k] = row[order[k]] / total;
        }
        if (total <= 0.0f) skins[v].weights[0] = 1.0f;
    }
    return skins;
}

struct SurfaceIndex::Impl {
    ClosestPointIndex index;
};

SurfaceIndex::SurfaceIndex(const Surface& surface)
    : m_surface(surface), m_impl(std::make_unique<Impl>(Impl{make_index(surface.vertices, surface.indices)})) {}
SurfaceIndex::~SurfaceIndex() = default;
SurfaceIndex::SurfaceIndex(SurfaceIndex&&) noexcept = default;

bool SurfaceIndex::nearest(const glm::vec3& p, glm::vec3& point, glm::vec3& normal, float max_distance) const {
    const ClosestHit hit = m_impl->index.closest(p, max_distance);
    if (hit.distance > max_distance) return false;
    const uint32_t* tri = &m_surface.indices[size_t(hit.triangle) * 3];
    normal = glm::normalize(hit.barycentric.x * m_surface.vertices[tri[0]].normal +
                            hit.barycentric.y * m_surface.vertices[tri[1]].normal +
                            hit.barycentric.z * m_surface.vertices[tri[2]].normal);
    point = hit.point;
    return true;
}

bool SurfaceIndex::behind(const glm::vec3& p, glm::vec3& point, glm::vec3& normal, float max_distance) const {
    return nearest(p, point, normal, max_distance) && glm::dot(p - point, normal) < 0.0f;
}

size_t count_inside(std::span<const Vertex> points, const SurfaceIndex& surface) {
    const std::ptrdiff_t n = std::ptrdiff_t(points.size());
    size_t inside = 0;
#pragma omp parallel for schedule(dynamic, 256) reduction(+ : inside)
    for (std::ptrdiff_t i = 0; i < n; ++i) {
        glm::vec3 q, normal;
        inside += surface.behind(points[size_t(i)].position, q, normal);
    }
    return inside;
}

PenetrationResult resolve_penetration(std::vector<Vertex>& garment, const SurfaceIndex& surface, float offset,
                                      float max_distance, int passes) {
    PenetrationResult result;
    // The first pass tests every vertex; each later pass (and the final count) only the vertices
    // the pass before moved: one it left alone is still where it was found outside. Each vertex
    // reads and writes only itself, so the vertices of a pass are tested in parallel; the result
    // does not depend on the number of threads.
    std::vector<uint32_t> candidates(garment.size());
    std::iota(candidates.begin(), candidates.end(), 0u);
    std::vector<uint8_t> moved;
    for (int pass = 0; pass < passes && !candidates.empty(); ++pass) {
        moved.assign(candidates.size(), 0);
        const std::ptrdiff_t n = std::ptrdiff_t(candidates.size());
#pragma omp parallel for schedule(dynamic, 256)
        for (std::ptrdiff_t i = 0; i < n; ++i) {
            Vertex& v = garment[candidates[size_t(i)]];
            glm::vec3 q, normal;
            if (!surface.behind(v.position, q, normal, max_distance)) continue;
            v.position = q + normal * offset;
            moved[size_t(i)] = 1;
        }
        size_t kept = 0;
        for (size_t i = 0; i < candidates.size(); ++i)
            if (moved[i]) candidates[kept++] = candidates[i];
        candidates.resize(kept);
        if (pass == 0) result.inside_before = kept;
    }
    const std::ptrdiff_t n = std::ptrdiff_t(candidates.size());
    size_t inside_after = 0;
#pragma omp parallel for schedule(dynamic, 256) reduction(+ : inside_after)
    for (std::ptrdiff_t i = 0; i < n; ++i) {
        glm::vec3 q, normal;
        inside_after += surface.behind(garment[candidates[size_t(i)]].position, q, normal, max_distance);
    }
    result.inside_after = inside_after;
    return result;
}

}  // namespace twinshoot::asset
