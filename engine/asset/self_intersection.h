// Self-intersection of a cloth surface: where a garment passes through itself (a skirt's front
// through its back between the legs, a fold of the lap through the sheet under it, a hem's facing
// through the sheet it is turned under). Drawn, it shows as the inside of the cloth poking through
// its outside.
//
// An edge of the surface crosses it where the segment between its two ends passes through the
// interior of a triangle that shares no particle with it (a particle: the vertices at one rest
// position, ClothTopology::particle(), so a seam or a hem strip is one surface). Each crossing
// edge is counted once, however many triangles it pierces; a closed surface passing through
// another sheet crosses it along a line, so the count grows with the length of that line over the
// edge length.
//
// Units: any (positions and the result's points are in the caller's). Deterministic, and the same
// on any number of threads.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <glm/glm.hpp>

namespace twinshoot::asset {

struct SelfIntersection {
    size_t crossing_edges = 0;   // edges (by particle pair) that pierce a triangle of the surface
    size_t edges = 0;            // edges tested (by particle pair, each once)
};

// `positions` one per vertex, `indices` triangles into them, `particle` one entry per vertex
// (asset::colocated_representatives or ClothTopology::particle()). Triangles with an index out of
// range or a degenerate shape are skipped.
SelfIntersection self_intersection(std::span<const glm::vec3> positions, std::span<const uint32_t> indices,
                                   std::span<const uint32_t> particle);

// The crossings self_intersection counts: each crossing edge (its particles, lower first) with the
// corners (particles) of one triangle it passes through, in edge order.
struct Crossing {
    uint32_t a, b;
    std::array<uint32_t, 3> triangle;
};
std::vector<Crossing> self_crossings(std::span<const glm::vec3> positions, std::span<const uint32_t> indices,
                                     std::span<const uint32_t> particle);

// Two surfaces through each other (an outer garment and one under it): the edges of either that
// pass through a triangle of the other, each edge counted once (`edges`: the edges of both).
// Drawn, the inner cloth shows through the outer. Each surface's `particle` as above.
SelfIntersection layer_intersection(std::span<const glm::vec3> outer, std::span<const uint32_t> outer_indices,
                                    std::span<const uint32_t> outer_particle, std::span<const glm::vec3> inner,
                                    std::span<const uint32_t> inner_indices, std::span<const uint32_t> inner_particle);

}  // namespace twinshoot::asset
