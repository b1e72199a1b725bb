// Body cover (asset/body_cover.h): skin under a garment is hidden, skin under a hole in it or past
// its edge is not, and a margin of skin next to uncovered skin stays shown.
#include <gtest/gtest.h>

#include <cmath>

#include "asset/body_cover.h"

using namespace twinshoot;

namespace {

// A UV sphere of `radius` about the origin, normals outward, poles on ±y.
asset::Mesh sphere(float radius, int rings = 48, int segments = 96) {
    asset::Mesh m;
    for (int r = 0; r <= rings; ++r)
        for (int s = 0; s <= segments; ++s) {
            const float theta = 3.14159265f * float(r) / float(rings), phi = 6.2831853f * float(s) / float(segments);
            const glm::vec3 n(std::sin(theta) * std::cos(phi), std::cos(theta), std::sin(theta) * std::sin(phi));
            asset::Vertex v;
            v.position = radius * n;
            v.normal = n;
            m.vertices.push_back(v);
        }
    for (int r = 0; r < rings; ++r)
        for (int s = 0; s < segments; ++s) {
            const uint32_t a = uint32_t(r * (segments + 1) + s), b = a + uint32_t(segments + 1);
            m.indices.insert(m.indices.end(), {a, b, a + 1, a + 1, b, b + 1});
        }
    return m;
}

// The angle (radians) from +z of a point.
float from_front(const glm::vec3& p) { return std::acos(std::clamp(glm::normalize(p).z, -1.0f, 1.0f)); }

}  // namespace

TEST(BodyCover, SkinUnderClothIsHiddenExceptUnderAHoleAndNextToBareSkin) {
    const asset::Mesh body = sphere(0.10f);
    // A garment 1 cm off the skin, covering everything above y = -0.05 except a hole 0.5 rad
    // (3 cm at the cloth) around +z.
    const asset::Mesh shell = sphere(0.11f);
    asset::Mesh garment = shell;
    garment.indices.clear();
    for (size_t t = 0; t + 2 < shell.indices.size(); t += 3) {
        const glm::vec3 c = (shell.vertices[shell.indices[t]].position + shell.vertices[shell.indices[t + 1]].position +
                             shell.vertices[shell.indices[t + 2]].position) / 3.0f;
        if (c.y < -0.05f || from_front(c) < 0.5f) continue;
        garment.indices.insert(garment.indices.end(), &shell.indices[t], &shell.indices[t + 3]);
    }
    const asset::Surface cloth[] = {{garment.vertices, garment.indices}};
    asset::BodyCoverOptions options;
    options.margin = 0.02f;
    const auto hidden = asset::covered_body_vertices({body.vertices, body.indices}, cloth, options);
    ASSERT_EQ(hidden.size(), body.vertices.size());
    size_t hidden_count = 0, checked_far = 0, checked_hole = 0, checked_bare = 0;
    for (size_t v = 0; v < body.vertices.size(); ++v) {
        const glm::vec3& p = body.vertices[v].position;
        hidden_count += hidden[v];
        const float angle = from_front(p);
        // Well under the cloth (the margin, 2 cm, is 0.2 rad on this body): hidden.
        if (p.y > 0.0f && angle > 0.5f + 0.35f && p.y < 0.09f) {
            EXPECT_TRUE(hidden[v]) << "covered skin at " << p.x << " " << p.y << " " << p.z;
            ++checked_far;
        }
        // Under the hole, and within the margin of it: shown.
        if (angle < 0.55f) {
            EXPECT_FALSE(hidden[v]) << "skin under the hole at angle " << angle;
            ++checked_hole;
        }
        // Below the hem, and just above it: shown.
        if (p.y < -0.04f) {
            EXPECT_FALSE(hidden[v]) << "bare skin at y " << p.y;
            ++checked_bare;
        }
    }
    EXPECT_GT(checked_far, 500u);
    EXPECT_GT(checked_hole, 20u);
    EXPECT_GT(checked_bare, 500u);
    EXPECT_GT(hidden_count, body.vertices.size() / 3);

    // A triangle is dropped only when all three of its vertices are hidden.
    const auto shown = asset::shown_triangles(body.indices, hidden);
    EXPECT_LT(shown.size(), body.indices.size());
    for (size_t t = 0; t + 2 < shown.size(); t += 3)
        EXPECT_FALSE(hidden[shown[t]] && hidden[shown[t + 1]] && hidden[shown[t + 2]]);
    size_t all_hidden = 0;
    for (size_t t = 0; t + 2 < body.indices.size(); t += 3)
        all_hidden += hidden[body.indices[t]] && hidden[body.indices[t + 1]] && hidden[body.indices[t + 2]];
    EXPECT_EQ(shown.size() / 3 + all_hidden, body.indices.size() / 3);

    // Cloth out of reach, or skin whose normals are missing: nothing is hidden.
    options.reach = 0.005f;
    const auto far = asset::covered_body_vertices({body.vertices, body.indices}, cloth, options);
    for (uint8_t h : far) ASSERT_EQ(h, 0);
    asset::Mesh no_normals = body;
    for (auto& v : no_normals.vertices) v.normal = glm::vec3(0.0f);
    const auto none = asset::covered_body_vertices({no_normals.vertices, no_normals.indices}, cloth, {});
    for (uint8_t h : none) ASSERT_EQ(h, 0);
}

