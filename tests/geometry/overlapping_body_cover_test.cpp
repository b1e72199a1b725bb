// Skin seen through cloth on a body of closed pieces through one another (asset/body_cover.h,
// asset/closed_shells.h): Mixamo's Xbot (95 plates and joint balls) wearing MakeHuman's male suit,
// transferred from MakeHuman's base body, seated and kneeling, front view. Its knee balls used to
// show through the trouser legs in patches a hand wide: the balls' halves sunk in the leg plates
// meet no cloth along their normals and counted as bare skin, and specks of uncovered skin round
// the knee kept their 3 cm margin drawn. Rendered as in tests/view/garment_cover_test.cpp: the
// body green, the cloth red outside and blue inside, no lights; skin seen through the cloth is
// body cut off from the background by cloth (test::body_showing_through).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "asset/model_loader.h"
#include "asset/png_writer.h"
#include "asset/skeleton.h"
#include "gpu_fixture.h"
#include "image_checks.h"
#include "scene/camera.h"
#include "scene/lighting.h"
#include "scene/package.h"
#include "shared_assets.h"
#include "studio/asset_cache.h"
#include "studio/garment_import.h"
#include "studio/staging.h"
#include "studio/twin_import.h"
#include "temp_folder.h"

namespace fs = std::filesystem;
using namespace twinshoot;

namespace {

class OverlappingBodyCover : public test::GpuTest {};

asset::Material flat(const char* name, glm::vec3 colour) {
    return asset::Material{.name = name, .base_color = glm::vec4(colour, 1.0f), .metallic = 0.0f, .roughness = 1.0f};
}

}  // namespace

TEST_F(OverlappingBodyCover, XbotsKneesDoNotShowThroughATransferredSuit) {
    TS_REQUIRE_SHARED_ASSETS();
    const fs::path dir = test::temp_folder("xbot-cover");
    auto imported = studio::import_twin({test::reference_asset("humans/Xbot_mixamo/Xbot.glb"), dir / "xbot", "xbot", "", "", {}});
    ASSERT_TRUE(imported) << imported.error().message;
    studio::GarmentImportOptions suit;
    suit.mesh = test::reference_asset("garments/MakeHuman_male_casualsuit05/male_casualsuit05.obj");
    suit.out_dir = dir / "suit";
    suit.id = "male-casualsuit05";
    suit.category = "top";
    suit.draped_on = test::reference_asset("humans/MakeHuman_base_obj/base.obj");
    auto garment_report = studio::import_garment(suit);
    ASSERT_TRUE(garment_report) << garment_report.error().message;

    auto twin = std::make_shared<studio::LoadedTwin>();
    auto package = scene::load_twin(dir / "xbot");
    ASSERT_TRUE(package) << package.error().message;
    twin->package = *package;
    auto model = asset::load_model(package->avatar);
    ASSERT_TRUE(model) << model.error().message;
    twin->model = std::move(*model);
    studio::AssetCache cache({}, std::nullopt);
    auto garments = studio::load_garments({(dir / "suit").string()}, cache);
    ASSERT_TRUE(garments) << garments.error().message;
    auto bound = cache.bind(twin, *garments);
    ASSERT_TRUE(bound) << bound.error().message;

    const view::RenderSize size{300, 400};
    const fs::path poses = fs::path(TWINSHOOT_SOURCE_DIR) / "assets" / "poses";
    size_t through_hidden = 0, through_all = 0;
    for (const char* pose : {"seated", "kneeling"}) {
        auto staging = studio::stage(twin->model, pose, poses, twin->package.bone_map, "xbot");
        ASSERT_TRUE(staging) << staging.error().message;
        auto dressed = studio::dress(**bound, *garments, *staging, scene::FitMeasures::Skip);
        ASSERT_TRUE(dressed) << dressed.error().message;
        ASSERT_EQ(dressed->body_shown.size(), twin->model.meshes.size());
        // Plain models (not a twin): the body posed on the CPU, all of it or what the dressing
        // leaves shown; the cloth outside red, inside blue.
        asset::Model all;
        all.source = std::string("test:xbot-suit:") + pose;
        all.materials = {flat("body", {0.0f, 0.9f, 0.0f}), flat("cloth", {0.9f, 0.0f, 0.0f}), flat("inside", {0.0f, 0.0f, 0.9f})};
        asset::Model hiding = all;
        for (size_t m = 0; m < twin->model.meshes.size(); ++m) {
            const asset::Mesh& mesh = twin->model.meshes[m];
            if (!mesh.skinned()) continue;
            asset::Mesh body;
            asset::skin_vertices(mesh, staging->skin, body.vertices);
            body.indices = mesh.indices;
            all.meshes.push_back(body);
            if (dressed->body_shown[m]) body.indices = *dressed->body_shown[m];
            hiding.meshes.push_back(std::move(body));
        }
        for (const asset::Mesh& cloth : dressed->meshes) {
            asset::Mesh outside = cloth, inside = cloth;
            outside.skin.clear();
            outside.material = 1;
            inside.skin.clear();
            inside.material = 2;
            for (size_t t = 0; t + 2 < inside.indices.size(); t += 3) std::swap(inside.indices[t + 1], inside.indices[t + 2]);
            for (auto& v : inside.vertices) v.normal = -v.normal;
            for (asset::Model* target : {&all, &hiding}) target->meshes.insert(target->meshes.end(), {outside, inside});
        }
        for (asset::Model* target : {&all, &hiding})
            for (uint32_t m = 0; m < target->meshes.size(); ++m) target->instances.push_back({m, glm::mat4(1.0f), ""});
        for (const bool hidden : {false, true}) {
            auto gpu = renderer().upload(hidden ? hiding : all);
            ASSERT_TRUE(gpu) << gpu.error().message;
            const scene::Camera camera = scene::frame_bounds(gpu->bounds, size.aspect(), {.direction = glm::vec3(0, 0, 1)});
            auto image = renderer().render(*gpu, camera, scene::neutral_lighting(), size, {.clear_color = {0.5f, 0.5f, 0.5f, 1.0f}});
            ASSERT_TRUE(image) << image.error().message;
            asset::ImageRgba8 marked = *image;
            const size_t through = test::body_showing_through(*image, &marked);
            (hidden ? through_hidden : through_all) += through;
            std::printf("Xbot in the suit, %-8s %-9s skin seen through the cloth: %zu px\n", pose, hidden ? "hidden" : "all drawn", through);
            if (const char* out = std::getenv("TWINSHOOT_TEST_OUTPUT"))  // what showed through: magenta
                (void)asset::write_png(fs::path(out) / (std::string("xbot-suit-") + pose + (hidden ? "-hidden" : "-all") + ".png"), marked);
        }
    }
    RecordProperty("skin_px_through_cloth_hidden", std::to_string(through_hidden));
    RecordProperty("skin_px_through_cloth_all_drawn", std::to_string(through_all));
    EXPECT_GT(through_all, 400u) << "drawn whole, the body shows through the suit (the check can fail)";
    // 2026-12-05: 180 px (86 seated, 94 kneeling: wrists seen inside the open cuffs, specks at the
    // collar); 962 before buried skin and specks of uncovered skin were taken as covered.
    EXPECT_LE(through_hidden, 250u) << "skin the suit covers is not drawn, knees included";
    fs::remove_all(dir);
}
