// No public API renders a twin without a grant: the bare-model path refuses twins' avatars, the twin
// path needs a Grant only the evaluator makes, and a grant for another request is refused.
#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <type_traits>

#include "asset/importer.h"
#include "consent/policy.h"
#include "gpu_fixture.h"
#include "image_checks.h"
#include "studio/asset_cache.h"
#include "studio/shot_renderer.h"

namespace twinshoot {
namespace {

namespace fs = std::filesystem;
using consent::Grant;

// Compile-time half of the proof: nothing outside the evaluator can make a Grant or a TwinAccess,
// and the twin render call cannot be called with a bare request instead of a grant.
static_assert(!std::is_default_constructible_v<Grant>);
static_assert(!std::is_constructible_v<Grant, consent::UsageRequest>);
static_assert(!std::is_constructible_v<Grant, consent::Decision>);
static_assert(!std::is_default_constructible_v<view::TwinAccess>);
static_assert(!std::is_invocable_v<decltype(&studio::ShotRenderer::render), studio::ShotRenderer&, const consent::UsageRequest&,
                                   const studio::TwinShot&, view::RenderSize>);
static_assert(!std::is_default_constructible_v<studio::TwinShot>);

const fs::path kAssets = TWINSHOOT_DEMO_ASSETS;
const fs::path kSource = TWINSHOOT_SOURCE_DIR;

studio::ShotSpec spec_for(const char* twin, const char* pose) {
    return {.twin = kAssets / "twins" / twin, .pose = pose, .poses = kSource / "assets" / "poses", .brand = "Demo Brand",
            .use = consent::Use::Social, .territories = {"FR"}};
}

class TwinRender : public test::GpuTest {
protected:
    void SetUp() override {
        GpuTest::SetUp();
        auto trust = consent::TrustStore::load(kSource / "assets" / "trust");
        ASSERT_TRUE(trust) << trust.error().message;
        m_trust.emplace(std::move(*trust));
    }
    consent::Decision decide(const studio::TwinShot& shot) const {
        return consent::PolicyEvaluator(*m_trust).evaluate(shot.licence(), shot.request());
    }
    std::optional<consent::TrustStore> m_trust;
};

TEST_F(TwinRender, TheBareModelPathRefusesATwinsAvatar) {
    auto model = asset::import_model(kAssets / "twins" / "demo-ava" / "demo-ava.glb");
    ASSERT_TRUE(model) << model.error().message;
    EXPECT_EQ(model->twin_id, "demo-ava");
    auto uploaded = renderer().upload(*model);
    ASSERT_FALSE(uploaded);
    EXPECT_EQ(uploaded.error().code, ErrorCode::Refused);
    EXPECT_NE(uploaded.error().message.find("avatar of twin 'demo-ava'"), std::string::npos) << uploaded.error().message;
}

TEST_F(TwinRender, AGrantedShotRendersAndAGrantForAnotherShotIsRefused) {
    auto standing = studio::TwinShot::prepare(spec_for("demo-ava", "standing-relaxed"));
    ASSERT_TRUE(standing) << standing.error().message;
    const consent::Decision decision = decide(*standing);
    ASSERT_TRUE(decision.granted()) << decision.summary();

    studio::ShotRenderer shots(renderer());
    auto image = shots.render(decision.grant(), *standing, {64, 80});
    ASSERT_TRUE(image) << image.error().message;
    const uint8_t* corner = image->image.at(0, 0);
    const test::Silhouette figure = test::measure_silhouette(image->image, {corner[0], corner[1], corner[2]});
    EXPECT_GT(figure.coverage, 0.1) << "the twin is drawn";

    // The same grant for another pose, brand, or another twin: refused before anything is drawn.
    auto walking = studio::TwinShot::prepare(spec_for("demo-ava", "walking"));
    ASSERT_TRUE(walking);
    auto refused = shots.render(decision.grant(), *walking, {64, 80});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Refused);
    EXPECT_NE(refused.error().message.find("pose"), std::string::npos) << refused.error().message;

    studio::ShotSpec other_brand = spec_for("demo-ava", "standing-relaxed");
    other_brand.brand = "Someone Else";
    auto for_other_brand = studio::TwinShot::prepare(other_brand);
    ASSERT_TRUE(for_other_brand);
    EXPECT_FALSE(shots.render(decision.grant(), *for_other_brand, {64, 80}));

