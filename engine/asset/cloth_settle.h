// Cloth settling: a garment that followed the skeleton (linear-blend skinned, so a skirt splits
// with the legs and stretches where the body bends) relaxes into cloth on the posed body.
//
// Extended position-based dynamics (XPBD, Macklin, Müller & Chentanez 2016) with small steps
// (Macklin et al. 2019: many substeps, one iteration each):
//   - stretch: every edge keeps its length in the draped rest shape (near-inextensible), solved
//     after the hinges, so each substep ends with the lengths corrected;
//   - bending: every pair of triangles sharing an edge (a hinge) keeps the fold between them that
//     it has in the rest shape (soft; the dihedral angle, Müller et al. 2007, with its exact
//     gradient, Bridson et al. 2003), so cloth bends in smooth folds rather than crumpling edge by
//     edge: a fold's restoring force grows with its angle from the first degree (a distance
//     between the corners opposite the edge, used until 2026-12-06, grows only with its square);
//   - anchors: vertices that sat on the body in the rest shape (waistbands, shoulders, cuffs) are
//     held softly to where the skeleton put them; loose cloth is not. Tethered (long-range
//     attachments, Kim, Chentanez & Müller 2012): never farther in a straight line from its
//     nearest anchor than along the cloth in the rest shape (shortest path over the edges), which
//     cloth that does not stretch always satisfies — so a long skirt cannot sag, and a sleeve bent
//     by the pose is not pulled short (straight-line rest distances did that: strain p99 10 on
//     Xbot kneeling, 2026-12-03);
//   - sheets of the garment lying on each other at rest (a hem's facing, a waistband's inside)
//     keep their sides of each other (asset/cloth_sides.h), solved last but the anchors, the pairs
//     following the sheets as they slide at every contact refresh;
//   - gravity, and collision with the posed body as contact planes (closest point and normal,
//     refreshed every few substeps) kept `thickness` in front of the surface, with friction — or
//     as far as the cloth was at the start, if closer: a hem's facing turned under tight fabric
//     lies nearer the skin than the thickness, and pushing it out crumples the edge it hems.
// Vertices at one position (split for UVs, normals or a hem's edge strip: asset::colocated_representatives)
// are one particle of the cloth, so seams and hems cannot part. The skinned start is first projected
// onto the constraints without velocity (a start strained by skinning, corrected in one substep,
// would turn that correction into a speed that throws thin strips off), and speeds are capped: this
// is a settle, not a dynamic simulation.
// Gauss-Seidel over the links colour by colour (links of one colour share no particle: each colour's
// links are solved on every core at once), collision queries independent per vertex: the same
// input gives the same output bit for bit, run to run, on any number of threads. CPU only for now
// (see docs/garments.md).
//
// Units: the model's. `metre` is how many model units make a metre (1 for normalised twins), so
// gravity and the default thickness are physical whatever the units.
#pragma once

#include <algorithm>
#include <array>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <glm/glm.hpp>

#include "asset/cloth_sides.h"
#include "asset/garment_fit.h"
#include "core/result.h"

