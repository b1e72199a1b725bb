#include "asset/cloth_sides.h"

#include "asset/self_intersection.h"

#include <cassert>
#include <limits>
#include <unordered_map>

namespace twinshoot::asset {

namespace {

using Cell = std::array<int32_t, 3>;

uint64_t cell_key(const Cell& c) {
    const auto bits = [](int32_t v) { return uint64_t(uint32_t(v + (1 << 20)) & 0x1fffffu); };
    return (bits(c[0]) << 42) | (bits(c[1]) << 21) | bits(c[2]);
}

}  // namespace

ClothTriangles cloth_triangles(std::vector<std::array<uint32_t, 3>> corners) {
    ClothTriangles out;
    out.corners = std::move(corners);
    out.neighbours.assign(out.corners.size(), {ClothTriangles::kNone, ClothTriangles::kNone, ClothTriangles::kNone});
    struct Edge {
        uint64_t key;   // (lower, higher) corner
        uint32_t triangle;
        uint8_t k;      // the corner opposite it
        bool forward;   // wound from the lower corner to the higher
        bool operator<(const Edge& o) const { return key != o.key ? key < o.key : triangle < o.triangle; }
    };
    std::vector<Edge> edges;
    edges.reserve(out.corners.size() * 3);
    for (uint32_t t = 0; t < out.corners.size(); ++t)
        for (uint8_t k = 0; k < 3; ++k) {
            const uint32_t a = out.corners[t][(k + 1) % 3], b = out.corners[t][(k + 2) % 3];
            edges.push_back({(uint64_t(std::min(a, b)) << 32) | std::max(a, b), t, k, a < b});
        }
    std::sort(edges.begin(), edges.end());
    for (size_t i = 0; i < edges.size();) {
        size_t j = i;
        while (j < edges.size() && edges[j].key == edges[i].key) ++j;
        if (j - i == 2) {
            const Edge &e = edges[i], &f = edges[i + 1];
            const uint32_t flipped = e.forward == f.forward ? ClothTriangles::kFlipped : 0u;  // same way: wound apart
            out.neighbours[e.triangle][e.k] = f.triangle | flipped;
            out.neighbours[f.triangle][f.k] = e.triangle | flipped;
        }
        i = j;
    }
    return out;
}

void follow_cloth_sides(std::span<const glm::vec3> x, const ClothTriangles& triangles, std::span<ClothSide> sides) {
#pragma omp parallel for schedule(static) if (sides.size() > 4096)
    for (std::ptrdiff_t s = 0; s < std::ptrdiff_t(sides.size()); ++s) {
        ClothSide& side = sides[size_t(s)];
        const glm::vec3 p = x[side.p];
        for (int step = 0; step < 8; ++step) {
            const auto& tri = triangles.corners[side.triangle];
            const glm::vec3 a = x[tri[0]], e1 = x[tri[1]] - a, e2 = x[tri[2]] - a, n = glm::cross(e1, e2);
            const float nn = glm::dot(n, n);
            if (!(nn > 1e-30f)) break;
            const glm::vec3 ap = p - a;
            const float v = glm::dot(glm::cross(ap, e2), n) / nn, w = glm::dot(glm::cross(e1, ap), n) / nn;
            const float weights[3] = {1.0f - v - w, v, w};
            const int k = int(std::min_element(weights, weights + 3) - weights);
            if (!(weights[k] < 0.0f)) break;  // over this one
            const uint32_t next = triangles.neighbours[side.triangle][size_t(k)];
            if (next == ClothTriangles::kNone) break;
            const uint32_t t = next & ~ClothTriangles::kFlipped;
            // Not round a fold or a rim's edge strip (the sheet ends there; beyond it may be p's
            // own sheet): the next triangle within 60 degrees of this one.
            const auto& to = triangles.corners[t];
            if (to[0] == side.p || to[1] == side.p || to[2] == side.p) break;
            const glm::vec3 m = glm::cross(x[to[1]] - x[to[0]], x[to[2]] - x[to[0]]);
            const float turn = glm::dot(n, m) * ((next & ClothTriangles::kFlipped) ? -1.0f : 1.0f);
            if (!(turn > 0.5f * std::sqrt(nn * glm::dot(m, m)))) break;
            side.triangle = t;
            side.a = to[0], side.b = to[1], side.c = to[2];
            if (next & ClothTriangles::kFlipped) side.gap = -side.gap;
        }
    }
}

std::vector<ClothSide> find_cloth_sides(std::span<const glm::vec3> rest, const ClothTriangles& cloth,
                                        std::span<const std::array<uint32_t, 2>> links,
                                        std::span<const uint32_t> indices, std::span<const uint32_t> particle) {
    const std::span<const std::array<uint32_t, 3>> triangles = cloth.corners;
    const size_t n = rest.size();
    std::vector<ClothSide> sides;
    if (triangles.empty() || links.empty()) return sides;
    double edge_sum = 0.0;
    for (const auto& [a, b] : links) {
        assert(a < n && b < n);
        edge_sum += double(glm::length(rest[a] - rest[b]));
    }
    const float reach = float(edge_sum / double(links.size()));
    if (!(reach > 0.0f) || !std::isfinite(reach)) return sides;
    // Neighbours by particle (compressed rows), and which particles are particles.
    std::vector<uint32_t> row(n + 1, 0), next;
    std::vector<uint8_t> is_particle(n, 0);
    for (const auto& [a, b] : links) ++row[a + 1], ++row[b + 1], is_particle[a] = is_particle[b] = 1;
    for (size_t i = 0; i < n; ++i) row[i + 1] += row[i];
    next.resize(row[n]);
    {
        std::vector<uint32_t> fill(row.begin(), row.end() - 1);
        for (const auto& [a, b] : links) next[fill[a]++] = b, next[fill[b]++] = a;
    }
    // Where the rest shape passes through itself, and two edges round it.
    std::vector<uint8_t> tangled(n, 0);
    for (const Crossing& crossing : self_crossings(rest, indices, particle)) {
        tangled[crossing.a] = tangled[crossing.b] = 1;
        for (uint32_t corner : crossing.triangle) tangled[corner] = 1;
    }
    for (int ring = 0; ring < 2; ++ring) {
        std::vector<uint8_t> grown = tangled;
        for (size_t v = 0; v < n; ++v)
            if (tangled[v])
                for (uint32_t i = row[v]; i < row[v + 1]; ++i) grown[next[i]] = 1;
        tangled = std::move(grown);
    }
    // Triangles binned in a grid of cells `reach` wide, by their bounding boxes (sorted (cell,
    // triangle) pairs); a triangle spanning more than 64 cells is left out (a sliver across the
    // garment lies over nothing a particle keeps a side of).
    const auto cell_of = [&](const glm::vec3& p) {
        return Cell{int32_t(std::floor(p.x / reach)), int32_t(std::floor(p.y / reach)), int32_t(std::floor(p.z / reach))};
    };
    std::vector<std::pair<uint64_t, uint32_t>> binned;
    binned.reserve(triangles.size() * 4);
    for (uint32_t t = 0; t < triangles.size(); ++t) {
        const auto& tri = triangles[t];
        const glm::vec3 lo = glm::min(glm::min(rest[tri[0]], rest[tri[1]]), rest[tri[2]]);
        const glm::vec3 hi = glm::max(glm::max(rest[tri[0]], rest[tri[1]]), rest[tri[2]]);
        if (!std::isfinite(lo.x + lo.y + lo.z + hi.x + hi.y + hi.z)) continue;
        const Cell a = cell_of(lo), b = cell_of(hi);
        if ((int64_t(b[0]) - a[0] + 1) * (int64_t(b[1]) - a[1] + 1) * (int64_t(b[2]) - a[2] + 1) > 64) continue;
        for (int32_t x = a[0]; x <= b[0]; ++x)
            for (int32_t y = a[1]; y <= b[1]; ++y)
                for (int32_t z = a[2]; z <= b[2]; ++z) binned.push_back({cell_key({x, y, z}), t});
    }
    std::sort(binned.begin(), binned.end());
    // Each occupied cell's range of `binned`.
    std::unordered_map<uint64_t, std::pair<uint32_t, uint32_t>> cells;
    cells.reserve(binned.size() / 2);
    for (uint32_t i = 0; i < binned.size();) {
        uint32_t j = i;
        while (j < binned.size() && binned[j].first == binned[i].first) ++j;
        cells.emplace(binned[i].first, std::pair{i, j});
        i = j;
    }

    std::vector<ClothSide> found(n, ClothSide{UINT32_MAX, 0, 0, 0, 0.0f, 0});
#pragma omp parallel for schedule(dynamic, 256)
    for (std::ptrdiff_t k = 0; k < std::ptrdiff_t(n); ++k) {
        const uint32_t p = uint32_t(k);
        if (!is_particle[p] || tangled[p]) continue;
        const glm::vec3 x = rest[p];
        if (!std::isfinite(x.x + x.y + x.z)) continue;
        // Is q within two edges of p (p itself included)?
        const auto joined = [&](uint32_t q) {
            if (q == p) return true;
            for (uint32_t i = row[p]; i < row[p + 1]; ++i) {
                const uint32_t r = next[i];
                if (r == q) return true;
                for (uint32_t j = row[r]; j < row[r + 1]; ++j)
                    if (next[j] == q) return true;
            }
            return false;
        };
        float best = reach;
        uint32_t best_triangle = UINT32_MAX;
        ClothSide side{UINT32_MAX, 0, 0, 0, 0.0f, 0};
        const Cell lo = cell_of(x - glm::vec3(reach)), hi = cell_of(x + glm::vec3(reach));
        for (int32_t cx = lo[0]; cx <= hi[0]; ++cx)
            for (int32_t cy = lo[1]; cy <= hi[1]; ++cy)
                for (int32_t cz = lo[2]; cz <= hi[2]; ++cz) {
                    const auto cell = cells.find(cell_key({cx, cy, cz}));
                    if (cell == cells.end()) continue;
                    for (uint32_t e = cell->second.first; e < cell->second.second; ++e) {
                        const uint32_t t = binned[e].second;
                        const auto& tri = triangles[t];
                        if (tangled[tri[0]] || tangled[tri[1]] || tangled[tri[2]]) continue;
                        const glm::vec3 a = rest[tri[0]], e1 = rest[tri[1]] - a, e2 = rest[tri[2]] - a;
                        const glm::vec3 normal = glm::cross(e1, e2);
                        const float nn = glm::dot(normal, normal);
                        if (!(nn > 0.0f)) continue;
                        const glm::vec3 ap = x - a;
                        const float gap = glm::dot(ap, normal) / std::sqrt(nn);
                        // The nearest; among equals (over a shared edge) the lower triangle.
                        const float away = std::abs(gap);
                        if (!(away > reach / 50.0f) || away > best || (away == best && t >= best_triangle)) continue;
                        const float v = glm::dot(glm::cross(ap, e2), normal) / nn;
                        const float w = glm::dot(glm::cross(e1, ap), normal) / nn;
                        if (v < 0.0f || w < 0.0f || v + w > 1.0f) continue;  // beside it, not over it
                        if (joined(tri[0]) || joined(tri[1]) || joined(tri[2])) continue;
                        best = away;
                        best_triangle = t;
                        side = {p, tri[0], tri[1], tri[2], gap, t};
                    }
                }
        found[p] = side;
    }
    for (const ClothSide& side : found)
        if (side.p != UINT32_MAX) sides.push_back(side);
    return sides;
}

}  // namespace twinshoot::asset
