// The closest-point index (asset/closest_point.h) and the penetration resolve built on it
// (asset/garment_fit.h), against brute force: every query point near, inside, far from and off the
// bounds of a lumpy closed surface gets the distance a scan of all triangles gets; bounded queries
// find every hit within their bound and none beyond it; stray, degenerate and non-finite triangles
// leave the answers right; an index with no triangles finds none; the resolve (which re-tests only the points it moved, in
// parallel) leaves every point where a plain all-points resolve leaves it, bit for bit.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "asset/closest_point.h"
#include "asset/garment_fit.h"

using namespace twinshoot;

namespace {

struct Surface {
    std::vector<asset::Vertex> vertices;
    std::vector<uint32_t> indices;
    std::vector<glm::vec3> positions() const {
        std::vector<glm::vec3> out;
        for (const auto& v : vertices) out.push_back(v.position);
        return out;
    }
};

// A closed, lumpy ball (radius 0.3 ± 0.06 m), outward normals: concave and convex parts.
Surface lumpy_ball() {
    Surface s;
    const int rings = 40, segments = 80;
    auto radius = [](float theta, float phi) { return 0.3f + 0.06f * std::sin(3.0f * theta) * std::cos(5.0f * phi); };
    for (int r = 0; r <= rings; ++r)
        for (int k = 0; k < segments; ++k) {
            const float theta = 3.14159265f * float(r) / float(rings), phi = 6.2831853f * float(k) / float(segments);
            const glm::vec3 dir(std::sin(theta) * std::cos(phi), std::cos(theta), std::sin(theta) * std::sin(phi));
            asset::Vertex v{};
            v.position = dir * radius(theta, phi);
            v.normal = dir;
            s.vertices.push_back(v);
        }
    for (int r = 0; r < rings; ++r)
        for (int k = 0; k < segments; ++k) {
            const uint32_t a = uint32_t(r * segments + k), b = uint32_t(r * segments + (k + 1) % segments);
            const uint32_t c = a + uint32_t(segments), d = b + uint32_t(segments);
            for (uint32_t i : {a, c, b, b, c, d}) s.indices.push_back(i);
        }
    // Normals from the faces, so "behind" agrees with the shape.
    for (auto& v : s.vertices) v.normal = glm::vec3(0.0f);
    for (size_t t = 0; t < s.indices.size(); t += 3) {
        const glm::vec3 a = s.vertices[s.indices[t]].position, b = s.vertices[s.indices[t + 1]].position,
                        c = s.vertices[s.indices[t + 2]].position;
        const glm::vec3 n = glm::cross(b - a, c - a);
        for (int k = 0; k < 3; ++k) s.vertices[s.indices[t + size_t(k)]].normal += n;
    }
    for (auto& v : s.vertices) v.normal = glm::length(v.normal) > 0.0f ? glm::normalize(v.normal) : glm::vec3(0, 1, 0);
    return s;
}

float brute_distance(const Surface& s, const glm::vec3& p) {
    float best = 1e30f;
    for (size_t t = 0; t < s.indices.size(); t += 3) {
        glm::vec3 bary;
        const glm::vec3 q = asset::closest_on_triangle(p, s.vertices[s.indices[t]].position, s.vertices[s.indices[t + 1]].position,
                                                       s.vertices[s.indices[t + 2]].position, bary);
        best = std::min(best, glm::length(p - q));
    }
    return best;
}

std::vector<glm::vec3> query_points(size_t n, float extent, uint32_t seed) {
    std::mt19937 random(seed);
    std::uniform_real_distribution<float> coord(-extent, extent);
    std::vector<glm::vec3> out(n);
    for (auto& p : out) p = {coord(random), coord(random), coord(random)};
    return out;
}

}  // namespace