// Skin buried inside another piece of the body (asset::cover_sources): a joint ball half sunk in a
// body piece, both under one garment 2 cm off the body (1 cm off the ball's top). The ball's
// buried half meets no cloth along its normals; counted as uncovered it kept the whole exposed
// cap within the margin shown, and the ball poked through the cloth when posed (Xbot's knees in
// MakeHuman's trousers). Taking the cover of the nearest outside skin, the cap is hidden, and
// under a hole in the cloth it stays shown.
TEST(BodyCover, SkinBuriedInAnotherPieceTakesTheCoverOfTheSkinOverIt) {
    asset::Mesh body = sphere(0.10f);
    asset::Mesh ball = sphere(0.04f, 24, 48);
    const glm::vec3 centre(0.07f, 0.0f, 0.0f);  // pokes 1 cm out of the body at +x
    const uint32_t base = uint32_t(body.vertices.size());
    for (asset::Vertex v : ball.vertices) {
        v.position += centre;
        body.vertices.push_back(v);
    }
    for (uint32_t i : ball.indices) body.indices.push_back(base + i);
    const asset::Surface surface{body.vertices, body.indices};
    const asset::SurfaceIndex index(surface);
    const std::vector<uint32_t> sources = asset::cover_sources(surface, index, 0.001f);
    ASSERT_EQ(sources.size(), body.vertices.size());
    size_t buried = 0, buried_ball = 0;
    for (size_t v = 0; v < sources.size(); ++v) {
        if (sources[v] == v) continue;
        ++buried;
        const glm::vec3& p = body.vertices[v].position;
        if (v >= base) {
            buried_ball += 1;
            EXPECT_LT(glm::length(p), 0.10f + 1e-3f) << "buried ball skin lies inside the body piece";
        } else {
            EXPECT_LT(glm::length(p - centre), 0.04f + 1e-3f) << "buried body skin lies inside the ball";
        }
        const glm::vec3& q = body.vertices[sources[v]].position;
        EXPECT_FALSE(glm::length(q) < 0.10f - 1e-3f || glm::length(q - centre) < 0.04f - 1e-3f) << "its source is outside both";
    }
    EXPECT_GT(buried_ball, ball.vertices.size() / 2) << "most of the ball is sunk in the body";
    EXPECT_GT(buried, buried_ball) << "and the body's skin under the ball's cap is inside the ball";

    const asset::Mesh cloth = sphere(0.12f);
    asset::Mesh holed = cloth;  // the same with a hole of 0.6 rad about +x
    holed.indices.clear();
    for (size_t t = 0; t + 2 < cloth.indices.size(); t += 3) {
        const glm::vec3 c = cloth.vertices[cloth.indices[t]].position + cloth.vertices[cloth.indices[t + 1]].position +
                            cloth.vertices[cloth.indices[t + 2]].position;
        if (std::acos(glm::normalize(c).x) < 0.6f) continue;
        holed.indices.insert(holed.indices.end(), &cloth.indices[t], &cloth.indices[t + 3]);
    }
    const asset::BodyCoverOptions options;  // reach and margin 3 cm
    auto exposed_cap_hidden = [&](const asset::Mesh& garment, bool through_sources) {
        std::vector<uint8_t> covered = asset::body_covered_by(surface, {garment.vertices, garment.indices}, options);
        if (through_sources) covered = asset::covered_through(covered, sources);
        const std::vector<uint8_t> hidden = asset::hidden_body_vertices(surface, covered, options);
        size_t cap = 0, cap_hidden = 0;
        for (size_t v = base; v < body.vertices.size(); ++v)
            if (body.vertices[v].position.x > 0.102f) cap_hidden += hidden[v], ++cap;
        EXPECT_GT(cap, 20u);
        return double(cap_hidden) / double(cap);
    };
    EXPECT_EQ(exposed_cap_hidden(cloth, true), 1.0) << "the cap under the cloth is hidden";
    EXPECT_LT(exposed_cap_hidden(cloth, false), 0.5) << "without the sources the buried half keeps it shown (the check can fail)";
    EXPECT_EQ(exposed_cap_hidden(holed, true), 0.0) << "under a hole the cap stays shown";

    // A body of one piece: every vertex is its own source.
    const asset::Mesh one = sphere(0.10f);
    const asset::SurfaceIndex one_index({one.vertices, one.indices});
    const auto own = asset::cover_sources({one.vertices, one.indices}, one_index, 0.001f);
    for (size_t v = 0; v < own.size(); ++v) ASSERT_EQ(own[v], v);
}

