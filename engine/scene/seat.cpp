#include "scene/seat.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace twinshoot::scene {
namespace {

constexpr float kDeg = 0.017453293f;

glm::vec3 joint_position(const asset::Skeleton& skeleton, std::span<const glm::mat4> skin, int32_t j) {
    return glm::vec3(skin[size_t(j)] * glm::inverse(skeleton.joints[size_t(j)].inverse_bind)[3]);
}

float smoothstep(float lo, float hi, float x) {
    const float t = std::clamp((x - lo) / (hi - lo), 0.0f, 1.0f);
    return t * t * (3.0f - 2.0f * t);
}

}  // namespace

std::optional<SeatJoints> seat_joints(const HumanoidMap& map) {
    SeatJoints j;
    j.hips = map[HumanBone::Hips];
    j.torso = map.has(HumanBone::Chest) ? map[HumanBone::Chest] : map[HumanBone::Spine];
    j.upper_leg[0] = map[HumanBone::LeftUpperLeg];
    j.upper_leg[1] = map[HumanBone::RightUpperLeg];
    j.lower_leg[0] = map[HumanBone::LeftLowerLeg];
    j.lower_leg[1] = map[HumanBone::RightLowerLeg];
    for (int32_t k : {j.hips, j.torso, j.upper_leg[0], j.upper_leg[1], j.lower_leg[0], j.lower_leg[1]})
        if (k < 0) return std::nullopt;
    return j;
}

float seat_raised(const asset::Skeleton& skeleton, const SeatJoints& joints, std::span<const glm::mat4> skin,
                  float* thigh_length, float* legs) {
    for (int32_t k : {joints.hips, joints.torso, joints.upper_leg[0], joints.upper_leg[1], joints.lower_leg[0], joints.lower_leg[1]})
        if (k < 0 || size_t(k) >= skin.size() || size_t(k) >= skeleton.joints.size()) return 0.0f;
    const auto position = [&](int32_t j) { return joint_position(skeleton, skin, j); };
    const glm::vec3 up(0.0f, 1.0f, 0.0f);
    const glm::vec3 torso = position(joints.torso) - position(joints.hips);
    if (glm::length(torso) <= 0.0f || glm::dot(glm::normalize(torso), up) < std::cos(45.0f * kDeg)) return 0.0f;
    float raised = 1.0f, longest = 0.0f;
    for (int leg = 0; leg < 2; ++leg) {
        const glm::vec3 thigh = position(joints.lower_leg[leg]) - position(joints.upper_leg[leg]);
        const float length = glm::length(thigh);
        if (length <= 0.0f) return 0.0f;
        longest = std::max(longest, length);
        const float from_down = std::acos(std::clamp(glm::dot(thigh / length, -up), -1.0f, 1.0f));
        const float leg_raised = smoothstep(45.0f * kDeg, 70.0f * kDeg, from_down);
        if (legs) legs[leg] = leg_raised;
        raised = std::min(raised, leg_raised);
    }
    if (thigh_length) *thigh_length = longest;
    return raised;
}

