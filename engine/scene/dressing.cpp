#include "scene/dressing.h"

#include <algorithm>
#include <cassert>

#include "asset/body_cover.h"
#include "asset/body_side.h"
#include "asset/poke_through.h"
#include "asset/garment_fit.h"
#include "asset/self_intersection.h"
#include "core/stopwatch.h"
#include "scene/fit_code.h"

namespace twinshoot::scene {
namespace {

// An outer layer behind an inner one by up to this much is pushed out over it in each pose.
constexpr float kLayerReach_m = 0.015f;
// How far behind drawn skin cloth is still taken as poked through (asset/poke_through.h), and how
// many bones apart along the skeleton the skin's joint and the cloth's body point's may be: a thigh
// (one from the hips, two from the spine) pushes a skirt, a hand (five or more) does not.
constexpr float kPokeReach_m = 0.02f;
constexpr int kPokeHops = 2;
// Sides of the body hanging cloth hung on (asset/body_side.h): cloth this close to the body at rest
// has none; posed, cloth this far behind its side's plane has been passed by a limb, and goes back
// to where it hung if that is no farther (the forward knee passes a skirt's front by 5-13 cm on
// Xbot walking).
constexpr float kSideMinGap_m = 0.002f;
constexpr float kSideThrough_m = 0.02f;
constexpr float kSideReach_m = 0.25f;
// A fold this much sharper or flatter than the rest shape's is a crease (GarmentFitReport).
constexpr float kCreaseAngle = 1.0471976f;  // 60 degrees
// How much flatter than a ball the loose blend's neighbourhood is for seated thighs
// (asset::transfer_weights `level`).
constexpr float kSeatedLevel = 4.0f;

std::vector<glm::vec3> positions_of(std::span<const asset::Vertex> vertices) {
    std::vector<glm::vec3> out(vertices.size());
    for (size_t i = 0; i < vertices.size(); ++i) out[i] = vertices[i].position;
    return out;
}

// The joint that carries most of a vertex.
uint16_t main_joint(const asset::VertexSkin& skin) {
    size_t best = 0;
    for (size_t k = 1; k < asset::kMaxInfluences; ++k)
        if (skin.weights[k] > skin.weights[best]) best = k;
    return skin.joints[best];
}

// How many bones apart joints a and b are along the skeleton (through their nearest common
// ancestor); more than `limit`: limit + 1.
int joint_hops(const asset::Skeleton& skeleton, int32_t a, int32_t b, int limit) {
    int up_a = 0;
    for (int32_t x = a; x >= 0 && up_a <= limit; x = skeleton.joints[size_t(x)].parent, ++up_a) {
        int up_b = 0;
        for (int32_t y = b; y >= 0 && up_a + up_b <= limit; y = skeleton.joints[size_t(y)].parent, ++up_b)
            if (x == y) return up_a + up_b;
    }
    return limit + 1;
}

// The sides of the body a bound garment's points hung on, and the joints carrying them
// (BoundGarment::RestSides, made on first use).
const BoundGarment::RestSides& rest_sides_of(const BoundGarment& cloth, const TwinBody& body, float metre) {
    std::call_once(cloth.rest_sides->made, [&] {
        BoundGarment::RestSides& out = *cloth.rest_sides;
        out.sides = asset::body_sides(body.rest_index(), positions_of(cloth.garment.mesh.vertices), kSideMinGap_m * metre);
        const asset::Mesh& surface = body.rest_surface();
        out.joint.resize(out.sides.size());
        for (size_t v = 0; v < out.sides.size(); ++v) {
            const glm::vec3& b = out.sides[v].barycentric;
            const int corner = b.x >= b.y && b.x >= b.z ? 0 : (b.y >= b.z ? 1 : 2);
            out.joint[v] = main_joint(surface.skin[surface.indices[size_t(out.sides[v].triangle) * 3 + size_t(corner)]]);
        }
    });
    return *cloth.rest_sides;
}

double quantile(std::vector<float> values, double q) {
    if (values.empty()) return 0.0;
    const size_t k = std::min(values.size() - 1, size_t(q * double(values.size())));
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(k), values.end());
    return double(values[k]);
}

}  // namespace

