// Coarse levels of detail (asset/level_of_detail.h) of real third-party bodies: a quarter of the
// triangles over the same vertices, the surface kept within the error asked for (measured both
// ways: the coarse surface near the full one, and the full one's vertices near the coarse one, so
// no part is dropped), no hole opened (every open edge of the coarse level lies on the body's own
// border: UV seams stay closed), and nothing made where it would not pay.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>

#include "asset/closest_point.h"
#include "asset/importer.h"
#include "asset/level_of_detail.h"
#include "asset/procedural.h"
#include "shared_assets.h"

using namespace twinshoot;

namespace {

// Vertex numbers welded by position (seams share a position, not an index).
std::vector<uint32_t> weld(const std::vector<asset::Vertex>& vertices) {
    std::map<std::tuple<float, float, float>, uint32_t> first;
    std::vector<uint32_t> out(vertices.size());
    for (size_t i = 0; i < vertices.size(); ++i) {
        const glm::vec3& p = vertices[i].position;
        out[i] = first.try_emplace({p.x, p.y, p.z}, uint32_t(i)).first->second;
    }
    return out;
}

// Edges (welded) used by one triangle only.
std::set<std::pair<uint32_t, uint32_t>> open_edges(const std::vector<uint32_t>& indices, const std::vector<uint32_t>& welded) {
    std::map<std::pair<uint32_t, uint32_t>, int> uses;
    for (size_t t = 0; t + 2 < indices.size(); t += 3)
        for (int k = 0; k < 3; ++k) {
            const uint32_t a = welded[indices[t + k]], b = welded[indices[t + (k + 1) % 3]];
            ++uses[{std::min(a, b), std::max(a, b)}];
        }
    std::set<std::pair<uint32_t, uint32_t>> out;
    for (const auto& [edge, n] : uses)
        if (n == 1) out.insert(edge);
    return out;
}

std::vector<glm::vec3> positions(const std::vector<asset::Vertex>& vertices) {
    std::vector<glm::vec3> out;
    out.reserve(vertices.size());
    for (const auto& v : vertices) out.push_back(v.position);
    return out;
}

}  // namespace

TEST(LevelOfDetail, ThirdPartyBodiesKeepTheirSurfaceWithAQuarterOfTheTriangles) {
    TS_REQUIRE_SHARED_ASSETS();
    // A textured Mixamo figure (UV seams, several meshes), a body of 95 closed plates, and a scanned
    // head; in their own units, the error asked for scaled to their size (3 mm on a 1.8 m body).
    for (const char* path : {"humans/Michelle_mixamo/Michelle.glb", "humans/Xbot_mixamo/Xbot.glb",
                             "humans/MakeHuman_base_obj/base.obj", "humans/LeePerrySmith_headscan/LeePerrySmith.glb"}) {
        auto model = asset::import_model(test::reference_asset(path));
        ASSERT_TRUE(model.ok()) << (model ? "" : model.error().message);
        const asset::Aabb bounds = model->bounds();
        const glm::vec3 extent = bounds.max - bounds.min;
        const asset::CoarseOptions options{.max_error = std::max({extent.x, extent.y, extent.z}) / 600.0f};
        size_t full = 0, coarse = 0;
        for (const asset::Mesh& mesh : model->meshes) {
            const size_t triangles = mesh.indices.size() / 3;
            const asset::CoarseLevel level = asset::coarse_level(mesh.vertices, mesh.indices, options);
            if (triangles < options.min_triangles) {  // MakeHuman's helpers, eyes, teeth
                EXPECT_TRUE(level.indices.empty()) << path << ": a small mesh gets no second level";
                continue;
            }
            full += triangles;
            ASSERT_FALSE(level.indices.empty()) << path << " " << mesh.name << " (" << triangles << " triangles)";
            ASSERT_EQ(level.indices.size() % 3, 0u);
            coarse += level.indices.size() / 3;
            for (size_t t = 0; t < level.indices.size(); t += 3) {
                const uint32_t a = level.indices[t], b = level.indices[t + 1], c = level.indices[t + 2];
                ASSERT_TRUE(a < mesh.vertices.size() && b < mesh.vertices.size() && c < mesh.vertices.size());
                ASSERT_TRUE(a != b && b != c && a != c) << "no collapsed triangle";
            }
            // Both ways: the coarse surface lies near the full one, and every vertex of the full one
            // near the coarse one (a dropped part or an opened hole would leave vertices far away).
            const std::vector<glm::vec3> p = positions(mesh.vertices);
            const asset::ClosestPointIndex full_index(p, mesh.indices), coarse_index(p, level.indices);
            float coarse_to_full = 0.0f, full_to_coarse = 0.0f;
            for (size_t t = 0; t < level.indices.size(); t += 3) {
                const glm::vec3 centre = (p[level.indices[t]] + p[level.indices[t + 1]] + p[level.indices[t + 2]]) / 3.0f;
                coarse_to_full = std::max(coarse_to_full, full_index.closest(centre).distance);
            }
            for (const glm::vec3& v : p) full_to_coarse = std::max(full_to_coarse, coarse_index.closest(v).distance);
            std::printf("%s %s: %zu -> %zu triangles, error %.3g (asked %.3g), farthest %.3g / %.3g\n", path,
                        mesh.name.c_str(), triangles, level.indices.size() / 3, double(level.error), double(options.max_error),
                        double(coarse_to_full), double(full_to_coarse));
            EXPECT_LE(coarse_to_full, 2.0f * options.max_error) << path << " " << mesh.name;
            EXPECT_LE(full_to_coarse, 2.0f * options.max_error) << path << " " << mesh.name;
            // No hole: every open edge of the coarse level joins two vertices of the body's own border.
            const std::vector<uint32_t> welded = weld(mesh.vertices);
            std::set<uint32_t> border;
            for (const auto& [a, b] : open_edges(mesh.indices, welded)) border.insert({a, b});
            size_t new_open = 0;
            for (const auto& [a, b] : open_edges(level.indices, welded)) new_open += !border.count(a) || !border.count(b);
            EXPECT_EQ(new_open, 0u) << path << " " << mesh.name << ": open edges inside the surface (a hole or a torn seam)";
        }
        EXPECT_GT(full, 0u) << path;
        EXPECT_LE(double(coarse), 0.35 * double(full)) << path << ": about a quarter of the large meshes' triangles";
    }
}

TEST(LevelOfDetail, NothingIsMadeWhereItWouldNotPay) {
    // Small meshes, and a smooth sphere that cannot lose a fifth of its triangles without moving
    // farther than a nanometre.
    const asset::Mesh small = asset::make_uv_sphere(1.0f, 32, 16);
    ASSERT_LT(small.indices.size() / 3, asset::CoarseOptions{}.min_triangles);
    EXPECT_TRUE(asset::coarse_level(small.vertices, small.indices).indices.empty());
    const asset::Mesh sphere = asset::make_uv_sphere(1.0f, 128, 64);
    ASSERT_GE(sphere.indices.size() / 3, asset::CoarseOptions{}.min_triangles);
    EXPECT_TRUE(asset::coarse_level(sphere.vertices, sphere.indices, {.max_error = 1e-9f}).indices.empty());
    const asset::CoarseLevel coarse = asset::coarse_level(sphere.vertices, sphere.indices, {.max_error = 0.01f});
    EXPECT_FALSE(coarse.indices.empty()) << "a centimetre on a 1 m sphere buys a quarter";
    EXPECT_LE(double(coarse.indices.size() / 3), 0.3 * double(sphere.indices.size() / 3)) << "about a quarter";
}
