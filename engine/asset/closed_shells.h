// Closed shells of a surface that overlap one another: what makes "inside" a union of parts.
//
// Game and scanned bodies are often several closed pieces that pass through each other (Mixamo's
// Xbot: 95 plates and joint balls; eyes in a head; a helmet on a skull). For one closed shell, a
// point lies inside it when it is behind the shell's nearest point. For a union of shells that
// test fails where they overlap: a point inside a knee ball but nearer the leg plate inside that
// ball is behind the ball yet in front of the plate. The surface index (garment_fit.h) therefore
// also asks each shell whose bounds hold the point.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "asset/model.h"

namespace twinshoot::asset {

struct ClosedShell {
    std::vector<uint32_t> triangles;  // triangle numbers (index / 3) in the surface's index list
    Aabb bounds;                      // in the surface's units
};

// The connected pieces of the triangle list that are closed — no edge with a single triangle —,
// with their bounds. Vertices within a millionth of the surface's size are welded first, so UV and
// normal seams do not split a piece. Which triangles make a piece depends on the topology only:
// find them once (on the rest pose) for a surface posed many times. Indices out of range are ignored.
std::vector<ClosedShell> closed_pieces(std::span<const Vertex> vertices, std::span<const uint32_t> indices);

// Of `pieces` (closed_pieces of this triangle list, found on any pose of it), those whose bounds in
// `vertices` overlap the bounds of another, with those bounds. Empty for fewer than two pieces, or
// pieces apart from one another: there the nearest-point test alone is right. A piece with a
// triangle out of this surface's range (pieces of another triangle list) is left out.
std::vector<ClosedShell> overlapping_shells(std::span<const ClosedShell> pieces, std::span<const Vertex> vertices,
                                            std::span<const uint32_t> indices);

// Both at once, for a surface indexed once.
std::vector<ClosedShell> overlapping_closed_shells(std::span<const Vertex> vertices, std::span<const uint32_t> indices);

}  // namespace twinshoot::asset
