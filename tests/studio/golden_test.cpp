// Golden images (tests/support/golden.h): the demo shoot's delivered shots and the glTF reference
// models in ../shared/assets-ref/pbr, rendered on lavapipe and compared with tests/golden/*.png.
//
// Demo shots: every shot of assets/shoots/demo.json the licences grant, at a quarter of its format's
// size (1080x1350 -> 270x338), through the same ShotRenderer as `twinshoot shoot` (fitting, look,
// backdrop, disclosure label). Tolerance: at most 0.5% of pixels more than 8 levels off, mean
// difference at most 1 level.
// Reference models: each at 320x320 (AlphaBlendModeTest 480x240) as `twinshoot render MODEL` draws
// it: framed by its bounds, the default studio-soft rig with its environment and key-light shadow.
// Same tolerance. The models need ../shared; without it those tests skip and say so. DamagedHelmet
// has no golden: the copy in ../shared cites a non-commercial licence, and a render of it stored here
// would be a derivative (tests/golden/README.md).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "asset/importer.h"
#include "consent/policy.h"
#include "golden.h"
#include "gpu_fixture.h"
#include "scene/camera.h"
#include "scene/lighting.h"
#include "shared_assets.h"
#include "studio/shoot_file.h"
#include "studio/shot_renderer.h"

namespace twinshoot {
namespace {

namespace fs = std::filesystem;

const fs::path kAssets = TWINSHOOT_DEMO_ASSETS;
const fs::path kSource = TWINSHOOT_SOURCE_DIR;
const test::GoldenTolerance kTolerance{.channel = 8, .fraction = 0.005, .mean = 1.0};

// The demo shoot's shots that its licences grant (the refused ones are tested in shoot_cli_test).
const std::vector<std::string> kDemoShots = {
    "ava-walk-dress-navy",      "ava-contrapposto-dress-red", "ava-tee-trousers-product",
    "ava-jacket-waist-up",      "ava-close-up-ivory",         "ava-seated-landscape",
    "noah-walk-tee",            "noah-jacket-product",        "noah-contrapposto-square",
};

class GoldenDemoShot : public test::GpuTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(GoldenDemoShot, MatchesItsGolden) {
    studio::AssetCache cache;
    auto shoot = studio::load_shoot(kSource / "assets" / "shoots" / "demo.json", {.libraries = {kAssets}}, cache);
    ASSERT_TRUE(shoot) << shoot.error().message;
    const studio::ShootShot* found = nullptr;
    for (const studio::ShootShot& shot : shoot->shots)
        if (shot.id == GetParam()) found = &shot;
    ASSERT_NE(found, nullptr) << "demo.json has no shot " << GetParam();

    auto shot = studio::TwinShot::prepare(studio::shot_spec(*shoot, *found), cache);
    ASSERT_TRUE(shot) << shot.error().message;
    auto trust = consent::TrustStore::load(kSource / "assets" / "trust");
    ASSERT_TRUE(trust) << trust.error().message;
    const consent::Decision decision = consent::PolicyEvaluator(*trust).evaluate(shot->licence(), shot->request());
    ASSERT_TRUE(decision.granted()) << decision.summary();

    const view::RenderSize size{(found->size.width + 2) / 4, (found->size.height + 2) / 4};
    studio::ShotRenderer shots(renderer());
    auto image = shots.render(decision.grant(), *shot, size);
    ASSERT_TRUE(image) << image.error().message;
    EXPECT_TRUE(test::matches_golden(image->image, "demo-" + GetParam(), kTolerance));
}

INSTANTIATE_TEST_SUITE_P(DemoShoot, GoldenDemoShot, ::testing::ValuesIn(kDemoShots),
                         [](const ::testing::TestParamInfo<std::string>& shot) {
                             std::string name = shot.param;
                             for (char& c : name)
                                 if (c == '-') c = '_';
                             return name;
                         });

struct ReferenceModel {
    const char* name;
    const char* file;  // under ../shared/assets-ref/pbr/NAME/
    view::RenderSize size;
};

void PrintTo(const ReferenceModel& model, std::ostream* out) { *out << model.name; }

class GoldenReferenceModel : public test::GpuTest, public ::testing::WithParamInterface<ReferenceModel> {};

TEST_P(GoldenReferenceModel, MatchesItsGolden) {
    const ReferenceModel& reference = GetParam();
    TS_REQUIRE_SHARED_ASSETS();
    auto model = asset::import_model(test::reference_asset(std::string("pbr/") + reference.name + "/" + reference.file));
    ASSERT_TRUE(model) << model.error().message;
    auto gpu = renderer().upload(*model);
    ASSERT_TRUE(gpu) << gpu.error().message;
    const scene::Camera camera = scene::frame_bounds(gpu->bounds, reference.size.aspect());
    auto image = renderer().render(*gpu, camera, scene::default_lighting(), reference.size);
    ASSERT_TRUE(image) << image.error().message;
    EXPECT_TRUE(test::matches_golden(*image, std::string("pbr-") + reference.name, kTolerance));
}

INSTANTIATE_TEST_SUITE_P(
    Pbr, GoldenReferenceModel,
    ::testing::Values(ReferenceModel{"NormalTangentMirrorTest", "glTF-Binary/NormalTangentMirrorTest.glb", {320, 320}},
                      ReferenceModel{"TextureSettingsTest", "glTF-Binary/TextureSettingsTest.glb", {320, 320}},
                      ReferenceModel{"AlphaBlendModeTest", "glTF-Binary/AlphaBlendModeTest.glb", {480, 240}},
                      ReferenceModel{"SheenChair", "glTF/SheenChair.gltf", {320, 320}},
                      ReferenceModel{"MaterialsVariantsShoe", "glTF/MaterialsVariantsShoe.gltf", {320, 320}}),
    [](const ::testing::TestParamInfo<ReferenceModel>& model) { return std::string(model.param.name); });

}  // namespace
}  // namespace twinshoot
