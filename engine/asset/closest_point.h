// ClosestPointIndex: nearest point on a triangle mesh, through a uniform grid of triangle bounds.
// Built once per (posed) surface; queries search rings of cells outwards until no closer triangle
// can exist. Positions are copied in; the index does not follow later changes to the mesh.
#pragma once

#include <glm/glm.hpp>

#include <span>
#include <vector>

namespace twinshoot::asset {

struct ClosestHit {
    uint32_t triangle = 0;
    glm::vec3 barycentric{1, 0, 0};  // weights of the triangle's three vertices
    glm::vec3 point{0.0f};
    float distance = 0.0f;
};

class ClosestPointIndex {
public:
    // `cell` is the grid spacing in the mesh's units; about twice the mean edge length works well.
    // The grid is coarsened as needed so that its cells and its (triangle, cell) entries each stay
    // within `entry_budget(triangles)`: memory is linear in the triangles whatever the mesh (a few
    // huge triangles among small ones, slivers, a tiny cell), and only queries get slower.
    // Indices must lie within `positions`.
    ClosestPointIndex(std::span<const glm::vec3> positions, std::span<const uint32_t> indices, float cell);

    // The closest point, when one lies within `max_distance`; otherwise none (distance = +infinity).
    // A bound keeps queries far from the surface cheap. Among triangles at the same distance, the
    // first found wins (deterministic for a given index).
    ClosestHit closest(const glm::vec3& p, float max_distance = 1e30f) const;

    // The spacing used: the one asked for, coarser where the budget required it (the mesh's largest
    // extent where the one asked for is not a positive number; 1 where the bounds are not finite).
    float cell() const { return m_cell; }
    size_t entries() const { return m_items.size(); }  // (triangle, cell) pairs held
    static size_t entry_budget(size_t triangles) { return 16 * triangles + 4096; }

private:
    // A triangle's corners and bounds, side by side: a query rejects a triangle by its bounds
    // before the exact test, and reads one cache line instead of three vertex lookups.
    struct alignas(64) Triangle {
        glm::vec3 a, b, c, lo, hi;
    };
    static_assert(sizeof(Triangle) == 64);
    glm::ivec3 cell_of(const glm::vec3& p) const;  // clamped to the grid
    std::vector<Triangle> m_triangles;
    glm::vec3 m_min{0.0f};
    glm::ivec3 m_dims{1};
    float m_cell = 1.0f;
    std::vector<uint32_t> m_cell_start;  // CSR layout: triangles of cell c are m_items[start[c]..start[c+1])
    std::vector<uint32_t> m_items;
};

// Closest point to p on triangle abc, with barycentric weights (Ericson, Real-Time Collision Detection).
glm::vec3 closest_on_triangle(const glm::vec3& p, const glm::vec3& a, const glm::vec3& b, const glm::vec3& c,
                              glm::vec3& barycentric);

}  // namespace twinshoot::asset
