// Garment transfer: a garment draped on one body (A) worn by another (B) of another shape, size,
// units, mesh and rig.
//
// Both bodies are reduced to a TransferBody: the rest-pose surface of their skinned meshes, with
// each surface vertex's weights over the canonical humanoid bones (scene/humanoid.h) read from its
// skin, and the canonical joints. The correspondence is per body segment: each canonical bone gets
// an affine map from A's segment to B's (rotation taking A's bone onto B's, scale along the bone by
// the ratio of bone lengths, across it by the ratio of the segment's girth, measured on the two
// surfaces). A garment vertex takes the bone weights of its closest point on A (smoothed over the
// garment's edges); that point is carried by the blend of those maps, then onto B's surface along
// A's normal there as the maps turn it (B's nearest surface point where that normal meets none
// nearby), and the vertex's offset from it is turned by the maps' rotations and scaled by the height
// ratio only (girth ratios apply to the body, not to the cloth's ease). Then the ease is restored: a vertex
// that lay close to A (a fitted waistband, a sleeve) is put back at its own distance in front of
// B's surface, and that correction spreads over the garment's edges to the loose parts it holds
// (a skirt follows its waistband). What remains (drape, contact) is the cloth settle's job
// (geometry/cloth_settle.h).
//
// Units: each body's own model units; distances inside are measured relative to the bodies'
// heights, so A in metres and B in centimetres need no conversion. Both bodies must be rigged
// humanoids; errors say which one is not.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <glm/glm.hpp>

#include "asset/model.h"
#include "core/result.h"
#include "geometry/body_envelope.h"
#include "scene/humanoid.h"

namespace twinshoot::geometry {

struct BoneInfluence {
    uint8_t bones[4] = {};
    float weights[4] = {};
};

struct TransferBody {
    std::vector<glm::vec3> positions;  // rest pose, model space
    std::vector<glm::vec3> normals;    // area-weighted vertex normals
    std::vector<uint32_t> indices;     // triangle list
    std::vector<BoneInfluence> bones;  // canonical-bone weights per vertex
    std::array<std::optional<glm::vec3>, scene::kHumanBoneCount> joints;
    std::array<float, scene::kHumanBoneCount> girth{};  // mean distance of a segment's vertices to its bone
    glm::vec3 up{0, 1, 0}, forward{0, 0, 1}, left{1, 0, 0};
    float height = 0.0f;  // model units, along `up`
    // Closed pieces through one another (asset::overlapping_closed_shells), as Xbot's plates.
    bool of_pieces = false;
    // The surface cloth lies on (geometry/body_envelope.h): the body closed by a ball of 1% of its
    // height, so the grooves between Xbot's plates are bridged. Only for bodies of pieces; empty
    // otherwise, or when the grid would be too large: the body's own surface is used as it is.
    // Made on first use, once (thread-safe), and kept: only a body garments are transferred *to*
    // reads it, so a draping body never pays for it (~170 ms on Xbot). Copies share it.
    const BodyEnvelope& envelope() const;

private:
    struct EnvelopeSlot {
        std::once_flag made;
        BodyEnvelope envelope;
    };
    std::shared_ptr<EnvelopeSlot> m_envelope = std::make_shared<EnvelopeSlot>();
};

// `model` must be a rigged humanoid with skinned meshes; `what` names it in errors.
Result<TransferBody> make_transfer_body(const asset::Model& model, const std::map<std::string, std::string>& bone_map,
                                        const std::string& what);

struct TransferReport {
    double scale = 1.0;          // B's height over A's
    size_t fitted_vertices = 0;  // vertices whose ease was restored against B's surface
};

// `garment` positions in A's model space; returns them in B's. `indices` (a triangle list) give
// the garment's edges for smoothing. Deterministic.
std::vector<glm::vec3> transfer_garment(std::span<const glm::vec3> garment, std::span<const uint32_t> indices,
                                        const TransferBody& from, const TransferBody& to,
                                        TransferReport* report = nullptr);

}  // namespace twinshoot::geometry
