// Poke-through: skin that has passed through a garment between the garment's vertices.
//
// Garments are kept out of the body by moving their vertices (garment_fit.h, resolve_penetration;
// the settle's contacts are per vertex too), which leaves a coarse sheet's triangles free to cut
// a bulging body: MakeHuman's pencil skirt, whose triangles are 3 cm across, showed the forward
// thigh of a walking twin through it in stripes. Skin the garment covers at rest is not drawn
// (body_cover.h), so there it cannot show; skin that is drawn — under loose fabric, within the
// margin next to bare skin — can. push_cloth_off_body turns the contact round: each body vertex
// it is given that lies in front of a garment triangle it projects onto (the cloth within `reach`
// behind the skin along the skin's normal, the triangle facing that way) pushes the triangle's
// corners out along the skin's normal to `offset` in front of it. Corners at one rest position
// (`particle`, ClothTopology::particle) move together, so seams and hem strips stay closed. Rounds
// until none is found or `rounds` are done. Lengths in the model's units.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "asset/garment_fit.h"
#include "asset/model.h"

namespace twinshoot::asset {

struct PokeThroughResult {
    size_t found_first = 0;  // body vertices through the cloth in the first round
    size_t found_last = 0;   // and after the last round's push (0 when all were resolved)
};

// Whether skin at body vertex `body_vertex` may push the cloth at garment vertex `garment_vertex`
// off itself; a triangle is pushed by skin that may push one of its corners.
using PokePermit = std::function<bool(uint32_t body_vertex, uint32_t garment_vertex)>;

// `body`: the posed body, with normals. `skip`: per body vertex, 1 for skin not tested (hidden, or
// empty: none). `particle`: per garment vertex, the vertex whose position it shares (itself for
// most). `indices`: the garment's triangles. `permit`: empty, all skin pushes all cloth (called
// from several threads at once).
PokeThroughResult push_cloth_off_body(std::vector<Vertex>& garment, std::span<const uint32_t> indices,
                                      std::span<const uint32_t> particle, const Surface& body, std::span<const uint8_t> skip,
                                      float offset, float reach, int rounds = 3, const PokePermit& permit = {});

}  // namespace twinshoot::asset