Result<Dressing> Dressing::create(const asset::Model& twin, std::vector<DressedGarment> garments,
                                  const DressingOptions& options) {
    // Not owned (an empty owner): the caller keeps `twin` alive.
    const std::shared_ptr<const asset::Model> unowned(std::shared_ptr<void>(), &twin);
    TS_TRY_ASSIGN(std::shared_ptr<const TwinBody> body, TwinBody::create(unowned));
    std::vector<std::shared_ptr<const BoundGarment>> bound;
    for (auto& g : garments) {
        TS_TRY_ASSIGN(auto b, bind_garment(*body, std::move(g), options));
        bound.push_back(std::move(b));
    }
    return create(std::move(body), std::move(bound), options);
}

Result<Dressing> Dressing::create(std::shared_ptr<const TwinBody> body,
                                  std::vector<std::shared_ptr<const BoundGarment>> garments,
                                  const DressingOptions& options) {
    assert(body);
    for ([[maybe_unused]] const auto& g : garments)
        assert(g && g->body == body.get() && g->hides_body == options.hide_covered_body &&
               "bound by bind_garment() to this body with these options");
    std::stable_sort(garments.begin(), garments.end(),
                     [](const auto& a, const auto& b) { return a->garment.layer < b->garment.layer; });
    Dressing d;
    d.m_options = options;
    if (options.hide_covered_body) {
        const asset::Model& twin = body->twin();
        const asset::Mesh& rest = body->rest_surface();
        std::vector<uint8_t> covered(rest.vertices.size(), 0);
        for (const auto& g : garments) {
            assert(g->covers.size() == covered.size());
            for (size_t v = 0; v < covered.size(); ++v) covered[v] |= g->covers[v];
        }
        covered = asset::covered_through(covered, body->cover_sources());  // buried skin: as the skin over it
        std::vector<uint8_t> hidden =
            asset::hidden_body_vertices({rest.vertices, rest.indices}, covered, body_cover_options(options));
        d.m_body_shown.resize(twin.meshes.size());
        // Tested for poke-through: every corner of a drawn triangle. A hidden vertex beside shown
        // skin is drawn as the corner of a shown triangle, and pokes through the cloth as visibly
        // (the forward thigh through a walking pencil skirt, in a slit along the edge of the skin
        // left shown).
        std::vector<uint8_t> undrawn(hidden.size(), 1);
        size_t base = 0;  // body_surface's order: the skinned meshes, one after the other
        for (size_t m = 0; m < twin.meshes.size(); ++m) {
            const asset::Mesh& mesh = twin.meshes[m];
            if (!mesh.skinned()) continue;
            std::vector<uint32_t> shown =
                asset::shown_triangles(mesh.indices, std::span(hidden).subspan(base, mesh.vertices.size()));
            for (const uint32_t v : shown) undrawn[base + v] = 0;
            base += mesh.vertices.size();
            if (shown.empty() || shown.size() == mesh.indices.size()) continue;
            d.m_body_hidden += (mesh.indices.size() - shown.size()) / 3;
            d.m_body_shown[m] = std::make_shared<const std::vector<uint32_t>>(std::move(shown));
        }
        // Not tested for poke-through either: skin no drawn triangle uses, and skin buried inside
        // another piece.
        const std::vector<uint32_t>& sources = body->cover_sources();
        for (size_t v = 0; v < undrawn.size(); ++v) undrawn[v] |= uint8_t(sources[v] != v);
        d.m_body_undrawn_vertices = std::move(undrawn);
    }
    // Cloth under a higher layer: covered in the rest shapes, with the body's margin.
    d.m_garment_shown.resize(garments.size());
    if (options.hide_covered_body)
        for (size_t i = 0; i < garments.size(); ++i) {
            const asset::Mesh& inner = garments[i]->garment.mesh;
            const asset::Surface inner_surface{inner.vertices, inner.indices};
            // Covered: an outer garment's sheet lies within the cover's reach, farther from the body
            // than this cloth, or within the 1.5 cm the layers are resolved over in each pose (the
            // outer sheet then ends over it, as an untucked tee over a waistband that lies outside
            // the tee in their rest shapes). Whichever way either faces (a waistband's finished
            // edge faces up, its facing in; generated and imported sheets need not agree on a side).
            std::vector<uint8_t> covered(inner.vertices.size(), 0);
            bool any = false;
            const float reach = body_cover_options(options).reach;
            const asset::SurfaceIndex& rest_body = body->rest_index();
            const auto off_body = [&](const glm::vec3& p) {
                glm::vec3 q, n;
                return rest_body.nearest(p, q, n, 2.0f * reach) ? glm::length(p - q) : 2.0f * reach;
            };
            for (size_t j = 0; j < garments.size(); ++j) {
                if (garments[j]->garment.layer <= garments[i]->garment.layer) continue;
                const asset::Mesh& outer = garments[j]->garment.mesh;
                const asset::SurfaceIndex outer_index({outer.vertices, outer.indices}, std::span<const asset::ClosedShell>{});
#pragma omp parallel for schedule(dynamic, 256)  // each vertex writes its own flag
                for (std::ptrdiff_t k = 0; k < std::ptrdiff_t(covered.size()); ++k) {
                    const size_t v = size_t(k);
                    glm::vec3 q, n;
                    const glm::vec3& p = inner.vertices[v].position;
                    if (!covered[v] && outer_index.nearest(p, q, n, reach) &&
                        (glm::length(p - q) <= kLayerReach_m * options.metre || off_body(p) < off_body(q)))
                        covered[v] = 1;
                }
                any = any || std::find(covered.begin(), covered.end(), uint8_t(1)) != covered.end();
            }
            if (!any) continue;
            std::vector<uint32_t> shown = asset::shown_triangles(
                inner.indices, asset::hidden_body_vertices(inner_surface, covered, body_cover_options(options)));
            if (!shown.empty() && shown.size() != inner.indices.size())
                d.m_garment_shown[i] = std::make_shared<const std::vector<uint32_t>>(std::move(shown));
        }
    Sha256Hasher hasher;
    hasher.text(kFitCodeHash).value(body->fingerprint());
    hasher.value(uint64_t(garments.size()));
    for (const auto& g : garments) hasher.value(g->fingerprint);
    hash_dressing_options(hasher, options);
    d.m_fingerprint = hasher.finish();
    d.m_body = std::move(body);
    d.m_garments = std::move(garments);
    return d;
}

