#include "asset/closest_point.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace twinshoot::asset {

glm::vec3 closest_on_triangle(const glm::vec3& p, const glm::vec3& a, const glm::vec3& b, const glm::vec3& c,
                              glm::vec3& bary) {
    const glm::vec3 ab = b - a, ac = c - a, ap = p - a;
    const float d1 = glm::dot(ab, ap), d2 = glm::dot(ac, ap);
    if (d1 <= 0 && d2 <= 0) return bary = {1, 0, 0}, a;
    const glm::vec3 bp = p - b;
    const float d3 = glm::dot(ab, bp), d4 = glm::dot(ac, bp);
    if (d3 >= 0 && d4 <= d3) return bary = {0, 1, 0}, b;
    const float vc = d1 * d4 - d3 * d2;
    if (vc <= 0 && d1 >= 0 && d3 <= 0) {
        const float v = d1 / (d1 - d3);
        return bary = {1 - v, v, 0}, a + v * ab;
    }
    const glm::vec3 cp = p - c;
    const float d5 = glm::dot(ab, cp), d6 = glm::dot(ac, cp);
    if (d6 >= 0 && d5 <= d6) return bary = {0, 0, 1}, c;
    const float vb = d5 * d2 - d1 * d6;
    if (vb <= 0 && d2 >= 0 && d6 <= 0) {
        const float w = d2 / (d2 - d6);
        return bary = {1 - w, 0, w}, a + w * ac;
    }
    const float va = d3 * d6 - d5 * d4;
    if (va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0) {
        const float w = (d4 - d3) / ((d4 - d3) + (d5 - d6));
        return bary = {0, 1 - w, w}, b + w * (c - b);
    }
    const float denom = 1.0f / (va + vb + vc);
    const float v = vb * denom, w = vc * denom;
    return bary = {1 - v - w, v, w}, a + ab * v + ac * w;
}

ClosestPointIndex::ClosestPointIndex(std::span<const glm::vec3> positions, std::span<const uint32_t> indices, float cell) {
    const size_t triangles = positions.empty() ? 0 : indices.size() / 3;
    assert(triangles < (size_t(1) << 32));
    glm::vec3 lo(1e30f), hi(-1e30f);
    m_triangles.resize(triangles);
    for (size_t t = 0; t < triangles; ++t) {
        Triangle& tri = m_triangles[t];
        assert(indices[t * 3] < positions.size() && indices[t * 3 + 1] < positions.size() && indices[t * 3 + 2] < positions.size());
        tri.a = positions[indices[t * 3]], tri.b = positions[indices[t * 3 + 1]], tri.c = positions[indices[t * 3 + 2]];
        tri.lo = glm::min(tri.a, glm::min(tri.b, tri.c)), tri.hi = glm::max(tri.a, glm::max(tri.b, tri.c));
        lo = glm::min(lo, tri.lo), hi = glm::max(hi, tri.hi);
    }
    // No triangle, or bounds that are not numbers: one cell holds every triangle (right, if slow).
    bool finite = true;
    for (int a = 0; a < 3; ++a) finite = finite && std::isfinite(lo[a]) && std::isfinite(hi[a]) && lo[a] <= hi[a];
    if (triangles == 0 || !finite) lo = hi = glm::vec3(0.0f);
    const glm::vec3 extent = hi - lo;
    const float largest = std::max(extent.x, std::max(extent.y, extent.z));
    m_cell = (std::isfinite(cell) && cell > 0.0f) ? cell : std::max(largest, 1e-6f);
    if (!finite) m_cell = 1.0f;

    // Coarsen until the cells and the entries fit the budget (counted in floating point and size_t:
    // a tiny cell on a large mesh must not overflow before it is refused).
    const size_t budget = std::min(entry_budget(triangles), size_t(std::numeric_limits<uint32_t>::max()) - 1);
    auto cells_along = [&](float c) { return glm::max(glm::ceil(extent / c + 0.5f) + 1.0f, glm::vec3(1.0f)); };
    for (;;) {
        const glm::vec3 along = cells_along(m_cell);
        const double cells = double(along.x) * along.y * along.z;
        if (cells > double(budget)) {
            m_cell *= std::max(1.25f, float(std::cbrt(cells / double(budget))));
            continue;
        }
        m_min = lo - glm::vec3(m_cell * 0.5f);
        m_dims = glm::ivec3(along);
        size_t entries = 0;
        for (const Triangle& tri : m_triangles) {
            const glm::ivec3 n = cell_of(tri.hi) - cell_of(tri.lo) + 1;
            entries += size_t(n.x) * size_t(n.y) * size_t(n.z);
            if (entries > budget) break;
        }
        if (entries <= budget) break;
        m_cell *= 1.5f;
    }

    const size_t cells = size_t(m_dims.x) * m_dims.y * m_dims.z;
    auto flat = [&](int x, int y, int z) { return (size_t(z) * m_dims.y + y) * m_dims.x + x; };
    std::vector<uint32_t> counts(cells + 1, 0);
    auto for_cells = [&](size_t t, auto&& fn) {
        const glm::ivec3 c0 = cell_of(m_triangles[t].lo), c1 = cell_of(m_triangles[t].hi);
        for (int z = c0.z; z <= c1.z; ++z)
            for (int y = c0.y; y <= c1.y; ++y)
                for (int x = c0.x; x <= c1.x; ++x) fn(flat(x, y, z));
    };
    for (size_t t = 0; t < triangles; ++t) for_cells(t, [&](size_t c) { ++counts[c + 1]; });
    for (size_t c = 0; c < cells; ++c) counts[c + 1] += counts[c];
    m_cell_start = counts;
    m_items.resize(counts[cells]);
    std::vector<uint32_t> fill(counts.begin(), counts.end() - 1);
    for (size_t t = 0; t < triangles; ++t) for_cells(t, [&](size_t c) { m_items[fill[c]++] = uint32_t(t); });
}

