#include "asset/self_intersection.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>

namespace twinshoot::asset {

namespace {

// Does the segment p -> q pass through triangle (a, b, c)? Möller & Trumbore's test, bounded to
// the segment; a segment in the triangle's plane does not cross it.
bool segment_crosses(const glm::vec3& p, const glm::vec3& q, const glm::vec3& a, const glm::vec3& b, const glm::vec3& c) {
    const glm::vec3 d = q - p, e1 = b - a, e2 = c - a;
    const glm::vec3 h = glm::cross(d, e2);
    const float det = glm::dot(e1, h);
    const float scale = glm::length(d) * glm::length(e1) * glm::length(e2);
    if (!(std::abs(det) > 1e-7f * scale)) return false;
    const float inv = 1.0f / det;
    const glm::vec3 s = p - a;
    const float u = inv * glm::dot(s, h);
    if (u < 0.0f || u > 1.0f) return false;
    const glm::vec3 r = glm::cross(s, e1);
    const float v = inv * glm::dot(d, r);
    if (v < 0.0f || u + v > 1.0f) return false;
    const float t = inv * glm::dot(e2, r);
    return t >= 0.0f && t <= 1.0f;
}

using Cell = std::array<int32_t, 3>;

uint64_t cell_key(const Cell& c) {
    const auto bits = [](int32_t v) { return uint64_t(uint32_t(v + (1 << 20)) & 0x1fffffu); };
    return (bits(c[0]) << 42) | (bits(c[1]) << 21) | bits(c[2]);
}

// Edges through triangles of `positions`. With `side` (one per vertex), an edge is tested only
// against triangles of the other side: two surfaces through each other, not each through itself.
SelfIntersection count_crossings(std::span<const glm::vec3> positions, std::span<const uint32_t> indices,
                                 std::span<const uint32_t> particle, std::span<const uint8_t> side,
                                 std::vector<Crossing>* listed = nullptr) {
    assert(particle.size() == positions.size());
    assert(side.empty() || side.size() == positions.size());
    const size_t n = positions.size();
    // Triangles by particle, valid and not degenerate.
    std::vector<std::array<uint32_t, 3>> triangles;
    triangles.reserve(indices.size() / 3);
    double edge_sum = 0.0;
    size_t edge_count = 0;
    std::vector<uint64_t> edges;  // (lower, higher) particle
    edges.reserve(indices.size());
    for (size_t t = 0; t + 2 < indices.size(); t += 3) {
        if (indices[t] >= n || indices[t + 1] >= n || indices[t + 2] >= n) continue;
        const std::array<uint32_t, 3> tri = {particle[indices[t]], particle[indices[t + 1]], particle[indices[t + 2]]};
        if (tri[0] == tri[1] || tri[1] == tri[2] || tri[0] == tri[2]) continue;
        const glm::vec3 normal = glm::cross(positions[tri[1]] - positions[tri[0]], positions[tri[2]] - positions[tri[0]]);
        if (!(glm::dot(normal, normal) > 0.0f) || !std::isfinite(normal.x + normal.y + normal.z)) continue;
        triangles.push_back(tri);
        for (int k = 0; k < 3; ++k) {
            const uint32_t a = tri[size_t(k)], b = tri[size_t((k + 1) % 3)];
            edges.push_back((uint64_t(std::min(a, b)) << 32) | std::max(a, b));
            edge_sum += double(glm::length(positions[a] - positions[b]));
            ++edge_count;
        }
    }
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    SelfIntersection result;
    result.edges = edges.size();
    if (triangles.empty()) return result;

    // A uniform grid of cells twice the mean edge long; each triangle listed in every cell its
    // bounding box meets (sorted (cell, triangle) pairs).
    const float cell = std::max(float(2.0 * edge_sum / double(edge_count)), 1e-6f);
    const auto cell_of = [&](const glm::vec3& p) {
        return Cell{int32_t(std::floor(p.x / cell)), int32_t(std::floor(p.y / cell)), int32_t(std::floor(p.z / cell))};
    };
    // A triangle or an edge whose box spans more than kMaxCells cells (a sliver across the garment)
    // is tested against every edge or triangle instead, so no shape makes the grid walk unbounded.
    constexpr int64_t kMaxCells = 64;
    const auto cells_spanned = [](const Cell& a, const Cell& b) {
        return (int64_t(b[0]) - a[0] + 1) * (int64_t(b[1]) - a[1] + 1) * (int64_t(b[2]) - a[2] + 1);
    };
    std::vector<std::pair<uint64_t, uint32_t>> binned;
    std::vector<uint32_t> large;  // triangles not binned
    binned.reserve(triangles.size() * 2);
    for (uint32_t t = 0; t < triangles.size(); ++t) {
        const auto& tri = triangles[t];
        const glm::vec3 lo = glm::min(glm::min(positions[tri[0]], positions[tri[1]]), positions[tri[2]]);
        const glm::vec3 hi = glm::max(glm::max(positions[tri[0]], positions[tri[1]]), positions[tri[2]]);
        const Cell a = cell_of(lo), b = cell_of(hi);
        if (cells_spanned(a, b) > kMaxCells) {
            large.push_back(t);
            continue;
        }
        for (int32_t x = a[0]; x <= b[0]; ++x)
            for (int32_t y = a[1]; y <= b[1]; ++y)
                for (int32_t z = a[2]; z <= b[2]; ++z) binned.push_back({cell_key({x, y, z}), t});
    }
    std::sort(binned.begin(), binned.end());

    size_t crossing = 0;
#pragma omp parallel for schedule(dynamic, 512) reduction(+ : crossing)
    for (std::ptrdiff_t e = 0; e < std::ptrdiff_t(edges.size()); ++e) {
        const uint32_t a = uint32_t(edges[size_t(e)] >> 32), b = uint32_t(edges[size_t(e)]);
        const glm::vec3 &p = positions[a], &q = positions[b];
        const Cell lo = cell_of(glm::min(p, q)), hi = cell_of(glm::max(p, q));
        const auto test = [&](uint32_t t) {
            const auto& tri = triangles[t];
            if (tri[0] == a || tri[1] == a || tri[2] == a || tri[0] == b || tri[1] == b || tri[2] == b) return false;
            if (!side.empty() && side[tri[0]] == side[a]) return false;
            return segment_crosses(p, q, positions[tri[0]], positions[tri[1]], positions[tri[2]]);
        };
        bool crosses = false;
        uint32_t pierced = 0;  // the triangle the edge was found to cross
        const auto test_and_keep = [&](uint32_t t) {
            if (!test(t)) return false;
            pierced = t;
            return true;
        };
        for (size_t k = 0; k < large.size() && !crosses; ++k) crosses = test_and_keep(large[k]);
        if (cells_spanned(lo, hi) > kMaxCells) {
            for (uint32_t t = 0; t < triangles.size() && !crosses; ++t) crosses = test_and_keep(t);
        } else {
            for (int32_t x = lo[0]; x <= hi[0] && !crosses; ++x)
                for (int32_t y = lo[1]; y <= hi[1] && !crosses; ++y)
                    for (int32_t z = lo[2]; z <= hi[2] && !crosses; ++z) {
                        const uint64_t key = cell_key({x, y, z});
                        auto it = std::lower_bound(binned.begin(), binned.end(), std::pair<uint64_t, uint32_t>{key, 0});
                        for (; it != binned.end() && it->first == key && !crosses; ++it) crosses = test_and_keep(it->second);
                    }
        }
        crossing += crosses;
        if (crosses && listed) {
#pragma omp critical(twinshoot_listed_crossings)
            listed->push_back({a, b, triangles[pierced]});
        }
    }
    result.crossing_edges = crossing;
    if (listed)  // in edge order, whatever the threads' order
        std::sort(listed->begin(), listed->end(), [](const Crossing& x, const Crossing& y) {
            return x.a != y.a ? x.a < y.a : x.b < y.b;
        });
    return result;
}

}  // namespace

SelfIntersection self_intersection(std::span<const glm::vec3> positions, std::span<const uint32_t> indices,
                                   std::span<const uint32_t> particle) {
    return count_crossings(positions, indices, particle, {});
}

std::vector<Crossing> self_crossings(std::span<const glm::vec3> positions, std::span<const uint32_t> indices,
                                     std::span<const uint32_t> particle) {
    std::vector<Crossing> listed;
    count_crossings(positions, indices, particle, {}, &listed);
    return listed;
}

SelfIntersection layer_intersection(std::span<const glm::vec3> outer, std::span<const uint32_t> outer_indices,
                                    std::span<const uint32_t> outer_particle, std::span<const glm::vec3> inner,
                                    std::span<const uint32_t> inner_indices, std::span<const uint32_t> inner_particle) {
    assert(outer_particle.size() == outer.size() && inner_particle.size() == inner.size());
    const uint32_t offset = uint32_t(outer.size());
    std::vector<glm::vec3> positions(outer.begin(), outer.end());
    positions.insert(positions.end(), inner.begin(), inner.end());
    std::vector<uint32_t> indices(outer_indices.begin(), outer_indices.end());
    indices.reserve(outer_indices.size() + inner_indices.size());
    // An index out of range stays out of range (skipped), whichever surface it came from.
    for (uint32_t i : inner_indices) indices.push_back(i < inner.size() ? i + offset : uint32_t(positions.size()));
    std::vector<uint32_t> particle(outer_particle.begin(), outer_particle.end());
    particle.reserve(positions.size());
    for (uint32_t p : inner_particle) particle.push_back(p + offset);
    std::vector<uint8_t> side(positions.size(), 0);
    std::fill(side.begin() + offset, side.end(), uint8_t(1));
    return count_crossings(positions, indices, particle, side);
}

}  // namespace twinshoot::asset