TEST(ClosestPointIndex, FindsWhatBruteForceFindsNearAndFar) {
    const Surface s = lumpy_ball();
    const auto positions = s.positions();
    {
        const asset::ClosestPointIndex index(positions, s.indices);
        // Near the surface (inside and out), far (3 m: beyond its bounds on every side).
        for (const float extent : {0.4f, 3.0f}) {
            for (const glm::vec3& p : query_points(300, extent, 7u + uint32_t(extent * 10))) {
                const asset::ClosestHit hit = index.closest(p);
                const float expected = brute_distance(s, p);
                ASSERT_NEAR(hit.distance, expected, 1e-5f * std::max(1.0f, expected)) << "at " << p.x << "," << p.y << "," << p.z;
                const uint32_t* tri = &s.indices[size_t(hit.triangle) * 3];
                const glm::vec3 rebuilt = hit.barycentric.x * s.vertices[tri[0]].position +
                                          hit.barycentric.y * s.vertices[tri[1]].position +
                                          hit.barycentric.z * s.vertices[tri[2]].position;
                EXPECT_LT(glm::length(rebuilt - hit.point), 1e-5f) << "the barycentric weights name the point";
            }
        }
    }
}

TEST(ClosestPointIndex, ABoundedQueryFindsEveryHitWithinItsBoundAndNoNearerOneBeyondIt) {
    const Surface s = lumpy_ball();
    const asset::ClosestPointIndex index(s.positions(), s.indices);
    size_t within = 0, beyond = 0;
    for (const glm::vec3& p : query_points(1000, 0.5f, 11u)) {
        const float expected = brute_distance(s, p);
        const asset::ClosestHit hit = index.closest(p, 0.05f);
        if (expected <= 0.049f) {
            ++within;
            EXPECT_NEAR(hit.distance, expected, 1e-5f);
        } else if (expected > 0.051f) {
            ++beyond;
            // Beyond the bound the index reports no hit (+infinity): it never tests what lies there.
            EXPECT_TRUE(std::isinf(hit.distance)) << hit.distance;
        }
    }
    EXPECT_GT(within, 20u);
    EXPECT_GT(beyond, 100u);
}

// Rays (first_hit, used to trace the way out of overlapping shells): the tree and the scan of
// every triangle meet the surface at the same place; a ray from inside the closed ball meets it
// once, between its smallest and largest radius; the near and far bounds are kept.
TEST(ClosestPointIndex, ARayMeetsTheFirstTriangleTheScanOfEveryTriangleFinds) {
    const Surface s = lumpy_ball();
    const auto positions = s.positions();
    const asset::ClosestPointIndex tree(positions, s.indices);
    const asset::ClosestPointIndex scan(positions, s.indices, asset::ClosestPointIndex::Search::EveryTriangle);
    std::mt19937 rng(5);
    std::normal_distribution<float> g(0.0f, 1.0f);
    size_t met = 0;
    for (const glm::vec3& o : query_points(300, 0.5f, 13u)) {
        const glm::vec3 d = glm::normalize(glm::vec3(g(rng), g(rng), g(rng)));
        const asset::ClosestHit a = tree.first_hit(o, d, 0.0f, 10.0f), b = scan.first_hit(o, d, 0.0f, 10.0f);
        ASSERT_EQ(std::isinf(a.distance), std::isinf(b.distance)) << "at " << o.x << "," << o.y << "," << o.z;
        if (std::isinf(a.distance)) continue;
        ++met;
        EXPECT_NEAR(a.distance, b.distance, 1e-5f);
        EXPECT_LT(glm::length(a.point - (o + a.distance * d)), 1e-5f);
        // Nothing is met before the near bound, nor beyond the far one.
        const asset::ClosestHit later = tree.first_hit(o, d, a.distance + 1e-3f, 10.0f);
        if (!std::isinf(later.distance)) {
            EXPECT_GT(later.distance, a.distance + 1e-3f - 1e-6f);
        }
        EXPECT_TRUE(std::isinf(tree.first_hit(o, d, 0.0f, a.distance * 0.99f - 1e-6f).distance));
    }
    EXPECT_GT(met, 50u);  // of 300 rays from a cube twice its size, in random directions
    for (const glm::vec3& d : {glm::vec3(1, 0, 0), glm::vec3(0, -1, 0), glm::normalize(glm::vec3(1, 1, 1))}) {
        const asset::ClosestHit hit = tree.first_hit(glm::vec3(0.0f), d, 0.0f, 10.0f);
        EXPECT_GE(hit.distance, 0.24f - 1e-3f);
        EXPECT_LE(hit.distance, 0.36f + 1e-3f);
    }
    EXPECT_TRUE(std::isinf(tree.first_hit(glm::vec3(2.0f, 0.0f, 0.0f), glm::vec3(1, 0, 0), 0.0f, 10.0f).distance)) << "pointing away";
}