namespace twinshoot::asset {

struct ClothOptions {
    float metre = 1.0f;              // model units per metre
    glm::vec3 down{0.0f, -1.0f, 0.0f};
    float gravity_scale = 1.0f;      // 0: relax without gravity (making a rest shape collision-free)
    float thickness_m = 0.004f;      // kept between cloth and body, or its distance at the start if less
    // Simulated time from the skinned start (quasi-static settle). 0.6 s lets a flared hem that the
    // forward thigh lifted fall back flat (at 0.2 s it was caught ballooned and curled under, at
    // 0.4 s still bulging: docs/garments.md), in steps of 2 ms (3 ms steps let gravity stretch the
    // cloth: strain p99 0.34 -> 0.36 walking, 0.46 at 6 ms).
    float seconds = 0.6f;
    int substeps = 300;
    // Substeps between closest-point queries: every 40 ms of simulated time, as the contacts were
    // tuned (a support is then looked for 8 cm up: support_contact_reach). Every 120 ms (60) was
    // tried with the 0.6 s settle: cloth moved up to 24 cm between queries, with 2 cm of reach.
    int contact_refresh = 20;
    float contact_reach_m = 0.02f;   // contacts are looked for this close to the body
    float stretch_compliance = 0.0f; // XPBD compliance, m/N; 0 = inextensible within the iterations
    // Compressed links give way a little (tilde 2.5 at the default step). With bending by distance
    // (until 2026-12-06) they gave way four times as much (4e-5), so that cloth squeezed by skinning
    // did not buckle into pimples one edge wide; hinges prevent those, and cloth that gives way
    // compresses where it should fold (demo dress at rest, strain p99 0.23 -> 0.16).
    float compress_compliance = 1e-5f;
    // Of a hinge's fold, in radians (compliance m^2 rad^-2 s^2 per unit mass, independent of the
    // mesh's resolution to first order: a finer mesh has more hinges, each folded less). Solved on
    // every second substep, as one step of twice the length: every substep doubled the hinges' cost
    // (30k-vertex slip dress walking, 2 cores: settle 0.6 -> 1.0 s) for creases 0.55% -> 0.30% of
    // edges; every third turned the binding's relaxed rest shape over (docs/garments.md).
    float bend_compliance = 1.0f;
    int bend_every = 2;
    float anchor_compliance = 1e-5f;
    float friction = 0.3f;           // share of tangential slip removed in contact
    float damping = 0.02f;           // velocity lost per substep
    bool tethers = true;             // long-range attachments to the nearest anchor (see above)
    bool keep_sides = true;          // sheets lying on each other at rest keep their sides (asset/cloth_sides.h)
    int prestabilise = 20;           // iterations projecting the start onto the constraints (no speed)
    float max_speed_m_s = 2.0f;      // speed cap (gravity alone reaches 2 m/s in 0.2 s)
};

// A level surface the cloth rests on besides the body: the seat of a seated figure
// (scene/seat.h), which is not drawn but which a skirt sits on. Its top is `top` (model units, along
// -ClothOptions::down, which must then be -y); it holds the cloth whose x and z lie inside the
// footprint [min_x, max_x] × [min_z, max_z], however far below the top it is (the skirt under the
// thighs comes up onto it), and none outside it (a hem hangs over its edge).
struct ClothSupport {
    float top = 0.0f;
    float min_x = 0.0f, max_x = 0.0f, min_z = 0.0f, max_z = 0.0f;
    bool over(const glm::vec3& p) const { return p.x >= min_x && p.x <= max_x && p.z >= min_z && p.z <= max_z; }
    // p, or p on the top where it lies under it over the footprint.
    glm::vec3 lifted(glm::vec3 p) const {
        if (over(p)) p.y = std::max(p.y, top);
        return p;
    }
};

// What is settled: `start` the skinned positions this pose gives (the initial state and the
// anchors' targets), `anchor` a strength 0..1 per vertex, `support` a seat under the figure, if any,
// `layers` the garments under this one as already placed (open sheets whose normals face away from
// the body, as garments' do), which the cloth rests on as it rests on the body.
// The draped rest shape (lengths, folds, tethers) and the triangles are the ClothTopology's.
struct ClothInput {
    std::span<const glm::vec3> start;
    std::span<const float> anchor;
    std::optional<ClothSupport> support;
    std::span<const SurfaceIndex* const> layers;
};

// The contact plane a particle at `p` is held in front of (every solver asks this, so they agree):
// the body's closest point and normal within `reach`; or an inner layer's, within `reach`, where
// `p` lies over that sheet (not beside its rim: the offset from the closest point along the
// sheet's normal at least twice the rest of it, give or take 5% of `reach`) and less far in front of
// its plane than of the body's — the plane that holds it farthest out — its normal turned to agree
// with the body's where the body is within reach (a facing turned under a hem faces the body); or
// the support's top where `p` lies over its footprint and below its top, or above it, within
// `support_reach`, and nearer than those. Which of them it is (none: false); without layers, the
// body's answer alone.
enum ClothContact : uint8_t { kNoContact = 0, kBodyContact, kLayerContact, kSupportContact };
ClothContact cloth_contact(const glm::vec3& p, const SurfaceIndex& body, std::span<const SurfaceIndex* const> layers,
                           const std::optional<ClothSupport>& support, float reach, float support_reach, glm::vec3& point,
                           glm::vec3& normal);
// How far in front of its contact plane (point, normal; `kind` from cloth_contact) a particle is held,
// in the solvers' substep `step`: on the body or the support never farther out than it started
// (`start`; a hem's facing turned under tight fabric lies nearer the skin than the thickness), which
// the first refresh (step 0) measures into `start_clearance` (the particle's, kept between
// refreshes; the thickness until then); off an inner layer always the whole thickness (nearer,
// cloth passes through the sheet between vertices: docs/garments.md, "Inner layers in the settle").
inline float contact_clearance(ClothContact kind, int step, const glm::vec3& start, const glm::vec3& point,
                               const glm::vec3& normal, float thickness, float& start_clearance) {
    if (kind == kLayerContact) return thickness;
    if (step == 0 && kind != kNoContact)
        start_clearance = std::clamp(glm::dot(start - point, normal), 0.0f, thickness);
    return start_clearance;
}
// How far above a support cloth takes it as its contact: as far as cloth may fall between two
// contact refreshes at the speed cap (8 cm at the defaults), so none falls through it unseen.
float support_contact_reach(const ClothOptions& options);
// The bending schedule every solver follows: whether the hinges are solved in substep (or start
// iteration) `step`, and their compliance / dt^2 in model units, dt the span between two solves.
inline bool solves_hinges(const ClothOptions& options, int step) { return step % std::max(1, options.bend_every) == 0; }
float hinge_tilde(const ClothOptions& options);
// The start with the cloth under a support's top, over its footprint, lifted onto it: what every
// solver starts from and anchors to (cloth pushed up in a substep would leave at speed).
std::vector<glm::vec3> supported_start(const ClothInput& input);

// The fold of the edge p–q between the triangles (p, q, r) and (p, q, s), r and s the corners
// opposite it (radians, -pi..pi): 0 flat, its sign by which way it folds (the same whichever way
// the triangles are wound); nullopt for a degenerate triangle.
std::optional<float> hinge_angle(const glm::vec3& p, const glm::vec3& q, const glm::vec3& r, const glm::vec3& s);
// hinge_angle with its gradient with respect to p, q, r and s (radians per model unit), in that
// order: what a bending constraint needs. nullopt where a triangle is too thin for its plane to be
// trusted (height over the edge under 1/1000 of the edge).
struct HingeState {
    float angle;
    std::array<glm::vec3, 4> gradient;
};
std::optional<HingeState> hinge_state(const glm::vec3& p, const glm::vec3& q, const glm::vec3& r, const glm::vec3& s);

// The cloth's constraint topology, built once per garment (it depends only on the rest mesh and
// its anchors). Links join particles: per vertex, particle()[v] is the first vertex at its exact
// rest position. With `anchor` (0..1 per vertex, as in ClothInput), each particle not itself
// anchored (< 0.5) that the cloth connects to one gets a tether to the nearest by path length.
class ClothTopology {
public:
    ClothTopology(std::span<const glm::vec3> rest, std::span<const uint32_t> indices,
                  std::span<const float> anchor = {});
    struct Link {
        uint32_t a, b;
        float length;
    };
    // The two triangles on the edge p–q, with r and s the corners opposite it: their fold in the
    // rest shape (hinge_angle). One per edge with exactly two triangles whose corners differ and
    // whose rest fold is defined.
    struct Hinge {
        uint32_t p, q, r, s;
        float angle;
    };
    // In colour order: the links (hinges) of one colour share no particle, so they are solved side
    // by side (on every core) with the same result as one after the other. Colour k is
    // [colours[k], colours[k + 1]) of the links (hinges); colour 63, if present, is solved in order.
    const std::vector<Link>& stretch() const { return m_stretch; }
    const std::vector<uint32_t>& stretch_colours() const { return m_stretch_colours; }
    const std::vector<Hinge>& hinges() const { return m_hinges; }
    const std::vector<uint32_t>& hinge_colours() const { return m_hinge_colours; }
    const std::vector<uint32_t>& particle() const { return m_particle; }
    // a: the tethered particle, b: its anchor, length: the shortest path between them in the rest shape.
    const std::vector<Link>& tethers() const { return m_tethers; }
    // Sheets lying on each other at rest and the side each keeps (asset/cloth_sides.h), coloured
    // like the hinges (a side moves four particles).
    // They move over the triangles as the sheets slide (follow_cloth_sides, then colour_cloth_sides).
    const std::vector<ClothSide>& sides() const { return m_sides; }
    const std::vector<uint32_t>& side_colours() const { return m_side_colours; }
    const ClothTriangles& triangles() const { return m_triangles; }

private:
    std::vector<Link> m_stretch, m_tethers;
    std::vector<Hinge> m_hinges;
    std::vector<ClothSide> m_sides;
    ClothTriangles m_triangles;
    std::vector<uint32_t> m_stretch_colours, m_hinge_colours, m_side_colours;
    std::vector<uint32_t> m_particle;
};

// Sides reordered by colour, as ClothTopology::side_colours has them (sides of one colour share no
// particle); returns the colours' offsets (colour 63, if present, solved in order).
std::vector<uint32_t> colour_cloth_sides(std::vector<ClothSide>& sides, size_t vertices);

struct ClothResult {
    std::vector<glm::vec3> positions;
    size_t contacts = 0;  // vertices in contact with the body at the end
};

ClothResult settle_cloth(const ClothInput& input, const ClothTopology& topology, const SurfaceIndex& body,
                         const ClothOptions& options = {});

// Where a settle runs when not on the CPU by settle_cloth (view/gpu_cloth.h: Vulkan compute): the
// same steps in the same order. identity() names the solver and its device; two solvers may round
// differently, so a cached fit is keyed by it (studio/fit_cache.h). Thread-safe.
class ClothSolver {
public:
    virtual ~ClothSolver() = default;
    // Errors are the device's (out of memory, device lost); the caller may settle on the CPU instead.
    virtual Result<ClothResult> settle(const ClothInput& input, const ClothTopology& topology, const SurfaceIndex& body,
                                       const ClothOptions& options) const = 0;
    virtual std::string identity() const = 0;
};

// Relative edge-length change of `posed` against the rest lengths of `topology`, at the given
// quantile (0.99: strain p99).
double strain_quantile(std::span<const glm::vec3> posed, const ClothTopology& topology, double quantile);

// The same measure on a surface that is not cloth: the relative length change, at `quantile`, of
// the edges of `indices` whose two ends are both `covered` (one flag per vertex), `posed` against
// `rest` (one vertex order). Applied to the skin a garment covers, as a pose skins it: how much the
// skin itself stretches and shrinks there, which cloth held to the skin inherits unless it slides
// (docs/garments.md). nullopt when no edge has both ends covered.
std::optional<double> covered_edge_strain(std::span<const glm::vec3> rest, std::span<const glm::vec3> posed,
                                          std::span<const uint32_t> indices, std::span<const uint8_t> covered,
                                          double quantile);

// Triangles whose normal in `after` points against their normal in `before`.
size_t flipped_triangles(std::span<const glm::vec3> before, std::span<const glm::vec3> after,
                         std::span<const uint32_t> indices);

// Share (0..1) of the interior edges whose fold, the signed angle between the normals of the two
// triangles on it, differs between `rest` and `after` by more than `threshold_rad`: creases and
// crumples. A garment bent smoothly over a joint turns each of its edges a little; a crumple turns a
// few a lot. Edges are joined across seams through `particle` (ClothTopology::particle(), one entry
// per vertex); an edge with one triangle (a hem) or more than two is not counted, nor a degenerate
// triangle. Unlike flipped_triangles, it does not reward cloth that moves less: it measures the
// shape against the garment's own rest shape.
double creased_share(std::span<const glm::vec3> rest, std::span<const glm::vec3> after, std::span<const uint32_t> indices,
                     std::span<const uint32_t> particle, float threshold_rad);

}  // namespace twinshoot::asset
