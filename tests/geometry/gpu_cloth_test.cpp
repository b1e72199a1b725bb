// The cloth settle on the GPU (view/gpu_cloth.h) against its CPU reference (asset::settle_cloth),
// on the demo slip dress (30 816 vertices) in the walking pose, the case that blew up before the
// settle was mended: every vertex within 0.5 mm of the CPU's answer (p99 within 0.1 mm), the same
// bits on a second GPU run, and a settle that did move the cloth (so agreement is not of two no-ops).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>

#include "asset/garment_fit.h"
#include "cloth_sheets.h"
#include "core/stopwatch.h"
#include "gpu_fixture.h"
#include "scene/garment_binding.h"
#include "studio/asset_cache.h"
#include "studio/staging.h"
#include "view/gpu_cloth.h"

namespace twinshoot {
namespace {
namespace fs = std::filesystem;

class GpuClothSettle : public test::GpuTest {};

std::vector<glm::vec3> positions_of(std::span<const asset::Vertex> vertices) {
    std::vector<glm::vec3> out(vertices.size());
    for (size_t i = 0; i < vertices.size(); ++i) out[i] = vertices[i].position;
    return out;
}

TEST_F(GpuClothSettle, AgreesWithTheCpuReferenceOnTheWalkingDemoDressAndIsTheSameRunToRun) {
    const fs::path assets = TWINSHOOT_DEMO_ASSETS;
    studio::AssetCache cache({}, std::nullopt);
    auto twin = cache.twin(assets / "twins" / "demo-ava");
    ASSERT_TRUE(twin) << twin.error().message;
    auto garments = studio::load_garments({(assets / "garments" / "ava-slip-dress").string()}, cache);
    ASSERT_TRUE(garments) << garments.error().message;
    auto bound = cache.bind(*twin, *garments);
    ASSERT_TRUE(bound) << bound.error().message;
    auto staging = studio::stage((*twin)->model, "walking", fs::path(TWINSHOOT_SOURCE_DIR) / "assets" / "poses",
                                 (*twin)->package.bone_map, "demo-ava");
    ASSERT_TRUE(staging) << staging.error().message;

    // What Dressing::pose hands the settle: the garment skinned and pushed out of the posed body.
    const scene::Dressing& dressing = (*bound)->dressing;
    const scene::BoundGarment& dress = *dressing.garments()[0];
    const asset::Mesh body = scene::body_surface((*twin)->model, staging->skin);
    const asset::SurfaceIndex index({body.vertices, body.indices}, dressing.body().pieces());
    std::vector<asset::Vertex> posed;
    asset::skin_vertices(dress.garment.mesh, staging->skin, posed);
    asset::resolve_penetration(posed, index, 0.003f);
    const std::vector<glm::vec3> start = positions_of(posed);
    const asset::ClothInput input{start, dress.anchor};

    Stopwatch cpu_timer;
    const asset::ClothResult cpu = asset::settle_cloth(input, *dress.topology, index, {});
    const double cpu_ms = cpu_timer.ms();
    auto solver = view::GpuClothSolver::create(device());
    ASSERT_TRUE(solver) << solver.error().message;
    Stopwatch gpu_timer;
    auto gpu = solver->settle(input, *dress.topology, index, {});
    const double gpu_ms = gpu_timer.ms();
    ASSERT_TRUE(gpu) << gpu.error().message;
    auto again = solver->settle(input, *dress.topology, index, {});
    ASSERT_TRUE(again) << again.error().message;

    ASSERT_EQ(gpu->positions.size(), cpu.positions.size());
    std::vector<float> apart(cpu.positions.size());
    float moved = 0.0f;
    for (size_t v = 0; v < apart.size(); ++v) {
        apart[v] = glm::length(gpu->positions[v] - cpu.positions[v]);
        moved = std::max(moved, glm::length(cpu.positions[v] - start[v]));
    }
    EXPECT_EQ(std::memcmp(gpu->positions.data(), again->positions.data(), gpu->positions.size() * sizeof(glm::vec3)), 0)
        << "two GPU runs differ";
    std::vector<float> sorted = apart;
    std::sort(sorted.begin(), sorted.end());
    const float worst = sorted.back(), p99 = sorted[sorted.size() * 99 / 100];
    EXPECT_GT(moved, 0.03f) << "the settle moved the skirt (else agreement says nothing)";
    EXPECT_LT(worst, 0.0005f) << "metres between the GPU's and the CPU's vertex";
    EXPECT_LT(p99, 0.0001f);
    EXPECT_NEAR(double(gpu->contacts), double(cpu.contacts), 0.01 * double(cpu.contacts) + 5.0);
    std::printf("GPU settle vs CPU, demo dress walking (%zu vertices): worst %.2e m, p99 %.2e m; moved up to %.3f m; "
                "CPU %.0f ms, GPU %.0f ms (%s)\n",
                cpu.positions.size(), double(worst), double(p99), double(moved), cpu_ms, gpu_ms,
                device().properties().deviceName);
}

// A level sheet 22 cm square (12 x 12 vertices), its first half at y = `low` and the rest at
// `high`, for the level contacts below; a body far from it (a tetrahedron 5 m up), so the contact
// under test is the only one.
struct LevelCase {
    std::vector<asset::Vertex> far_vertices;
    std::vector<uint32_t> far_indices = {0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3};
    std::vector<glm::vec3> start;
    std::vector<uint32_t> indices;
    LevelCase(float low, float high) {
        for (const glm::vec3 p : {glm::vec3(0, 5, 0), glm::vec3(0.1f, 5, 0), glm::vec3(0, 5.1f, 0), glm::vec3(0, 5, 0.1f)})
            far_vertices.push_back({p});
        const int side = 12;
        for (int j = 0; j < side; ++j)
            for (int i = 0; i < side; ++i)
                start.push_back({-0.11f + 0.02f * float(i), j < side / 2 ? low : high, -0.11f + 0.02f * float(j)});
        for (int j = 0; j + 1 < side; ++j)
            for (int i = 0; i + 1 < side; ++i) {
                const uint32_t a = uint32_t(j * side + i), b = a + 1, c = a + uint32_t(side), d = c + 1;
                indices.insert(indices.end(), {a, c, b, b, c, d});
            }
    }
};

// Settles `input` on the CPU and on the GPU and checks they agree (every vertex within 0.5 mm, the
// same contacts); returns the GPU's lowest y, or nothing when the GPU could not settle it.
std::optional<float> agreeing_lowest(render::Device& device, const asset::ClothInput& input,
                                     const asset::ClothTopology& topology, const asset::SurfaceIndex& body) {
    const asset::ClothResult cpu = asset::settle_cloth(input, topology, body, {});
    auto solver = view::GpuClothSolver::create(device);
    if (!solver) {
        ADD_FAILURE() << solver.error().message;
        return std::nullopt;
    }
    auto gpu = solver->settle(input, topology, body, {});
    if (!gpu || gpu->positions.size() != cpu.positions.size()) {
        ADD_FAILURE() << (gpu ? "vertex counts differ" : gpu.error().message);
        return std::nullopt;
    }
    float worst = 0.0f, lowest = 1e9f;
    for (size_t v = 0; v < cpu.positions.size(); ++v) {
        worst = std::max(worst, glm::length(gpu->positions[v] - cpu.positions[v]));
        lowest = std::min(lowest, gpu->positions[v].y);
    }
    EXPECT_LT(worst, 0.0005f) << "metres between the GPU's and the CPU's vertex";
    EXPECT_EQ(gpu->contacts, cpu.contacts);
    return lowest;
}

// The seat a seated pose implies (scene/seat.h) is a contact plane of both solvers: a sheet over its
// footprint, started half under its top and half above, rests on it the same on the GPU.
TEST_F(GpuClothSettle, AgreesWithTheCpuOnASheetRestingOnASeat) {
    const LevelCase level(0.47f, 0.53f);
    const asset::SurfaceIndex body({level.far_vertices, level.far_indices});
    const asset::ClothSupport seat{0.5f, -0.2f, 0.2f, -0.2f, 0.2f};
    const asset::ClothTopology topology(level.start, level.indices);
    const auto lowest = agreeing_lowest(device(), {level.start, {}, seat}, topology, body);
    ASSERT_TRUE(lowest);
    EXPECT_GT(*lowest, 0.5f - 1e-4f) << "resting on the seat, none under it";
    EXPECT_LT(*lowest, 0.51f);
}

// A garment under the cloth (ClothInput::layers) is a contact of both solvers: a sheet started half
// under a level inner layer and half above it rests on it the same on the GPU, the thickness over it.
TEST_F(GpuClothSettle, AgreesWithTheCpuOnASheetRestingOnAGarmentUnderIt) {
    const LevelCase level(0.49f, 0.51f);
    const asset::SurfaceIndex body({level.far_vertices, level.far_indices});
    // The inner garment: a level square 0.6 m wide at y = 0.5, facing up, open.
    std::vector<asset::Vertex> layer_vertices;
    for (const glm::vec2 c : {glm::vec2(-0.3f, -0.3f), glm::vec2(0.3f, -0.3f), glm::vec2(-0.3f, 0.3f), glm::vec2(0.3f, 0.3f)}) {
        asset::Vertex v{};
        v.position = {c.x, 0.5f, c.y};
        v.normal = {0.0f, 1.0f, 0.0f};
        layer_vertices.push_back(v);
    }
    const std::vector<uint32_t> layer_indices = {0, 2, 1, 1, 2, 3};
    const asset::SurfaceIndex layer({layer_vertices, layer_indices}, std::span<const asset::ClosedShell>{});
    const asset::SurfaceIndex* const layers[] = {&layer};
    const asset::ClothTopology topology(level.start, level.indices);
    const auto lowest = agreeing_lowest(device(), {level.start, {}, std::nullopt, layers}, topology, body);
    ASSERT_TRUE(lowest);
    EXPECT_GT(*lowest, 0.5f + 0.004f - 2e-4f) << "resting the thickness over the layer, none under it";
    EXPECT_LT(*lowest, 0.51f);
}

// Sheets of one garment lying on each other keep their sides in both solvers (asset/cloth_sides.h):
// a piece lying on a sheet held at its rim falls onto it and rests there the same on the GPU.
TEST_F(GpuClothSettle, AgreesWithTheCpuOnAPieceLyingOnASheetOfTheSameGarment) {
    const test::PieceOnSheet case_;
    const LevelCase far(0.0f, 0.0f);
    const asset::SurfaceIndex body({far.far_vertices, far.far_indices});
    const asset::ClothTopology topology(case_.cloth.positions, case_.cloth.indices, case_.anchor);
    ASSERT_FALSE(topology.sides().empty());
    const auto lowest = agreeing_lowest(device(), {case_.cloth.positions, case_.anchor}, topology, body);
    ASSERT_TRUE(lowest);
    EXPECT_GT(*lowest, 0.95f) << "the piece did not fall through the sheet on the GPU";
}

}  // namespace
}  // namespace twinshoot