TEST(ClosestPointIndex, AnEmptyIndexFindsNothing) {
    const asset::ClosestPointIndex index(std::span<const glm::vec3>{}, std::span<const uint32_t>{});
    EXPECT_TRUE(std::isinf(index.closest(glm::vec3(0.1f)).distance));
    EXPECT_TRUE(std::isinf(index.closest(glm::vec3(5.0f), 0.2f).distance));
    const std::vector<asset::Vertex> none;
    const std::vector<uint32_t> no_indices;
    const asset::SurfaceIndex surface(asset::Surface{none, no_indices});
    glm::vec3 q, n;
    EXPECT_FALSE(surface.nearest(glm::vec3(0.0f), q, n)) << "no surface, no nearest point (and no read past it)";
}

// Meshes from strangers: a box of axis-aligned faces (ties on its edges and corners), stray
// triangles across the whole box, a zero-area one, a segment, a sliver and triangles with corners
// that are not numbers. Every query gets brute force's distance over the finite triangles, and a
// triangle at that distance.
TEST(ClosestPointIndex, StrayDegenerateAndNonFiniteTrianglesLeaveTheAnswersRight) {
    std::vector<glm::vec3> positions;
    std::vector<uint32_t> indices;
    auto triangle = [&](glm::vec3 a, glm::vec3 b, glm::vec3 c) {
        for (const glm::vec3& p : {a, b, c}) indices.push_back(uint32_t(positions.size())), positions.push_back(p);
    };
    // A 1 m box of 10 × 10 squares per face.
    for (int axis = 0; axis < 3; ++axis)
        for (const float side : {0.0f, 1.0f})
            for (int i = 0; i < 10; ++i)
                for (int j = 0; j < 10; ++j) {
                    auto at = [&](float u, float v) {
                        glm::vec3 p;
                        p[axis] = side, p[(axis + 1) % 3] = u * 0.1f, p[(axis + 2) % 3] = v * 0.1f;
                        return p;
                    };
                    triangle(at(float(i), float(j)), at(float(i + 1), float(j)), at(float(i + 1), float(j + 1)));
                    triangle(at(float(i), float(j)), at(float(i + 1), float(j + 1)), at(float(i), float(j + 1)));
                }
    for (int k = 0; k < 40; ++k)  // strays across the whole box, and far beyond it
        triangle({-2.0f, 0.5f, float(k) * 0.02f}, {3.0f, -1.0f, 0.3f}, {0.5f, 3.0f, 1.0f - float(k) * 0.02f});
    triangle({0.5f, 0.5f, 0.5f}, {0.5f, 0.5f, 0.5f}, {0.5f, 0.5f, 0.5f});    // a point
    triangle({0.2f, 0.2f, 0.2f}, {0.8f, 0.8f, 0.8f}, {0.5f, 0.5f, 0.5f});    // a segment
    triangle({0.1f, 0.9f, 0.3f}, {0.9f, 0.1f, 0.3f}, {0.1f, 0.9f, 0.30001f});  // a sliver
    const size_t finite = indices.size() / 3;
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    triangle({0.5f, nan, 0.5f}, {0.6f, 0.5f, 0.5f}, {0.5f, 0.6f, 0.5f});  // not numbers: never the answer
    triangle({0.5f, 0.5f, 0.4f}, {inf, 0.5f, 0.5f}, {0.5f, 0.6f, 0.5f});
    const size_t triangles = indices.size() / 3;

    const asset::ClosestPointIndex index(positions, indices);
    const asset::ClosestPointIndex every(positions, indices, asset::ClosestPointIndex::Search::EveryTriangle);
    EXPECT_EQ(index.triangles(), triangles);
    for (const glm::vec3& p : query_points(400, 1.5f, 23u)) {
        float best = 1e30f;
        uint32_t first = 0;
        for (size_t t = 0; t < finite; ++t) {
            glm::vec3 bary;
            const glm::vec3 q = asset::closest_on_triangle(p, positions[indices[t * 3]], positions[indices[t * 3 + 1]],
                                                           positions[indices[t * 3 + 2]], bary);
            const float d = glm::length(p - q);
            if (d < best) best = d, first = uint32_t(t);
        }
        const asset::ClosestHit hit = index.closest(p);
        ASSERT_NEAR(hit.distance, best, 1e-5f) << p.x << "," << p.y << "," << p.z;
        // The tree and the plain scan agree exactly, ties included (a shared edge or corner of the
        // box: the lowest triangle number), whatever shape Embree gave its tree on this machine.
        const asset::ClosestHit plain = every.closest(p);
        EXPECT_EQ(hit.triangle, plain.triangle) << p.x << "," << p.y << "," << p.z;
        EXPECT_EQ(hit.distance, plain.distance);
        EXPECT_EQ(plain.triangle, first) << "the first triangle at the least distance";
        glm::vec3 bary;
        const glm::vec3 q = asset::closest_on_triangle(p, positions[indices[hit.triangle * 3]], positions[indices[hit.triangle * 3 + 1]],
                                                       positions[indices[hit.triangle * 3 + 2]], bary);
        EXPECT_NEAR(glm::length(p - q), best, 1e-5f) << "triangle " << hit.triangle << " (brute force's first: " << first << ")";
    }
    // Not-a-number query points find nothing and read nothing out of range.
    const asset::ClosestHit odd = index.closest(glm::vec3(nan, 0.5f, 0.5f), 0.1f);
    EXPECT_FALSE(odd.distance <= 0.1f);
    EXPECT_FALSE(every.closest(glm::vec3(nan, 0.5f, 0.5f)).distance <= 1e30f);
    EXPECT_FALSE(index.closest(glm::vec3(0.5f), -1.0f).distance <= 1e30f) << "a negative bound finds nothing";
    EXPECT_FALSE(index.closest(glm::vec3(0.5f), nan).distance <= 1e30f) << "and so does a bound that is not a number";
    // Ties on the box's corner (0, 0, 0): three faces' triangles meet there at the same distance.
    const asset::ClosestHit corner = index.closest(glm::vec3(-0.1f, -0.1f, -0.1f));
    EXPECT_EQ(corner.triangle, every.closest(glm::vec3(-0.1f, -0.1f, -0.1f)).triangle);
}