// A speck of uncovered skin amid covered skin (here every vertex within 1 cm of the +y pole of a
// 10 cm body) is no edge of the cloth: it is hidden with the skin round it, and keeps no margin
// shown. A patch wider than the margin (within 4 cm of the pole) is bare skin with its margin, and so is
// a small piece of the body of its own that touches no covered skin.
TEST(BodyCover, ASpeckOfUncoveredSkinAmidCoveredSkinIsHiddenWithIt) {
    const asset::Mesh body = sphere(0.10f);
    const asset::Surface surface{body.vertices, body.indices};
    const glm::vec3 pole(0.0f, 0.10f, 0.0f);
    auto hidden_with_patch = [&](float patch) {
        std::vector<uint8_t> covered(body.vertices.size(), 1);
        for (size_t v = 0; v < covered.size(); ++v)
            if (glm::length(body.vertices[v].position - pole) < patch) covered[v] = 0;
        return asset::hidden_body_vertices(surface, covered, {});  // margin 3 cm
    };
    const auto speck = hidden_with_patch(0.01f);
    for (size_t v = 0; v < body.vertices.size(); ++v) ASSERT_EQ(speck[v], 1) << "vertex " << v;
    const auto patch = hidden_with_patch(0.04f);
    size_t shown = 0, margin_checked = 0;
    for (size_t v = 0; v < body.vertices.size(); ++v) {
        const float d = glm::length(body.vertices[v].position - pole);
        shown += !patch[v];
        if (d < 0.04f) {
            EXPECT_EQ(patch[v], 0) << "bare skin is shown";
        }
        if (d > 0.045f && d < 0.065f) {
            EXPECT_EQ(patch[v], 0) << "covered skin within the margin of bare skin is shown";
            ++margin_checked;
        }
        if (d > 0.075f) {
            EXPECT_EQ(patch[v], 1) << "covered skin beyond the margin is hidden";
        }
    }
    EXPECT_GT(margin_checked, 50u);

    // A small piece of its own beside covered skin (a 1.4 cm bead 1.3 cm off the body, uncovered):
    // not a speck amid covered skin, so it stays shown.
    asset::Mesh with_bead = body;
    const asset::Mesh bead = sphere(0.007f, 12, 24);
    const uint32_t base = uint32_t(with_bead.vertices.size());
    for (asset::Vertex v : bead.vertices) {
        v.position += glm::vec3(0.12f, 0.0f, 0.0f);
        with_bead.vertices.push_back(v);
    }
    for (uint32_t i : bead.indices) with_bead.indices.push_back(base + i);
    std::vector<uint8_t> covered(with_bead.vertices.size(), 1);
    for (size_t v = base; v < covered.size(); ++v) covered[v] = 0;
    const auto beaded = asset::hidden_body_vertices({with_bead.vertices, with_bead.indices}, covered, {});
    for (size_t v = base; v < beaded.size(); ++v) ASSERT_EQ(beaded[v], 0) << "the bead is drawn";
    for (size_t v = 0; v < base; ++v) {
        if (with_bead.vertices[v].position.x < 0.0f) {
            ASSERT_EQ(beaded[v], 1) << "the body's far side stays hidden";
        }
    }
}
