// The cloth settle on the GPU (view/gpu_cloth.h) against its CPU reference (asset::settle_cloth),
// on the demo slip dress (30 816 vertices) in the walking pose, the case that blew up before the
// settle was mended: every vertex within 0.5 mm of the CPU's answer (p99 within 0.1 mm), the same
// bits on a second GPU run, and a settle that did move the cloth (so agreement is not of two no-ops).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "asset/garment_fit.h"
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

}  // namespace
}  // namespace twinshoot
