// Poke-through (asset/poke_through.h): a coarse cloth sheet — a 20 cm square of two triangles,
// its diagonal split into two copies of each end as a seam — over a ball whose top rises 5 mm
// through the sheet's middle, between the sheet's corners. No corner is near the ball, so pushing
// vertices out of the body finds nothing; the ball's drawn vertices push the triangles off.
#include <gtest/gtest.h>

#include <cmath>

#include "asset/poke_through.h"
#include "asset/procedural.h"

using namespace twinshoot;

namespace {

struct Scene {
    std::vector<asset::Vertex> sheet;
    std::vector<uint32_t> indices{0, 1, 2, 3, 4, 5};
    std::vector<uint32_t> particle{0, 1, 2, 2, 4, 1};  // the diagonal's ends twice: a seam
    asset::Mesh ball;
    Scene() {
        const glm::vec3 corners[6] = {{-0.1f, -0.1f, 0}, {0.1f, -0.1f, 0}, {-0.1f, 0.1f, 0},
                                      {-0.1f, 0.1f, 0},  {0.1f, 0.1f, 0},  {0.1f, -0.1f, 0}};
        for (const glm::vec3& c : corners) {
            asset::Vertex v;
            v.position = c;
            v.normal = {0, 0, 1};
            sheet.push_back(v);
        }
        ball = asset::make_uv_sphere(0.1f, 64, 32);
        for (auto& v : ball.vertices) v.position += glm::vec3(0.0f, 0.0f, -0.095f);  // top at z = +5 mm
    }
    asset::Surface body() const { return {ball.vertices, ball.indices}; }
    // The highest ball vertex over the sheet's plane (z of the sheet under it: the sheet stays flat
    // when its corners move alike).
    float highest_over_sheet() const {
        float worst = -1.0f;
        for (const auto& v : ball.vertices)
            if (std::abs(v.position.x) < 0.09f && std::abs(v.position.y) < 0.09f) worst = std::max(worst, v.position.z - sheet[0].position.z);
        return worst;
    }
};

}  // namespace

TEST(PokeThrough, DrawnSkinThroughACoarseSheetPushesTheSheetOff) {
    Scene s;
    ASSERT_GT(s.highest_over_sheet(), 0.004f) << "the ball pokes through to begin with";
    const float offset = 0.003f;
    const auto result = asset::push_cloth_off_body(s.sheet, s.indices, s.particle, s.body(), {}, offset, 0.02f);
    EXPECT_GT(result.found_first, 10u);
    EXPECT_EQ(result.found_last, 0u);
    for (size_t v = 1; v < s.sheet.size(); ++v) {
        EXPECT_NEAR(s.sheet[v].position.z, s.sheet[0].position.z, 1e-6f) << "every corner, both copies of the seam, moved alike";
        EXPECT_NEAR(s.sheet[v].position.x, Scene().sheet[v].position.x, 1e-3f) << "pushed along the skin's normal (about up)";
    }
    EXPECT_LT(s.highest_over_sheet(), -0.002f) << "the sheet is now clear of the ball's top (by about the offset)";
    EXPECT_LT(s.sheet[0].position.z, 0.005f + offset + 1e-3f) << "and not farther than that";
}

TEST(PokeThrough, HiddenSkinAndSkinBesideTheSheetPushNothing) {
    Scene hidden;
    const std::vector<uint8_t> skip(hidden.ball.vertices.size(), 1);
    const auto none = asset::push_cloth_off_body(hidden.sheet, hidden.indices, hidden.particle, hidden.body(), skip, 0.003f, 0.02f);
    EXPECT_EQ(none.found_first, 0u);
    for (const auto& v : hidden.sheet) EXPECT_EQ(v.position.z, 0.0f);

    // The ball moved out from under the sheet, beside its edge: its top is over no face.
    Scene beside;
    for (auto& v : beside.ball.vertices) v.position.x += 0.2f;
    const auto edge = asset::push_cloth_off_body(beside.sheet, beside.indices, beside.particle, beside.body(), {}, 0.003f, 0.02f);
    EXPECT_EQ(edge.found_first, 0u);
    for (const auto& v : beside.sheet) EXPECT_EQ(v.position.z, 0.0f);
}
