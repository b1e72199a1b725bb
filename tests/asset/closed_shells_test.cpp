// A body of closed pieces that pass through one another (asset/closed_shells.h): Mixamo's Xbot is
// 95 plates and joint balls. Inside is the union of the pieces: a point inside a ball but nearest
// to the part of a plate that lies within the ball is inside, and push-out leaves no point inside
// any piece. Pieces apart from the rest, open pieces and one-piece surfaces need no shell test.
#include <gtest/gtest.h>

#include <random>

#include "asset/closed_shells.h"
#include "asset/garment_fit.h"
#include "asset/procedural.h"

using namespace twinshoot;

namespace {

struct Soup {
    std::vector<asset::Vertex> vertices;
    std::vector<uint32_t> indices;
    // Appends a UV sphere (its seam vertices duplicated, as UV spheres have them); `open` drops
    // the triangles of its upper half's cap rows, leaving a hole.
    void add_sphere(const glm::vec3& centre, float radius, bool open = false) {
        const asset::Mesh s = asset::make_uv_sphere(radius, 64, 32);
        const uint32_t base = uint32_t(vertices.size());
        for (asset::Vertex v : s.vertices) {
            v.position += centre;
            vertices.push_back(v);
        }
        for (size_t t = 0; t < s.indices.size(); t += 3) {
            if (open && s.vertices[s.indices[t]].position.y > 0.8f * radius) continue;
            for (size_t k = 0; k < 3; ++k) indices.push_back(base + s.indices[t + k]);
        }
    }
    asset::Surface surface() const { return {vertices, indices}; }
};

const glm::vec3 kBig{0.0f}, kBall{0.1f, 0.0f, 0.0f}, kFar{1.0f, 0.0f, 0.0f};
constexpr float kBigRadius = 0.1f, kBallRadius = 0.04f;

// Two pieces through one another — a 10 cm body and a 4 cm ball centred on its surface — and one
// far away.
Soup ball_on_body() {
    Soup soup;
    soup.add_sphere(kBig, kBigRadius);
    soup.add_sphere(kBall, kBallRadius);
    soup.add_sphere(kFar, kBallRadius);
    return soup;
}

}  // namespace

TEST(ClosedShells, OnlyClosedPiecesThatOverlapAnotherAreShells) {
    Soup one;
    one.add_sphere(kBig, kBigRadius);
    EXPECT_TRUE(asset::overlapping_closed_shells(one.vertices, one.indices).empty()) << "one piece, seams welded";

    const Soup soup = ball_on_body();
    const auto shells = asset::overlapping_closed_shells(soup.vertices, soup.indices);
    ASSERT_EQ(shells.size(), 2u) << "the body and the ball on it; not the far ball";
    for (const auto& shell : shells) EXPECT_LT(shell.bounds.max.x, 0.5f);
    EXPECT_EQ(shells[0].triangles.size() + shells[1].triangles.size(), 2 * (soup.indices.size() / 3) / 3) << "every triangle of both";

    Soup with_open;  // a ball with a hole through the body: not closed, so not a shell
    with_open.add_sphere(kBig, kBigRadius);
    with_open.add_sphere(kBall, kBallRadius, /*open=*/true);
    EXPECT_TRUE(asset::overlapping_closed_shells(with_open.vertices, with_open.indices).empty());
}

TEST(ClosedShells, PiecesFoundOnceOverlapAsTheyDoInEachPose) {
    const Soup rest = ball_on_body();
    const auto pieces = asset::closed_pieces(rest.vertices, rest.indices);
    ASSERT_EQ(pieces.size(), 3u) << "three closed spheres, seams welded";
    EXPECT_EQ(asset::overlapping_shells(pieces, rest.vertices, rest.indices).size(), 2u);

    // A "pose" that moves the far ball into the body and the near ball away: the overlap follows
    // the pose, and a point inside the moved ball but nearest the body's surface is inside.
    Soup posed = rest;
    const size_t per_sphere = rest.vertices.size() / 3;
    for (size_t v = 0; v < rest.vertices.size(); ++v) {
        if (v >= 2 * per_sphere) posed.vertices[v].position += glm::vec3(-1.1f, 0.0f, 0.0f);  // centre (-0.1, 0, 0): on the body
        else if (v >= per_sphere) posed.vertices[v].position += glm::vec3(0.0f, 1.0f, 0.0f);
    }
    const auto shells = asset::overlapping_shells(pieces, posed.vertices, posed.indices);
    ASSERT_EQ(shells.size(), 2u) << "the body and the ball moved onto it";
    for (const auto& shell : shells) {
        EXPECT_LT(shell.bounds.max.x, 0.5f) << "the far ball, moved onto the body: bounds from the pose, not the rest";
        EXPECT_LT(shell.bounds.max.y, 0.5f) << "not the near ball, moved away";
    }

    const asset::SurfaceIndex index(posed.surface(), pieces);
    const glm::vec3 p = glm::vec3(-kBigRadius - 0.005f, 0.0f, 0.0f);  // in the moved ball, just outside the body
    glm::vec3 q, n;
    EXPECT_TRUE(index.behind(p, q, n));
    EXPECT_FALSE(index.behind(kBall + glm::vec3(0.0f, 1.0f + kBallRadius + 0.01f, 0.0f), q, n)) << "outside the ball moved away";
    EXPECT_TRUE(index.behind(kBall + glm::vec3(0.0f, 1.0f, 0.0f), q, n)) << "the centre of the ball moved away";
    const asset::SurfaceIndex sheet(posed.surface(), std::span<const asset::ClosedShell>{});
    EXPECT_FALSE(sheet.behind(p, q, n)) << "no pieces given: nearest-point test only, and p is nearest the body, outside";
}