void hash_dressing_options(Sha256Hasher& hasher, const DressingOptions& options) {
    const asset::ClothOptions& c = options.cloth;
    hasher.value(options.metre).value(options.offset_m).value(uint8_t(options.settle)).value(uint8_t(options.hide_covered_body));
    hasher.value(uint8_t(options.push_off_drawn_skin)).value(uint8_t(options.sit)).value(uint8_t(options.keep_body_sides));
    hasher.value(uint8_t(options.poke_by_near_parts));
    hasher.text(options.solver ? options.solver->identity() : "cpu");
    hasher.value(c.metre).value(c.down).value(c.gravity_scale).value(c.thickness_m).value(c.seconds);
    hasher.value(int32_t(c.substeps)).value(int32_t(c.contact_refresh)).value(c.contact_reach_m);
    hasher.value(c.stretch_compliance).value(c.compress_compliance).value(c.bend_compliance).value(int32_t(c.bend_every)).value(c.anchor_compliance);
    hasher.value(c.friction).value(c.damping).value(uint8_t(c.tethers)).value(int32_t(c.prestabilise)).value(c.max_speed_m_s);
}

PosedDressing Dressing::pose(std::span<const glm::mat4> skin_matrices, FitMeasures measures) const {
    const bool measure = measures == FitMeasures::Compute;
    PosedDressing out;
    out.garments.reserve(m_garments.size());  // resolved[] views them: no reallocation
    const float offset = m_options.offset_m * m_options.metre;
    assert(m_body && "pose() of a Dressing made by create()");
    const asset::Mesh body = body_surface(m_body->twin(), skin_matrices);
    const asset::SurfaceIndex body_index({body.vertices, body.indices}, m_body->pieces());
    // Seated (scene/seat.h): hanging cloth follows the thighs along their length and rests on the seat.
    const std::optional<Seat> seat =
        m_options.sit && m_body->seat_joints() ? seat_of(m_body->twin().skeleton, *m_body->seat_joints(), skin_matrices, body) : std::nullopt;
    const glm::vec3 down = m_options.cloth.down;  // a support is level: only where down is -y
    const std::optional<asset::ClothSupport> support =
        seat && down.x == 0.0f && down.z == 0.0f && down.y < 0.0f ? seat->support : std::nullopt;
    std::vector<asset::SurfaceIndex> resolved;  // the garments already placed, for the layers above
    // The skin at rest and posed, for the strain of the skin under each garment (measures only).
    const std::vector<glm::vec3> skin_rest = measure ? positions_of(m_body->rest_surface().vertices) : std::vector<glm::vec3>{};
    const std::vector<glm::vec3> skin_posed = measure ? positions_of(body.vertices) : std::vector<glm::vec3>{};
    for (size_t i = 0; i < m_garments.size(); ++i) {
        const DressedGarment& g = m_garments[i]->garment;
        const BoundGarment& cloth = *m_garments[i];
        std::vector<asset::Vertex> posed;
        asset::skin_vertices(g.mesh, skin_matrices, posed);
        const bool settle = settles(m_options, g);
        if (seat && seat->raised > 0.0f && settle && g.drape == asset::Drape::HangsFree) {
            // Skinned from the hips, a skirt's front stands out over raised thighs as a board and,
            // seated, its back hangs below the seat, and the settle cannot bring it back onto the lap
            // (docs/garments.md). Weights at each fabric point's own height follow the thighs along
            // their length: mixed in per vertex as far as the thighs it follows are raised, then what
            // lies over them is laid on them. Only where both are raised: kneeling, with one thigh
            // forward, this changed little (docs/garments.md) and is left as standing.
            const SeatJoints& joints = *m_body->seat_joints();
            const Seat sitting = *seat;
            std::call_once(cloth.seated->made, [&] {
                cloth.seated->skin = asset::transfer_weights(m_body->rest_index(), m_body->rest_surface().skin, g.mesh,
                                                             uint32_t(m_body->twin().skeleton.joints.size()), g.drape,
                                                             asset::kWeightSmoothing, kSeatedLevel);
            });
            const std::vector<asset::VertexSkin>& level = cloth.seated->skin;
            std::vector<asset::Vertex> along;
            asset::skin_vertices(g.mesh.vertices, level, skin_matrices, along);
            std::vector<uint8_t> lay(posed.size(), 0);
            for (size_t v = 0; v < posed.size(); ++v) {
                float thigh[2] = {0.0f, 0.0f};
                for (uint32_t k = 0; k < asset::kMaxInfluences; ++k)
                    for (int leg = 0; leg < 2; ++leg)
                        if (int32_t(level[v].joints[k]) == joints.upper_leg[leg]) thigh[leg] += level[v].weights[k];
                const float both = thigh[0] + thigh[1];
                const float follow =
                    both > 0.0f ? (sitting.legs[0] * thigh[0] + sitting.legs[1] * thigh[1]) / both : sitting.raised;
                posed[v].position = glm::mix(posed[v].position, along[v].position, follow);
                lay[v] = follow >= 0.5f && cloth.anchor[v] < 0.5f && carried_by_thighs(level[v], joints, 0.5f);
            }
            lay_on_thighs(posed, g.mesh.indices, lay, body_index, body, joints, m_options.cloth.thickness_m * m_options.metre);
        }
        GarmentFitReport r{g.id, posed.size()};
        // Hanging cloth a limb swung into or through (a skirt's front the forward thigh passed: its
        // weights are blended, it swings less far) goes back to the side of the body it hung on at
        // rest, in front of the limb: pushed out to the nearest way out, it went out behind the
        // limb, and the settle cannot bring a sheet back across one (asset/body_side.h).
        std::optional<size_t> inside_skinned;  // before any point went back (measures only)
        if (m_options.keep_body_sides && g.drape == asset::Drape::HangsFree) {
            if (measure) inside_skinned = asset::count_inside(posed, body_index);
            const std::vector<asset::PosedSide> sides =
                asset::posed_sides(rest_sides_of(cloth, *m_body, m_options.metre).sides, {body.vertices, body.indices});
            asset::return_to_sides(posed, sides, body_index, offset, kSideThrough_m * m_options.metre,
                                   kSideReach_m * m_options.metre);
        }
        const asset::PenetrationResult first = asset::resolve_penetration(posed, body_index, offset);
        bool changed = first.inside_after > 0;  // since every vertex was last found outside the body
        const std::vector<glm::vec3> skinned = settle || measure ? positions_of(posed) : std::vector<glm::vec3>{};
        if (settle) {
            changed = true;
            Stopwatch timer;
            asset::ClothOptions cloth_options = m_options.cloth;
            cloth_options.metre = m_options.metre;
            // The garments under it as placed: the cloth rests on them (pushed out of them only
            // afterwards, it crumples where it fell through them: docs/garments.md).
            std::vector<const asset::SurfaceIndex*> under;
            for (size_t k = 0; k < i; ++k)
                if (m_garments[k]->garment.layer < g.layer) under.push_back(&resolved[k]);
            const asset::ClothInput input{skinned, cloth.anchor, support, under};
            Result<asset::ClothResult> settled = make_error(ErrorCode::Invalid, "no solver");
            if (m_options.solver) settled = m_options.solver->settle(input, *cloth.topology, body_index, cloth_options);
            r.settled_on = settled ? m_options.solver->identity() : "cpu";
            if (!settled) settled = asset::settle_cloth(input, *cloth.topology, body_index, cloth_options);
            for (size_t v = 0; v < posed.size(); ++v) posed[v].position = settled->positions[v];
            r.settled = true;
            r.settle_ms = timer.ms();
        }
        // Out of the garments under it (already placed, themselves outside the body), then the body
        // once more: a push off an inner sheet's rim can aim back inside.
        for (size_t k = 0; k < i; ++k)
            if (m_garments[k]->garment.layer < g.layer)
                changed |= asset::resolve_penetration(posed, resolved[k], offset, kLayerReach_m * m_options.metre).inside_before > 0;
        if (changed) asset::resolve_penetration(posed, body_index, offset);  // else it would find nothing
        // Skin drawn under hanging cloth (a thigh under a pencil skirt: skin under loose fabric is
        // not hidden) that passes through it between its vertices pushes the cloth off
        // (asset/poke_through.h). Fitted cloth hides the skin it covers instead. A corner pushed
        // along one limb's normal can land in another, so the body once more.
        // Only skin of the part the cloth hangs on, or near it along the skeleton, pushes: a hand
        // hanging against a skirt's side is outside it, and pushing the skirt out over the hand
        // wrapped it round the hand in a pocket (docs/garments.md).
        if (m_options.push_off_drawn_skin && g.drape == asset::Drape::HangsFree) {
            const std::vector<uint16_t>& hung_on = rest_sides_of(cloth, *m_body, m_options.metre).joint;
            const asset::Skeleton& skeleton = m_body->twin().skeleton;
            const asset::PokePermit near_part = [&](uint32_t skin, uint32_t at) {
                return joint_hops(skeleton, main_joint(body.skin[skin]), hung_on[at], kPokeHops) <= kPokeHops;
            };
            if (asset::push_cloth_off_body(posed, g.mesh.indices, cloth.topology->particle(), {body.vertices, body.indices},
                                           m_body_undrawn_vertices, offset, kPokeReach_m * m_options.metre, 3,
                                           m_options.poke_by_near_parts ? near_part : asset::PokePermit{})
                    .found_first > 0)
                asset::resolve_penetration(posed, body_index, offset);
        }
        // Pushed off the skin under the thighs, cloth can end under the seat it rested on: back onto
        // it (its top lies under the skin the hips and thighs carry: scene/seat.h).
        if (settle && support)
            for (asset::Vertex& v : posed) v.position = support->lifted(v.position);
        if (measure) {
            const size_t after = asset::count_inside(posed, body_index);
            r.inside_before = double(inside_skinned.value_or(first.inside_before)) / double(std::max<size_t>(1, posed.size()));
            r.inside_after = double(after) / double(std::max<size_t>(1, posed.size()));
            const std::vector<glm::vec3> final_positions = positions_of(posed);
            r.strain_p99 = asset::strain_quantile(final_positions, *cloth.topology, 0.99);
            if (!cloth.covers.empty())
                r.body_strain_p99 = asset::covered_edge_strain(skin_rest, skin_posed, body.indices, cloth.covers, 0.99);
            r.flipped_triangles = asset::flipped_triangles(skinned, final_positions, g.mesh.indices);
            const std::vector<glm::vec3> rest = positions_of(g.mesh.vertices);
            r.creased_skinned = asset::creased_share(rest, skinned, g.mesh.indices, cloth.topology->particle(), kCreaseAngle);
            r.creased_after = asset::creased_share(rest, final_positions, g.mesh.indices, cloth.topology->particle(), kCreaseAngle);
            const auto& particle = cloth.topology->particle();
            r.self_crossings_rest = asset::self_intersection(rest, g.mesh.indices, particle).crossing_edges;
            r.self_crossings_skinned = asset::self_intersection(skinned, g.mesh.indices, particle).crossing_edges;
            r.self_crossings_after = asset::self_intersection(final_positions, g.mesh.indices, particle).crossing_edges;
            for (size_t k = 0; k < i; ++k) {
                if (m_garments[k]->garment.layer >= g.layer) continue;
                const std::vector<glm::vec3> inner = positions_of(out.garments[k].vertices);
                r.layer_crossings_after += asset::layer_intersection(final_positions, g.mesh.indices, particle, inner,
                                                                     m_garments[k]->garment.mesh.indices,
                                                                     m_garments[k]->topology->particle())
                                               .crossing_edges;
            }
            std::vector<float> gaps(posed.size());
#pragma omp parallel for schedule(dynamic, 256)
            for (std::ptrdiff_t v = 0; v < std::ptrdiff_t(posed.size()); ++v) {
                glm::vec3 q, n;
                const glm::vec3& p = posed[size_t(v)].position;
                gaps[size_t(v)] = body_index.nearest(p, q, n, m_options.metre) ? glm::length(p - q) / m_options.metre : 1.0f;
            }
            r.gap_p95_m = quantile(std::move(gaps), 0.95);
            out.report.push_back(r);
        }
        if (settle) {  // normals of the whole cloth, hidden triangles included
            asset::Mesh whole;
            whole.vertices = std::move(posed);
            whole.indices = g.mesh.indices;
            asset::recompute_normals(whole);
            posed = std::move(whole.vertices);
        }
        out.garments.push_back(posed_garment(i, std::move(posed)));
        // A sheet for the layers above (within 1.5 cm of it), every triangle of it (drawn or not):
        // no closed pieces looked for.
        resolved.emplace_back(asset::Surface{out.garments.back().vertices, g.mesh.indices},
                              std::span<const asset::ClosedShell>{});
    }
    return out;
}

asset::Mesh Dressing::posed_garment(size_t i, std::vector<asset::Vertex> vertices) const {
    assert(i < m_garments.size() && vertices.size() == m_garments[i]->garment.mesh.vertices.size());
    const DressedGarment& g = m_garments[i]->garment;
    asset::Mesh mesh;
    mesh.name = g.id;
    mesh.vertices = std::move(vertices);
    mesh.indices = m_garment_shown[i] ? *m_garment_shown[i] : g.mesh.indices;
    mesh.has_uvs = g.mesh.has_uvs;
    return mesh;
}

}  // namespace twinshoot::scene
