// The seat a seated pose implies (scene/seat.h) and the skirt that sits on it (issue 18, point 5:
// seated, the demo slip dress left the thighs bare to the hips and hung in a bag under the seat).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>

#include "asset/cloth_settle.h"
#include "asset/garment_fit.h"
#include "demo/garments.h"
#include "demo/mannequin.h"
#include "demo/surface_nets.h"
#include "scene/dressing.h"
#include "scene/package.h"
#include "scene/pose_file.h"
#include "scene/seat.h"

using namespace twinshoot;
namespace fs = std::filesystem;

namespace {

struct Posed {
    asset::Mesh body;  // the twin's skinned surface in the pose
    std::vector<glm::mat4> skin;
};

Posed pose_body(const asset::Model& twin, const scene::PoseRig& rig, const scene::Pose& pose) {
    const auto locals = rig.apply(pose);
    Posed p;
    p.skin = twin.skeleton.skin_matrices(twin.skeleton.world_transforms(locals));
    p.body = scene::body_surface(twin, p.skin);
    return p;
}

bool tagged(const scene::Pose& pose, const std::string& tag) {
    return std::find(pose.tags.begin(), pose.tags.end(), tag) != pose.tags.end();
}

}  // namespace

TEST(Seat, OnlyASeatedPoseSeatsTheFigureOnASeatUnderItsHipsAndThighs) {
    auto library = scene::load_pose_library(fs::path(TWINSHOOT_SOURCE_DIR) / "assets" / "poses");
    ASSERT_TRUE(library.ok());
    for (const auto& shape : {demo::ava_shape(), demo::noah_shape()}) {
        const asset::Model twin = demo::make_mannequin(shape);
        auto map = scene::map_humanoid(twin.skeleton);
        ASSERT_TRUE(map.ok());
        const auto joints = scene::seat_joints(*map);
        ASSERT_TRUE(joints.has_value());
        auto rig = scene::PoseRig::create(twin, *map);
        ASSERT_TRUE(rig.ok());
        size_t seated = 0;
        for (const auto& pose : library->poses) {
            const Posed p = pose_body(twin, *rig, pose);
            const auto seat = scene::seat_of(twin.skeleton, *joints, p.skin, p.body);
            if (tagged(pose, "kneeling")) {  // one thigh forward: it is followed, but no seat
                ASSERT_TRUE(seat) << shape.id << " " << pose.name;
                EXPECT_FALSE(seat->support);
                EXPECT_LT(seat->raised, 0.5f);
                EXPECT_GE(std::max(seat->legs[0], seat->legs[1]), 0.5f);
                continue;
            }
            if (!tagged(pose, "seated")) {  // standing, walking, lying: nothing, so nothing changes
                EXPECT_FALSE(seat) << shape.id << " " << pose.name;
                continue;
            }
            ++seated;
            ASSERT_TRUE(seat && seat->support) << shape.id << " " << pose.name;
            EXPECT_FLOAT_EQ(seat->raised, 1.0f);
            // Its top just under the lowest skin the hips and thighs carry, that skin over it.
            float lowest = 1e9f;
            glm::vec2 hips(0.0f);
            size_t carried = 0;
            for (size_t v = 0; v < p.body.vertices.size(); ++v)
                if (scene::carried_by_thighs(p.body.skin[v], *joints, 0.75f)) {
                    lowest = std::min(lowest, p.body.vertices[v].position.y);
                    hips += glm::vec2(p.body.vertices[v].position.x, p.body.vertices[v].position.z);
                    ++carried;
                }
            const asset::ClothSupport& s = *seat->support;
            EXPECT_LT(s.top, lowest) << pose.name;
            EXPECT_GT(s.top, lowest - 0.02f) << pose.name << ": within 2 cm of the skin";
            EXPECT_GT(lowest, 0.2f) << "a stool at knee height, not the floor";
            EXPECT_GT(s.max_x - s.min_x, 0.2f) << "wider than the two thighs' contact";
            EXPECT_LT(s.max_x - s.min_x, 0.6f);
            EXPECT_GT(s.max_z - s.min_z, 0.15f);
            EXPECT_LT(s.max_z - s.min_z, 0.5f) << "the knees are beyond its front edge";
            hips /= float(carried);
            EXPECT_TRUE(hips.x > s.min_x && hips.x < s.max_x) << pose.name;
        }
        EXPECT_GE(seated, 1u) << "the library has a seated pose";
    }
}

