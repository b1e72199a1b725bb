// Binding one garment to one twin: the half of dressing (scene/dressing.h) that depends on the twin
// and that garment only. A Dressing is composed of such bindings, so a garment bound for one look is
// not bound again for the next look that adds a jacket to it (the editor's first wear of a set, a
// shoot's many sets of the same garments).
//
// TwinBody: the twin's skinned meshes merged into one surface in the rest pose, its closed pieces
// (asset/closed_shells.h: Xbot's plates and joint balls) and a closest-point index of it. Made once
// per twin; it keeps the twin's model alive when the pointer it is given owns it, and is
// immutable: shared between threads.
//
// bind_garment: the garment's edges that cut through the body are split, weights are transferred
// from the body's rest surface (asset/garment_fit.h), the rest shape is pushed out of the body
// (and, with the settle on, relaxed without gravity), then the anchors (cloth within 1 cm of the
// body follows the skeleton, fading out by 2.5 cm), the cloth topology with its tethers to them
// and the skin it covers
// (asset/body_cover.h) are taken from that shape. Lengths are in the twin's model units
// (DressingOptions::metre per metre).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <span>
#include <vector>

#include "asset/body_cover.h"
#include "asset/body_side.h"
#include "asset/closed_shells.h"
#include "asset/cloth_settle.h"
#include "asset/garment_fit.h"
#include "asset/model.h"
#include "core/result.h"
#include "core/sha256.h"
#include "scene/dressed_garment.h"
#include "scene/seat.h"

namespace twinshoot::scene {

class TwinBody {
public:
    // Fails when the twin is not rigged or has no skinned mesh (the message names the twin's file).
    // `bone_map` is the twin package's (scene/humanoid.h), for the joints a seat is found from.
    static Result<std::shared_ptr<const TwinBody>> create(std::shared_ptr<const asset::Model> twin,
                                                          const std::map<std::string, std::string>& bone_map = {});

    const asset::Model& twin() const { return *m_twin; }
    const asset::Mesh& rest_surface() const { return m_surface; }  // skinned meshes in order, merged
    const std::vector<asset::ClosedShell>& pieces() const { return m_pieces; }
    const asset::SurfaceIndex& rest_index() const { return *m_index; }
    // Per vertex of the rest surface, the vertex whose garment cover it takes (asset::cover_sources:
    // skin buried inside another piece takes the cover of the nearest outside skin).
    const std::vector<uint32_t>& cover_sources() const { return m_cover_sources; }
    // The hips, torso and legs (scene/seat.h); nullopt when the skeleton does not map to a humanoid
    // (no seat is then looked for).
    const std::optional<SeatJoints>& seat_joints() const { return m_seat_joints; }
    // Of what a posed body is made of: the skinned meshes' vertices, skin and triangles, and the
    // seat joints.
    const Sha256& fingerprint() const { return m_fingerprint; }

    TwinBody(const TwinBody&) = delete;
    TwinBody& operator=(const TwinBody&) = delete;

private:
    TwinBody() = default;
    std::shared_ptr<const asset::Model> m_twin;
    asset::Mesh m_surface;
    std::vector<asset::ClosedShell> m_pieces;
    std::unique_ptr<asset::SurfaceIndex> m_index;  // views m_surface: the object never moves
    std::vector<uint32_t> m_cover_sources;
    std::optional<SeatJoints> m_seat_joints;
    Sha256 m_fingerprint;
};

// The twin's skinned meshes merged into one surface, their vertices skinned by `skin` (empty: as
// they are stored, the bind pose).
asset::Mesh body_surface(const asset::Model& twin, std::span<const glm::mat4> skin);

struct BoundGarment {
    DressedGarment garment;  // refined, skinned to the twin, rest shape outside its body
    std::shared_ptr<const asset::ClothTopology> topology;  // of that rest shape
    std::vector<float> anchor;  // per vertex: 1 follows the skeleton, 0 hangs
    // Per vertex of the twin's rest surface: 1 where this garment covers the skin
    // (asset::body_covered_by); empty when DressingOptions::hide_covered_body is off.
    std::vector<uint8_t> covers;
    const TwinBody* body = nullptr;  // bound to (identity only: Dressing::create checks it)
    bool hides_body = false;         // DressingOptions::hide_covered_body when bound
    // Of what posing it reads: the bound mesh (vertices, skin, triangles), anchors, drape, layer, id.
    Sha256 fingerprint;
    // The skin hanging cloth takes in seated poses (scene/dressing.h: weights at each fabric point's
    // own height), made by the first seated pose that needs it and kept for the binding's life: it
    // depends on the garment and the body only. Thread-safe. Bindings are made by bind_garment and
    // restore_binding only, each with its own.
    struct SeatedSkin {
        std::once_flag made;
        std::vector<asset::VertexSkin> skin;
    };
    std::shared_ptr<SeatedSkin> seated = std::make_shared<SeatedSkin>();
    // Per vertex, the side of the twin's rest body the bound rest shape lies on (asset/body_side.h):
    // hanging cloth a limb swung through is brought back to it once posed; and the joint that
    // carries that part of the body (the skin that may push the cloth off itself is near it along
    // the skeleton). Made by the first pose that needs it, like `seated`.
    struct RestSides {
        std::once_flag made;
        std::vector<asset::BodySide> sides;
        std::vector<uint16_t> joint;  // per vertex, the joint that carries most of the body point it hung on
    };
    std::shared_ptr<RestSides> rest_sides = std::make_shared<RestSides>();
};

// asset::BodyCoverOptions in the twin's units.
asset::BodyCoverOptions body_cover_options(const DressingOptions& options);

// Fails for a garment without vertices.
Result<std::shared_ptr<const BoundGarment>> bind_garment(const TwinBody& body, DressedGarment garment,
                                                        const DressingOptions& options);

// A binding kept from an earlier bind_garment of the same garment to the same twin with the same
// options (studio/binding_cache.h): `garment.mesh` as bound (refined, skinned to this twin, its rest
// shape outside the body), its anchors and the skin it covers; the cloth topology is built again.
// Fails, naming the garment, when the parts do not fit together or this twin (a damaged entry).
Result<std::shared_ptr<const BoundGarment>> restore_binding(const TwinBody& body, DressedGarment garment,
                                                           std::vector<float> anchor, std::vector<uint8_t> covers,
                                                           const DressingOptions& options);

}  // namespace twinshoot::scene
