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
// vertices within `margin` of bare skin stay shown, so an edge or a hole can move a little
// over the skin when posed without opening a gap. Bare skin is uncovered skin in a patch wider
// than `margin` across, or in a patch that touches no covered skin (a small piece of the body of
// its own: an eye, an earring): a speck of uncovered skin amid covered skin (a ray that slipped past the
// cloth, cloth held off the skin by a fold; on Xbot, round a knee under the trousers) is hidden
// with it, else its margin kept a whole knee drawn, poking through the cloth when bent. A hole in
// the cloth narrower than `margin` (an eyelet) therefore shows the cloth's inside, not skin. A
// triangle is hidden when its three vertices are.
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

// A body of closed pieces through one another (closed_shells.h: Xbot's plates and joint balls) has
// skin buried inside other pieces: the part of a knee ball inside the leg plates. It is not seen
// at rest, a bent pose brings it out where the skin around it is, under the same cloth, and it
// must not count as uncovered skin beside covered skin (the margin would keep a whole knee ball
// drawn under the trousers, and it pokes through them when the knee bends). Per vertex of `body`
// (indexed by `index`, built on it), the vertex whose cover it takes: itself on the outside of the
// union; for a buried one, the nearest vertex on the outside. Every vertex is its own for a body
// without overlapping pieces. `normal_step`: how far along its normal a vertex is tested (a
// vertex on a piece's surface is neither in front of it nor behind it).
std::vector<uint32_t> cover_sources(const Surface& body, const SurfaceIndex& index, float normal_step);
// `covered` (per body vertex) taken through `sources`.
std::vector<uint8_t> covered_through(std::span<const uint8_t> covered, std::span<const uint32_t> sources);

// The triangles of `indices` that keep at least one shown vertex (`hidden` per vertex).
std::vector<uint32_t> shown_triangles(std::span<const uint32_t> indices, std::span<const uint8_t> hidden);

}  // namespace twinshoot::asset