TEST(Seat, ClothRestsOnTheSupportOverItsFootprintAndFallsPastIt) {
    // A body far away (a small ball), sheets let go 5 cm under and 6 cm above a seat's top: over its
    // footprint they come to rest on it (from above: caught by a contact found up to 8 cm away;
    // from below: lifted onto it first); beside it, one falls on.
    const asset::Mesh ball = demo::surface_nets([](const glm::vec3& p) { return glm::length(p - glm::vec3(0, 5, 0)) - 0.1f; },
                                                {glm::vec3(-0.2f, 4.8f, -0.2f), glm::vec3(0.2f, 5.2f, 0.2f), 0.05f});
    const asset::SurfaceIndex body({ball.vertices, ball.indices});
    const asset::ClothSupport seat{0.5f, -0.2f, 0.2f, -0.2f, 0.2f};
    glm::vec3 point, normal;
    EXPECT_TRUE(asset::cloth_contact({0.0f, 0.4f, 0.0f}, body, {}, seat, 0.02f, 0.02f, point, normal)) << "under the top: pushed up";
    EXPECT_EQ(normal, glm::vec3(0, 1, 0));
    EXPECT_FLOAT_EQ(point.y, 0.5f);
    EXPECT_TRUE(asset::cloth_contact({0.0f, 0.51f, 0.0f}, body, {}, seat, 0.02f, 0.02f, point, normal)) << "within reach above it";
    EXPECT_FALSE(asset::cloth_contact({0.0f, 0.55f, 0.0f}, body, {}, seat, 0.02f, 0.02f, point, normal)) << "out of reach";
    EXPECT_FALSE(asset::cloth_contact({0.3f, 0.4f, 0.0f}, body, {}, seat, 0.02f, 0.02f, point, normal)) << "beside the footprint";
    EXPECT_FALSE(asset::cloth_contact({0.0f, 0.4f, 0.0f}, body, {}, std::nullopt, 0.02f, 0.02f, point, normal)) << "no seat";

    for (const auto& [x, y] : {std::pair{0.0f, 0.45f}, std::pair{0.0f, 0.56f}, std::pair{0.5f, 0.45f}}) {
        std::vector<glm::vec3> start;
        std::vector<uint32_t> indices;
        const int side = 6;
        for (int j = 0; j < side; ++j)
            for (int i = 0; i < side; ++i) start.push_back({x - 0.05f + 0.02f * float(i), y, -0.05f + 0.02f * float(j)});
        for (int j = 0; j + 1 < side; ++j)
            for (int i = 0; i + 1 < side; ++i) {
                const uint32_t a = uint32_t(j * side + i), b = a + 1, c = a + uint32_t(side), d = c + 1;
                indices.insert(indices.end(), {a, c, b, b, c, d});
            }
        const asset::ClothTopology topology(start, indices);
        const asset::ClothResult settled = asset::settle_cloth({start, {}, seat}, topology, body);
        float lowest = 1e9f;
        for (const auto& p : settled.positions) lowest = std::min(lowest, p.y);
        if (x == 0.0f) {
            EXPECT_GT(lowest, 0.5f - 1e-4f) << "rests on the seat";
            EXPECT_LT(lowest, 0.5f + 0.01f);
        } else {
            EXPECT_LT(lowest, y - 0.1f) << "falls past it: gravity over the settle (0.6 s, speed capped at 2 m/s) takes it well down";
        }
    }
}

