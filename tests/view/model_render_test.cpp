// Renders every reference model (humans, garments, pbr) headless and checks the image: something
// was drawn, framed inside the margins, and not a flat silhouette.
#include <gtest/gtest.h>

#include <filesystem>

#include "asset/importer.h"
#include "asset/png_writer.h"
#include "gpu_fixture.h"
#include "image_checks.h"
#include "shared_assets.h"

namespace fs = std::filesystem;
using namespace twinshoot;
using twinshoot::test::GpuTest;

namespace {

const glm::vec4 kClear{0.93f, 0.93f, 0.94f, 1.0f};

struct Shot {
    asset::ImageRgba8 image;
    test::Silhouette silhouette;
};

Shot render_file(view::OffscreenRenderer& renderer, const fs::path& path, view::RenderSize size) {
    auto model = asset::import_model(path);
    EXPECT_TRUE(model.ok()) << (model ? "" : model.error().message);
    if (!model) return {};
    auto gpu = renderer.upload(*model);
    EXPECT_TRUE(gpu.ok()) << (gpu ? "" : gpu.error().message);
    if (!gpu) return {};
    const scene::Camera camera = scene::frame_bounds(gpu->bounds, size.aspect());
    auto image = renderer.render(*gpu, camera, scene::default_lighting(), size, {.clear_color = kClear});
    EXPECT_TRUE(image.ok()) << (image ? "" : image.error().message);
    if (!image) return {};
    const std::array<uint8_t, 3> bg{test::srgb_byte(kClear.r), test::srgb_byte(kClear.g), test::srgb_byte(kClear.b)};
    Shot shot{std::move(image).value(), {}};
    shot.silhouette = test::measure_silhouette(shot.image, bg);
    if (const char* dir = std::getenv("TWINSHOOT_TEST_OUTPUT"))  // for a person to look at
        (void)asset::write_png(fs::path(dir) / (path.stem().string() + ".png"), shot.image);
    return shot;
}

class HumanRender : public GpuTest, public ::testing::WithParamInterface<const char*> {};

}  // namespace

// Each human at the default 1080x1350 framing ratio (at a quarter of the pixels, for test speed).
TEST_P(HumanRender, SilhouetteIsPlausibleFramedAndShaded) {
    TS_REQUIRE_SHARED_ASSETS();
    const view::RenderSize size{540, 675};
    Shot shot = render_file(renderer(), test::reference_asset(GetParam()), size);
    const test::Silhouette& s = shot.silhouette;
    // A standing full-body figure covers a few percent (T-pose, thin limbs) up to about half the
    // portrait frame; a head scan fills more.
    EXPECT_GT(s.coverage, 0.03) << GetParam();
    EXPECT_LT(s.coverage, 0.80) << GetParam();
    // Auto-framing: the figure fills the frame along one axis and stays inside the 6% margins.
    const double fill_y = double(s.max_y - s.min_y + 1) / size.height;
    const double fill_x = double(s.max_x - s.min_x + 1) / size.width;
    EXPECT_GT(std::max(fill_x, fill_y), 0.75) << GetParam();
    EXPECT_GE(s.min_x, 2u);
    EXPECT_GE(s.min_y, 2u);
    EXPECT_LE(s.max_x, size.width - 3);
    EXPECT_LE(s.max_y, size.height - 3);
    EXPECT_GT(s.distinct_colours, 20u) << "shaded, not a flat fill";
}

INSTANTIATE_TEST_SUITE_P(ReferenceHumans, HumanRender,
                         ::testing::Values("humans/CesiumMan/glTF-Binary/CesiumMan.glb",
                                           "humans/CesiumMan/glTF/CesiumMan.gltf",
                                           "humans/RiggedFigure/glTF-Binary/RiggedFigure.glb",
                                           "humans/Michelle_mixamo/Michelle.glb", "humans/Xbot_mixamo/Xbot.glb",
                                           "humans/SambaDancing_fbx/Samba Dancing.fbx",
                                           "humans/LeePerrySmith_headscan/LeePerrySmith.glb",
                                           "humans/MakeHuman_base_obj/base.obj", "humans/male02_obj/male02.obj"),
                         [](const auto& param_info) {
                             std::string name = fs::path(param_info.param).stem().string();
                             for (char& c : name)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return name + "_" + std::to_string(param_info.index);
                         });

TEST_F(GpuTest, EveryReferenceModelRendersWithoutValidationErrors) {
    TS_REQUIRE_SHARED_ASSETS();
    size_t count = 0;
    for (const char* folder : {"garments", "pbr"}) {
        for (const auto& entry : fs::recursive_directory_iterator(test::reference_asset(folder))) {
            if (!entry.is_regular_file() || !asset::is_supported_model_extension(entry.path())) continue;
            Shot shot = render_file(renderer(), entry.path(), {216, 270});
            EXPECT_GT(shot.silhouette.coverage, 0.01) << entry.path();
            ++count;
        }
    }
    EXPECT_GE(count, 10u);
}

TEST_F(GpuTest, DefaultSizeRender) {
    TS_REQUIRE_SHARED_ASSETS();
    Shot shot = render_file(renderer(), test::reference_asset("humans/CesiumMan/glTF-Binary/CesiumMan.glb"),
                            view::RenderSize{});
    EXPECT_EQ(shot.image.width, 1080u);
    EXPECT_EQ(shot.image.height, 1350u);
    EXPECT_GT(shot.silhouette.coverage, 0.03);
}