TEST(SurfaceIndex, APointInsideAnyOfOverlappingPiecesIsInside) {
    const Soup soup = ball_on_body();
    const asset::SurfaceIndex index(soup.surface());
    glm::vec3 q, n;
    // 5 mm outside the body, inside the ball: nearest is the body's surface, which it is in front of.
    EXPECT_TRUE(index.behind({0.105f, 0.0f, 0.0f}, q, n));
    EXPECT_NEAR(glm::length(glm::vec3(0.105f, 0.0f, 0.0f) - kBall) + glm::length(q - glm::vec3(0.105f, 0.0f, 0.0f)), kBallRadius, 1e-3f)
        << "the point returned is on the ball";
    EXPECT_TRUE(index.behind({0.05f, 0.0f, 0.0f}, q, n)) << "inside the body";
    EXPECT_FALSE(index.behind({0.0f, 0.15f, 0.0f}, q, n)) << "outside both";
    EXPECT_TRUE(index.behind(kFar, q, n)) << "inside the far ball";

    // Random points against the analytic union, away from the tessellated surfaces (2 mm).
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> u(-0.15f, 0.16f);
    size_t tested = 0, agree = 0;
    for (int i = 0; i < 4000; ++i) {
        const glm::vec3 p{u(rng), u(rng), u(rng)};
        const float a = glm::length(p - kBig) - kBigRadius, b = glm::length(p - kBall) - kBallRadius;
        if (std::abs(a) < 0.002f || std::abs(b) < 0.002f) continue;
        ++tested;
        agree += index.behind(p, q, n) == (a < 0.0f || b < 0.0f);
    }
    EXPECT_GT(tested, 3000u);
    EXPECT_EQ(agree, tested);
}

TEST(ResolvePenetration, LeavesNoPointInsideAnyOfOverlappingPieces) {
    const Soup soup = ball_on_body();
    const asset::SurfaceIndex index(soup.surface());
    std::vector<asset::Vertex> cloth;
    std::mt19937 rng(11);
    std::uniform_real_distribution<float> u(-0.05f, 0.05f);
    for (int i = 0; i < 500; ++i) {  // points in and around the ball, many in it and out of the body
        asset::Vertex v;
        v.position = kBall + glm::vec3(u(rng), u(rng), u(rng));
        cloth.push_back(v);
    }
    const float offset = 0.003f;
    const auto result = asset::resolve_penetration(cloth, index, offset);  // the default passes, as dressing uses
    EXPECT_GT(result.inside_before, 250u);
    EXPECT_EQ(result.inside_after, 0u);
    for (const auto& v : cloth) {
        EXPECT_GT(glm::length(v.position - kBig), kBigRadius - 5e-4f) << "left inside the body";
        EXPECT_GT(glm::length(v.position - kBall), kBallRadius - 5e-4f) << "left inside the ball";
    }
}

// A point deep in where seven balls overlap (one at the centre, six on its axes half inside it):
// every ball's own nearest way out leads into another, so stepping from shell to shell bounced
// for rounds (Xbot's raised arms kept 5.6% of a suit inside after eight). The way out of the
// union is traced instead: one round puts the point outside all seven, and not farther than the
// union's boundary in some direction (at most 9 cm, along an axis; about 6 cm between them).
TEST(ResolvePenetration, APointDeepInOverlappingPiecesLeavesInOneRound) {
    Soup flower;
    constexpr float r = 0.05f, c = 0.04f;
    const glm::vec3 centres[] = {{0, 0, 0}, {c, 0, 0}, {-c, 0, 0}, {0, c, 0}, {0, -c, 0}, {0, 0, c}, {0, 0, -c}};
    for (const glm::vec3& centre : centres) flower.add_sphere(centre, r);
    const asset::SurfaceIndex index(flower.surface());
    auto inside_any = [&](const glm::vec3& p) {
        for (const glm::vec3& centre : centres)
            if (glm::length(p - centre) < r - 5e-4f) return true;
        return false;
    };
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> u(-0.01f, 0.01f);
    std::vector<asset::Vertex> cloth;
    for (int i = 0; i < 50; ++i) {
        asset::Vertex v;
        v.position = glm::vec3(u(rng), u(rng), u(rng));  // near the centre: in all seven balls' overlap
        cloth.push_back(v);
    }
    const auto result = asset::resolve_penetration(cloth, index, 0.002f, 1e30f, /*passes=*/1);
    EXPECT_EQ(result.inside_before, cloth.size());
    EXPECT_EQ(result.inside_after, 0u);
    for (const auto& v : cloth) {
        EXPECT_FALSE(inside_any(v.position)) << v.position.x << "," << v.position.y << "," << v.position.z;
        EXPECT_LT(glm::length(v.position), 0.075f) << "out by the short way (between the balls), not along an axis";
    }
}
