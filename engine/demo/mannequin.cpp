#include "demo/mannequin.h"

#include <glm/gtc/constants.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <memory>

#include "demo/surface_nets.h"

namespace twinshoot::demo {
namespace {

// ---- primitives --------------------------------------------------------------------------------

struct Primitive {
    enum Kind { RoundCone, Ellipsoid } kind;
    glm::vec3 a, b;   // round cone: axis ends; ellipsoid: centre, radii
    float ra, rb;     // round cone radii at a and b
    int joint;        // the bone it belongs to
    int group = 0;    // blended with a group-wide radius first: 0 torso, 1 head, 2.. limbs
};

float round_cone(const glm::vec3& p, const glm::vec3& a, const glm::vec3& b, float ra, float rb) {
    const glm::vec3 ba = b - a;
    const float len2 = glm::dot(ba, ba);
    const float t = glm::clamp(glm::dot(p - a, ba) / len2, 0.0f, 1.0f);
    return glm::length(p - (a + ba * t)) - glm::mix(ra, rb, t);
}

float ellipsoid(const glm::vec3& p, const glm::vec3& c, const glm::vec3& r) {
    // Inigo Quilez's bound: exact on the axes, smooth everywhere, good enough for a union.
    const glm::vec3 q = p - c;
    const float k0 = glm::length(q / r);
    const float k1 = glm::length(q / (r * r));
    return k1 > 1e-12f ? k0 * (k0 - 1.0f) / k1 : -glm::min(r.x, glm::min(r.y, r.z));
}

float distance(const Primitive& prim, const glm::vec3& p) {
    return prim.kind == Primitive::RoundCone ? round_cone(p, prim.a, prim.b, prim.ra, prim.rb) : ellipsoid(p, prim.a, prim.b);
}

float smooth_min(float a, float b, float k) {
    const float h = std::max(k - std::abs(a - b), 0.0f) / k;
    return std::min(a, b) - h * h * k * 0.25f;
}

// ---- skeleton ----------------------------------------------------------------------------------

struct Body {
    asset::Skeleton skeleton;
    std::map<std::string, glm::vec3> at;  // joint world positions by name
    std::vector<Primitive> prims;
    int joint(const std::string& name) const { return skeleton.find(name); }
};

void add_joint(Body& body, const std::string& name, const std::string& parent, const glm::vec3& world) {
    const int p = parent.empty() ? -1 : body.joint(parent);
    const glm::vec3 parent_pos = p < 0 ? glm::vec3(0.0f) : body.at.at(parent);
    body.skeleton.joints.push_back({name, p, glm::translate(glm::mat4(1.0f), world - parent_pos),
                                    glm::translate(glm::mat4(1.0f), -world)});
    body.at[name] = world;
}

Body build_body(const BodyShape& s) {
    Body body;
    const float H = s.height, L = s.limb;
    const glm::vec3 up(0, 1, 0);
    add_joint(body, "hips", "", {0, 0.53f * H, 0});
    add_joint(body, "spine", "hips", {0, 0.585f * H, -0.004f * H});
    add_joint(body, "chest", "spine", {0, 0.665f * H, -0.006f * H});
    add_joint(body, "upperChest", "chest", {0, 0.735f * H, -0.006f * H});
    add_joint(body, "neck", "upperChest", {0, 0.825f * H, -0.008f * H});
    add_joint(body, "head", "neck", {0, 0.87f * H, -0.002f * H});
    const float arm_y = 0.812f * H;
    const glm::vec3 arm_dir = glm::normalize(glm::vec3(std::cos(glm::radians(45.0f)), -std::sin(glm::radians(45.0f)), 0.0f));
    for (int side = 0; side < 2; ++side) {
        const float sx = side == 0 ? 1.0f : -1.0f;
        const std::string lr = side == 0 ? "left" : "right";
        const glm::vec3 dir(arm_dir.x * sx, arm_dir.y, 0.0f);
        add_joint(body, lr + "Shoulder", "upperChest", {sx * 0.025f * H, arm_y - 0.01f * H, -0.004f * H});
        const glm::vec3 upper(sx * s.shoulder, arm_y, -0.006f * H);
        add_joint(body, lr + "UpperArm", lr + "Shoulder", upper);
        const glm::vec3 elbow = upper + dir * 0.165f * H;
        add_joint(body, lr + "LowerArm", lr + "UpperArm", elbow);
        const glm::vec3 wrist = elbow + dir * 0.15f * H + glm::vec3(0, 0, 0.01f * H);
        add_joint(body, lr + "Hand", lr + "LowerArm", wrist);
        const glm::vec3 thigh(sx * (s.hip - 0.07f * H * 0.5f), 0.51f * H, 0.0f);
        add_joint(body, lr + "UpperLeg", "hips", thigh);
        const glm::vec3 knee(sx * (s.hip * 0.62f), 0.285f * H, 0.006f * H);
        add_joint(body, lr + "LowerLeg", lr + "UpperLeg", knee);
        const glm::vec3 ankle(sx * (s.hip * 0.55f), 0.045f * H, -0.008f * H);
        add_joint(body, lr + "Foot", lr + "LowerLeg", ankle);
        add_joint(body, lr + "Toes", lr + "Foot", {sx * (s.hip * 0.58f), 0.012f * H, 0.075f * H});

        // Limbs: round cones along the bones, tapering; hand and foot as flattened shapes.
        const int ua = body.joint(lr + "UpperArm"), la = body.joint(lr + "LowerArm"), hd = body.joint(lr + "Hand");
        const int arm = 2 + side, leg = 4 + side;
        body.prims.push_back({Primitive::RoundCone, upper, elbow, 0.032f * H * L, 0.0235f * H * L, ua, arm});
        body.prims.push_back({Primitive::RoundCone, elbow, wrist, 0.0225f * H * L, 0.016f * H * L, la, arm});
        body.prims.push_back({Primitive::RoundCone, wrist + dir * 0.012f * H, wrist + dir * 0.072f * H,
                              0.0165f * H * L, 0.0125f * H * L, hd, arm});
        const int ul = body.joint(lr + "UpperLeg"), ll = body.joint(lr + "LowerLeg"), ft = body.joint(lr + "Foot");
        body.prims.push_back({Primitive::RoundCone, thigh + glm::vec3(0, 0.01f * H, 0), knee, 0.058f * H * L,
                              0.034f * H * L, ul, leg});
        body.prims.push_back({Primitive::RoundCone, knee, ankle + glm::vec3(0, 0.03f * H, 0), 0.033f * H * L,
                              0.021f * H * L, ll, leg});
        // Calf muscle: a soft bulge behind the upper shin.
        body.prims.push_back({Primitive::Ellipsoid, knee + glm::vec3(0, -0.075f * H, -0.01f * H),
                              glm::vec3(0.029f, 0.07f, 0.03f) * H * L, 0, 0, ll, leg});
        body.prims.push_back({Primitive::RoundCone, ankle + glm::vec3(0, 0.0f, -0.012f * H),
                              glm::vec3(ankle.x * 1.04f, 0.014f * H, 0.085f * H), 0.021f * H, 0.014f * H, ft, leg});
        // Buttock and bust on this side (torso group, so they melt into it).
        body.prims.push_back({Primitive::Ellipsoid, glm::vec3(sx * 0.05f * H, 0.505f * H, -0.03f * H),
                              glm::vec3(0.058f, 0.062f, 0.05f) * H, 0, 0, body.joint("hips"), 0});
        if (s.bust > 0.0f)
            body.prims.push_back({Primitive::Ellipsoid, glm::vec3(sx * 0.048f * H, 0.712f * H, 0.03f * H),
                                  glm::vec3(s.bust, s.bust * 0.85f, s.bust * 0.8f), 0, 0, body.joint("upperChest"), 0});
        // Shoulder: rounds the top of the arm into the torso.
        body.prims.push_back({Primitive::Ellipsoid, upper + glm::vec3(-sx * 0.012f * H, 0.002f * H, 0.0f),
                              glm::vec3(0.027f, 0.022f, 0.027f) * H * L, 0, 0, body.joint(lr + "Shoulder"), 0});
    }
    // Torso, neck and head.
    const int hips = body.joint("hips"), spine = body.joint("spine"), chest = body.joint("chest"),
              upper_chest = body.joint("upperChest"), neck = body.joint("neck"), head = body.joint("head");
    body.prims.push_back({Primitive::Ellipsoid, {0, 0.52f * H, -0.005f * H}, {s.hip - 0.012f * H, 0.075f * H, 0.072f * H}, 0, 0, hips});
    body.prims.push_back({Primitive::Ellipsoid, {0, 0.60f * H, -0.004f * H}, {s.waist, 0.07f * H, 0.062f * H}, 0, 0, spine});
    body.prims.push_back({Primitive::Ellipsoid, {0, 0.675f * H, -0.002f * H}, {s.chest, 0.075f * H, 0.07f * H}, 0, 0, chest});
    body.prims.push_back({Primitive::Ellipsoid, {0, 0.75f * H, -0.008f * H}, {s.shoulder * 0.92f, 0.062f * H, 0.066f * H}, 0, 0, upper_chest});
    body.prims.push_back({Primitive::RoundCone, {0, 0.79f * H, -0.01f * H}, {0, 0.87f * H, -0.004f * H}, 0.033f * H, 0.028f * H, neck, 1});
    body.prims.push_back({Primitive::Ellipsoid, {0, 0.925f * H, 0.004f * H}, {0.054f * H, 0.074f * H, 0.063f * H}, 0, 0, head, 1});
    body.prims.push_back({Primitive::Ellipsoid, {0, 0.895f * H, 0.02f * H}, {0.04f * H, 0.045f * H, 0.045f * H}, 0, 0, head, 1});  // jaw
    (void)up;
    return body;
}

// ---- skin weights -------------------------------------------------------------------------------

bool related(const asset::Skeleton& s, int a, int b) {
    return a == b || s.joints[size_t(a)].parent == b || s.joints[size_t(b)].parent == a;
}

asset::VertexSkin skin_for(const Body& body, const glm::vec3& p, float falloff) {
    std::vector<float> d(body.prims.size());
    size_t owner = 0;
    for (size_t i = 0; i < body.prims.size(); ++i) {
        d[i] = distance(body.prims[i], p);
        if (d[i] < d[owner]) owner = i;
    }
    const int owner_joint = body.prims[owner].joint;
    std::map<int, float> weight;  // joint -> weight
    for (size_t i = 0; i < body.prims.size(); ++i) {
        const int j = body.prims[i].joint;
        if (!related(body.skeleton, owner_joint, j)) continue;
        const float w = std::exp(-(d[i] - d[owner]) / falloff);
        if (w > 1e-3f) weight[j] = std::max(weight[j], w);
    }
    std::vector<std::pair<float, int>> sorted;
    for (auto [j, w] : weight) sorted.push_back({w, j});
    std::sort(sorted.begin(), sorted.end(), [](auto a, auto b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
    if (sorted.size() > 4) sorted.resize(4);
    float total = 0.0f;
    for (auto [w, j] : sorted) total += w;
    asset::VertexSkin skin;
    for (size_t k = 0; k < sorted.size(); ++k) {
        skin.joints[k] = uint16_t(sorted[k].second);
        skin.weights[k] = sorted[k].first / total;
    }
    return skin;
}


// The body's distance field by part groups, shared by the mannequin and its garments.
struct GroupedSdf {
    static constexpr int kGroups = 6;
    const Body& body;
    float group_k[kGroups];
    float join_k[kGroups];
    GroupedSdf(const Body& b, float H)
        : body(b),
          group_k{0.05f * H, 0.02f * H, 0.022f * H, 0.022f * H, 0.03f * H, 0.03f * H},
          join_k{0.0f, 0.025f * H, 0.02f * H, 0.02f * H, 0.03f * H, 0.03f * H} {}
    // `mask` bit i includes group i (0 torso, 1 head, 2/3 arms, 4/5 legs).
    float operator()(const glm::vec3& p, unsigned mask = 0x3f) const {
        std::array<float, kGroups> g;
        g.fill(1e9f);
        for (const auto& prim : body.prims)
            if (mask & (1u << prim.group))
                g[size_t(prim.group)] = smooth_min(g[size_t(prim.group)], distance(prim, p), group_k[prim.group]);
        float d = g[0];
        for (int i = 1; i < kGroups; ++i) d = i == 0 ? g[0] : smooth_min(d, g[size_t(i)], join_k[i]);
        return d;
    }
};

}  // namespace

namespace detail {
// Internal hook for garments.cpp: the grouped body SDF of a shape.
std::function<float(const glm::vec3&, unsigned)> body_sdf(const BodyShape& shape) {
    auto body = std::make_shared<Body>(build_body(shape));
    auto sdf = std::make_shared<GroupedSdf>(*body, shape.height);
    return [body, sdf](const glm::vec3& p, unsigned mask) { return (*sdf)(p, mask); };
}
}  // namespace detail


BodyShape ava_shape() {
    return {.id = "demo-ava", .display_name = "Ava (demo mannequin)", .height = 1.76f, .shoulder = 0.185f,
            .hip = 0.175f, .waist = 0.115f, .chest = 0.125f, .bust = 0.052f, .limb = 0.95f};
}

BodyShape noah_shape() {
    return {.id = "demo-noah", .display_name = "Noah (demo mannequin)", .height = 1.86f, .shoulder = 0.215f,
            .hip = 0.165f, .waist = 0.135f, .chest = 0.155f, .bust = 0.0f, .limb = 1.08f};
}

asset::Model make_mannequin(const BodyShape& shape, const MannequinOptions& options) {
    const Body body = build_body(shape);
    const float H = shape.height;
    // Blend radii: the torso melts into one form, limbs soften at elbows and knees, and the parts
    // join with a smaller radius so arms and legs stay distinct.
    const GroupedSdf grouped(body, H);
    const Sdf sdf = [&](const glm::vec3& p) { return grouped(p); };
    Grid grid;
    grid.cell = options.cell;
    grid.min = glm::vec3(-0.5f * H, -0.02f * H, -0.15f * H);
    grid.max = glm::vec3(0.5f * H, 1.03f * H, 0.16f * H);
    asset::Mesh mesh = surface_nets(sdf, grid);
    mesh.name = shape.id + "-body";
    mesh.material = 0;
    mesh.has_uvs = true;
    mesh.skin.reserve(mesh.vertices.size());
    for (auto& v : mesh.vertices) {
        // Cylindrical UVs around the body axis; v runs from the crown (0) to the floor (1).
        v.uv = {0.5f + std::atan2(v.position.x, v.position.z) / glm::two_pi<float>(), 1.0f - v.position.y / H};
        mesh.skin.push_back(skin_for(body, v.position, 0.012f * H));
    }

    asset::Model model;
    model.source = "generated:mannequin:" + shape.id;
    model.twin_id = shape.id;  // a twin: rendered only with a licence grant
    model.skeleton = body.skeleton;
    model.materials.push_back(asset::Material{.name = "mannequin",
                                              .base_color = {0.80f, 0.78f, 0.75f, 1.0f},
                                              .metallic = 0.0f,
                                              .roughness = 0.5f});
    model.meshes.push_back(std::move(mesh));
    model.instances.push_back({0, glm::mat4(1.0f), shape.id});
    return model;
}

}  // namespace twinshoot::demo
