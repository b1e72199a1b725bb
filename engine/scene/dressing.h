// Dressing: garments bound to a twin, posed with it, and kept outside the body and each other.
//
// Dressing::create composes garments bound to the twin once each (scene/garment_binding.h: weights
// transferred from the twin's rest surface, anchors where the garment sits on the body, the cloth
// topology) and finds the skin the set covers. pose()
// skins the body and every garment on the CPU for a pose, pushes each garment out of the body,
// settles it as cloth on the posed body (asset/cloth_settle.h), then resolves penetration in
// layer order: out of every garment on a lower layer, and out of the body once more, by `offset`.
// shown_body() gives the twin's triangles that stay drawn: the skin the garments cover is hidden
// (asset/body_cover.h), so a body poking through between a garment's vertices cannot be seen;
// skin left drawn under a hanging garment (a thigh under a skirt) that passes through it between
// its vertices pushes the garment off (asset/poke_through.h).
// The report (on request) gives, per garment, the share of its vertices inside the body before and after, the
// strain against the draped rest shape, the gap to the body and the triangles turned over.
#pragma once

#include <string>
#include <vector>

#include <memory>
#include <optional>

#include "asset/model.h"
#include "scene/dressed_garment.h"
#include "scene/garment_binding.h"
#include "scene/pose.h"

namespace twinshoot::scene {

struct GarmentFitReport {
    std::string id;
    size_t vertices = 0;
    double inside_before = 0.0;  // fraction 0..1
    double inside_after = 0.0;
    double strain_p99 = 0.0;      // relative edge-length change against the draped rest shape
    // The same of the skin this garment covers (BoundGarment::covers), as the pose skins the body,
    // against the rest pose: what cloth held to the skin inherits unless it slides over it (a
    // body of rigid pieces does not stretch: ~0, its pieces part instead). nullopt without
    // DressingOptions::hide_covered_body (no cover found) or where the garment covers no edge.
    std::optional<double> body_strain_p99;
    double gap_p95_m = 0.0;       // distance of the garment's vertices from the body, metres (capped at 1)
    size_t flipped_triangles = 0; // facing against their skinned orientation after settling
    // Share of interior edges folded more than 60 degrees away from the garment's rest shape
    // (asset::creased_share): as skinned, and as finally placed. Crumples, whatever moved them.
    double creased_skinned = 0.0;
    double creased_after = 0.0;
    // Edges passing through the garment's own triangles (asset::self_intersection): in its rest
    // shape as bound (authored), as skinned, and as finally placed. Cloth through cloth.
    size_t self_crossings_rest = 0;
    size_t self_crossings_skinned = 0;
    size_t self_crossings_after = 0;
    // Edges of this garment and of the garments under it (lower layers, as placed before it) that
    // pass through one another's triangles, as finally placed (asset::layer_intersection): inner
    // cloth showing through outer cloth.
    size_t layer_crossings_after = 0;
    bool settled = false;         // settled as cloth (DressingOptions::settle, scene::settles)
    std::string settled_on;       // "cpu", or the solver's identity (DressingOptions::solver)
    double settle_ms = 0.0;
};

struct PosedDressing {
    std::vector<asset::Mesh> garments;  // posed and resolved, model space, not skinned
    std::vector<GarmentFitReport> report;  // empty unless measured (FitMeasures::Compute)
};

// The fit measures cost about as much as the fitting itself (a closest-point query per vertex for
// the share inside before and after and for the gap): `twinshoot fit` and the tests ask for them,
// renders do not.
enum class FitMeasures : uint8_t { Skip, Compute };

class Dressing {
public:
    // `twin` must be skinned (one skinned body mesh or more); garments are rest-pose meshes in the
    // twin's model space. Sorted by layer, inner first. Binds each garment (bind_garment). `twin`
    // must outlive the Dressing.
    static Result<Dressing> create(const asset::Model& twin, std::vector<DressedGarment> garments,
                                   const DressingOptions& options = {});
    // From garments already bound to `body` with the same options (they are shared, not copied).
    static Result<Dressing> create(std::shared_ptr<const TwinBody> body,
                                   std::vector<std::shared_ptr<const BoundGarment>> garments,
                                   const DressingOptions& options = {});

    PosedDressing pose(std::span<const glm::mat4> skin_matrices, FitMeasures measures) const;
    // Inner layer first; BoundGarment::garment is the rest mesh as bound to the twin.
    const std::vector<std::shared_ptr<const BoundGarment>>& garments() const { return m_garments; }
    // Per mesh of the twin: the triangles to draw while it wears these garments, or null to draw
    // them all (not skinned, nothing covered, or wholly covered: a mesh is never left empty).
    const std::vector<std::shared_ptr<const std::vector<uint32_t>>>& shown_body() const { return m_body_shown; }
    size_t hidden_body_triangles() const { return m_body_hidden; }
    // Per garment (inner first): the triangles drawn while the garments on higher layers are worn,
    // or null for all of them. Cloth an outer layer covers is left out the way covered skin is
    // (asset/body_cover.h): a trouser waistband under an untucked tee cannot show through it in
    // specks between the tee's vertices. Only with DressingOptions::hide_covered_body.
    const std::vector<std::shared_ptr<const std::vector<uint32_t>>>& shown_garment() const { return m_garment_shown; }
    const TwinBody& body() const { return *m_body; }
    // Of everything pose() reads but the pose: the fitting code (scene/fit_code.h), the body, the
    // bound garments in order and the options that move garments. Equal fingerprints and equal
    // skin matrices give bit-identical garments (the settle is deterministic on any thread count).
    const Sha256& fingerprint() const { return m_fingerprint; }
    // Garment `i` as pose() gives it, with `vertices` posed (model space) and the triangles it
    // shows (shown_garment()): a cache of poses keeps only the vertices.
    asset::Mesh posed_garment(size_t i, std::vector<asset::Vertex> vertices) const;

private:
    std::shared_ptr<const TwinBody> m_body;
    std::vector<std::shared_ptr<const BoundGarment>> m_garments;
    std::vector<std::shared_ptr<const std::vector<uint32_t>>> m_body_shown;
    size_t m_body_hidden = 0;
    // Per vertex of the twin's rest surface, 1 where no drawn triangle uses it or it is buried in
    // another piece (not tested for poke-through); empty: none.
    std::vector<uint8_t> m_body_undrawn_vertices;
    std::vector<std::shared_ptr<const std::vector<uint32_t>>> m_garment_shown;
    DressingOptions m_options;
    Sha256 m_fingerprint;
};

}  // namespace twinshoot::scene
