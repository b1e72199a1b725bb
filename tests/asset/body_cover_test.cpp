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
