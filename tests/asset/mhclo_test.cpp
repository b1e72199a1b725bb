// MakeHuman's clothes fitting (asset/mhclo.h): the formula on a small base, and hostile files
// refused with the file and line named.
#include <gtest/gtest.h>

#include <string>

#include <glm/geometric.hpp>

#include "asset/mhclo.h"

using namespace twinshoot;

namespace {

const char* const kClo =
    "# a comment\n"
    "basemesh hm08\n"
    "obj_file shirt.obj\n"
    "x_scale 0 1 1.0\n"
    "y_scale 0 2 0.5\n"
    "z_scale 0 3 2.0\n"
    "verts 0\n"
    "1 2 3 0.5 0.25 0.25 0.1 0.1 0.1\n"
    "2\n"
    "delete_verts\n"
    "0 - 3\n";

const glm::vec3 kBase[] = {{0, 0, 0}, {2, 0, 0}, {0, 2, 0}, {0, 0, 2}};

}  // namespace

TEST(Mhclo, AGarmentVertexIsTheWeightedBaseTrianglePlusItsScaledOffset) {
    auto clo = asset::parse_mhclo(kClo, "shirt.mhclo");
    ASSERT_TRUE(clo) << clo.error().message;
    EXPECT_EQ(clo->basemesh, "hm08");
    EXPECT_EQ(clo->obj_file, "shirt.obj");
    ASSERT_EQ(clo->vertices.size(), 2u);
    auto fitted = asset::fit_mhclo(*clo, kBase, "shirt.mhclo");
    ASSERT_TRUE(fitted) << fitted.error().message;
    // Scales: x |2 - 0| / 1 = 2, y |2 - 0| / 0.5 = 4, z |2 - 0| / 2 = 1.
    const glm::vec3 expected = 0.5f * kBase[1] + 0.25f * kBase[2] + 0.25f * kBase[3] + glm::vec3(0.2f, 0.4f, 0.1f);
    EXPECT_NEAR(glm::length((*fitted)[0] - expected), 0.0f, 1e-6f);
    EXPECT_EQ((*fitted)[1], kBase[2]) << "a vertex given as one base vertex sits on it";
}

TEST(Mhclo, FilesThatDoNotFitAreRefusedNamingFileAndLine) {
    struct Case {
        std::string text, expect;
    };
    const Case cases[] = {
        {"x_scale 0 1 1\ny_scale 0 1 1\nz_scale 0 1 1\n", "no fitted vertices"},
        {"x_scale 0 1 1\ny_scale 0 1 1\nverts 0\n1 2 3 1 0 0 0 0 0\n", "x_scale, y_scale and z_scale"},
        {"x_scale 0 1 0\n", "a.mhclo:1: x_scale"},
        {"verts 0\n1 2 3 1 0 0 0 0\n", "a.mhclo:2: a fitted vertex has 1 or 9 numbers, not 8"},
        {"verts 0\n1 2 x 1 0 0 0 0 0\n", "a.mhclo:2: expected three base vertex numbers"},
        {"verts 0\n1 2 3 nan 0 0 0 0 0\n", "a.mhclo:2: expected three weights"},
        {"verts 0\n-1 2 3 1 0 0 0 0 0\n", "a.mhclo:2: expected three base vertex numbers"},
        {"verts 0\n99999999999 2 3 1 0 0 0 0 0\n", "a.mhclo:2: expected three base vertex numbers"},
    };
    for (const Case& c : cases) {
        auto clo = asset::parse_mhclo(c.text, "a.mhclo");
        ASSERT_FALSE(clo) << c.text;
        EXPECT_NE(clo.error().message.find(c.expect), std::string::npos) << clo.error().message;
    }
    // Parsed, but naming base vertices the body does not have.
    auto clo = asset::parse_mhclo("x_scale 0 1 1\ny_scale 0 1 1\nz_scale 0 1 1\nverts 0\n1 2 7 1 0 0 0 0 0\n", "a.mhclo");
    ASSERT_TRUE(clo) << clo.error().message;
    auto fitted = asset::fit_mhclo(*clo, kBase, "a.mhclo");
    ASSERT_FALSE(fitted);
    EXPECT_NE(fitted.error().message.find("base vertex 7 but the body has 4"), std::string::npos) << fitted.error().message;
}

TEST(Mhclo, ObjPositionsAreTheVertexLinesInOrder) {
    auto p = asset::obj_positions("# x\nv 1 2 3\nvt 0 0\nvn 0 0 1\nv -1 0.5 2e-1\nf 1 2 1\n", "a.obj");
    ASSERT_TRUE(p) << p.error().message;
    ASSERT_EQ(p->size(), 2u);
    EXPECT_EQ((*p)[1], glm::vec3(-1.0f, 0.5f, 0.2f));
    auto bad = asset::obj_positions("v 1 2\n", "a.obj");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("a.obj:1: a vertex needs three numbers"), std::string::npos) << bad.error().message;
}
