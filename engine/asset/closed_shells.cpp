#include "asset/closed_shells.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include "asset/garment_fit.h"

namespace twinshoot::asset {
namespace {

class DisjointSets {
public:
    explicit DisjointSets(size_t n) : m_parent(n) { std::iota(m_parent.begin(), m_parent.end(), 0u); }
    uint32_t find(uint32_t x) {
        while (m_parent[x] != x) x = m_parent[x] = m_parent[m_parent[x]];
        return x;
    }
    void unite(uint32_t a, uint32_t b) { m_parent[find(a)] = find(b); }

private:
    std::vector<uint32_t> m_parent;
};

// Vertices within about a millionth of the surface's size of one another as one: exporters write a
// seam's or a pole's copies with rounding differences (sin 2π is not 0 in floats).
std::vector<uint32_t> welded_representatives(std::span<const Vertex> vertices) {
    Aabb box;
    for (const Vertex& v : vertices) box.extend(v.position);
    const float step = std::max(glm::length(box.extent()) * 1e-6f, 1e-12f);
    std::unordered_map<uint64_t, uint32_t> first;
    first.reserve(vertices.size());
    std::vector<uint32_t> rep(vertices.size());
    for (size_t v = 0; v < vertices.size(); ++v) {
        const glm::vec3 q = glm::round((vertices[v].position - box.min) / step);
        if (!std::isfinite(q.x) || !std::isfinite(q.y) || !std::isfinite(q.z)) {
            rep[v] = uint32_t(v);
            continue;
        }
        // 21 bits per axis hold 2·10^6 steps: the whole box.
        const uint64_t key = (uint64_t(q.x) & 0x1fffff) | ((uint64_t(q.y) & 0x1fffff) << 21) | ((uint64_t(q.z) & 0x1fffff) << 42);
        rep[v] = first.try_emplace(key, uint32_t(v)).first->second;
    }
    return rep;
}

bool overlap(const Aabb& a, const Aabb& b) {
    return a.min.x <= b.max.x && b.min.x <= a.max.x && a.min.y <= b.max.y && b.min.y <= a.max.y &&
           a.min.z <= b.max.z && b.min.z <= a.max.z;
}

}  // namespace

std::vector<ClosedShell> overlapping_closed_shells(std::span<const Vertex> vertices, std::span<const uint32_t> indices) {
    const size_t n = vertices.size();
    const std::vector<uint32_t> welded = welded_indices(indices, welded_representatives(vertices));
    const size_t triangles = welded.size() / 3;
    auto valid = [&](size_t t) { return welded[3 * t] < n && welded[3 * t + 1] < n && welded[3 * t + 2] < n; };

    DisjointSets sets(n);
    std::unordered_map<uint64_t, uint32_t> edge_uses;  // welded edge (low, high) -> triangles on it
    edge_uses.reserve(triangles * 2);
    for (size_t t = 0; t < triangles; ++t) {
        if (!valid(t)) continue;
        for (size_t e = 0; e < 3; ++e) {
            const uint32_t a = welded[3 * t + e], b = welded[3 * t + (e + 1) % 3];
            sets.unite(a, b);
            ++edge_uses[(uint64_t(std::min(a, b)) << 32) | std::max(a, b)];
        }
    }
    std::unordered_map<uint32_t, size_t> piece_of_root;
    std::vector<ClosedShell> pieces;
    std::vector<uint8_t> closed;
    for (size_t t = 0; t < triangles; ++t) {
        if (!valid(t)) continue;
        const uint32_t root = sets.find(welded[3 * t]);
        const auto [it, added] = piece_of_root.try_emplace(root, pieces.size());
        if (added) {
            pieces.emplace_back();
            closed.push_back(1);
        }
        ClosedShell& piece = pieces[it->second];
        piece.triangles.push_back(uint32_t(t));
        for (size_t e = 0; e < 3; ++e) {
            const uint32_t a = welded[3 * t + e], b = welded[3 * t + (e + 1) % 3];
            piece.bounds.extend(vertices[a].position);
            if (edge_uses[(uint64_t(std::min(a, b)) << 32) | std::max(a, b)] < 2) closed[it->second] = 0;
        }
    }
    if (pieces.size() < 2) return {};
    // Sweep along x: each closed piece against the closed pieces whose x range meets its own.
    std::vector<size_t> order;
    for (size_t i = 0; i < pieces.size(); ++i)
        if (closed[i]) order.push_back(i);
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return pieces[a].bounds.min.x < pieces[b].bounds.min.x; });
    std::vector<uint8_t> overlapping(pieces.size(), 0);
    for (size_t i = 0; i < order.size(); ++i)
        for (size_t j = i + 1; j < order.size() && pieces[order[j]].bounds.min.x <= pieces[order[i]].bounds.max.x; ++j)
            if (overlap(pieces[order[i]].bounds, pieces[order[j]].bounds)) overlapping[order[i]] = overlapping[order[j]] = 1;
    std::vector<ClosedShell> shells;
    for (size_t i = 0; i < pieces.size(); ++i)
        if (overlapping[i]) shells.push_back(std::move(pieces[i]));
    return shells;
}

}  // namespace twinshoot::asset
