// ClosestPointIndex: the nearest point on a triangle mesh, through Embree's bounding volume
// hierarchy (Debian's libembree-dev, `rtcPointQuery`) with an exact point-triangle test at its
// leaves. Built once per (posed) surface; positions are copied in and later changes to the mesh are
// not followed. Queries are const and may run on many threads at once.
//
// Answers are those of testing every triangle in order: the distance is the smallest over all
// triangles and, among triangles at the same distance (a shared edge or corner), the lowest
// triangle number wins — whatever the tree's shape, so on every machine (Embree builds other trees
// for other instruction sets) and on the fallback below. Triangles with a corner that is not a
// finite number of magnitude under 1.844e18 are never an answer (Embree leaves such primitives out
// of its tree; the fallback skips them too); zero-area ones (points, segments) are kept.
//
// Memory is linear in the triangles whatever their sizes and spread: Embree's copy of the vertices
// and indices, its nodes and leaves, and one 36-byte record of corners per triangle here.
#pragma once

#include <glm/glm.hpp>

#include <memory>
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
    enum class Search { Tree, EveryTriangle };
    // Indices must lie within `positions` (asserted). Where Embree cannot make its device or build
    // (out of memory), the index tests every triangle: the same answers, slower.
    // `Search::EveryTriangle` asks for that from the start (tests compare the two).
    ClosestPointIndex(std::span<const glm::vec3> positions, std::span<const uint32_t> indices,
                      Search search = Search::Tree);
    ~ClosestPointIndex();
    ClosestPointIndex(ClosestPointIndex&&) noexcept;
    ClosestPointIndex& operator=(ClosestPointIndex&&) noexcept;

    // The closest point, when one lies within `max_distance`; otherwise none (distance = +infinity).
    // A bound keeps queries far from the surface cheap. A query point that is not a number finds none.
    ClosestHit closest(const glm::vec3& p, float max_distance = 1e30f) const;

    // The first triangle the ray origin + t * direction meets with t in [t_near, t_far]: its
    // distance t along the ray (in units of |direction|) and its triangle number; none (distance =
    // +infinity) when it meets none. Through Embree's tree (robust traversal: a ray through a shared
    // edge meets one of its triangles), or every triangle in order where there is none; the two can
    // differ in the last bits of t.
    ClosestHit first_hit(const glm::vec3& origin, const glm::vec3& direction, float t_near, float t_far) const;

    size_t triangles() const { return m_corners.size() / 3; }

private:
    struct Scene;
    std::vector<glm::vec3> m_corners;  // a, b, c of triangle t at 3t .. 3t + 2
    std::unique_ptr<Scene> m_scene;    // null: no triangles, or Embree could not build
};

// Closest point to p on triangle abc, with barycentric weights (Ericson, Real-Time Collision Detection).
glm::vec3 closest_on_triangle(const glm::vec3& p, const glm::vec3& a, const glm::vec3& b, const glm::vec3& c,
                              glm::vec3& barycentric);

}  // namespace twinshoot::asset
