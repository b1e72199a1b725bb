// Auto-rigged bodies against their professional rigs, rendered: each reference human stripped to
// its geometry and auto-rigged, then both posed by every pose of the library and drawn as cut-outs
// from the same camera (128x160). The silhouettes (alpha masks) are compared by intersection over
// union. Measured 2026-12-02: mean per body 0.76 (Samba) to 0.90 (RiggedFigure), worst pose 0.69
// (Samba walking); at this size an arm is 3 pixels wide, so the 2-4% of height that posed vertices
// differ by (bench/README.md) moves whole limbs off each other. This test holds that level —
// every pose at least 0.65, every body's mean at least 0.72 — and prints the figures; "alike" in
// the stricter sense the issue asks is not reached yet.
#include <gtest/gtest.h>

#include <cstdio>

#include "asset/model_loader.h"
#include "geometry/auto_rig.h"
#include "geometry/body_frame.h"
#include "geometry/normalise.h"
#include "geometry/rig_quality.h"
#include "gpu_fixture.h"
#include "scene/camera.h"
#include "scene/lighting.h"
#include "scene/pose_file.h"
#include "shared_assets.h"
#include "view/gpu_model.h"

namespace twinshoot {
namespace {

class AutoRigSilhouette : public test::GpuTest {};

TEST_F(AutoRigSilhouette, PosedAutoRigsDrawLikeTheProfessionalRigs) {
    TS_REQUIRE_SHARED_ASSETS();
    auto library = scene::load_pose_library(std::filesystem::path(TWINSHOOT_SOURCE_DIR) / "assets" / "poses");
    ASSERT_TRUE(library);
    for (const char* file : {"humans/Xbot_mixamo/Xbot.glb", "humans/Michelle_mixamo/Michelle.glb",
                             "humans/SambaDancing_fbx/Samba Dancing.fbx", "humans/CesiumMan/glTF-Binary/CesiumMan.glb",
                             "humans/RiggedFigure/glTF-Binary/RiggedFigure.glb"}) {
        auto loaded = asset::load_model(test::reference_asset(file));
        ASSERT_TRUE(loaded) << loaded.error().message;
        asset::Model reference = std::move(*loaded);
        auto frame = geometry::detect_body_frame(geometry::body_mesh_of(reference));
        ASSERT_TRUE(frame);
        geometry::normalise_model(reference, *frame);
        asset::Model candidate = geometry::without_rig(reference);
        ASSERT_TRUE(geometry::auto_rig(candidate, frame->height_m));
        auto gpu_ref = renderer().upload(reference);
        auto gpu_cand = renderer().upload(candidate);
        ASSERT_TRUE(gpu_ref && gpu_cand);
        double sum = 0.0, worst = 1.0;
        std::string worst_pose;
        for (const scene::Pose& pose : library->poses) {
            auto skin_ref = geometry::posed_skin_matrices(reference, pose);
            auto skin_cand = geometry::posed_skin_matrices(candidate, pose);
            ASSERT_TRUE(skin_ref && skin_cand);
            view::set_skin_matrices(*gpu_ref, *skin_ref);
            view::set_skin_matrices(*gpu_cand, *skin_cand);
            const view::RenderSize size{128, 160};
            const scene::Camera camera =
                scene::frame_bounds(reference.bounds(*skin_ref), size.aspect(), {.direction = glm::vec3(0.3f, 0.1f, 1.0f)});
            auto a = renderer().render(*gpu_ref, camera, scene::default_lighting(), size, {.transparent = true});
            auto b = renderer().render(*gpu_cand, camera, scene::default_lighting(), size, {.transparent = true});
            ASSERT_TRUE(a && b);
            size_t both = 0, either = 0;
            for (size_t i = 3; i < a->pixels.size(); i += 4) {
                const bool in_a = a->pixels[i] > 128, in_b = b->pixels[i] > 128;
                both += in_a && in_b;
                either += in_a || in_b;
            }
            ASSERT_GT(either, 500u) << file << " " << pose.name << ": nothing drawn";
            const double iou = double(both) / double(either);
            sum += iou;
            if (iou < worst) worst = iou, worst_pose = pose.name;
            // 2026-12-05 (24th session): worst 0.77-0.86 (Xbot seated 0.77: its thighs turn below its
            // rig's), means 0.87-0.92 on the five (23rd: 0.79-0.86, 0.87-0.91; 22nd: 0.77-0.84,
            // 0.87-0.90); the pose's
            // body pivot (docs/poses.md) put lying and seated bodies where the reference rig puts
            // them (worst 0.70-0.81, means 0.85-0.89 before).
            EXPECT_GE(iou, 0.72) << file << " in " << pose.name;
        }
        const double mean = sum / double(library->poses.size());
        std::printf("%-48s silhouette IoU mean %.3f, worst %.3f (%s)\n", file, mean, worst, worst_pose.c_str());
        EXPECT_GE(mean, 0.85) << file;
    }
}

}  // namespace
}  // namespace twinshoot
