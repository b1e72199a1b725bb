#include "asset/body_side.h"

#include <algorithm>
#include <cassert>
#include <cstddef>

namespace twinshoot::asset {
namespace {

struct Frame {
    glm::vec3 edge, across, normal;
};

// The frame of a triangle (a, b, c): along a-b, across it in its plane, and its normal; false for
// a degenerate triangle.
bool triangle_frame(const glm::vec3& a, const glm::vec3& b, const glm::vec3& c, Frame& frame) {
    const glm::vec3 ab = b - a;
    const glm::vec3 n = glm::cross(ab, c - a);
    const float ab_length = glm::length(ab), n_length = glm::length(n);
    if (!(ab_length > 0.0f) || !(n_length > 1e-12f * ab_length * ab_length)) return false;
    frame.edge = ab / ab_length;
    frame.normal = n / n_length;
    frame.across = glm::cross(frame.normal, frame.edge);
    return true;
}

bool frame_of(const Surface& surface, uint32_t triangle, Frame& frame) {
    const uint32_t* t = &surface.indices[size_t(triangle) * 3];
    return triangle_frame(surface.vertices[t[0]].position, surface.vertices[t[1]].position,
                          surface.vertices[t[2]].position, frame);
}

}  // namespace

std::vector<BodySide> body_sides(const SurfaceIndex& rest_body, std::span<const glm::vec3> cloth, float min_gap) {
    std::vector<BodySide> sides(cloth.size());
    const Surface& surface = rest_body.surface();
#pragma omp parallel for schedule(dynamic, 256)
    for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(cloth.size()); ++i) {
        BodySide& side = sides[size_t(i)];
        const ClosestHit hit = rest_body.closest(cloth[size_t(i)]);
        side.triangle = hit.triangle;
        side.barycentric = hit.barycentric;
        const glm::vec3 offset = cloth[size_t(i)] - hit.point;
        Frame frame;
        if (!(glm::length(offset) > min_gap) || !frame_of(surface, hit.triangle, frame)) continue;
        side.local = {glm::dot(offset, frame.edge), glm::dot(offset, frame.across), glm::dot(offset, frame.normal)};
    }
    return sides;
}

std::vector<PosedSide> posed_sides(std::span<const BodySide> sides, const Surface& posed_body) {
    std::vector<PosedSide> out(sides.size());
    for (size_t i = 0; i < sides.size(); ++i) {
        const BodySide& side = sides[i];
        const uint32_t* t = &posed_body.indices[size_t(side.triangle) * 3];
        out[i].point = side.barycentric.x * posed_body.vertices[t[0]].position +
                       side.barycentric.y * posed_body.vertices[t[1]].position +
                       side.barycentric.z * posed_body.vertices[t[2]].position;
        Frame frame;
        if (side.local == glm::vec3(0.0f) || !frame_of(posed_body, side.triangle, frame)) continue;
        const glm::vec3 d = side.local.x * frame.edge + side.local.y * frame.across + side.local.z * frame.normal;
        out[i].direction = glm::normalize(d);
        out[i].gap = glm::length(side.local);
    }
    return out;
}

size_t return_to_sides(std::vector<Vertex>& cloth, std::span<const PosedSide> sides, const SurfaceIndex& body,
                       float offset, float through, float reach) {
    assert(cloth.size() == sides.size());
    constexpr float kTurn = 0.5f;  // cos 60°
    size_t moved = 0;
#pragma omp parallel for schedule(dynamic, 256) reduction(+ : moved)
    for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(cloth.size()); ++i) {
        const PosedSide& side = sides[size_t(i)];
        if (side.direction == glm::vec3(0.0f)) continue;
        glm::vec3& p = cloth[size_t(i)].position;
        const float depth = glm::dot(p - side.point, side.direction);
        // As far out as it hung or farther, it is not in the limb it hung on (the nearest-point
        // query, the cost here, is not made for it).
        if (depth >= side.gap) continue;
        const bool passed = depth < -through;
        glm::vec3 q, normal;
        if (!passed && !(body.behind(p, q, normal) && glm::dot(normal, side.direction) < kTurn)) continue;
        const glm::vec3 hung = side.point + std::max(side.gap, offset) * side.direction;
        if (glm::length(hung - p) > reach || body.inside(hung)) continue;
        p = hung;
        ++moved;
    }
    return moved;
}

}  // namespace twinshoot::asset
