// Pass timing (OffscreenRenderer::set_pass_timing, render/gpu_timer.h): every pass of a frame is
// named in recording order, its GPU time is a real span inside the frame's own wall time, and timing
// a frame changes none of its pixels.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "asset/procedural.h"
#include "gpu_fixture.h"
#include "scene/backdrop.h"
#include "scene/camera.h"
#include "scene/light_rig.h"

using namespace twinshoot;
using twinshoot::test::GpuTest;

TEST_F(GpuTest, PassTimesNameEveryPassAndFitInsideTheFrame) {
    asset::Model model = asset::make_sphere_model(0.4f, {0.6f, 0.3f, 0.2f, 1.0f}, 0.0f, 0.5f);
    const view::RenderSize size{160, 200};
    scene::Camera camera = scene::frame_bounds(model.bounds(), size.aspect());
    const asset::Aabb subject = model.bounds();
    scene::add_cyclorama(model, {.kind = scene::BackdropKind::Cyclorama}, camera, size.aspect(), subject);
    auto gpu = renderer().upload(model);
    ASSERT_TRUE(gpu.ok()) << gpu.error().message;
    const view::FrameSettings settings{.shadow_casters = subject};
    const scene::Lighting lighting = scene::default_lighting();

    auto untimed = renderer().render(*gpu, camera, lighting, size, settings);
    ASSERT_TRUE(untimed.ok()) << untimed.error().message;
    EXPECT_TRUE(renderer().last_pass_times().empty()) << "no spans unless asked";

    ASSERT_TRUE(renderer().set_pass_timing(true).ok()) << "lavapipe writes timestamps";
    auto timed = renderer().render(*gpu, camera, lighting, size, settings);
    ASSERT_TRUE(timed.ok()) << timed.error().message;
    EXPECT_EQ(timed->pixels, untimed->pixels) << "timing a frame must not change it";

    std::vector<std::string> expected = {"skinning + shadow maps", "backdrop light"};
    if (renderer().last_used_visibility()) {
        for (const char* pass : {"ids", "classify", "evaluate", "shading", "backdrop + blended"}) expected.push_back(pass);
    } else {
        expected.push_back("shading, backdrop + blended");
    }
    expected.push_back("resolve + copy out");
    std::vector<std::string> names;
    double sum = 0.0;
    for (const auto& [name, ms] : renderer().last_pass_times()) {
        names.push_back(name);
        EXPECT_GE(ms, 0.0) << name;
        sum += ms;
    }
    EXPECT_EQ(names, expected);
    // The GPU's spans lie between recording the frame and its fence: within the render stage's wall time.
    EXPECT_GT(sum, 0.0);
    EXPECT_LE(sum, renderer().last_times().ms("render") + 0.5);

    ASSERT_TRUE(renderer().set_pass_timing(false).ok());
    ASSERT_TRUE(renderer().render(*gpu, camera, lighting, size, settings).ok());
    EXPECT_TRUE(renderer().last_pass_times().empty());
}