std::optional<Seat> seat_of(const asset::Skeleton& skeleton, const SeatJoints& joints, std::span<const glm::mat4> skin,
                            const asset::Mesh& posed) {
    const auto position = [&](int32_t j) { return joint_position(skeleton, skin, j); };
    float thigh_length = 0.0f, legs[2] = {0.0f, 0.0f};
    const float raised = seat_raised(skeleton, joints, skin, &thigh_length, legs);
    if (std::max(legs[0], legs[1]) <= 0.0f) return std::nullopt;
    Seat seat{{legs[0], legs[1]}, raised, std::nullopt};
    if (raised < 0.5f || posed.skin.size() != posed.vertices.size()) return seat;
    // The skin the hips and thighs carry (at least three quarters of its weight): its lowest point
    // is where the figure sits, its contact patch the seat's footprint.
    const auto carried = [&](const asset::VertexSkin& s) { return carried_by_thighs(s, joints, 0.75f); };
    float lowest = std::numeric_limits<float>::max();
    for (size_t v = 0; v < posed.vertices.size(); ++v)
        if (carried(posed.skin[v])) lowest = std::min(lowest, posed.vertices[v].position.y);
    if (lowest == std::numeric_limits<float>::max()) return seat;
    const float band = 0.06f * thigh_length;  // 2.7 cm on a 45 cm thigh
    glm::vec2 lo(std::numeric_limits<float>::max()), hi(-std::numeric_limits<float>::max());
    for (size_t v = 0; v < posed.vertices.size(); ++v) {
        const glm::vec3& p = posed.vertices[v].position;
        if (p.y > lowest + band || !carried(posed.skin[v])) continue;
        lo = glm::min(lo, glm::vec2(p.x, p.z));
        hi = glm::max(hi, glm::vec2(p.x, p.z));
    }
    // A little wider than the patch at the sides and back, as a stool is; its front edge where the
    // patch ends, so the skirt falls over it towards the knees.
    const float margin = 0.08f * thigh_length;
    const glm::vec3 forward_thighs = position(joints.lower_leg[0]) + position(joints.lower_leg[1]) -
                                     position(joints.upper_leg[0]) - position(joints.upper_leg[1]);
    asset::ClothSupport support;
    support.top = lowest - 0.015f * thigh_length;  // the cloth's room under the skin (7 mm)
    support.min_x = lo.x - margin;
    support.max_x = hi.x + margin;
    support.min_z = lo.y - (forward_thighs.z > 0.0f ? margin : 0.0f);
    support.max_z = hi.y + (forward_thighs.z > 0.0f ? 0.0f : margin);
    seat.support = support;
    return seat;
}

bool carried_by_thighs(const asset::VertexSkin& s, const SeatJoints& joints, float share) {
    float w = 0.0f;
    for (uint32_t i = 0; i < asset::kMaxInfluences; ++i)
        if (int32_t(s.joints[i]) == joints.hips || int32_t(s.joints[i]) == joints.upper_leg[0] ||
            int32_t(s.joints[i]) == joints.upper_leg[1])
            w += s.weights[i];
    return w >= share;
}

size_t lay_on_thighs(std::vector<asset::Vertex>& cloth, std::span<const uint32_t> indices, std::span<const uint8_t> lay,
                     const asset::SurfaceIndex& body, const asset::Mesh& posed, const SeatJoints& joints, float clearance) {
    assert(lay.size() == cloth.size() && posed.skin.size() == posed.vertices.size());
    const glm::vec3 down(0.0f, -1.0f, 0.0f);
    const size_t n = cloth.size();
    // How far each vertex over the thighs falls onto them (NaN: not over them).
    std::vector<float> drop(n, std::numeric_limits<float>::quiet_NaN());
#pragma omp parallel for schedule(dynamic, 256)
    for (std::ptrdiff_t k = 0; k < std::ptrdiff_t(n); ++k) {
        const size_t v = size_t(k);
        if (!lay[v]) continue;
        const glm::vec3& p = cloth[v].position;
        float from = 0.0f;
        for (int crossing = 0; crossing < 8; ++crossing) {  // through hands and forearms
            const asset::ClosestHit hit = body.first_hit(p, down, from, 1e30f);
            if (!std::isfinite(hit.distance)) break;
            const size_t t = size_t(hit.triangle) * 3;
            glm::vec3 normal(0.0f);
            for (int c = 0; c < 3; ++c) normal += hit.barycentric[c] * posed.vertices[posed.indices[t + size_t(c)]].normal;
            if (glm::dot(normal, down) > 0.0f) break;  // met from inside: cloth within the body is not laid
            float carried = 0.0f;
            for (int c = 0; c < 3; ++c)
                carried += hit.barycentric[c] * float(carried_by_thighs(posed.skin[posed.indices[t + size_t(c)]], joints, 0.5f));
            if (carried >= 0.5f) {
                drop[v] = std::max(hit.distance - clearance, 0.0f);
                break;
            }
            from = hit.distance + 1e-3f * clearance;
        }
    }
    // The rest of the cloth that follows the thighs (between them, hanging beside or under them)
    // falls with the cloth it hangs from: each takes the mean fall of its neighbours that have
    // one, front by front over the edges; co-located vertices (seams, hem strips) as one.
    const std::vector<uint32_t> rep = asset::colocated_representatives(cloth);
    const auto neighbours = asset::edge_neighbours(n, asset::welded_indices(indices, rep));
    size_t laid = 0;
    for (size_t v = 0; v < n; ++v) laid += !std::isnan(drop[rep[v]]) && lay[v];
    for (size_t pass = 0; pass < n; ++pass) {  // until no front grows (at most the cloth's diameter)
        std::vector<float> next = drop;
        bool grew = false;
        for (size_t v = 0; v < n; ++v) {
            if (rep[v] != v || !lay[v] || !std::isnan(drop[v])) continue;
            float sum = 0.0f;
            int count = 0;
            for (uint32_t u : neighbours[v])
                if (!std::isnan(drop[u])) sum += drop[u], ++count;
            if (count > 0) next[v] = sum / float(count), grew = true;
        }
        drop.swap(next);
        if (!grew) break;
    }
    for (size_t v = 0; v < n; ++v) {
        const float d = drop[rep[v]];
        if (lay[v] && !std::isnan(d)) cloth[v].position += down * d;
    }
    return laid;
}

