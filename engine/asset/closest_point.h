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
    ClosestPointIndex(std::span<const glm::vec3> positions, std::span<const uint32_t> indices, float cell);

    // The closest point, when one lies within `max_distance`; otherwise a hit farther than
    // `max_distance` or none (distance = +infinity): check the distance. A bound keeps queries far
    // from the surface cheap.
    ClosestHit closest(const glm::vec3& p, float max_distance = 1e30f) const;
    std::span<const uint32_t> indices() const { return m_indices; }

private:
    // A triangle's corners, bounds and number, copied into each cell it overlaps: a query reads its
    // cells' triangles in order, one cache line each, and rejects most by their bounds before the
    // exact test.
    struct Triangle {
        glm::vec3 a, b, c, lo, hi;
        uint32_t id;
    };
    std::vector<uint32_t> m_indices;
    glm::vec3 m_min{0.0f};
    glm::ivec3 m_dims{1};
    float m_cell = 1.0f;
    std::vector<uint32_t> m_cell_start;  // CSR layout: triangles of cell c are m_items[start[c]..start[c+1])
    std::vector<Triangle> m_items;
};

// Closest point to p on triangle abc, with barycentric weights (Ericson, Real-Time Collision Detection).
glm::vec3 closest_on_triangle(const glm::vec3& p, const glm::vec3& a, const glm::vec3& b, const glm::vec3& c,
                              glm::vec3& barycentric);

}  // namespace twinshoot::asset