    auto noah = studio::TwinShot::prepare(spec_for("demo-noah", "standing-relaxed"));
    ASSERT_TRUE(noah);
    auto wrong_twin = shots.render(decision.grant(), *noah, {64, 80});
    ASSERT_FALSE(wrong_twin);
    EXPECT_NE(wrong_twin.error().message.find("twin"), std::string::npos);
}

// A seated twin sits on a stool drawn under it, in the colour the shot gives, or none: the cloth and
// the figure are the same either way (the framing follows the figure alone).
TEST_F(TwinRender, ASeatedTwinSitsOnAStoolTheShotCanRecolourOrLeaveOut) {
    studio::ShotRenderer shots(renderer());
    auto render = [&](const scene::SeatProp& seat) -> asset::ImageRgba8 {
        studio::ShotSpec spec = spec_for("demo-ava", "seated");
        spec.seat = seat;
        spec.camera.yaw_degrees = 40.0f;
        auto shot = studio::TwinShot::prepare(spec);
        EXPECT_TRUE(shot) << shot.error().message;
        if (!shot) return {};
        const consent::Decision decision = decide(*shot);
        EXPECT_TRUE(decision.granted()) << decision.summary();
        if (!decision.granted()) return {};
        auto image = shots.render(decision.grant(), *shot, {240, 300});  // the disclosure label leaves the stool's side
        EXPECT_TRUE(image) << image.error().message;
        return image ? std::move(image->image) : asset::ImageRgba8{};
    };
    auto green = [](const asset::ImageRgba8& img) {
        size_t n = 0;
        for (uint32_t y = 0; y < img.height; ++y)
            for (uint32_t x = 0; x < img.width; ++x) {
                const uint8_t* p = img.at(x, y);
                n += p[1] > p[0] + 50 && p[1] > p[2] + 50;
            }
        return n;
    };
    const asset::ImageRgba8 stool = render({.colour = {0.02f, 0.6f, 0.02f}});
    const asset::ImageRgba8 none = render({.drawn = false});
    ASSERT_EQ(stool.width, 240u);
    ASSERT_EQ(none.width, 240u);
    EXPECT_GT(green(stool), size_t(240 * 300 / 100)) << "the stool shows, in its colour";
    EXPECT_EQ(green(none), 0u) << "no stool";
    // Above the seat (the top third: head and shoulders) the two shots are the same picture.
    double diff = 0.0;
    size_t n = 0;
    for (uint32_t y = 0; y < stool.height / 3; ++y)
        for (uint32_t x = 0; x < stool.width; ++x, ++n)
            for (int c = 0; c < 3; ++c) diff += std::abs(int(stool.at(x, y)[c]) - int(none.at(x, y)[c]));
    EXPECT_LT(diff / double(3 * n), 1.0) << "the same framing and figure (mean difference, 8-bit levels)";
}

// twin.json's skin_materials mark the avatar's materials as skin; a name the avatar lacks is an error
// naming the file, the field and the materials it has.
TEST(TwinSkin, SkinMaterialsAreMarkedAndAnUnknownOneIsAnError) {
    studio::AssetCache cache;
    auto ava = cache.twin(kAssets / "twins" / "demo-ava", std::nullopt);
    ASSERT_TRUE(ava) << ava.error().message;
    for (const asset::Material& material : (*ava)->model.materials)
        EXPECT_EQ(material.skin, material.name == "mannequin") << material.name << ": demo twins list 'mannequin' as skin";

    const fs::path copy = fs::temp_directory_path() / ("twinshoot-skin-" + std::to_string(::getpid()));
    fs::remove_all(copy);
    fs::copy(kAssets / "twins" / "demo-ava", copy, fs::copy_options::recursive);
    auto write_twin = [&](const char* json) {
        std::ofstream out(copy / "twin.json", std::ios::trunc);
        out << json;
    };
    write_twin(R"({"id": "demo-ava", "display_name": "Ava", "avatar": "demo-ava.glb", "licence": "licence.json",
                   "skin_materials": ["mannequin"], "skin_scatter_color": "#808080"})");
    auto tinted = studio::AssetCache().twin(copy, std::nullopt);
    ASSERT_TRUE(tinted) << tinted.error().message;
    for (const asset::Material& material : (*tinted)->model.materials) {
        if (material.skin) {
            EXPECT_NEAR(material.scatter_color.g, 0.2158605f, 1e-5f) << "the twin's own scatter colour";
        }
    }

    write_twin(R"({"id": "demo-ava", "display_name": "Ava", "avatar": "demo-ava.glb", "licence": "licence.json",
                   "skin_materials": ["latex"]})");
    auto wrong = studio::AssetCache().twin(copy, std::nullopt);
    fs::remove_all(copy);
    ASSERT_FALSE(wrong);
    EXPECT_NE(wrong.error().message.find("twin.json: $.skin_materials: 'latex' is not a material of demo-ava.glb (it has "),
              std::string::npos)
        << wrong.error().message;
    EXPECT_NE(wrong.error().message.find("'mannequin'"), std::string::npos) << wrong.error().message;
}

}  // namespace
}  // namespace twinshoot
