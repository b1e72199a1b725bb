// The editor's viewport renders what the batch delivers: one shot drawn through the editor's
// viewport path (ShootDocument -> ShotJudge -> ShotPreview) and by `twinshoot shoot` at the same size
// must agree within the golden tolerance (<= 0.5% of pixels more than 8 levels off, mean <= 1 level).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "asset/procedural.h"
#include "asset/texture_decode.h"
#include "scene/light_rig.h"
#include "consent/trust_store.h"
#include "core/file_io.h"
#include "gpu_fixture.h"
#include "shoot_document.h"
#include "shot_judge.h"
#include "shot_preview.h"

namespace twinshoot::editor {
namespace {
namespace fs = std::filesystem;

class ViewportMatchesShoot : public test::GpuTest {};

TEST_F(ViewportMatchesShoot, TheViewportShowsWhatTwinshootShootDelivers) {
    const fs::path dir = fs::temp_directory_path() / ("twinshoot-viewport-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const fs::path source = TWINSHOOT_SOURCE_DIR;
    const fs::path shoot_file = dir / "one.json";
    std::ofstream(shoot_file) << R"({"shoot": "viewport-check", "brand": "Demo Brand", "use": "social", "territories": ["FR"],
  "date": "2026-11-24", "poses": ")" << (source / "assets/poses").string() << R"(",
  "shots": [{"id": "noah-walk", "twin": "demo-noah", "pose": "walking", "size": [216, 270],
             "camera": {"framing": "full-body", "yaw": 15, "pitch": 5, "focal_length_mm": 85},
             "lights": "studio-soft", "background": "cyclorama",
             "garments": [{"id": "noah-tee", "colourway": "white"}, {"id": "noah-trousers", "colourway": "charcoal"}]}]})";
    const fs::path out = dir / "out";
    const std::string command = std::string("'") + TWINSHOOT_CLI + "' shoot '" + shoot_file.string() + "' -o '" + out.string() +
                                "' --ledger '" + (dir / "ledger.sqlite").string() + "' --library '" + TWINSHOOT_DEMO_ASSETS +
                                "' --trust '" + (source / "assets/trust").string() + "' >/dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    auto bytes = read_file(out / "noah-walk.png");
    ASSERT_TRUE(bytes);
    auto batch = asset::decode_image(*bytes, "noah-walk.png");
    ASSERT_TRUE(batch) << batch.error().message;

    studio::AssetCache cache;
    auto trust = consent::TrustStore::load(source / "assets/trust");
    ASSERT_TRUE(trust);
    ShotJudge judge(*trust, cache);
    auto document = ShootDocument::open(shoot_file, {.libraries = {TWINSHOOT_DEMO_ASSETS}}, cache, dir);
    ASSERT_TRUE(document) << document.error().message;
    ShotPreview preview(renderer());
    auto staged = preview.update(judge.review(document->shoot(), document->current(), AssetLibrary{}), document->current().size);
    ASSERT_TRUE(staged) << staged.error().message;
    auto viewport = preview.draw();
    ASSERT_TRUE(viewport) << viewport.error().message;

    ASSERT_EQ(viewport->image.width, batch->width);
    ASSERT_EQ(viewport->image.height, batch->height);
    size_t differing = 0;
    double sum = 0.0;
    std::array<int, 3> lo{255, 255, 255}, hi{0, 0, 0};
    for (size_t i = 0; i < batch->pixels.size(); i += 4) {
        int worst = 0;
        for (size_t c = 0; c < 4; ++c) {
            const int d = std::abs(int(viewport->image.pixels[i + c]) - int(batch->pixels[i + c]));
            worst = std::max(worst, d);
            sum += d;
            if (c < 3) {
                lo[c] = std::min(lo[c], int(batch->pixels[i + c]));
                hi[c] = std::max(hi[c], int(batch->pixels[i + c]));
            }
        }
        differing += worst > 8;
    }
    const double pixels = double(batch->pixels.size() / 4);
    EXPECT_LE(double(differing) / pixels, 0.005) << differing << " pixels differ by more than 8 levels";
    EXPECT_LE(sum / (pixels * 4.0), 1.0);
    EXPECT_GT(hi[0] - lo[0], 100) << "the batch image is nearly uniform: nothing was compared";
    std::printf("viewport vs twinshoot shoot: %zu of %.0f pixels differ by > 8 levels, mean %.3f levels\n", differing, pixels,
                sum / (pixels * 4.0));

