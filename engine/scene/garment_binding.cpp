#include "scene/garment_binding.h"

#include <algorithm>
#include <cassert>

#include "asset/garment_refine.h"

namespace twinshoot::scene {
namespace {

std::vector<glm::vec3> positions_of(std::span<const asset::Vertex> vertices) {
    std::vector<glm::vec3> out(vertices.size());
    for (size_t i = 0; i < vertices.size(); ++i) out[i] = vertices[i].position;
    return out;
}

// The parts of a binding derived from the bound mesh and anchors: the cloth's links and tethers from
// the hanging cloth to the anchors (asset/cloth_settle.h), and the fingerprint.
std::shared_ptr<const BoundGarment> finish_binding(std::shared_ptr<BoundGarment> bound, const TwinBody& twin_body,
                                                   const DressingOptions& options) {
    const asset::Mesh& mesh = bound->garment.mesh;
    bound->topology = std::make_shared<const asset::ClothTopology>(positions_of(mesh.vertices), mesh.indices, bound->anchor);
    bound->body = &twin_body;
    bound->hides_body = options.hide_covered_body;
    bound->fingerprint = Sha256Hasher()
                             .values<asset::Vertex>(mesh.vertices)
                             .values<asset::VertexSkin>(mesh.skin)
                             .values<uint32_t>(mesh.indices)
                             .value(uint8_t(mesh.has_uvs))
                             .values<float>(bound->anchor)
                             .value(uint8_t(bound->garment.drape))
                             .value(int32_t(bound->garment.layer))
                             .text(bound->garment.id)
                             .finish();
    return bound;
}

}  // namespace

asset::Mesh body_surface(const asset::Model& twin, std::span<const glm::mat4> skin) {
    asset::Mesh merged;
    std::vector<asset::Vertex> posed;
    for (const auto& mesh : twin.meshes) {
        if (!mesh.skinned()) continue;
        const uint32_t base = uint32_t(merged.vertices.size());
        if (skin.empty()) {
            posed = mesh.vertices;
        } else {
            asset::skin_vertices(mesh, skin, posed);
        }
        merged.vertices.insert(merged.vertices.end(), posed.begin(), posed.end());
        merged.skin.insert(merged.skin.end(), mesh.skin.begin(), mesh.skin.end());
        for (uint32_t i : mesh.indices) merged.indices.push_back(base + i);
    }
    return merged;
}

asset::BodyCoverOptions body_cover_options(const DressingOptions& options) {
    asset::BodyCoverOptions cover;
    cover.reach *= options.metre;
    cover.margin *= options.metre;
    cover.touching *= options.metre;
    return cover;
}

Result<std::shared_ptr<const TwinBody>> TwinBody::create(std::shared_ptr<const asset::Model> model,
                                                         const std::map<std::string, std::string>& bone_map) {
    assert(model);
    const asset::Model& twin = *model;
    if (twin.skeleton.empty()) return make_error(ErrorCode::Invalid, twin.source + ": a twin must be rigged to wear garments");
    std::shared_ptr<TwinBody> body(new TwinBody());
    body->m_twin = std::move(model);
    body->m_surface = body_surface(twin, twin.skeleton.rest_skin_matrices());
    if (body->m_surface.vertices.empty()) return make_error(ErrorCode::Invalid, twin.source + ": the twin has no skinned mesh");
    // The body's closed pieces (several on game bodies like Xbot's plates and joint balls) depend
    // on its topology only: found once here, their overlap re-taken in each pose.
    body->m_pieces = asset::closed_pieces(body->m_surface.vertices, body->m_surface.indices);
    body->m_index = std::make_unique<asset::SurfaceIndex>(
        asset::Surface{body->m_surface.vertices, body->m_surface.indices}, body->m_pieces);
    asset::Aabb bounds;
    for (const asset::Vertex& v : body->m_surface.vertices) bounds.extend(v.position);
    body->m_cover_sources = asset::cover_sources({body->m_surface.vertices, body->m_surface.indices}, *body->m_index,
                                                 1e-3f * bounds.extent().y);  // 1.8 mm on a standing body
    if (const Result<HumanoidMap> map = map_humanoid(twin.skeleton, bone_map)) body->m_seat_joints = scene::seat_joints(*map);
    Sha256Hasher hasher;
    for (const auto& mesh : twin.meshes)
        if (mesh.skinned())
            hasher.values<asset::Vertex>(mesh.vertices).values<asset::VertexSkin>(mesh.skin).values<uint32_t>(mesh.indices);
    const SeatJoints none;
    const SeatJoints& seat = body->m_seat_joints ? *body->m_seat_joints : none;
    hasher.value(seat.hips).value(seat.torso).value(seat.upper_leg[0]).value(seat.upper_leg[1]);
    hasher.value(seat.lower_leg[0]).value(seat.lower_leg[1]);
    body->m_fingerprint = hasher.finish();
    return std::shared_ptr<const TwinBody>(std::move(body));
}

Result<std::shared_ptr<const BoundGarment>> bind_garment(const TwinBody& twin_body, DressedGarment garment,
                                                        const DressingOptions& options) {
    if (garment.mesh.vertices.empty()) return make_error(ErrorCode::Invalid, "garment " + garment.id + " has no vertices");
    const asset::Mesh& body = twin_body.rest_surface();
    const asset::SurfaceIndex& rest_index = twin_body.rest_index();
    auto bound = std::make_shared<BoundGarment>();
    asset::Mesh& mesh = garment.mesh;
    // Edges that cut through this body between their vertices are split first (a coarse garment
    // over a bulging body), so that pushing vertices out takes the cloth out.
    mesh.skin.clear();
    asset::refine_where_cutting(mesh, rest_index,
                                {.offset = options.offset_m * options.metre, .min_edge = 0.01f * options.metre});
    const uint32_t joints = uint32_t(twin_body.twin().skeleton.joints.size());
    mesh.skin = asset::transfer_weights(rest_index, body.skin, mesh, joints, garment.drape);
    // The rest shape made collision-free once: a garment modelled on a body whose hidden parts were
    // deleted (MakeHuman's do that) or carried over from another body sits partly inside this one.
    // Pushed out and, with the settle on, relaxed without gravity so the push leaves no kinks;
    // strain and anchors are measured against this shape in every pose.
    {
        const auto draped = positions_of(mesh.vertices);
        std::vector<asset::Vertex> resolved = mesh.vertices;
        const float offset = options.offset_m * options.metre;
        const size_t moved = asset::resolve_penetration(resolved, rest_index, offset).inside_before;
        const bool settle = settles(options, garment);
        if (settle) {
            const asset::ClothTopology draped_topology(draped, mesh.indices);
            asset::ClothOptions relax = options.cloth;
            relax.metre = options.metre;
            relax.gravity_scale = 0.0f;
            // Nothing falls: a short relax (0.2 s in 100 steps) takes the draped shape out of the body.
            relax.seconds = 0.2f;
            relax.substeps = 100;
            relax.contact_refresh = 20;
            const auto start = positions_of(resolved);
            const auto settled =
                asset::settle_cloth({start, {}}, draped_topology, rest_index, relax);
            for (size_t v = 0; v < resolved.size(); ++v) resolved[v].position = settled.positions[v];
            asset::resolve_penetration(resolved, rest_index, offset);
        }
        if (moved > 0 || settle) {  // else the authored shape and normals stay as they are
            for (size_t v = 0; v < resolved.size(); ++v) mesh.vertices[v].position = resolved[v].position;
            asset::recompute_normals(mesh);
        }
    }
    // Anchors: cloth that sits on the body in the rest shape (within 1 cm, fading out by 2.5 cm)
    // follows the skeleton there; the rest hangs.
    const float near = 0.010f * options.metre, far = 0.025f * options.metre;
    const auto rest = positions_of(mesh.vertices);
    bound->anchor.resize(rest.size(), 0.0f);
#pragma omp parallel for schedule(dynamic, 256)
    for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(rest.size()); ++i) {
        glm::vec3 q, n;
        const glm::vec3& p = rest[size_t(i)];
        if (rest_index.nearest(p, q, n, far))
            bound->anchor[size_t(i)] = std::clamp((far - glm::length(p - q)) / (far - near), 0.0f, 1.0f);
    }
    if (options.hide_covered_body)
        bound->covers = asset::body_covered_by({body.vertices, body.indices}, {mesh.vertices, mesh.indices},
                                               body_cover_options(options));
    bound->garment = std::move(garment);
    return finish_binding(std::move(bound), twin_body, options);
}

