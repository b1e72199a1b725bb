// Twin and garment packages: a valid package of each kind, and one test per kind of bad field,
// each error naming the file and the JSON path.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "scene/package.h"

using namespace twinshoot;
using namespace twinshoot::scene;
namespace fs = std::filesystem;

namespace {

class Packages : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("twinshoot-pkg-" + std::to_string(::getpid()) + "-" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        touch("ava.glb");
        touch("licence.json");
        touch("dress.glb");
        touch("navy.png");
    }
    void TearDown() override { fs::remove_all(m_dir); }
    void touch(const std::string& name) { std::ofstream(m_dir / name) << "x"; }
    void write(const std::string& name, const std::string& text) { std::ofstream(m_dir / name) << text; }

    void expect_twin_error(const std::string& json, const std::string& fragment) {
        write("twin.json", json);
        auto twin = load_twin(m_dir);
        ASSERT_FALSE(twin.ok()) << json;
        EXPECT_NE(twin.error().message.find((m_dir / "twin.json").string() + ": "), std::string::npos)
            << twin.error().message;
        EXPECT_NE(twin.error().message.find(fragment), std::string::npos) << twin.error().message;
    }
    void expect_garment_error(const std::string& json, const std::string& fragment) {
        write("garment.json", json);
        auto g = load_garment(m_dir);
        ASSERT_FALSE(g.ok()) << json;
        EXPECT_NE(g.error().message.find((m_dir / "garment.json").string() + ": "), std::string::npos)
            << g.error().message;
        EXPECT_NE(g.error().message.find(fragment), std::string::npos) << g.error().message;
    }

    fs::path m_dir;
};

const char* kGarment = R"({"id": "wrap-dress", "name": "Wrap dress", "category": "dress", "mesh": "dress.glb",
    "draped_on": "demo-ava", "layer": 2,
    "colourways": {"navy": {"base_color": "#000080", "roughness": 0.7, "texture": "navy.png"},
                   "white": {"base_color": "#FFFFFF", "sheen_color": "#808080", "sheen_roughness": 0.4}},
    "default_colourway": "white"})";

}  // namespace

TEST_F(Packages, ValidTwinWithInlineAndFileBoneMaps) {
    write("twin.json", R"({"id": "demo-ava", "display_name": "Ava", "avatar": "ava.glb", "licence": "licence.json",
                           "bone_map": {"hips": "Pelvis"}, "skin_materials": ["skin"], "skin_scatter_color": "#808080"})");
    auto twin = load_twin(m_dir);
    ASSERT_TRUE(twin.ok()) << twin.error().message;
    EXPECT_EQ(twin->id, "demo-ava");
    EXPECT_EQ(twin->avatar, m_dir / "ava.glb");
    EXPECT_EQ(twin->bone_map.at("hips"), "Pelvis");
    EXPECT_EQ(twin->skin_materials, std::vector<std::string>{"skin"});
    ASSERT_TRUE(twin->skin_scatter_color);
    EXPECT_NEAR(twin->skin_scatter_color->r, 0.2158605f, 1e-5f) << "sRGB, converted to linear";

    write("bones.json", R"({"head": "Skull"})");
    write("twin.json", R"({"id": "demo-ava", "display_name": "Ava", "avatar": "ava.glb", "licence": "licence.json",
                           "bone_map": "bones.json"})");
    twin = load_twin(m_dir);
    ASSERT_TRUE(twin.ok()) << twin.error().message;
    EXPECT_EQ(twin->bone_map.at("head"), "Skull");
}

