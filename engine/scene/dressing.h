// Dressing: garments bound to a twin, posed with it, and kept outside the body and each other.
//
// Dressing::create binds each garment once (weights transferred from the twin's rest surface,
// asset/garment_fit.h; anchors where the garment sits on the body; the cloth topology). pose()
// skins the body and every garment on the CPU for a pose, pushes each garment out of the body,
// settles it as cloth on the posed body (asset/cloth_settle.h), then resolves penetration in
// layer order: out of every garment on a lower layer, and out of the body once more, by `offset`.
// shown_body() gives the twin's triangles that stay drawn: the skin the garments cover is hidden
// (asset/body_cover.h), so a body poking through between a garment's vertices cannot be seen.
// The report (on request) gives, per garment, the share of its vertices inside the body before and after, the
// strain against the draped rest shape, the gap to the body and the triangles turned over.
#pragma once

#include <string>
#include <vector>

#include <memory>

#include "asset/body_cover.h"
#include "asset/cloth_settle.h"
#include "asset/garment_fit.h"
#include "asset/model.h"
#include "scene/pose.h"

namespace twinshoot::scene {

struct DressedGarment {
    std::string id;
    int layer = 0;
    asset::Mesh mesh;  // rest mesh, skinned to the twin by create()
    asset::Material material;
    asset::Drape drape = asset::Drape::FollowsBody;  // garment_drape(category) of its package
};

struct DressingOptions {
    float metre = 1.0f;       // model units per metre (twins are normalised to metres)
    float offset_m = 0.003f;  // kept between layers and from the body after settling
    bool settle = false;      // cloth settling (experimental, docs/garments.md); off = skinning and push-out only
    bool hide_covered_body = true;  // skin the garments cover is not drawn (asset/body_cover.h)
    asset::ClothOptions cloth;
};

struct GarmentFitReport {
    std::string id;
    size_t vertices = 0;
    double inside_before = 0.0;  // fraction 0..1
    double inside_after = 0.0;
    double strain_p99 = 0.0;      // relative edge-length change against the draped rest shape
    double gap_p95_m = 0.0;       // distance of the garment's vertices from the body, metres (capped at 1)
    size_t flipped_triangles = 0; // facing against their skinned orientation after settling
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
    // twin's model space. Sorted by layer, inner first.
    static Result<Dressing> create(const asset::Model& twin, std::vector<DressedGarment> garments,
                                   const DressingOptions& options = {});

    PosedDressing pose(std::span<const glm::mat4> skin_matrices, FitMeasures measures) const;
    const std::vector<DressedGarment>& garments() const { return m_garments; }
    // Per mesh of the twin: the triangles to draw while it wears these garments, or null to draw
    // them all (not skinned, nothing covered, or wholly covered: a mesh is never left empty).
    const std::vector<std::shared_ptr<const std::vector<uint32_t>>>& shown_body() const { return m_body_shown; }
    size_t hidden_body_triangles() const { return m_body_hidden; }

private:
    const asset::Model* m_twin = nullptr;
    std::vector<DressedGarment> m_garments;
    struct Cloth {  // per garment, from its rest mesh
        std::shared_ptr<const asset::ClothTopology> topology;
        std::vector<float> anchor;
    };
    std::vector<Cloth> m_cloth;
    std::shared_ptr<const std::vector<asset::ClosedShell>> m_body_pieces;  // closed_pieces of the body surface
    std::vector<std::shared_ptr<const std::vector<uint32_t>>> m_body_shown;
    size_t m_body_hidden = 0;
    DressingOptions m_options;
};

}  // namespace twinshoot::scene