    // Orbiting keeps the skinning and shadow maps of the previous frame (only the camera moved): the
    // image must be the one a full redraw gives. A render of another model in between forces that.
    ViewOrbit orbit;
    orbit.orbit(-60.0f, 20.0f);
    auto kept = preview.draw(orbit);
    ASSERT_TRUE(kept);
    auto other = renderer().upload(asset::make_sphere_model(0.5f, glm::vec4(1.0f), 0.0f, 0.5f));
    ASSERT_TRUE(other);
    ASSERT_TRUE(renderer().render(*other, scene::Camera{}, scene::default_lighting(), {64, 64}));
    auto redrawn = preview.draw(orbit);
    ASSERT_TRUE(redrawn);
    EXPECT_EQ(kept->image.pixels, redrawn->image.pixels);
    EXPECT_NE(kept->image.pixels, viewport->image.pixels);  // the orbit did move the view

    // The editor pipelines its viewport (EditorApp::submit_viewport): the draw is submitted, other
    // work goes to the device meanwhile, and it is collected later — the same image.
    ASSERT_TRUE(preview.submit(orbit));
    EXPECT_TRUE(preview.drawing());
    EXPECT_TRUE(renderer().in_flight());
    auto meanwhile = renderer().upload(asset::make_sphere_model(0.25f, glm::vec4(1.0f), 0.0f, 0.5f));
    ASSERT_TRUE(meanwhile);
    auto collected = preview.collect();
    ASSERT_TRUE(collected) << collected.error().message;
    EXPECT_FALSE(preview.drawing());
    EXPECT_FALSE(renderer().in_flight());
    EXPECT_EQ(collected->image.pixels, redrawn->image.pixels);
    // A restage (another pose) while a draw is in flight drops that draw: the staged shot it reads goes.
    ASSERT_TRUE(preview.submit());
    studio::ShootShot seated = document->current();
    seated.pose = "seated";
    auto restaged = preview.update(judge.review(document->shoot(), seated, AssetLibrary{}), seated.size);
    ASSERT_TRUE(restaged) << restaged.error().message;
    EXPECT_TRUE(*restaged);
    EXPECT_FALSE(preview.drawing());
    EXPECT_FALSE(renderer().in_flight());
    auto posed = preview.draw();
    ASSERT_TRUE(posed) << posed.error().message;
    EXPECT_NE(posed->image.pixels, viewport->image.pixels);  // the new pose, not the dropped draw