void add_stool(asset::Model& model, const asset::ClothSupport& seat, float floor, glm::vec3 colour) {
    if (!(seat.top > floor)) return;
    asset::Mesh mesh;
    mesh.name = "stool";
    const glm::vec3 lo(seat.min_x, floor, seat.min_z), hi(seat.max_x, seat.top, seat.max_z);
    // Five faces (none on the floor), four vertices each with the face's normal: crisp edges.
    const auto face = [&](glm::vec3 normal, glm::vec3 a, glm::vec3 b, glm::vec3 c, glm::vec3 d) {
        const uint32_t base = uint32_t(mesh.vertices.size());
        const glm::vec3 edge = glm::normalize(b - a);
        for (const glm::vec3& p : {a, b, c, d}) mesh.vertices.push_back({p, normal, glm::vec4(edge, 1.0f), glm::vec2(0.0f)});
        // a, b, c, d go round the face counter-clockwise seen from outside.
        mesh.indices.insert(mesh.indices.end(), {base, base + 1, base + 2, base, base + 2, base + 3});
    };
    face({0, 1, 0}, {lo.x, hi.y, hi.z}, {hi.x, hi.y, hi.z}, {hi.x, hi.y, lo.z}, {lo.x, hi.y, lo.z});
    face({0, 0, 1}, {lo.x, lo.y, hi.z}, {hi.x, lo.y, hi.z}, {hi.x, hi.y, hi.z}, {lo.x, hi.y, hi.z});
    face({0, 0, -1}, {hi.x, lo.y, lo.z}, {lo.x, lo.y, lo.z}, {lo.x, hi.y, lo.z}, {hi.x, hi.y, lo.z});
    face({1, 0, 0}, {hi.x, lo.y, hi.z}, {hi.x, lo.y, lo.z}, {hi.x, hi.y, lo.z}, {hi.x, hi.y, hi.z});
    face({-1, 0, 0}, {lo.x, lo.y, lo.z}, {lo.x, lo.y, hi.z}, {lo.x, hi.y, hi.z}, {lo.x, hi.y, lo.z});
    asset::Material material{
        .name = "stool",
        .base_color = glm::vec4(colour, 1.0f),
        .metallic = 0.0f,
        .roughness = 0.7f,
    };
    mesh.material = uint32_t(model.materials.size());
    model.materials.push_back(material);
    model.instances.push_back({uint32_t(model.meshes.size()), glm::mat4(1.0f), "stool"});
    model.meshes.push_back(std::move(mesh));
}

}  // namespace twinshoot::scene
