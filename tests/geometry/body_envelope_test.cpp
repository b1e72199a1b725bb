// The body envelope (geometry/body_envelope.h): an exact distance transform, and a closing that
// bridges a groove narrower than its ball and leaves a wider one open.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "geometry/body_envelope.h"

namespace twinshoot::geometry {
namespace {

// Brute force against the separable transform, on a grid with empty lines and a single seed.
TEST(BodyEnvelope, TheDistanceTransformIsExact) {
    const glm::ivec3 dims(13, 9, 7);
    std::mt19937 rng(7);
    for (int trial = 0; trial < 4; ++trial) {
        std::vector<uint8_t> seed(size_t(dims.x * dims.y * dims.z), 0);
        const int seeds = trial == 0 ? 1 : 3 + 5 * trial;
        for (int s = 0; s < seeds; ++s) seed[rng() % seed.size()] = 1;
        const std::vector<float> d = squared_distance_transform(seed, dims);
        for (int z = 0; z < dims.z; ++z)
            for (int y = 0; y < dims.y; ++y)
                for (int x = 0; x < dims.x; ++x) {
                    float best = INFINITY;
                    for (size_t i = 0; i < seed.size(); ++i) {
                        if (!seed[i]) continue;
                        const int sx = int(i % size_t(dims.x)), sy = int((i / size_t(dims.x)) % size_t(dims.y)),
                                  sz = int(i / size_t(dims.x * dims.y));
                        best = std::min(best, float((x - sx) * (x - sx) + (y - sy) * (y - sy) + (z - sz) * (z - sz)));
                    }
                    ASSERT_EQ(d[(size_t(z) * size_t(dims.y) + size_t(y)) * size_t(dims.x) + size_t(x)], best)
                        << "trial " << trial << " at " << x << "," << y << "," << z;
                }
    }
    const std::vector<float> none = squared_distance_transform(std::vector<uint8_t>(size_t(dims.x * dims.y * dims.z), 0), dims);
    EXPECT_TRUE(std::isinf(none[0]));
}

void add_box(BodyMesh& mesh, const glm::vec3& lo, const glm::vec3& hi) {
    const uint32_t base = uint32_t(mesh.positions.size());
    for (int i = 0; i < 8; ++i) mesh.positions.push_back({i & 1 ? hi.x : lo.x, i & 2 ? hi.y : lo.y, i & 4 ? hi.z : lo.z});
    const uint32_t faces[12][3] = {{0, 2, 1}, {1, 2, 3}, {4, 5, 6}, {5, 7, 6}, {0, 1, 4}, {1, 5, 4},
                                   {2, 6, 3}, {3, 6, 7}, {0, 4, 2}, {2, 4, 6}, {1, 3, 5}, {3, 7, 5}};
    for (const auto& f : faces)
        for (uint32_t k : f) mesh.indices.push_back(base + k);
}

// Two prongs on a base (a U, as plates through one another: three boxes overlapping), 1 m tall.
BodyMesh fork(float gap) {
    BodyMesh mesh;
    add_box(mesh, {-0.3f, 0.0f, -0.1f}, {0.3f, 0.2f, 0.1f});
    add_box(mesh, {-0.3f, 0.1f, -0.1f}, {-gap / 2, 1.0f, 0.1f});
    add_box(mesh, {gap / 2, 0.1f, -0.1f}, {0.3f, 1.0f, 0.1f});
    return mesh;
}

TEST(BodyEnvelope, AGrooveNarrowerThanTheBallIsBridgedAndAWiderOneIsNot) {
    const float radius = 0.02f, cell = 0.005f;
    const glm::vec3 mid_groove(0.0f, 0.6f, 0.0f);  // between the prongs, 10 cm in from their faces
    {
        auto envelope = body_envelope(fork(0.03f), radius, cell, size_t(16) << 20);  // a 3 cm groove
        ASSERT_TRUE(envelope) << envelope.error().message;
        EXPECT_LT(envelope->signed_distance(mid_groove), -0.05f) << "a 3 cm groove under a 4 cm ball is filled";
        // The envelope's front there is the prongs' front, within a cell, and faces forward.
        EXPECT_NEAR(envelope->signed_distance({0.0f, 0.6f, 0.1f}), 0.0f, cell);
        EXPECT_GT(envelope->normal({0.0f, 0.6f, 0.105f}).z, 0.9f);
    }
    {
        auto envelope = body_envelope(fork(0.10f), radius, cell, size_t(16) << 20);  // a 10 cm gap
        ASSERT_TRUE(envelope) << envelope.error().message;
        EXPECT_NEAR(envelope->signed_distance({0.0f, 0.6f, 0.0f}), 0.05f, 1.5f * cell) << "the gap stays open";
    }
    // Outside, the field is the distance to the body; inside a prong, negative.
    auto envelope = body_envelope(fork(0.03f), radius, cell, size_t(16) << 20);
    ASSERT_TRUE(envelope);
    EXPECT_NEAR(envelope->signed_distance({0.33f, 0.6f, 0.0f}), 0.03f, 1.5f * cell);  // the grid reaches 5 cm out
    EXPECT_NEAR(envelope->signed_distance({0.2f, 0.6f, 0.0f}), -0.1f + 0.005f, 2 * cell);
    // Too fine a grid is refused, not allocated.
    EXPECT_FALSE(body_envelope(fork(0.03f), radius, 1e-4f, size_t(16) << 20));
}

}  // namespace
}  // namespace twinshoot::geometry