    // A view being dragged is drawn by a second renderer on the same device without multisampling
    // (the editor's --interactive-msaa 1), from the models the first uploaded: the same image but
    // for the anti-aliasing of edges, and no validation message (the fixture checks).
    auto single = view::OffscreenRenderer::create(renderer().device(), 1);
    ASSERT_TRUE(single) << single.error().message;
    {
        ShotPreview dragged(renderer(), single->get());
        ASSERT_TRUE(dragged.update(judge.review(document->shoot(), document->current(), AssetLibrary{}), document->current().size));
        auto still = dragged.draw(orbit);
        ASSERT_TRUE(still) << still.error().message;
        EXPECT_EQ(still->image.pixels, kept->image.pixels);  // not moving: the batch's renderer
        auto moving = dragged.draw(orbit, 1.0f, true);
        ASSERT_TRUE(moving) << moving.error().message;
        ASSERT_EQ(moving->image.width, still->image.width);
        ASSERT_EQ(moving->image.height, still->image.height);
        EXPECT_NE(moving->image.pixels, still->image.pixels);  // the other renderer drew it
        size_t off = 0;
        double total = 0.0;
        for (size_t i = 0; i < still->image.pixels.size(); i += 4) {
            int worst = 0;
            for (size_t c = 0; c < 3; ++c) {
                const int d = std::abs(int(moving->image.pixels[i + c]) - int(still->image.pixels[i + c]));
                worst = std::max(worst, d);
                total += d;
            }
            off += worst > 8;
        }
        const double count = double(still->image.pixels.size() / 4);
        std::printf("dragged view at 1x vs 4x MSAA: %.2f%% of pixels more than 8 levels off, mean %.3f levels\n",
                    100.0 * double(off) / count, total / (count * 3.0));
        EXPECT_LE(double(off) / count, 0.03) << "more than edges differ";
        EXPECT_LE(total / (count * 3.0), 1.0);
    }
    fs::remove_all(dir);
}

// The skeleton overlay (K in the editor): every canonical joint of the posed twin, projected with the
// camera the viewport drew from — the shot's, then an orbit — lands on the figure (joints lie
// inside the body; on a transparent cut-out the figure is where alpha is not 0).
TEST_F(ViewportMatchesShoot, TheSkeletonOverlayLandsOnTheFigure) {
    const fs::path dir = fs::temp_directory_path() / ("twinshoot-skeleton-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const fs::path source = TWINSHOOT_SOURCE_DIR;
    const fs::path shoot_file = dir / "one.json";
    std::ofstream(shoot_file) << R"({"shoot": "skeleton-check", "brand": "Demo Brand", "use": "social", "territories": ["FR"],
  "date": "2026-11-24", "poses": ")" << (source / "assets/poses").string() << R"(",
  "shots": [{"id": "ava-walk", "twin": "demo-ava", "pose": "walking", "size": [240, 300],
             "camera": {"framing": "full-body", "yaw": 10, "pitch": 0, "focal_length_mm": 85},
             "lights": "studio-soft", "background": "transparent"}]})";
    studio::AssetCache cache;
    auto trust = consent::TrustStore::load(source / "assets/trust");
    ASSERT_TRUE(trust);
    ShotJudge judge(*trust, cache);
    auto document = ShootDocument::open(shoot_file, {.libraries = {TWINSHOOT_DEMO_ASSETS}}, cache, dir);
    ASSERT_TRUE(document) << document.error().message;
    ShotPreview preview(renderer());
    auto staged = preview.update(judge.review(document->shoot(), document->current(), AssetLibrary{}), document->current().size);
    ASSERT_TRUE(staged) << staged.error().message;
    const auto& bones = preview.staged().skeleton();
    ASSERT_EQ(bones.size(), scene::kHumanBoneCount - 1);  // every bone but the hips, from its parent
    for (const ViewOrbit& orbit : {ViewOrbit{}, [] { ViewOrbit o; o.orbit(-50.0f, 10.0f); return o; }()}) {
        auto drawn = preview.draw(orbit);
        ASSERT_TRUE(drawn) << drawn.error().message;
        const asset::ImageRgba8& image = drawn->image;
        const scene::Camera camera = orbit_camera(preview.staged().camera(), orbit);
        for (const studio::OverlayBone& bone : bones) {
            const auto uv = scene::project_to_image(camera, float(image.width) / float(image.height), bone.to);
            ASSERT_TRUE(uv);
            const int x = int(uv->x * float(image.width)), y = int(uv->y * float(image.height));
            ASSERT_TRUE(x >= 0 && y >= 0 && x < int(image.width) && y < int(image.height)) << scene::bone_name(bone.bone);
            // The joint's pixel or one next to it (a thin wrist at this size) is on the figure.
            int alpha = 0;
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const int px = std::clamp(x + dx, 0, int(image.width) - 1), py = std::clamp(y + dy, 0, int(image.height) - 1);
                    alpha = std::max(alpha, int(image.at(uint32_t(px), uint32_t(py))[3]));
                }
            EXPECT_GT(alpha, 128) << scene::bone_name(bone.bone) << " at " << x << "," << y;
        }
    }
    fs::remove_all(dir);
}

}  // namespace
}  // namespace twinshoot::editor