TEST_F(Packages, TwinErrors) {
    fs::remove(m_dir / "twin.json");
    auto missing = load_twin(m_dir);
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("twin.json: file not found"), std::string::npos);
    expect_twin_error("{", "invalid JSON");
    expect_twin_error(R"({"id": 1e999})", "invalid JSON");  // out of range: found by package_fuzz
    expect_twin_error(R"({"id": "Demo Ava", "display_name": "A", "avatar": "ava.glb", "licence": "licence.json"})",
                      "$.id: ids are lower-case");
    expect_twin_error(R"({"id": "a", "display_name": "A", "licence": "licence.json"})", "$.avatar: required");
    expect_twin_error(R"({"id": "a", "display_name": "A", "avatar": "gone.glb", "licence": "licence.json"})",
                      "$.avatar: file not found");
    expect_twin_error(R"({"id": "a", "display_name": "A", "avatar": "../ava.glb", "licence": "licence.json"})",
                      "$.avatar: must name a file inside the package folder");
    expect_twin_error(R"({"id": "a", "display_name": "A", "avatar": "ava.glb", "licence": "licence.json", "x": 1})",
                      "$.x: unknown field");
    expect_twin_error(R"({"id": "a", "display_name": "A", "avatar": "ava.glb", "licence": "licence.json",
                          "bone_map": {"hips": 3}})",
                      "$.bone_map.hips: expected a joint name");
    expect_twin_error(R"({"id": "a", "display_name": "A", "avatar": "ava.glb", "licence": "licence.json",
                          "skin_scatter_color": "red"})",
                      "$.skin_scatter_color: expected an sRGB colour");
}

TEST_F(Packages, ValidGarmentConvertsColoursToLinear) {
    write("garment.json", kGarment);
    auto g = load_garment(m_dir);
    ASSERT_TRUE(g.ok()) << g.error().message;
    EXPECT_EQ(g->category, "dress");
    EXPECT_EQ(g->layer, 2);
    ASSERT_EQ(g->colourways.size(), 2u);
    const Colourway* navy = g->colourway("navy");
    ASSERT_NE(navy, nullptr);
    EXPECT_NEAR(navy->base_color->b, 0.2158605f, 1e-5f) << "sRGB 128 is linear 0.2159";
    EXPECT_EQ(*navy->texture, m_dir / "navy.png");
    EXPECT_NEAR(g->colourway("white")->base_color->r, 1.0f, 1e-6f);
    EXPECT_NEAR(g->colourway("white")->sheen_color->g, 0.2158605f, 1e-5f) << "the sheen colour is sRGB too";
    EXPECT_FLOAT_EQ(*g->colourway("white")->sheen_roughness, 0.4f);
    EXPECT_FALSE(navy->sheen_color) << "no sheen unless the colourway has one";
    EXPECT_EQ(g->default_colourway, "white");
}

TEST_F(Packages, GarmentErrors) {
    auto with = [](std::string json, const std::string& from, const std::string& to) {
        json.replace(json.find(from), from.size(), to);
        return json;
    };
    expect_garment_error(with(kGarment, "\"dress\"", "\"ballgown\""),
                         "$.category: unknown category \"ballgown\" (one of: top, t-shirt");
    expect_garment_error(with(kGarment, "#000080", "navy"), "$.colourways.navy.base_color: expected an sRGB colour");
    expect_garment_error(with(kGarment, "0.7", "7"), "$.colourways.navy.roughness: expected a number 0..1");
    expect_garment_error(with(kGarment, "\"navy.png\"", "\"gone.png\""), "$.colourways.navy.texture: file not found");
    expect_garment_error(with(kGarment, "\"default_colourway\": \"white\"", "\"default_colourway\": \"red\""),
                         "$.default_colourway: no colourway named \"red\"");
    expect_garment_error(with(kGarment, "\"layer\": 2", "\"layer\": -1"), "$.layer: expected an integer 0..9");
    expect_garment_error(with(kGarment, "\"sheen_color\"", "\"shine\""), "$.colourways.white.shine: unknown field");
    expect_garment_error(with(kGarment, "\"sheen_roughness\": 0.4", "\"sheen_roughness\": 1.5"),
                         "$.colourways.white.sheen_roughness: expected a number 0..1");
    expect_garment_error(R"({"id": "x", "name": "X", "category": "top", "mesh": "dress.glb", "draped_on": "a",
                             "colourways": {}})",
                         "$.colourways: required");
}

TEST(GarmentCategories, TheFixedList) {
    const auto& c = garment_categories();
    EXPECT_EQ(c.size(), 17u);
    for (const char* sensitive : {"swimwear", "lingerie", "underwear"})
        EXPECT_NE(std::find(c.begin(), c.end(), sensitive), c.end()) << sensitive;
}