glm::ivec3 ClosestPointIndex::cell_of(const glm::vec3& p) const {
    glm::ivec3 at;
    for (int a = 0; a < 3; ++a) {
        const float v = (p[a] - m_min[a]) / m_cell;
        at[a] = v >= 0.0f ? (v < float(m_dims[a] - 1) ? int(v) : m_dims[a] - 1) : 0;  // NaN: cell 0
    }
    return at;
}

ClosestHit ClosestPointIndex::closest(const glm::vec3& p, float max_distance) const {
    ClosestHit best;
    best.distance = std::numeric_limits<float>::infinity();  // none found (yet)
    const glm::ivec3 centre = cell_of(p);
    const glm::vec3 centre_lo = m_min + glm::vec3(centre) * m_cell;  // p's own cell (p may lie outside the grid)
    const int max_ring = std::max(m_dims.x, std::max(m_dims.y, m_dims.z));
    const float bound = std::min(max_distance, 1e15f);
    // Nothing beyond the bound is wanted: cells and triangles farther than it are never tested (a
    // bounded query far from the surface ends with nothing tested exactly).
    float best_sq = std::nextafter(bound * bound, std::numeric_limits<float>::infinity());
    for (int ring = 0; ring <= max_ring; ++ring) {
        // Every cell outside rings 0..ring-1 lies beyond a face of their box; a face with no grid
        // cell beyond it does not count (nothing there). p is inside the box along every axis that
        // still has cells on both sides (it may lie off the grid where the centre was clamped).
        if (ring > 0) {
            const glm::vec3 lo = centre_lo - float(ring - 1) * m_cell, hi = centre_lo + float(ring) * m_cell;
            float reach = 1e30f;
            for (int a = 0; a < 3; ++a) {
                if (centre[a] - (ring - 1) > 0) reach = std::min(reach, p[a] - lo[a]);
                if (centre[a] + (ring - 1) < m_dims[a] - 1) reach = std::min(reach, hi[a] - p[a]);
            }
            if (reach >= std::min(best.distance, bound)) break;  // (infinite reach: every cell seen)
        }
        const glm::ivec3 lo = glm::max(centre - ring, glm::ivec3(0)), hi = glm::min(centre + ring, m_dims - 1);
        for (int z = lo.z; z <= hi.z; ++z)
            for (int y = lo.y; y <= hi.y; ++y) {
                // The shell of this ring only: on a row inside the cube in y and z, its two ends.
                const bool face = std::abs(z - centre.z) == ring || std::abs(y - centre.y) == ring;
                const int step = face ? 1 : std::max(2 * ring, 1);
                for (int x = face ? lo.x : centre.x - ring; x <= hi.x; x += step) {
                    if (x < lo.x) continue;  // the row's near end lies off the grid
                    // A cell farther than the best so far (or the bound) holds no closer point of its own.
                    const glm::vec3 cell_lo = m_min + glm::vec3(x, y, z) * m_cell;
                    const glm::vec3 out = glm::max(glm::max(cell_lo - p, p - (cell_lo + m_cell)), glm::vec3(0.0f));
                    if (glm::dot(out, out) >= best_sq) continue;
                    const size_t c = (size_t(z) * m_dims.y + y) * m_dims.x + x;
                    for (uint32_t k = m_cell_start[c]; k < m_cell_start[c + 1]; ++k) {
                        const uint32_t t = m_items[k];
                        const Triangle& tri = m_triangles[t];
                        // The bounds are no farther than the triangle: beyond the best, it cannot be
                        // closer (the answer is that of testing every triangle, up to rounding).
                        const glm::vec3 off = glm::max(glm::max(tri.lo - p, p - tri.hi), glm::vec3(0.0f));
                        if (glm::dot(off, off) >= best_sq) continue;
                        glm::vec3 bary;
                        const glm::vec3 q = closest_on_triangle(p, tri.a, tri.b, tri.c, bary);
                        const float dist_sq = glm::dot(p - q, p - q);
                        if (dist_sq < best_sq) best_sq = dist_sq, best = {t, bary, q, std::sqrt(dist_sq)};
                    }
                }
            }
    }
    return best;
}

}  // namespace twinshoot::asset
