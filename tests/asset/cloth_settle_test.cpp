// The cloth settle (asset/cloth_settle.h) on shapes whose answer is known: a sheet held along one
// edge hangs straight down without stretching; a sheet dropped on a ball drapes over it without
// going through; the same input gives the same output bit for bit.
#include <gtest/gtest.h>

#include <cmath>

#include "asset/cloth_settle.h"

using namespace twinshoot;

namespace {

struct Sheet {
    std::vector<glm::vec3> positions;
    std::vector<uint32_t> indices;
};

// n x n vertices, `size` metres, in the plane through `origin` spanned by u and v.
Sheet sheet(int n, float size, glm::vec3 origin, glm::vec3 u, glm::vec3 v) {
    Sheet s;
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < n; ++i) s.positions.push_back(origin + u * (size * float(i) / float(n - 1)) + v * (size * float(j) / float(n - 1)));
    for (int j = 0; j + 1 < n; ++j)
        for (int i = 0; i + 1 < n; ++i) {
            const uint32_t a = uint32_t(j * n + i), b = a + 1, c = a + uint32_t(n), d = c + 1;
            for (uint32_t k : {a, b, d, a, d, c}) s.indices.push_back(k);
        }
    return s;
}

// A closed ball (latitude-longitude), outward normals.
std::vector<asset::Vertex> ball(glm::vec3 centre, float radius, std::vector<uint32_t>& indices) {
    std::vector<asset::Vertex> out;
    const int rings = 24, segments = 48;
    for (int r = 0; r <= rings; ++r)
        for (int s = 0; s < segments; ++s) {
            const float theta = 3.14159265f * float(r) / float(rings), phi = 6.2831853f * float(s) / float(segments);
            const glm::vec3 n(std::sin(theta) * std::cos(phi), std::cos(theta), std::sin(theta) * std::sin(phi));
            asset::Vertex v{};
            v.position = centre + radius * n;
            v.normal = n;
            out.push_back(v);
        }
    for (int r = 0; r < rings; ++r)
        for (int s = 0; s < segments; ++s) {
            const uint32_t a = uint32_t(r * segments + s), b = uint32_t(r * segments + (s + 1) % segments);
            const uint32_t c = a + uint32_t(segments), d = b + uint32_t(segments);
            for (uint32_t k : {a, c, b, b, c, d}) indices.push_back(k);
        }
    return out;
}

TEST(ClothSettle, ASheetHeldAlongOneEdgeHangsDownWithoutStretching) {
    // Horizontal, held along its v = 0 edge, nothing under it.
    const Sheet s = sheet(21, 0.4f, glm::vec3(0.0f, 1.0f, 0.0f), glm::vec3(1, 0, 0), glm::vec3(0, 0, 1));
    std::vector<float> anchor(s.positions.size(), 0.0f);
    for (int i = 0; i < 21; ++i) anchor[size_t(i)] = 1.0f;
    std::vector<uint32_t> far_indices;
    const auto far_ball = ball(glm::vec3(10.0f), 0.1f, far_indices);
    const asset::SurfaceIndex nothing({far_ball, far_indices});
    const asset::ClothTopology topology(s.positions, s.indices);
    asset::ClothOptions options;
    options.seconds = 1.5f;
    options.substeps = 600;
    options.anchor_compliance = 0.0f;
    options.tethers = true;  // without them one iteration per substep leaves it 11% stretched
    const auto settled = asset::settle_cloth({s.positions, s.positions, s.indices, anchor}, topology, nothing, options);
    const glm::vec3 free_corner = settled.positions.back();  // the far edge's last vertex
    EXPECT_LT(free_corner.y, 1.0f - 0.25f) << "the free edge fell: y = " << free_corner.y;
    EXPECT_NEAR(settled.positions[0].y, 1.0f, 1e-3f) << "the held edge stayed";
    EXPECT_LT(asset::strain_quantile(settled.positions, topology, 0.99), 0.05) << "cloth does not stretch under its weight";
    // Bit for bit, run to run.
    const auto again = asset::settle_cloth({s.positions, s.positions, s.indices, anchor}, topology, nothing, options);
    for (size_t i = 0; i < settled.positions.size(); ++i) ASSERT_EQ(settled.positions[i], again.positions[i]) << i;
}

TEST(ClothSettle, ASheetDroppedOnABallDrapesOverItWithoutGoingThrough) {
    std::vector<uint32_t> ball_indices;
    const auto body = ball(glm::vec3(0.0f), 0.15f, ball_indices);
    const asset::SurfaceIndex index({body, ball_indices});
    // Just above the ball, centred: it lands on the top and its sides fall around it.
    const Sheet s = sheet(31, 0.6f, glm::vec3(-0.3f, 0.16f, -0.3f), glm::vec3(1, 0, 0), glm::vec3(0, 0, 1));
    const asset::ClothTopology topology(s.positions, s.indices);
    asset::ClothOptions options;
    options.seconds = 0.6f;
    options.substeps = 300;
    options.contact_refresh = 5;
    options.contact_reach_m = 0.05f;
    const auto settled = asset::settle_cloth({s.positions, s.positions, s.indices, {}}, topology, index, options);
    size_t inside = 0;
    for (const auto& p : settled.positions) inside += glm::length(p) < 0.15f - 0.002f;
    EXPECT_EQ(inside, 0u) << "no cloth vertex inside the ball";
    const glm::vec3 centre = settled.positions[s.positions.size() / 2], corner = settled.positions[0];
    EXPECT_GT(centre.y, 0.15f) << "the middle rests on top";
    EXPECT_LT(corner.y, centre.y - 0.1f) << "the corners fall around the ball";
    EXPECT_GT(settled.contacts, 10u);
}

}  // namespace
