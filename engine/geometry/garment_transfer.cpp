#include "geometry/garment_transfer.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "asset/closed_shells.h"
#include "asset/closest_point.h"
#include "asset/garment_fit.h"

namespace twinshoot::geometry {
namespace {

using scene::HumanBone;
constexpr size_t kBones = scene::kHumanBoneCount;

// The torso (hips to upper chest) moves as one segment: where a rig puts its spine joints between
// hips and neck is a convention, not anatomy, so per-joint segments there would shear the garment.
bool is_torso(HumanBone b) {
    return b == HumanBone::Hips || b == HumanBone::Spine || b == HumanBone::Chest || b == HumanBone::UpperChest;
}

// The joint a bone's segment runs to (its first present child), or none for end bones.
std::optional<glm::vec3> segment_tail(const TransferBody& body, HumanBone b) {
    auto at = [&](HumanBone c) { return body.joints[size_t(c)]; };
    auto first = [&](std::initializer_list<HumanBone> list) -> std::optional<glm::vec3> {
        for (HumanBone c : list)
            if (at(c)) return at(c);
        return std::nullopt;
    };
    switch (b) {
        case HumanBone::Hips: case HumanBone::Spine: case HumanBone::Chest: case HumanBone::UpperChest:
            return first({HumanBone::Neck, HumanBone::Head});
        case HumanBone::Neck: return at(HumanBone::Head);
        case HumanBone::LeftShoulder: return at(HumanBone::LeftUpperArm);
        case HumanBone::LeftUpperArm: return at(HumanBone::LeftLowerArm);
        case HumanBone::LeftLowerArm: return at(HumanBone::LeftHand);
        case HumanBone::RightShoulder: return at(HumanBone::RightUpperArm);
        case HumanBone::RightUpperArm: return at(HumanBone::RightLowerArm);
        case HumanBone::RightLowerArm: return at(HumanBone::RightHand);
        case HumanBone::LeftUpperLeg: return at(HumanBone::LeftLowerLeg);
        case HumanBone::LeftLowerLeg: return at(HumanBone::LeftFoot);
        case HumanBone::LeftFoot: return at(HumanBone::LeftToes);
        case HumanBone::RightUpperLeg: return at(HumanBone::RightLowerLeg);
        case HumanBone::RightLowerLeg: return at(HumanBone::RightFoot);
        case HumanBone::RightFoot: return at(HumanBone::RightToes);
        default: return std::nullopt;  // head, hands, toes
    }
}

// The bone whose segment an end bone borrows its direction from.
HumanBone direction_source(HumanBone b) {
    switch (b) {
        case HumanBone::Head: return HumanBone::Neck;
        case HumanBone::LeftHand: return HumanBone::LeftLowerArm;
        case HumanBone::RightHand: return HumanBone::RightLowerArm;
        case HumanBone::LeftToes: case HumanBone::LeftFoot: return HumanBone::LeftLowerLeg;
        case HumanBone::RightToes: case HumanBone::RightFoot: return HumanBone::RightLowerLeg;
        default: return b;
    }
}

glm::vec3 segment_head(const TransferBody& body, HumanBone b) {
    return *body.joints[size_t(is_torso(b) ? HumanBone::Hips : b)];
}

// The rotation taking unit vector a onto unit vector b by the shortest arc.
glm::mat3 rotation_between(const glm::vec3& a, const glm::vec3& b) {
    const glm::vec3 axis = glm::cross(a, b);
    const float s = glm::length(axis), c = glm::dot(a, b);
    if (s < 1e-6f) return c > 0.0f ? glm::mat3(1.0f) : glm::mat3(-1.0f);  // opposite: any half turn
    const glm::vec3 k = axis / s;
    const glm::mat3 K(0, k.z, -k.y, -k.z, 0, k.x, k.y, -k.x, 0);  // column-major cross-product matrix
    return glm::mat3(1.0f) + s * K + (1.0f - c) * K * K;
}

// A segment's map from A to B: `linear` and `offset` take a point of A's body surface to B's
// (turned, stretched along the bone, widened by the girth ratio); `rotation` turns a garment's
// offset from that surface, which keeps its length (times the height ratio): the ease.
struct BoneMap {
    glm::mat3 linear{1.0f};
    glm::mat3 rotation{1.0f};
    glm::vec3 offset{0.0f};
    bool present = false;
};

std::array<BoneMap, kBones> bone_maps(const TransferBody& a, const TransferBody& b) {
    const float scale = b.height / a.height;
    const glm::mat3 basis_a(a.left, a.up, a.forward), basis_b(b.left, b.up, b.forward);
    const glm::mat3 r0 = basis_b * glm::transpose(basis_a);
    std::array<BoneMap, kBones> maps{};
    for (size_t i = 0; i < kBones; ++i) {
        const HumanBone bone = HumanBone(i);
        if (!a.joints[i] || !b.joints[i]) continue;
        const auto tail_a = segment_tail(a, direction_source(bone)), tail_b = segment_tail(b, direction_source(bone));
        const glm::vec3 head_a = segment_head(a, bone), head_b = segment_head(b, bone);
        glm::mat3 r = r0, s(scale);
        if (tail_a && tail_b) {
            const HumanBone src = direction_source(bone);
            const glm::vec3 from = *tail_a - segment_head(a, src), to = *tail_b - segment_head(b, src);
            const float la = glm::length(from), lb = glm::length(to);
            if (la > 1e-6f && lb > 1e-6f) {
                const glm::vec3 da = from / la;
                r = rotation_between(glm::normalize(r0 * da), to / lb) * r0;
                // Along the bone: the ratio of lengths (own segments only: end bones scale evenly).
                // Across it: the ratio of girths, kept within reason of the overall scale.
                float radial = scale;
                if (a.girth[i] > 0.0f && b.girth[i] > 0.0f)
                    radial = std::clamp(b.girth[i] / a.girth[i], 0.6f * scale, 1.6f * scale);
                const float axial = src == bone ? lb / la : radial;
                s = glm::mat3(radial) + (axial - radial) * glm::outerProduct(da, da);
            }
        }
        maps[i].linear = r * s;
        maps[i].rotation = r;
        maps[i].offset = head_b - maps[i].linear * head_a;
        maps[i].present = true;
    }
    return maps;
}

constexpr float kBoneBlendReach = 0.03f;  // share of the draping body's height
// The envelope (body_envelope.h): grooves up to 2 × 1% of the body's height (3.5 cm at 1.75 m)
// are bridged, on cells of 0.5% (9 mm); at most 16 M cells (Xbot's T-pose is 2 M). A ball of 2%
// did no better on Xbot and, tried on Noah, bridged his armpits: the bodice folded where it left
// the envelope (docs/garments.md, "Onto the body's envelope").
constexpr float kEnvelopeRadius = 0.01f, kEnvelopeCell = 0.005f;
constexpr size_t kEnvelopeMaxVoxels = size_t(16) << 20;
constexpr float kOntoSurfaceReach = 0.06f;  // share of the target body's height (10 cm at 1.7 m)

float mean_edge(std::span<const glm::vec3> p, std::span<const uint32_t> idx) {
    double sum = 0.0;
    size_t n = 0;
    for (size_t t = 0; t + 2 < idx.size(); t += 3, ++n) sum += glm::length(p[idx[t]] - p[idx[t + 1]]);
    return n ? float(sum / double(n)) : 0.01f;
}

asset::ClosestPointIndex index_of(const TransferBody& body) {
    return asset::ClosestPointIndex(body.positions, body.indices);
}

glm::vec3 normal_at(const TransferBody& body, const asset::ClosestHit& hit) {
    glm::vec3 n(0.0f);
    for (int k = 0; k < 3; ++k) n += hit.barycentric[k] * body.normals[body.indices[size_t(hit.triangle) * 3 + size_t(k)]];
    const float len = glm::length(n);
    return len > 1e-12f ? n / len : body.up;
}

// Where a point the segments' maps put near B (`mapped`, with A's surface normal there turned by
// the same maps, `facing`) lies on B's surface: the first surface met along that normal, outwards
// or inwards, within 6% of B's height, facing the same way (within 60 degrees); else the nearest
// point. The nearest point of a band that the maps left inside a limb or a shoulder fans the band
// out over it: the demo slip dress's straps, carried onto MakeHuman's sloping shoulders 3 cm inside
// them, came out as flaps three times their width (docs/garments.md, "Transfer").
asset::ClosestHit onto_surface(const TransferBody& body, const asset::ClosestPointIndex& index, const glm::vec3& mapped,
                               const glm::vec3& facing) {
    const float length = glm::length(facing);
    if (length > 1e-6f) {
        const glm::vec3 along = facing / length;
        const float reach = kOntoSurfaceReach * body.height;
        asset::ClosestHit best;
        best.distance = std::numeric_limits<float>::infinity();
        for (const float sign : {1.0f, -1.0f}) {
            const asset::ClosestHit hit = index.first_hit(mapped, sign * along, 0.0f, reach);
            if (!(hit.distance < best.distance)) continue;
            if (glm::dot(normal_at(body, hit), along) < 0.5f) continue;  // grazing, or the far side of a part
            best = hit;
        }
        if (best.distance < reach) return best;
    }
    return index.closest(mapped);
}

// Where cloth lies on `body` near its surface point `point` (normal `normal`): that point where the
// body is its own envelope; where the envelope bridges a groove there, the envelope over it, along
// the envelope's normal (blended over a cell so the cloth does not step at the groove's rim).
void onto_envelope(const TransferBody& body, glm::vec3& point, glm::vec3& normal) {
    const BodyEnvelope& envelope = body.envelope();
    if (envelope.distance.empty()) return;
    // The voxels hold the body to within about a cell: deeper than that, the envelope is elsewhere.
    const float depth = -envelope.signed_distance(point);
    const float w = std::clamp((depth - envelope.cell) / envelope.cell, 0.0f, 1.0f);
    if (w <= 0.0f) return;
    glm::vec3 p = point;
    glm::vec3 n = envelope.normal(p);
    for (int step = 0; step < 3; ++step) {  // Newton steps along the field's gradient
        p -= envelope.signed_distance(p) * n;
        n = envelope.normal(p);
    }
    point = glm::mix(point, p, w);
    const glm::vec3 blended = glm::mix(normal, n, w);
    const float length = glm::length(blended);
    normal = length > 1e-12f ? blended / length : n;
}

// Cloth over the top of the shoulder (a strap, a yoke) takes some of the upper arm's weight from
// A's skin, which deforms there when the arm rises. A transfer is not a pose: the upper arm's map
// turns by however far the two rest poses hold the arms apart (45 degrees from an A-pose to a
// T-pose), and a strap carried partly by that turn came out twisted over Xbot's shoulder plates.
// The upper arm's share of a point behind the shoulder joint along the arm goes to the bone above
// it (the shoulder, else the torso), fading out over 3% of the height past the joint, so a sleeve
// turns with the arm from its cap on. (Xbot and Michelle, 2026-12-07: the straps' points all lie
// behind the joint; a fade of 0.5% gave the same dress.)
void hand_arm_weight_to_shoulder(const TransferBody& a, std::span<const glm::vec3> on_a, std::vector<float>& w) {
    const float reach = 0.03f * a.height;
    for (const auto& [arm, shoulder] : {std::pair{HumanBone::LeftUpperArm, HumanBone::LeftShoulder},
                                        std::pair{HumanBone::RightUpperArm, HumanBone::RightShoulder}}) {
        const auto joint = a.joints[size_t(arm)];
        const auto tail = segment_tail(a, arm);
        if (!joint || !tail || glm::length(*tail - *joint) <= 0.0f) continue;
        const glm::vec3 along = glm::normalize(*tail - *joint);
        const size_t to = a.joints[size_t(shoulder)] ? size_t(shoulder) : size_t(HumanBone::Hips);
        for (size_t v = 0; v < on_a.size(); ++v) {
            float& wa = w[v * kBones + size_t(arm)];
            if (wa <= 0.0f) continue;
            const float past = glm::dot(on_a[v] - *joint, along);
            const float moved = wa * (1.0f - std::clamp(past / reach, 0.0f, 1.0f));
            wa -= moved;
            w[v * kBones + to] += moved;
        }
    }
}

}  // namespace

Result<TransferBody> make_transfer_body(const asset::Model& model, const std::map<std::string, std::string>& bone_map,
                                        const std::string& what) {
    if (model.skeleton.empty()) return make_error(ErrorCode::Invalid, what + ": the body is not rigged");
    auto mapped = scene::map_humanoid(model.skeleton, bone_map);
    if (!mapped) return mapped.error().with_context(what);
    const scene::HumanoidMap& map = *mapped;
    const auto& joints = model.skeleton.joints;
    // Every joint speaks for the canonical bone of its nearest mapped ancestor (twist bones,
    // fingers, breast joints); joints above the hips speak for the hips.
    std::vector<uint8_t> bone_of(joints.size(), uint8_t(HumanBone::Hips));
    std::vector<int32_t> direct(joints.size(), -1);
    for (size_t b = 0; b < kBones; ++b)
        if (map.joints[b] >= 0) direct[size_t(map.joints[b])] = int32_t(b);
    for (size_t j = 0; j < joints.size(); ++j)
        for (int32_t k = int32_t(j); k >= 0; k = joints[size_t(k)].parent)
            if (direct[size_t(k)] >= 0) {
                bone_of[j] = uint8_t(direct[size_t(k)]);
                break;
            }
    TransferBody body;
    const auto world = model.skeleton.world_transforms(model.skeleton.rest_locals());
    for (size_t b = 0; b < kBones; ++b)
        if (map.joints[b] >= 0) body.joints[b] = glm::vec3(world[size_t(map.joints[b])][3]);
    body.up = glm::normalize(map.up);
    body.forward = glm::normalize(map.forward - glm::dot(map.forward, body.up) * body.up);
    body.left = glm::cross(body.up, body.forward);
    const auto skin = model.skeleton.rest_skin_matrices();
    std::vector<asset::Vertex> posed;
    for (const auto& mesh : model.meshes) {
        if (!mesh.skinned()) continue;
        const uint32_t base = uint32_t(body.positions.size());
        asset::skin_vertices(mesh, skin, posed);
        for (size_t v = 0; v < posed.size(); ++v) {
            body.positions.push_back(posed[v].position);
            float w[kBones] = {};
            for (uint32_t k = 0; k < asset::kMaxInfluences; ++k)
                if (mesh.skin[v].weights[k] > 0.0f && mesh.skin[v].joints[k] < joints.size())
                    w[bone_of[mesh.skin[v].joints[k]]] += mesh.skin[v].weights[k];
            BoneInfluence inf;
            for (int slot = 0; slot < 4; ++slot) {
                const size_t best = size_t(std::max_element(w, w + kBones) - w);
                if (w[best] <= 0.0f) break;
                inf.bones[slot] = uint8_t(best);
                inf.weights[slot] = w[best];
                w[best] = 0.0f;
            }
            if (inf.weights[0] <= 0.0f) inf.weights[0] = 1.0f;  // unweighted: the hips
            body.bones.push_back(inf);
        }
        for (uint32_t i : mesh.indices) body.indices.push_back(base + i);
    }
    if (body.indices.size() < 3) return make_error(ErrorCode::Invalid, what + ": the body has no skinned triangles");
    body.normals.assign(body.positions.size(), glm::vec3(0.0f));
    for (size_t t = 0; t + 2 < body.indices.size(); t += 3) {
        const uint32_t i0 = body.indices[t], i1 = body.indices[t + 1], i2 = body.indices[t + 2];
        const glm::vec3 n = glm::cross(body.positions[i1] - body.positions[i0], body.positions[i2] - body.positions[i0]);
        body.normals[i0] += n;
        body.normals[i1] += n;
        body.normals[i2] += n;
    }
    float lo = 1e30f, hi = -1e30f;
    for (auto& n : body.normals) {
        const float len = glm::length(n);
        n = len > 0.0f ? n / len : body.up;
    }
    for (const glm::vec3& p : body.positions) {
        lo = std::min(lo, glm::dot(p, body.up));
        hi = std::max(hi, glm::dot(p, body.up));
    }
    body.height = hi - lo;
    if (!(body.height > 0.0f)) return make_error(ErrorCode::Invalid, what + ": the body has no height");
    // Only a body of closed pieces through one another gets an envelope: its grooves are between
    // pieces, not skin. On single-piece bodies it bridged armpits and clefts the draped garment's
    // own ease already spans (a tee on Ava: gap p95 7 → 14 mm, strain p99 +1–12%).
    std::vector<asset::Vertex> vertices(body.positions.size());
    for (size_t v = 0; v < vertices.size(); ++v) vertices[v].position = body.positions[v];
    body.of_pieces = !asset::overlapping_closed_shells(vertices, body.indices).empty();
    // Girth per segment: the mean distance of the vertices it leads to its bone line.
    std::array<double, kBones> sum{};
    std::array<size_t, kBones> count{};
    for (size_t v = 0; v < body.positions.size(); ++v) {
        const size_t b = body.bones[v].bones[0];
        if (!body.joints[b] || body.bones[v].weights[0] < 0.5f) continue;
        const HumanBone src = direction_source(HumanBone(b));
        const auto tail = segment_tail(body, src);
        if (!tail) continue;
        const glm::vec3 head = segment_head(body, src);
        const glm::vec3 axis = glm::normalize(*tail - head + glm::vec3(0, 0, 1e-9f));
        const glm::vec3 d = body.positions[v] - head;
        sum[b] += glm::length(d - glm::dot(d, axis) * axis);
        ++count[b];
    }
    for (size_t b = 0; b < kBones; ++b)
        if (count[b] >= 8) body.girth[b] = float(sum[b] / double(count[b]));
    for (HumanBone essential : {HumanBone::Hips, HumanBone::Head, HumanBone::LeftUpperLeg, HumanBone::RightUpperLeg})
        if (!body.joints[size_t(essential)])
            return make_error(ErrorCode::Invalid, what + ": the body lacks a " + scene::bone_name(essential) + " joint");
    return body;
}

const BodyEnvelope& TransferBody::envelope() const {
    std::call_once(m_envelope->made, [&] {
        if (!of_pieces) return;
        if (auto made = body_envelope({positions, indices}, kEnvelopeRadius * height, kEnvelopeCell * height,
                                      kEnvelopeMaxVoxels))
            m_envelope->envelope = std::move(*made);
    });
    return m_envelope->envelope;
}

std::vector<glm::vec3> transfer_garment(std::span<const glm::vec3> garment, std::span<const uint32_t> indices,
                                        const TransferBody& from, const TransferBody& to, TransferReport* report) {
    const size_t n = garment.size();
    to.envelope();  // made here, on every core, rather than by the first vertex of a parallel loop
    const auto maps = bone_maps(from, to);
    const float scale = to.height / from.height;
    const asset::ClosestPointIndex index_a = index_of(from);
    // Bone weights and signed distance (along the surface normal) at the closest point on A.
    std::vector<float> w(n * kBones, 0.0f);
    std::vector<float> ease(n, 0.0f);
    std::vector<glm::vec3> on_a(n), normal_a(n);
    for (size_t v = 0; v < n; ++v) {
        const asset::ClosestHit hit = index_a.closest(garment[v]);
        on_a[v] = hit.point;
        for (int k = 0; k < 3; ++k) {
            const BoneInfluence& inf = from.bones[from.indices[size_t(hit.triangle) * 3 + size_t(k)]];
            for (int s = 0; s < 4; ++s) w[v * kBones + inf.bones[s]] += hit.barycentric[k] * inf.weights[s];
        }
        normal_a[v] = normal_at(from, hit);
        ease[v] = glm::dot(garment[v] - hit.point, normal_a[v]);
    }
    hand_arm_weight_to_shoulder(from, on_a, w);
    const auto neighbours = asset::edge_neighbours(n, indices);
    // Smoothed over about 3% of the body's height whatever the garment's resolution (each pass
    // spreads about one edge, the width grows as the square root of the passes): where the maps of
    // two segments meet (a skirt's front between the legs) the garment blends them instead of
    // folding along a narrow seam.
    const float edge = std::max(mean_edge(garment, indices), 1e-6f * from.height);
    const float reach_edges = kBoneBlendReach * from.height / edge;
    const int blend_passes = int(std::clamp(reach_edges * reach_edges, 6.0f, 200.0f));
    asset::smooth_over_edges(w, kBones, neighbours, blend_passes);
    // The closest point on A goes to B by the segments' maps; the garment's offset from it is only
    // turned (and scaled by the height ratio). Mapping the garment point itself widened loose cloth
    // by the girth ratio about the bone: a jacket's hem 15 cm out from a thigh 1.4 times as thick on
    // B stood 6 cm further out, a barrel round the hips.
    const asset::ClosestPointIndex index_b = index_of(to);
    std::vector<glm::vec3> out(n), turned_all(n);
    std::vector<float> onto_b(n * 3);
    for (size_t v = 0; v < n; ++v) {
        glm::vec3 surface(0.0f), turned(0.0f), facing(0.0f);
        float total = 0.0f;
        const glm::vec3 away = garment[v] - on_a[v];
        for (size_t b = 0; b < kBones; ++b) {
            const float wb = w[v * kBones + b];
            if (wb <= 0.0f || !maps[b].present) continue;
            surface += wb * (maps[b].linear * on_a[v] + maps[b].offset);
            turned += wb * (maps[b].rotation * away);
            facing += wb * (maps[b].rotation * normal_a[v]);
            total += wb;
        }
        const BoneMap& hips = maps[size_t(HumanBone::Hips)];
        if (total > 0.0f) {
            surface /= total;
            turned /= total;
        } else {
            surface = hips.linear * on_a[v] + hips.offset;
            turned = hips.rotation * away;
            facing = hips.rotation * normal_a[v];
        }
        out[v] = surface;
        turned_all[v] = turned * scale;
        const asset::ClosestHit on_b = onto_surface(to, index_b, surface, facing);
        glm::vec3 point = on_b.point, normal = normal_at(to, on_b);
        onto_envelope(to, point, normal);
        const glm::vec3 c = point - surface;
        for (int k = 0; k < 3; ++k) onto_b[v * 3 + size_t(k)] = c[k];
    }
    // The segments' maps only approximate B's surface (girths are means over whatever each rig's
    // weights call a segment): each point goes onto B's own surface (onto_surface: along its
    // turned normal, else the nearest), by a correction smoothed over the garment as the weights
    // are. Unsmoothed, a skirt's points near the legs took the cleft between B's thighs as a
    // crease down its front.
    asset::smooth_over_edges(onto_b, 3, neighbours, blend_passes);
    for (size_t v = 0; v < n; ++v)
        out[v] += glm::vec3(onto_b[v * 3], onto_b[v * 3 + 1], onto_b[v * 3 + 2]) + turned_all[v];
    // Ease: fitted vertices (within ~1 cm of A at 1.75 m) go back to their distance in front of B,
    // fading out by ~4.5 cm; the correction then spreads to the loose vertices they hold.
    const float fit_near = 0.006f * from.height, fit_far = 0.025f * from.height, min_ease = 0.0015f * from.height;
    std::vector<glm::vec3> delta(n, glm::vec3(0.0f)), target(n, glm::vec3(0.0f));
    std::vector<float> held(n, 0.0f);
    size_t fitted = 0;
    for (size_t v = 0; v < n; ++v) {
        const float f = std::clamp((fit_far - ease[v]) / (fit_far - fit_near), 0.0f, 1.0f);
        if (f <= 0.0f) continue;
        const asset::ClosestHit hit = index_b.closest(out[v]);
        glm::vec3 point = hit.point, normal = normal_at(to, hit);
        onto_envelope(to, point, normal);
        target[v] = point + normal * (std::max(ease[v], min_ease) * scale) - out[v];
        held[v] = f;
        delta[v] = f * target[v];
        ++fitted;
    }
    std::vector<glm::vec3> spread(n);
    for (int pass = 0; pass < 40; ++pass) {
        for (size_t v = 0; v < n; ++v) {
            glm::vec3 mean(0.0f);
            for (uint32_t u : neighbours[v]) mean += delta[u];
            if (!neighbours[v].empty()) mean /= float(neighbours[v].size());
            spread[v] = held[v] * target[v] + (1.0f - held[v]) * mean;
        }
        delta.swap(spread);
    }
    for (size_t v = 0; v < n; ++v) out[v] += delta[v];
    // Vertices at one position (a seam split for UVs, a hem's facing strip on its sheet) stay at one
    // position: the settle makes them one particle only if they are (asset/cloth_settle.h). Their
    // weights are smoothed over different edges, and a loose vertex's offset turned by slightly
    // different rotations parted the demo slip dress's hem strip from its skirt by centimetres: it
    // fell to the knees as a ring.
    const std::vector<uint32_t> same = asset::colocated_representatives(garment);
    for (size_t v = 0; v < n; ++v) out[v] = out[same[v]];
    if (report) *report = {double(scale), fitted};
    return out;
}

}  // namespace twinshoot::geometry