namespace {

// Seated, the share of the skin on top of the thighs (carried by them, facing up) between `from` and
// `to` of the way from hip to knee that the garment covers: cloth within 3 cm straight above it
// (lying on it).
double thigh_tops_covered(const asset::Model& twin, const Posed& posed, const scene::SeatJoints& joints,
                          const asset::Mesh& garment, std::span<const uint32_t> garment_indices, float from, float to) {
    const asset::SurfaceIndex cloth({garment.vertices, garment_indices});
    const auto joint = [&](int32_t j) {
        return glm::vec3(posed.skin[size_t(j)] * glm::inverse(twin.skeleton.joints[size_t(j)].inverse_bind)[3]);
    };
    size_t tops = 0, covered = 0;
    for (size_t v = 0; v < posed.body.vertices.size(); ++v) {
        const asset::VertexSkin& s = posed.body.skin[v];
        float thigh[2] = {};
        for (uint32_t i = 0; i < asset::kMaxInfluences; ++i)
            for (int leg = 0; leg < 2; ++leg) thigh[leg] += float(int32_t(s.joints[i]) == joints.upper_leg[leg]) * s.weights[i];
        const int leg = thigh[1] > thigh[0];
        const asset::Vertex& b = posed.body.vertices[v];
        if (thigh[leg] < 0.5f || b.normal.y < 0.7f) continue;
        const glm::vec3 hip = joint(joints.upper_leg[leg]), knee = joint(joints.lower_leg[leg]);
        const float t = glm::dot(b.position - hip, knee - hip) / glm::dot(knee - hip, knee - hip);
        if (t < from || t > to) continue;
        ++tops;
        const asset::ClosestHit hit = cloth.first_hit(b.position, {0, 1, 0}, 1e-4f, 0.03f);
        covered += std::isfinite(hit.distance);
    }
    return tops ? double(covered) / double(tops) : 0.0;
}

}  // namespace

TEST(SeatedDress, TheSlipDressLiesOnTheThighsAndRestsOnTheSeat) {
    auto library = scene::load_pose_library(fs::path(TWINSHOOT_SOURCE_DIR) / "assets" / "poses");
    ASSERT_TRUE(library.ok());
    const scene::Pose* seated = library->find("seated");
    ASSERT_NE(seated, nullptr);
    const demo::BodyShape shape = demo::ava_shape();
    const asset::Model twin = demo::make_mannequin(shape);
    std::vector<scene::DressedGarment> garments;
    for (const auto& spec : demo::garments_for(shape)) {
        if (spec.category != "dress") continue;
        asset::Model g = demo::make_garment(shape, spec);
        garments.push_back({spec.id, spec.layer, g.meshes[0], g.materials[0], scene::garment_drape(spec.category)});
    }
    ASSERT_EQ(garments.size(), 1u);
    auto map = scene::map_humanoid(twin.skeleton);
    const auto joints = scene::seat_joints(*map);
    auto rig = scene::PoseRig::create(twin, *map);
    const Posed p = pose_body(twin, *rig, *seated);
    const auto seat = scene::seat_of(twin.skeleton, *joints, p.skin, p.body);
    ASSERT_TRUE(seat && seat->support);
    double covered[2] = {};
    for (const bool sit : {false, true}) {
        auto dressing = scene::Dressing::create(twin, garments, {.sit = sit});
        ASSERT_TRUE(dressing.ok()) << dressing.error().message;
        const auto posed = dressing->pose(p.skin, scene::FitMeasures::Compute);
        const asset::Mesh& dress = posed.garments[0];
        const auto& indices = dressing->garments()[0]->garment.mesh.indices;
        covered[sit] = thigh_tops_covered(twin, p, *joints, dress, indices, 0.2f, 0.8f);
        for (float f = 0.0f; f < 1.0f; f += 0.2f)
            std::printf("  %.1f-%.1f: %.3f\n", f, f + 0.2f, thigh_tops_covered(twin, p, *joints, dress, indices, f, f + 0.2f));
        const scene::GarmentFitReport& r = posed.report[0];
        EXPECT_LE(r.inside_after, 0.005) << "sit " << sit;
        RecordProperty(sit ? "thigh_tops_covered" : "thigh_tops_covered_standing_drape", std::to_string(covered[sit]));
        std::printf("sit %d: thigh tops covered %.3f, strain p99 %.3f, creased %.4f, flipped %zu, gap p95 %.3f m, settle %.0f ms\n",
                    int(sit), covered[sit], r.strain_p99, r.creased_after, r.flipped_triangles, r.gap_p95_m, r.settle_ms);
        if (!sit) continue;
        // The skirt's back is sat on: resting on the seat (within 1 cm of its top over its footprint).
        const asset::ClothSupport& s = *seat->support;
        size_t on = 0;
        for (const auto& v : dress.vertices) on += s.over(v.position) && v.position.y < s.top + 0.01f;
        std::printf("on the seat %zu\n", on);
        EXPECT_GE(on, 500u) << "the skirt's back is sat on";
        // The seated skin is made once per binding and kept: a second seated pose of the same
        // binding reuses it and gives the same dress bit for bit.
        const scene::BoundGarment& bound = *dressing->garments()[0];
        EXPECT_EQ(bound.seated->skin.size(), dress.vertices.size()) << "kept on the binding";
        const auto again = dressing->pose(p.skin, scene::FitMeasures::Skip);
        ASSERT_EQ(again.garments[0].vertices.size(), dress.vertices.size());
        EXPECT_EQ(std::memcmp(again.garments[0].vertices.data(), dress.vertices.data(), dress.vertices.size() * sizeof(asset::Vertex)), 0);
    }
    // Between a fifth and four fifths of the way to the knee, the thighs' tops are under the skirt;
    // skinned from the hips and settled without a seat they were bare at four fifths (2026-12-06:
    // 0.811 without, 0.998 with; from 0.6 to 0.8 of the way, 0.504 and 1.000).
    EXPECT_GE(covered[1], 0.95);

    // Poses that do not sit (walking: no seat; kneeling: one thigh raised) give the same dress bit
    // for bit either way.
    for (const char* name : {"walking", "kneeling"}) {
        const Posed other = pose_body(twin, *rig, *library->find(name));
        std::vector<asset::Vertex> dressed[2];
        for (const bool sit : {false, true}) {
            auto dressing = scene::Dressing::create(twin, garments, {.sit = sit});
            ASSERT_TRUE(dressing.ok());
            dressed[sit] = dressing->pose(other.skin, scene::FitMeasures::Skip).garments[0].vertices;
            EXPECT_TRUE(dressing->garments()[0]->seated->skin.empty()) << name << ": no seated skin made for a pose that does not sit";
        }
        ASSERT_EQ(dressed[0].size(), dressed[1].size());
        EXPECT_EQ(std::memcmp(dressed[0].data(), dressed[1].data(), dressed[0].size() * sizeof(asset::Vertex)), 0) << name;
    }
    EXPECT_LT(covered[0], 0.9) << "the measure sees the bare thighs of the old drape";
}

