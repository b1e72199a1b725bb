// Renders a generated scene with known geometry and colours and checks pixels at known places.
//
// Scene: a red dielectric sphere of radius 1 at the origin, camera on +Z at distance 4 looking at
// it with a 30 degree vertical field of view, key light travelling along -Z (from the camera side),
// weak ambient, 400x400 target, clear colour linear (0.1, 0.2, 0.3).
// The silhouette of a sphere of radius r seen from distance d is a circle of angular radius
// asin(r / d); on the image its radius is tan(asin(r / d)) / tan(fov / 2) * (height / 2) pixels.
#include <gtest/gtest.h>

#include <glm/gtc/constants.hpp>

#include <cmath>
#include <set>

#include "asset/procedural.h"
#include "gpu_fixture.h"
#include "image_checks.h"

using namespace twinshoot;
using twinshoot::test::GpuTest;

namespace {

constexpr uint32_t kSize = 400;
constexpr float kRadius = 1.0f;
constexpr float kDistance = 4.0f;
const glm::vec4 kClear{0.1f, 0.2f, 0.3f, 1.0f};

struct SphereShot {
    asset::ImageRgba8 image;
    std::array<uint8_t, 3> background;
};

SphereShot render_sphere(view::OffscreenRenderer& renderer, view::RenderSize size = {kSize, kSize}) {
    const asset::Model model = asset::make_sphere_model(kRadius, {0.8f, 0.05f, 0.05f, 1.0f}, 0.0f, 0.5f);
    auto gpu = renderer.upload(model);
    EXPECT_TRUE(gpu.ok()) << (gpu ? "" : gpu.error().message);
    scene::Camera camera;
    camera.position = {0.0f, 0.0f, kDistance};
    camera.target = {0.0f, 0.0f, 0.0f};
    camera.vertical_fov = glm::radians(30.0f);
    camera.near_plane = 1.0f;
    camera.far_plane = 10.0f;
    // Exposure 1/1000: the key's 2000 lux shows a white card as 2000 / pi / 1000 = 0.64, the
    // 50-nit uniform environment adds 0.05.
    scene::Lighting lighting = scene::neutral_lighting(1000.0f);
    lighting.environment.luminance = 50.0f;
    lighting.lights = {{.direction = {0.0f, 0.0f, -1.0f}, .color = glm::vec3(1.0f), .illuminance = 2000.0f}};
    auto image = renderer.render(*gpu, camera, lighting, size, {.clear_color = kClear});
    EXPECT_TRUE(image.ok()) << (image ? "" : image.error().message);
    return {image ? std::move(image).value() : asset::ImageRgba8{},
            {test::srgb_byte(kClear.r), test::srgb_byte(kClear.g), test::srgb_byte(kClear.b)}};
}

// No light at all and no tone curve: only emissive surfaces show, at their exact value.
// Looking down -z at the sphere from kDistance, 30° vertical field of view.
scene::Camera front_camera() {
    scene::Camera camera;
    camera.position = {0.0f, 0.0f, kDistance};
    camera.vertical_fov = glm::radians(30.0f);
    camera.near_plane = 1.0f;
    camera.far_plane = 10.0f;
    return camera;
}

// A sphere glowing white (emissive 2, black base): full coverage shows as 255 whatever the lighting.
asset::Model glowing_sphere() {
    asset::Model model = asset::make_sphere_model(kRadius, {0.0f, 0.0f, 0.0f, 1.0f}, 0.0f, 1.0f);
    for (auto& m : model.materials) m.emissive = glm::vec3(2.0f);
    return model;
}

scene::Lighting unlit() {
    scene::Lighting dark = scene::neutral_lighting();
    dark.environment.color = glm::vec3(0.0f);
    dark.tone_mapper = scene::ToneMapper::Linear;
    return dark;
}

double analytic_radius_px(uint32_t height) {
    return std::tan(std::asin(kRadius / kDistance)) / std::tan(glm::radians(30.0f) / 2.0) * (height / 2.0);
}

}  // namespace

TEST_F(GpuTest, SphereBackgroundEqualsClearColour) {
    SphereShot shot = render_sphere(renderer());
    ASSERT_EQ(shot.image.width, kSize);
    ASSERT_LT(3.0, kSize / 2.0 - analytic_radius_px(kSize)) << "(3, 200) lies outside the sphere";
    for (auto [x, y] : {std::pair{0u, 0u}, {kSize - 1, 0u}, {0u, kSize - 1}, {kSize - 1, kSize - 1}, {3u, 200u}}) {
        const uint8_t* p = shot.image.at(x, y);
        for (int c = 0; c < 3; ++c) EXPECT_EQ(p[c], shot.background[c]) << "pixel " << x << "," << y;
        EXPECT_EQ(p[3], 255);
    }
}

