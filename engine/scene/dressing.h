// Dressing: garments bound to a twin, posed with it, and kept outside the body and each other.
//
// Dressing::create binds each garment once (weights transferred from the twin's rest surface,
// asset/garment_fit.h). pose() skins the body and every garment on the CPU for a pose, then
// resolves penetration in layer order: each garment is pushed out of the body, then out of every
// garment on a lower layer, by `offset`. The report gives, per garment, the share of its vertices inside
// before and after resolution.
#pragma once

#include <string>
#include <vector>

#include "asset/model.h"
#include "scene/pose.h"

namespace twinshoot::scene {

struct DressedGarment {
    std::string id;
    int layer = 0;
    asset::Mesh mesh;  // rest mesh, skinned to the twin by create()
    asset::Material material;
};

struct GarmentFitReport {
    std::string id;
    size_t vertices = 0;
    double inside_before = 0.0;  // fraction 0..1
    double inside_after = 0.0;
};

struct PosedDressing {
    std::vector<asset::Mesh> garments;  // posed and resolved, model space, not skinned
    std::vector<GarmentFitReport> report;
};

class Dressing {
public:
    // `twin` must be skinned (one skinned body mesh or more); garments are rest-pose meshes in the
    // twin's model space. Sorted by layer, inner first.
    static Result<Dressing> create(const asset::Model& twin, std::vector<DressedGarment> garments);

    PosedDressing pose(std::span<const glm::mat4> skin_matrices, float offset = 0.003f) const;
    const std::vector<DressedGarment>& garments() const { return m_garments; }

private:
    const asset::Model* m_twin = nullptr;
    std::vector<DressedGarment> m_garments;
};

}  // namespace twinshoot::scene
