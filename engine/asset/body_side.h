// The side of the body loose cloth hangs on, and keeping it there once posed.
//
// Loose fabric takes blended weights (garment_fit.h: a skirt's front those of the hips and both
// thighs), so a limb that swings far moves farther than the cloth over it and can pass through it:
// walking, the forward knee ends in front of a bell skirt's front (Xbot in MakeHuman's elegant
// suit: 5-13 cm, docs/garments.md). The points then inside the limb went to their nearest way out,
// often behind it; those the limb has passed entirely are not inside at all. Either way the limb
// showed through the cloth, and the settle, which keeps cloth out of the body one contact at a
// time, cannot bring a sheet back across a limb.
//
// A BodySide is where a cloth point lay against the body at rest: its closest point on the rest
// surface (a triangle and barycentric weights) and its offset from there in that triangle's frame
// (edge, normal, and their cross product). Posed, the triangle's frame carries the offset round
// with the body (posed_sides): the body point, and the direction to the side the cloth hung on.
// return_to_sides takes the points a limb passed back there.
//
// Lengths in the model's units. Pure functions of their inputs; each point reads and writes only
// itself, so the result does not depend on the number of threads.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <glm/glm.hpp>

#include "asset/garment_fit.h"
#include "asset/model.h"

namespace twinshoot::asset {

struct BodySide {
    uint32_t triangle = 0;
    glm::vec3 barycentric{1.0f, 0.0f, 0.0f};
    glm::vec3 local{0.0f};  // the offset in the triangle's frame; 0: no side (on the body, or a degenerate triangle)
};

// Per cloth point, its side of the rest body (`rest_body`'s surface). A point within `min_gap` of
// the body, on it, has none: its offset gives no direction worth keeping.
std::vector<BodySide> body_sides(const SurfaceIndex& rest_body, std::span<const glm::vec3> cloth, float min_gap);

struct PosedSide {
    glm::vec3 point{0.0f};      // the body point the cloth hung on, posed
    glm::vec3 direction{0.0f};  // unit, towards the cloth's side; 0: none
    float gap = 0.0f;           // how far from the body point the cloth hung at rest
};
// The sides on the body posed: `posed_body` has the rest surface's triangles, its vertices moved.
std::vector<PosedSide> posed_sides(std::span<const BodySide> sides, const Surface& posed_body);

// Each point its side's body point has passed (more than `through` behind the plane through that
// point across the side's direction: a limb swung through the cloth), or inside the posed body with
// its nearest way out (SurfaceIndex::behind) turned more than 60° from its side, goes back to where
// it hung: its body point, `gap` (at least `offset`) along its side, where that lies outside the
// body and within `reach` of the point. Cloth a limb swung into or through is left on the side it
// hung on, not sent out behind the limb; cloth whose body point now lies against another part (an
// armpit's, the arm lowered onto the torso) is left for resolve_penetration. `cloth` and `sides`
// have one entry per point, `body` is the posed body. Returns how many went back.
size_t return_to_sides(std::vector<Vertex>& cloth, std::span<const PosedSide> sides, const SurfaceIndex& body,
                       float offset, float through, float reach);

}  // namespace twinshoot::asset