TEST_F(GpuTest, SphereCentreIsRedAndBrighterThanItsLimb) {
    SphereShot shot = render_sphere(renderer());
    const uint8_t* centre = shot.image.at(kSize / 2, kSize / 2);
    EXPECT_GT(centre[0], 2 * centre[1]) << "red-dominant";
    EXPECT_GT(centre[0], 2 * centre[2]) << "red-dominant";
    EXPECT_GT(centre[0], 150) << "lit head-on";
    const double r = analytic_radius_px(kSize);
    const uint8_t* limb = shot.image.at(kSize / 2 + uint32_t(r * 0.93), kSize / 2);
    EXPECT_TRUE(test::differs(limb, shot.background, 3)) << "limb sample must be inside the sphere";
    EXPECT_GT(test::luma(centre), test::luma(limb) + 0.1f);
}

TEST_F(GpuTest, SphereSilhouetteMatchesTheAnalyticArea) {
    SphereShot shot = render_sphere(renderer());
    const test::Silhouette s = test::measure_silhouette(shot.image, shot.background, 2);
    const double r = analytic_radius_px(kSize);
    const double expected = glm::pi<double>() * r * r / (double(kSize) * kSize);
    // Tolerance 2% relative: the 96x48 tessellation loses ~0.2% of the area and edge pixels are
    // covered by their centre sample only (no anti-aliasing yet).
    EXPECT_NEAR(s.coverage, expected, expected * 0.02) << "analytic radius " << r << " px";
    EXPECT_NEAR(double(s.max_x - s.min_x + 1), 2.0 * r, 3.0);
    EXPECT_NEAR(double(s.max_y - s.min_y + 1), 2.0 * r, 3.0);
    EXPECT_NEAR((s.min_x + s.max_x) / 2.0, kSize / 2.0, 1.5) << "centred";
}

TEST_F(GpuTest, NonSquareTargetKeepsTheSphereRound) {
    SphereShot shot = render_sphere(renderer(), {600, 300});
    const test::Silhouette s = test::measure_silhouette(shot.image, shot.background, 2);
    const double r = analytic_radius_px(300);
    EXPECT_NEAR(double(s.max_x - s.min_x + 1), 2.0 * r, 3.0);
    EXPECT_NEAR(double(s.max_y - s.min_y + 1), 2.0 * r, 3.0);
}

TEST_F(GpuTest, DemoTestFigureShowsItsFiveSwatches) {
    const asset::Model figure = asset::make_test_figure();
    auto gpu = renderer().upload(figure);
    ASSERT_TRUE(gpu.ok());
    scene::FramingOptions framing;
    const view::RenderSize size{270, 338};
    const scene::Camera camera = scene::frame_bounds(gpu->bounds, size.aspect(), framing);
    auto image = renderer().render(*gpu, camera, scene::default_lighting(), size, {.clear_color = kClear});
    ASSERT_TRUE(image.ok());
    // Across the middle row, from left to right: navy (blue-dominant), red (red-dominant), ...
    int blue_run = 0, red_run = 0;
    for (uint32_t x = 0; x < size.width; ++x) {
        const uint8_t* p = image->at(x, size.height / 2);
        blue_run += p[2] > p[0] + 40 && p[2] > p[1] + 40;
        red_run += p[0] > p[1] + 60 && p[0] > p[2] + 60;
    }
    EXPECT_GT(blue_run, 10) << "navy swatch";
    EXPECT_GT(red_run, 10) << "red swatch";
}

