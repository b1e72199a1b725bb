// Sheets of one garment that lie on each other in its draped rest shape — a hem's facing turned
// under the skirt, the inside of a waistband, a collar over the neckline, the two sides of a pleat —
// and which side of the other each keeps. Skinning passes such sheets through each other (the demo
// slip dress walking: 200 edges through itself, mostly where its hem and neckline are faced), and a
// contact with the body or a layer under it can push the facing out through the sheet over it; the
// settle holds every such particle on its rest side of the triangle it lay over, at least as far
// off it as it was at rest or the cloth's thickness, whichever is less (ClothSide, solve_cloth_side),
// and moves the pair to the triangle under the particle as the sheets slide (follow_cloth_sides).
// Sheets apart at rest (a skirt's front and back between the legs) are not paired: which side they
// keep is not known from the rest shape (docs/garments.md, "Layered sheets of one garment").
//
// Units: the rest shape's. Deterministic, and the same on any number of threads.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include <glm/glm.hpp>

namespace twinshoot::asset {

// Particle `p` lies over the triangle (a, b, c) (its foot on the triangle's plane falls inside
// it), `gap` from that plane at rest (model units, signed along the triangle's normal as wound: its
// sign is the side p keeps), `triangle` that triangle's number in the cloth's triangles.
struct ClothSide {
    uint32_t p, a, b, c;
    float gap;
    uint32_t triangle;
};

// The cloth's triangles by particle, and each one's neighbour across the edge opposite its corner
// k (UINT32_MAX at a rim or where more than two triangles meet), with kFlipped set where that
// neighbour is wound the other way.
struct ClothTriangles {
    static constexpr uint32_t kFlipped = 0x80000000u, kNone = UINT32_MAX;
    std::vector<std::array<uint32_t, 3>> corners;
    std::vector<std::array<uint32_t, 3>> neighbours;
};
ClothTriangles cloth_triangles(std::vector<std::array<uint32_t, 3>> corners);

// Every particle's nearest triangle it lies over, closer than the mean edge length (the sheets of
// one garment lie on each other; farther apart they are separate parts of it), among triangles
// with no corner within two edges of it (the cloth round a fold joins the sheets on either side)
// and farther than 1/50 of that from its plane (a rest shape through itself has no side to keep).
// Nor where the rest shape passes through itself (a garment carried onto another body, sewn-on
// pieces as some tools author them): no particle within two edges of an edge crossing the cloth or
// of a triangle crossed keeps a side, and no triangle with a corner there is one to keep a side of
// (its side is as likely wrong as right: held, it pushes the sheets deeper through each other).
// `rest` per particle (vertices that are not particles are ignored), `links` the edges between
// particles (ClothTopology::stretch's ends), `indices` the rest mesh's triangles (by vertex) and
// `particle` per vertex, for asset::self_crossings.
std::vector<ClothSide> find_cloth_sides(std::span<const glm::vec3> rest, const ClothTriangles& triangles,
                                        std::span<const std::array<uint32_t, 2>> links,
                                        std::span<const uint32_t> indices, std::span<const uint32_t> particle);

// As sheets slide over each other, each side's triangle is moved to the one its particle's foot
// now lies over, walking from the one it had across the edge its foot lies beyond (at most 8
// triangles; not past a rim), its gap's sign turned where the walk crossed into a triangle wound
// the other way. Independent per side; `x` per particle.
void follow_cloth_sides(std::span<const glm::vec3> x, const ClothTriangles& triangles, std::span<ClothSide> sides);

// One step of the side constraint for unit masses, in place on `x`: where p has come nearer the
// triangle's plane than `held` on its side, or crossed it by less than `reach` (farther, it went
// round the sheet's edge and the pair no longer says which side it is on), while its foot lies
// within the triangle widened by a quarter of it, p and the triangle's corners (by the foot's
// weights) are moved apart along the normal until it is `held` off (XPBD with no compliance; the
// point-triangle gradient of Müller et al. 2007 with the normal held fixed). The GPU solver
// (shaders/cloth.comp) does the same arithmetic.
inline void solve_cloth_side(std::span<glm::vec3> x, const ClothSide& side, float held, float reach) {
    const glm::vec3 a = x[side.a], b = x[side.b], c = x[side.c], p = x[side.p];
    const glm::vec3 e1 = b - a, e2 = c - a, n = glm::cross(e1, e2);
    const float nn = glm::dot(n, n);
    if (!(nn > 1e-30f)) return;
    // The foot's weights: (u, v, w) of (a, b, c), from the areas p's projection makes.
    const glm::vec3 ap = p - a;
    const float v = glm::dot(glm::cross(ap, e2), n) / nn, w = glm::dot(glm::cross(e1, ap), n) / nn, u = 1.0f - v - w;
    if (u < -0.25f || v < -0.25f || w < -0.25f) return;
    const glm::vec3 normal = n * (1.0f / std::sqrt(nn)) * (side.gap < 0.0f ? -1.0f : 1.0f);
    const float along = glm::dot(ap, normal);  // the foot lies in the plane, so this is p's height over it
    if (along >= held || along < -reach) return;
    const float cu = std::max(u, 0.0f), cv = std::max(v, 0.0f), cw = std::max(w, 0.0f);
    const float sum = cu + cv + cw, iu = cu / sum, iv = cv / sum, iw = cw / sum;
    const float lambda = (held - along) / (1.0f + iu * iu + iv * iv + iw * iw);
    x[side.p] = p + lambda * normal;
    x[side.a] = a - (lambda * iu) * normal;
    x[side.b] = b - (lambda * iv) * normal;
    x[side.c] = c - (lambda * iw) * normal;
}

}  // namespace twinshoot::asset