TEST(ResolvePenetration, MovesEveryPointWhereAnAllPointsResolveDoes) {
    const Surface s = lumpy_ball();
    const asset::SurfaceIndex index(asset::Surface{s.vertices, s.indices});
    // A "garment" of points around the surface: a third of them inside it.
    std::vector<asset::Vertex> garment;
    std::mt19937 random(3);
    std::uniform_real_distribution<float> scale(0.8f, 1.15f);
    for (const auto& v : s.vertices) {
        asset::Vertex g = v;
        g.position = v.position * scale(random);
        garment.push_back(g);
    }
    // The reference: every point tested in every pass, one after another.
    std::vector<asset::Vertex> expected = garment;
    const float offset = 0.004f;
    size_t expected_before = 0, expected_after = 0;
    for (int pass = 0; pass < 3; ++pass) {
        size_t moved = 0;
        for (auto& v : expected) {
            glm::vec3 q, n;
            if (!index.behind(v.position, q, n)) continue;
            ++moved;
            v.position = q + n * offset;
        }
        if (pass == 0) expected_before = moved;
        if (moved == 0) break;
    }
    for (const auto& v : expected) {
        glm::vec3 q, n;
        expected_after += index.behind(v.position, q, n);
    }
    ASSERT_GT(expected_before, garment.size() / 5) << "the test needs points inside";

    const asset::PenetrationResult result = asset::resolve_penetration(garment, index, offset);
    EXPECT_EQ(result.inside_before, expected_before);
    EXPECT_EQ(result.inside_after, expected_after);
    EXPECT_EQ(asset::count_inside(garment, index), expected_after);
    for (size_t i = 0; i < garment.size(); ++i)
        ASSERT_EQ(garment[i].position, expected[i].position) << "vertex " << i;
}