// MSAA: a white emissive sphere on black. With one sample per pixel every pixel is black or white;
// with 4x MSAA (the default) the silhouette's pixels take the resolved fractions in between, and
// the interior and background stay exact.
TEST_F(GpuTest, MultisamplingSmoothsSilhouettesAndDefaultsToFour) {
    const asset::Model model = glowing_sphere();
    const scene::Camera camera = front_camera();
    scene::Lighting dark = unlit();
    auto edge_pixels = [&](view::OffscreenRenderer& r, int& interior_white) {
        auto gpu = r.upload(model);
        EXPECT_TRUE(gpu.ok());
        auto image = r.render(*gpu, camera, dark, {160, 160}, {.clear_color = {0.0f, 0.0f, 0.0f, 1.0f}});
        EXPECT_TRUE(image.ok());
        int between = 0;
        interior_white = 0;
        for (uint32_t y = 0; y < image->height; ++y)
            for (uint32_t x = 0; x < image->width; ++x) {
                const uint8_t v = image->at(x, y)[0];
                between += v > 8 && v < 247;
                interior_white += v >= 247;
            }
        EXPECT_EQ(image->at(80, 80)[0], 255) << "interior";
        EXPECT_EQ(image->at(2, 2)[0], 0) << "background";
        return between;
    };
    EXPECT_EQ(renderer().samples(), VK_SAMPLE_COUNT_4_BIT) << "lavapipe supports 4x; the default asks for 4";
    int white_msaa = 0, white_single = 0;
    const int smooth = edge_pixels(renderer(), white_msaa);
    auto single = view::OffscreenRenderer::create(device(), 1);
    ASSERT_TRUE(single.ok()) << single.error().message;
    EXPECT_EQ((*single)->samples(), VK_SAMPLE_COUNT_1_BIT);
    const int hard = edge_pixels(**single, white_single);
    EXPECT_EQ(hard, 0) << "one sample: every pixel is in or out";
    // The silhouette is a circle of radius tan(asin(1/4)) / tan(15 deg) * 80 = 77 px: about 480 edge pixels.
    EXPECT_GT(smooth, 150) << "4x MSAA blends the silhouette";
    EXPECT_NEAR(white_msaa, white_single, 300) << "same sphere";
}

// Cut-outs: over a transparent background the corners have alpha 0, the sphere alpha 255, and the
// silhouette's partly covered pixels keep the sphere's colour (straight alpha, no dark fringe).
TEST_F(GpuTest, TransparentBackgroundGivesStraightAlphaWithoutFringes) {
    const asset::Model model = glowing_sphere();
    const scene::Camera camera = front_camera();
    scene::Lighting dark = unlit();
    auto gpu = renderer().upload(model);
    ASSERT_TRUE(gpu.ok());
    auto image = renderer().render(*gpu, camera, dark, {160, 160}, {.transparent = true});
    ASSERT_TRUE(image.ok()) << image.error().message;
    EXPECT_EQ(image->at(2, 2)[3], 0) << "background";
    EXPECT_EQ(image->at(80, 80)[3], 255) << "the sphere is opaque";
    EXPECT_EQ(image->at(80, 80)[0], 255);
    int edge = 0;
    for (uint32_t y = 0; y < image->height; ++y)
        for (uint32_t x = 0; x < image->width; ++x) {
            const uint8_t* p = image->at(x, y);
            if (p[3] == 0 || p[3] == 255) continue;
            ++edge;
            if (p[3] >= 48) {
                EXPECT_GE(p[0], 240) << "edge pixel " << x << "," << y << " alpha " << int(p[3]) << " keeps the colour";
            }
        }
    EXPECT_GT(edge, 150) << "anti-aliased silhouette in the alpha channel";
}

// Supersampling (batch): 2x on top of 4x MSAA gives 16 coverage samples per pixel, so the cut-out's
// silhouette takes more than MSAA's five alpha levels (0, 1/4, ... 1), the image keeps the requested
// size, and edges keep the sphere's colour (the filter works on premultiplied colour, then un-premultiplies).
TEST_F(GpuTest, SupersamplingAddsCoverageLevelsAtTheRequestedSize) {
    const asset::Model model = glowing_sphere();
    const scene::Camera camera = front_camera();
    auto gpu = renderer().upload(model);
    ASSERT_TRUE(gpu.ok());
    auto alpha_levels = [&](uint32_t factor) {
        renderer().set_supersample(factor);
        auto image = renderer().render(*gpu, camera, unlit(), {96, 96}, {.transparent = true});
        renderer().set_supersample(1);
        EXPECT_TRUE(image.ok()) << image.error().message;
        if (!image.ok()) return std::set<int>{};
        EXPECT_EQ(image->width, 96u);
        EXPECT_EQ(image->height, 96u);
        std::set<int> levels;
        for (uint32_t y = 0; y < image->height; ++y)
            for (uint32_t x = 0; x < image->width; ++x) {
                const uint8_t* p = image->at(x, y);
                levels.insert(p[3]);
                if (p[3] >= 48) {
                    EXPECT_GE(p[0], 240) << "edge pixel " << x << "," << y << " keeps the colour";
                }
            }
        return levels;
    };
    EXPECT_LE(alpha_levels(1).size(), 5u) << "4x MSAA alone: 0, 1/4, 1/2, 3/4, 1";
    EXPECT_GE(alpha_levels(2).size(), 10u) << "2x supersampling x 4x MSAA: up to 17 levels";
}