Result<std::shared_ptr<const BoundGarment>> restore_binding(const TwinBody& twin_body, DressedGarment garment,
                                                           std::vector<float> anchor, std::vector<uint8_t> covers,
                                                           const DressingOptions& options) {
    const asset::Mesh& mesh = garment.mesh;
    const size_t n = mesh.vertices.size();
    const auto refuse = [&](const std::string& why) {
        return make_error(ErrorCode::Parse, "kept binding of garment " + garment.id + ": " + why);
    };
    if (n == 0 || mesh.skin.size() != n || anchor.size() != n) return refuse("its parts differ in size");
    if (mesh.indices.size() % 3 != 0) return refuse("a partial triangle");
    for (uint32_t i : mesh.indices)
        if (i >= n) return refuse("a triangle indexes past its vertices");
    const size_t joints = twin_body.twin().skeleton.joints.size();
    for (const asset::VertexSkin& s : mesh.skin)
        for (size_t k = 0; k < asset::kMaxInfluences; ++k)
            if (s.weights[k] != 0.0f && s.joints[k] >= joints) return refuse("a weight on a joint the twin does not have");
    if (options.hide_covered_body ? covers.size() != twin_body.rest_surface().vertices.size() : !covers.empty())
        return refuse("its cover is not of this twin's body");
    auto bound = std::make_shared<BoundGarment>();
    bound->anchor = std::move(anchor);
    bound->covers = std::move(covers);
    bound->garment = std::move(garment);
    return finish_binding(std::move(bound), twin_body, options);
}

}  // namespace twinshoot::scene
