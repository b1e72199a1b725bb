// Cloth settling: a garment that followed the skeleton (linear-blend skinned, so a skirt splits
// with the legs and stretches where the body bends) relaxes into cloth on the posed body.
//
// Extended position-based dynamics (XPBD, Macklin, Müller & Chentanez 2016) with small steps
// (Macklin et al. 2019: many substeps, one iteration each):
//   - stretch: every edge keeps its length in the draped rest shape (near-inextensible);
//   - bending: every pair of triangles sharing an edge keeps the distance between the two vertices
//     opposite that edge (soft), so folds keep their drape without a dihedral solve;
//   - anchors: vertices that sat on the body in the rest shape (waistbands, shoulders, cuffs) are
//     held softly to where the skeleton put them; loose cloth is not. Optionally tethered
//     (long-range attachments, Kim et al. 2012): never farther from its nearest anchor than in
//     the rest shape. Off for garments: with straight-line rest distances, a limb bent by the pose
//     (a sleeve at the elbow, a trouser leg kneeling) gets pulled short — strain p99 rose to 10 on
//     Xbot kneeling; geodesic tether lengths are the follow-up;
//   - gravity, and collision with the posed body as contact planes (closest point and normal,
//     refreshed every few substeps) kept `thickness` in front of the surface, with friction.
// Gauss-Seidel in a fixed order, collision queries independent per vertex: the same input gives the
// same output bit for bit, run to run. CPU only for now (see docs/garments.md).
//
// Units: the model's. `metre` is how many model units make a metre (1 for normalised twins), so
// gravity and the default thickness are physical whatever the units.
#pragma once

#include <span>
#include <vector>

#include <glm/glm.hpp>

#include "asset/garment_fit.h"

namespace twinshoot::asset {

struct ClothOptions {
    float metre = 1.0f;              // model units per metre
    glm::vec3 down{0.0f, -1.0f, 0.0f};
    float gravity_scale = 1.0f;      // 0: relax without gravity (making a rest shape collision-free)
    float thickness_m = 0.004f;      // kept between cloth and body
    float seconds = 0.2f;            // simulated time from the skinned start (quasi-static settle)
    int substeps = 100;
    int contact_refresh = 20;        // substeps between closest-point queries
    float contact_reach_m = 0.02f;   // contacts are looked for this close to the body
    float stretch_compliance = 0.0f; // XPBD compliance, m/N; 0 = inextensible within the iterations
    float bend_compliance = 1e-4f;
    float anchor_compliance = 1e-5f;
    float friction = 0.3f;           // share of tangential slip removed in contact
    float damping = 0.02f;           // velocity lost per substep
    bool tethers = false;            // long-range attachments to the nearest anchor (see above)
};

// What is settled: `rest` is the draped rest shape (lengths and bends come from it), `start` the
// skinned positions this pose gives (the initial state and the anchors' targets), `anchor` a
// strength 0..1 per vertex.
struct ClothInput {
    std::span<const glm::vec3> rest;
    std::span<const glm::vec3> start;
    std::span<const uint32_t> indices;  // triangle list
    std::span<const float> anchor;
};

// The cloth's constraint topology, built once per garment (it depends only on the rest mesh).
class ClothTopology {
public:
    ClothTopology(std::span<const glm::vec3> rest, std::span<const uint32_t> indices);
    struct Link {
        uint32_t a, b;
        float length;
    };
    const std::vector<Link>& stretch() const { return m_stretch; }
    const std::vector<Link>& bend() const { return m_bend; }

private:
    std::vector<Link> m_stretch, m_bend;
};

struct ClothResult {
    std::vector<glm::vec3> positions;
    size_t contacts = 0;  // vertices in contact with the body at the end
};

ClothResult settle_cloth(const ClothInput& input, const ClothTopology& topology, const SurfaceIndex& body,
                         const ClothOptions& options = {});

// Relative edge-length change of `posed` against the rest lengths of `topology`, at the given
// quantile (0.99: strain p99).
double strain_quantile(std::span<const glm::vec3> posed, const ClothTopology& topology, double quantile);

// Triangles whose normal in `after` points against their normal in `before`.
size_t flipped_triangles(std::span<const glm::vec3> before, std::span<const glm::vec3> after,
                         std::span<const uint32_t> indices);

}  // namespace twinshoot::asset
