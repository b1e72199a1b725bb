// Body cover: which parts of a twin's body its garments hide from view, so that a shot does not
// draw skin that the cloth covers. Posed garments are kept outside the body by moving their
// vertices (asset/garment_fit.h), not the triangles between them, so a posed body can poke through
// a tight garment in specks between its vertices (a hip through a walking dress); skin the cloth
// covers is not drawn, as games hide the body under clothing, and the specks cannot appear.
// Decided in the rest pose, on the garments' collision-free rest shapes: each garment's cover once
// per twin × garment (scene/garment_binding.h), the margin once per set of garments
// (scene::Dressing); the fit measures (inside the body, strain, gap) are not affected.
//
// A body vertex is covered when the ray from it along its normal meets a garment within `reach`
// (under a hole in the cloth or past its edge it does not; sphere-traced against the garment's
// closest points, a hit is a point within `touching` of the cloth). Covered
// vertices within `margin` of an uncovered one stay shown, so an edge or a hole can move a little
// over the skin when posed without opening a gap. A triangle is hidden when its three vertices are.
// Lengths are in the model's units (scale them by its metre).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "asset/garment_fit.h"

namespace twinshoot::asset {

struct BodyCoverOptions {
    // The farthest the cloth may lie off the skin and hide it: tight cloth, where a posed body can
    // poke through; the skin under loose fabric (a skirt over the thighs) stays drawn.
    float reach = 0.03f;
    float margin = 0.03f;     // covered skin this close to uncovered skin stays shown (0: none)
    float touching = 0.002f;  // a ray point this close to the cloth meets it
};

// Per body vertex, 1 where the garments hide it. A vertex with no usable normal is never hidden.
// The same as hidden_body_vertices of the union of body_covered_by for each garment (for a set
// found at once, as tests do).
std::vector<uint8_t> covered_body_vertices(const Surface& body, std::span<const Surface> garments,
                                           const BodyCoverOptions& options = {});

// The two halves, so that a garment's cover is found once and sets of garments are composed
// (scene/garment_binding.h): per body vertex, 1 where the ray along its normal meets `garment`
// within `reach`; then, for the union of such flags (`covered`, one per body vertex), the
// vertices hidden once the margin next to uncovered skin is kept shown.
std::vector<uint8_t> body_covered_by(const Surface& body, const Surface& garment, const BodyCoverOptions& options = {});
std::vector<uint8_t> hidden_body_vertices(const Surface& body, std::span<const uint8_t> covered,
                                          const BodyCoverOptions& options = {});

// The triangles of `indices` that keep at least one shown vertex (`hidden` per vertex).
std::vector<uint32_t> shown_triangles(std::span<const uint32_t> indices, std::span<const uint8_t> hidden);

}  // namespace twinshoot::asset