TEST(Seat, IsDrawnAsAStoolFromTheFloorToItsTop) {
    const asset::ClothSupport seat{0.45f, -0.2f, 0.2f, -0.15f, 0.12f};
    asset::Model model;
    scene::add_stool(model, seat, 0.0f);
    ASSERT_EQ(model.meshes.size(), 1u);
    ASSERT_EQ(model.instances.size(), 1u);
    ASSERT_EQ(model.materials.size(), 1u);
    const asset::Mesh& stool = model.meshes[0];
    EXPECT_EQ(stool.name, "stool");
    EXPECT_EQ(stool.indices.size(), 5u * 6u) << "five faces, none on the floor";
    const asset::Aabb box = model.bounds();
    EXPECT_EQ(box.min, glm::vec3(-0.2f, 0.0f, -0.15f));
    EXPECT_EQ(box.max, glm::vec3(0.2f, 0.45f, 0.12f));
    const glm::vec3 centre = (box.min + box.max) * 0.5f;
    for (size_t t = 0; t < stool.indices.size(); t += 3) {
        const glm::vec3 a = stool.vertices[stool.indices[t]].position, b = stool.vertices[stool.indices[t + 1]].position,
                        c = stool.vertices[stool.indices[t + 2]].position;
        const glm::vec3 n = glm::cross(b - a, c - a);
        EXPECT_GT(glm::dot(n, (a + b + c) / 3.0f - centre), 0.0f) << "triangle " << t / 3 << " faces out";
        EXPECT_GT(glm::dot(n, stool.vertices[stool.indices[t]].normal), 0.0f) << "its normal agrees";
    }
    asset::Model none;
    scene::add_stool(none, seat, 0.5f);
    EXPECT_TRUE(none.meshes.empty()) << "a seat under the floor is not drawn";
}
