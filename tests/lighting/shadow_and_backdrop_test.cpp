// Shadows and backdrops, tested by rendering.
//
// The shadow scene: a 0.5 m square card standing upright on a grey floor (in the plane x = 0), lit
// by one shadow-casting light travelling at 45° towards -x, seen from 3 m straight above (159 px
// per metre, 256²), linear tone mapping. The card's shadow is then the floor strip x in [-0.5, 0],
// z in [-0.25, 0.25], touching the card's foot. Checked: the strip is dark (shadowed floor below
// 35% of lit floor), the shadow reaches the foot of the card (no peter-panning: 2 px from the card
// the floor is still below 50% of lit), and the lit floor is the same with and without shadows
// (no acne: every pixel within 2 levels). The contact shadow darkens only backdrop floors, only
// near what stands on them.
#include <gtest/gtest.h>

#include <glm/gtc/matrix_transform.hpp>

#include <cmath>

#include "asset/procedural.h"
#include "gpu_fixture.h"
#include "render/offscreen_target.h"
#include "scene/backdrop.h"
#include "view/backdrop_light.h"

using namespace twinshoot;
using twinshoot::test::GpuTest;

namespace {

constexpr uint32_t kSize = 256;
const float kPixelsPerMetre = float(kSize / 2) / (3.0f * std::tan(glm::radians(15.0f)));

asset::Model card_on_floor(bool floor_is_backdrop) {
    asset::Model model;
    model.source = "card on floor";
    model.meshes = {asset::make_plane(4.0f), asset::make_plane(0.5f)};
    model.meshes[1].material = 1;
    model.materials = {
        {.name = "floor", .base_color = glm::vec4(0.5f, 0.5f, 0.5f, 1.0f), .metallic = 0.0f, .roughness = 1.0f,
         .backdrop = floor_is_backdrop},
        {.name = "card", .base_color = glm::vec4(0.8f, 0.8f, 0.8f, 1.0f), .metallic = 0.0f, .roughness = 1.0f,
         .double_sided = true},
    };
    const glm::mat4 upright = glm::translate(glm::mat4(1.0f), {0.0f, 0.25f, 0.0f}) *
                              glm::rotate(glm::mat4(1.0f), glm::radians(90.0f), {0.0f, 0.0f, 1.0f});
    model.instances = {{0, glm::mat4(1.0f), "floor"}, {1, upright, "card"}};
    return model;
}

scene::Camera overhead() {
    scene::Camera camera;
    camera.position = {0.0f, 3.0f, 0.0f};
    camera.target = {0.0f, 0.0f, 0.0f};
    camera.up = {0.0f, 0.0f, -1.0f};  // image right is +x, image up is -z
    camera.vertical_fov = glm::radians(30.0f);
    camera.near_plane = 1.0f;
    camera.far_plane = 5.0f;
    return camera;
}

// One light from +x at 45° (3000 lux) over a dim uniform environment (0.1 of unit), linear output.
scene::Lighting side_light(bool shadow) {
    scene::Lighting lighting = scene::neutral_lighting(1000.0f);
    lighting.environment.luminance = 100.0f;
    lighting.tone_mapper = scene::ToneMapper::Linear;
    lighting.lights = {{.direction = glm::normalize(glm::vec3(-1.0f, -1.0f, 0.0f)), .color = glm::vec3(1.0f),
                        .illuminance = 3000.0f, .casts_shadow = shadow}};
    return lighting;
}

// Floor pixel at world (x, 0, z).
const uint8_t* floor_pixel(const asset::ImageRgba8& image, float x, float z) {
    const uint32_t px = uint32_t(std::lround(kSize / 2.0f + x * kPixelsPerMetre - 0.5f));
    const uint32_t py = uint32_t(std::lround(kSize / 2.0f + z * kPixelsPerMetre - 0.5f));
    return image.at(px, py);
}

double linear(uint8_t v) {
    const double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

// The floor in the middle of the card's shadow strip over the lit floor (linear), for `model` (the
// card scene, altered) under the shadow-casting side light; -1 when it cannot render.
double shadow_strip_over_lit(view::OffscreenRenderer& renderer, const asset::Model& model) {
    const asset::Aabb card{{-0.01f, 0.0f, -0.25f}, {0.01f, 0.5f, 0.25f}};
    auto gpu = renderer.upload(model);
    EXPECT_TRUE(gpu.ok()) << gpu.error().message;
    if (!gpu.ok()) return -1.0;
    auto image = renderer.render(*gpu, overhead(), side_light(true), {kSize, kSize}, {.shadow_casters = card});
    EXPECT_TRUE(image.ok()) << image.error().message;
    if (!image.ok()) return -1.0;
    return linear(floor_pixel(*image, -0.25f, 0.0f)[1]) / linear(floor_pixel(*image, 0.4f, 0.0f)[1]);
}

}  // namespace

TEST_F(GpuTest, KeyLightShadowIsDarkTouchesItsCasterAndLeavesLitSurfacesAlone) {
    auto gpu = renderer().upload(card_on_floor(false));
    ASSERT_TRUE(gpu.ok()) << gpu.error().message;
    const asset::Aabb card{{-0.01f, 0.0f, -0.25f}, {0.01f, 0.5f, 0.25f}};
    auto shadowed = renderer().render(*gpu, overhead(), side_light(true), {kSize, kSize}, {.shadow_casters = card});
    auto unshadowed = renderer().render(*gpu, overhead(), side_light(false), {kSize, kSize}, {.shadow_casters = card});
    ASSERT_TRUE(shadowed.ok()) << shadowed.error().message;
    ASSERT_TRUE(unshadowed.ok()) << unshadowed.error().message;

    const double lit = linear(floor_pixel(*shadowed, 0.4f, 0.0f)[1]);
    ASSERT_GT(lit, 0.2) << "the lit floor";
    // Inside the shadow strip.
    for (float x : {-0.4f, -0.25f, -0.1f})
        for (float z : {-0.15f, 0.0f, 0.15f})
            EXPECT_LT(linear(floor_pixel(*shadowed, x, z)[1]), 0.35 * lit) << "shadow at x " << x << ", z " << z;
    // Outside it: past its far end and beside it.
    EXPECT_GT(linear(floor_pixel(*shadowed, -0.62f, 0.0f)[1]), 0.9 * lit) << "beyond the shadow's end";
    EXPECT_GT(linear(floor_pixel(*shadowed, -0.25f, 0.36f)[1]), 0.9 * lit) << "beside the shadow";
    // No peter-panning: two pixels from the card's foot the floor is still in shadow.
    const float two_pixels = 2.0f / kPixelsPerMetre;
    for (float z : {-0.2f, 0.0f, 0.2f})
        EXPECT_LT(linear(floor_pixel(*shadowed, -0.005f - two_pixels, z)[1]), 0.5 * lit)
            << "the shadow leaves a lit gap at the card's foot, z " << z;
    // No acne: on the lit side every floor pixel is what it is without shadows.
    int worst = 0;
    for (uint32_t y = 0; y < kSize; ++y)
        for (uint32_t x = uint32_t(kSize / 2 + 0.05f * kPixelsPerMetre); x < kSize; ++x)
            for (int c = 0; c < 3; ++c)
                worst = std::max(worst, std::abs(int(shadowed->at(x, y)[c]) - int(unshadowed->at(x, y)[c])));
    EXPECT_LE(worst, 2) << "lit floor differs with shadows on (acne)";
}

// A single-sided card is seen only from its front, and casts only from there (as the glTF sample
// renderers show TextureSettingsTest's culled card): turned away from the light it throws no shadow,
// turned towards it the usual one.
TEST_F(GpuTest, SingleSidedSurfacesCastFromTheirFrontOnly) {
    auto strip_over_lit = [&](float turn_degrees) {
        asset::Model model = card_on_floor(false);
        model.materials[1].double_sided = false;
        // make_plane faces +y; turned about z by +90° it faces -x (away from the light), by -90° +x.
        model.instances[1].transform = glm::translate(glm::mat4(1.0f), {0.0f, 0.25f, 0.0f}) *
                                       glm::rotate(glm::mat4(1.0f), glm::radians(turn_degrees), {0.0f, 0.0f, 1.0f});
        return shadow_strip_over_lit(renderer(), model);
    };
    EXPECT_GT(strip_over_lit(90.0f), 0.9) << "a card turned away from the light casts a shadow";
    EXPECT_LT(strip_over_lit(-90.0f), 0.35) << "a card facing the light casts no shadow";
}

// A masked (alpha-tested) card casts through its alpha test: below its cutoff it throws no shadow,
// above it the usual one. (AlphaBlendModeTest's golden shows the textured case.)
TEST_F(GpuTest, MaskedSurfacesCastThroughTheirAlphaTest) {
    auto strip_over_lit = [&](float alpha) {
        asset::Model model = card_on_floor(false);
        model.materials[1].alpha_mode = asset::AlphaMode::Mask;
        model.materials[1].alpha_cutoff = 0.5f;
        model.materials[1].base_color.a = alpha;
        return shadow_strip_over_lit(renderer(), model);
    };
    EXPECT_GT(strip_over_lit(0.3f), 0.9) << "a card cut away by its alpha test casts a shadow";
    EXPECT_LT(strip_over_lit(0.8f), 0.35) << "a card its alpha test keeps casts no shadow";
}

// A ball (radius 0.1 m) resting on the floor at x = 0.3, mostly lit by the environment (a weak
// shadow-casting light switches the shadow maps on): beside its foot a backdrop floor is darker
// than a plain one, far from it the two are the same.
TEST_F(GpuTest, ContactShadowDarkensOnlyTheBackdropNearWhatStandsOnIt) {
    auto scene = [](bool backdrop) {
        asset::Model model = card_on_floor(backdrop);
        model.meshes[1] = asset::make_uv_sphere(0.1f, 32, 16);
        model.meshes[1].material = 1;
        model.instances[1].transform = glm::translate(glm::mat4(1.0f), {0.3f, 0.1f, 0.0f});
        return model;
    };
    scene::Lighting lighting = side_light(true);
    lighting.environment.luminance = 1000.0f;
    lighting.lights[0].illuminance = 300.0f;
    const asset::Aabb ball{{0.2f, 0.0f, -0.1f}, {0.4f, 0.2f, 0.1f}};
    auto plain = renderer().upload(scene(false));
    auto backdrop = renderer().upload(scene(true));
    ASSERT_TRUE(plain.ok() && backdrop.ok());
    auto without = renderer().render(*plain, overhead(), lighting, {kSize, kSize}, {.shadow_casters = ball});
    auto with = renderer().render(*backdrop, overhead(), lighting, {kSize, kSize}, {.shadow_casters = ball});
    ASSERT_TRUE(without.ok() && with.ok());
    // 1.5 cm outside the ball's footprint, on the light's side and towards the camera's top.
    for (const glm::vec2 at : {glm::vec2(0.415f, 0.0f), glm::vec2(0.3f, -0.115f)}) {
        const int plain_value = floor_pixel(*without, at.x, at.y)[1], backdrop_value = floor_pixel(*with, at.x, at.y)[1];
        EXPECT_LT(backdrop_value, plain_value - 8) << "no contact shadow beside the ball at " << at.x << ", " << at.y;
    }
    // Half a metre away nothing changes.
    for (const glm::vec2 at : {glm::vec2(-0.3f, 0.0f), glm::vec2(0.3f, 0.5f)})
        EXPECT_NEAR(floor_pixel(*with, at.x, at.y)[1], floor_pixel(*without, at.x, at.y)[1], 1)
            << "the contact shadow reaches too far, at " << at.x << ", " << at.y;
}

TEST_F(GpuTest, EnvironmentBackgroundShowsTheEnvironmentExposedLikeTheSubject) {
    scene::Lighting lighting = scene::neutral_lighting(1000.0f);
    lighting.environment.color = {0.2f, 0.4f, 0.8f};
    lighting.tone_mapper = scene::ToneMapper::Linear;
    const asset::Model sphere = asset::make_sphere_model(0.5f, glm::vec4(1.0f, 0.0f, 0.0f, 1.0f), 0.0f, 0.5f);
    auto gpu = renderer().upload(sphere);
    ASSERT_TRUE(gpu.ok());
    scene::Camera camera;
    camera.position = {0.0f, 0.0f, 4.0f};
    auto image = renderer().render(*gpu, camera, lighting, {64, 64},
                                   {.clear_color = {1.0f, 0.0f, 1.0f, 1.0f}, .environment_background = true});
    ASSERT_TRUE(image.ok()) << image.error().message;
    // A corner: the environment's colour at unit exposure, sRGB encoded (0.2, 0.4, 0.8 -> 124, 170, 231).
    const uint8_t* corner = image->at(1, 1);
    EXPECT_NEAR(corner[0], 124, 2);
    EXPECT_NEAR(corner[1], 170, 2);
    EXPECT_NEAR(corner[2], 231, 2);
    // The subject still covers the centre (drawn first, the background only behind it).
    EXPECT_LT(image->at(32, 32)[1], corner[1] - 60) << "the red sphere covers the centre";
}

TEST_F(GpuTest, CycloramaFillsTheFrameWithItsGradientAndTakesTheSubjectsShadow) {
    asset::Model model = asset::make_sphere_model(0.3f, glm::vec4(0.8f, 0.8f, 0.8f, 1.0f), 0.0f, 0.6f);
    const glm::mat4 lift = glm::translate(glm::mat4(1.0f), {0.0f, 0.3f, 0.0f});
    for (auto& instance : model.instances) instance.transform = lift * instance.transform;
    const asset::Aabb subject = model.bounds();
    scene::Camera camera = scene::frame_bounds(subject, 0.8f, {.vertical_fov = glm::radians(40.0f)});
    const scene::Backdrop backdrop{.kind = scene::BackdropKind::Cyclorama,
                                   .color = {0.6f, 0.45f, 0.3f},   // warm floor
                                   .top_color = {0.2f, 0.3f, 0.6f}};  // blue wall top
    scene::add_cyclorama(model, backdrop, camera, 0.8f, subject);
    auto gpu = renderer().upload(model);
    ASSERT_TRUE(gpu.ok()) << gpu.error().message;
    scene::Lighting lighting = scene::default_lighting();
    auto image = renderer().render(*gpu, camera, lighting, {160, 200},
                                   {.clear_color = {1.0f, 0.0f, 1.0f, 1.0f}, .shadow_casters = subject});
    ASSERT_TRUE(image.ok()) << image.error().message;
    int magenta = 0;
    for (uint32_t y = 0; y < image->height; ++y)
        for (uint32_t x = 0; x < image->width; ++x) {
            const uint8_t* p = image->at(x, y);
            magenta += p[0] > 200 && p[1] < 60 && p[2] > 200;
        }
    EXPECT_EQ(magenta, 0) << "the clear colour shows: the cyclorama does not fill the frame";
    const uint8_t* top = image->at(80, 2);
    const uint8_t* bottom = image->at(80, 197);
    EXPECT_GT(top[2], top[0]) << "the top of the wall takes the top colour (blue)";
    EXPECT_GT(bottom[0], bottom[2]) << "the floor takes the floor colour (warm)";
    // The key light's shadow falls on the sweep: without it, a patch of the backdrop is brighter.
    lighting.lights[0].casts_shadow = false;
    auto unshadowed = renderer().render(*gpu, camera, lighting, {160, 200},
                                        {.clear_color = {1.0f, 0.0f, 1.0f, 1.0f}, .shadow_casters = subject});
    ASSERT_TRUE(unshadowed.ok());
    int darker = 0;
    for (size_t i = 0; i < image->pixels.size(); i += 4)
        darker += int(unshadowed->pixels[i + 1]) - int(image->pixels[i + 1]) > 10;
    EXPECT_GT(darker, 200) << "no shadow of the sphere on the cyclorama";
}

// The backdrop's light is computed at half resolution (view/backdrop_light.h) and read back at
// full resolution. At an odd frame size (the half-resolution viewport is then fractional) a
// uniformly lit backdrop floor must stay uniform to its last row and column, and the card's shadow
// on it must end where it ends on a plain floor, which is shaded at full resolution: the 50%
// crossing of the shadow's far edge (along z = 0, in the lit-to-shadow ratio of each floor) within
// 1.5 px of the plain floor's.
TEST_F(GpuTest, BackdropLightAtHalfResolutionLinesUpWithTheFrameAtOddSizes) {
    constexpr uint32_t kOdd = 255;
    const asset::Aabb card{{-0.01f, 0.0f, -0.25f}, {0.01f, 0.5f, 0.25f}};
    auto backdrop = renderer().upload(card_on_floor(true));
    auto plain = renderer().upload(card_on_floor(false));
    ASSERT_TRUE(backdrop.ok() && plain.ok());

    scene::Lighting flat = side_light(false);
    auto uniform = renderer().render(*backdrop, overhead(), flat, {kOdd, kOdd}, {.shadow_casters = card});
    ASSERT_TRUE(uniform.ok()) << uniform.error().message;
    const int reference = uniform->at(kOdd - 8, 8)[1];
    ASSERT_GT(reference, 40) << "the lit backdrop floor";
    int worst = 0;
    uint32_t worst_x = 0, worst_y = 0;
    for (uint32_t y = 0; y < kOdd; ++y)
        for (uint32_t x = 0; x < kOdd; ++x) {
            const bool card_or_near = std::abs(int(x) - int(kOdd / 2)) < 12 && std::abs(int(y) - int(kOdd / 2)) < 45;
            const int difference = std::abs(int(uniform->at(x, y)[1]) - reference);
            if (!card_or_near && difference > worst) worst = difference, worst_x = x, worst_y = y;
        }
    EXPECT_LE(worst, 2) << "a uniformly lit backdrop floor is not uniform: " << int(uniform->at(worst_x, worst_y)[1])
                        << " at " << worst_x << ", " << worst_y << " against " << reference;

    // The shadow's far end (x = -0.5 m) along the row z = 0, to a tenth of a pixel.
    auto far_edge = [&](const asset::ImageRgba8& image) {
        const uint32_t row = kOdd / 2;
        const double lit = linear(image.at(kOdd / 2 + 40, row)[1]);
        const double dark = linear(image.at(kOdd / 2 - 40, row)[1]);
        const double half = 0.5 * (lit + dark);
        for (uint32_t x = kOdd / 2 - 40; x > 1; --x) {
            const double a = linear(image.at(x, row)[1]), b = linear(image.at(x - 1, row)[1]);
            if (a <= half && b > half) return double(x) - (half - a) / (b - a);
        }
        return -1.0;
    };
    auto on_backdrop = renderer().render(*backdrop, overhead(), side_light(true), {kOdd, kOdd}, {.shadow_casters = card});
    auto on_plain = renderer().render(*plain, overhead(), side_light(true), {kOdd, kOdd}, {.shadow_casters = card});
    ASSERT_TRUE(on_backdrop.ok() && on_plain.ok());
    const double backdrop_edge = far_edge(*on_backdrop), plain_edge = far_edge(*on_plain);
    ASSERT_GT(plain_edge, 0.0) << "no shadow edge on the plain floor";
    EXPECT_NEAR(backdrop_edge, plain_edge, 1.5) << "the backdrop's shadow is shifted against the frame";
}

// The backdrop's half-resolution pass leaves a shadow's taps out outside that shadow's rectangle
// (BackdropLight::shadow_rects): every point a shadow map can darken must fall inside it. Points of
// the key light's prism (its map's square, from its near plane on, far beyond its far plane) and of
// the contact map's box, for lights from eight sides at three heights, seen by a camera above the
// floor: each one the camera sees lands in the rectangle.
TEST_F(GpuTest, BackdropShadowRectanglesHoldEveryPointTheirMapsCanDarken) {
    constexpr uint32_t kWidth = 431, kHeight = 539;  // odd: the half-resolution target rounds down
    auto depth_format = render::choose_depth_format(device());
    ASSERT_TRUE(depth_format.ok());
    auto light = view::BackdropLight::create(device(), *depth_format, kWidth, kHeight);
    ASSERT_TRUE(light.ok()) << light.error().message;
    scene::Camera camera;
    camera.position = {0.4f, 1.6f, 4.0f};
    camera.target = {0.0f, 0.9f, 0.0f};
    const glm::mat4 clip_from_world = camera.projection(float(kWidth) / float(kHeight)) * camera.view();
    const glm::vec3 centre(0.0f, 0.9f, 0.0f);
    const float radius = 1.0f;

    EXPECT_EQ(light->shadow_rects(view::ShadowFrame{}, clip_from_world).key->extent.width, 0u) << "no light casts";

    uint32_t seen = 0;
    for (int side = 0; side < 8; ++side)
        for (float height : {0.2f, 0.7f, 1.5f}) {
            const float a = 0.785398f * float(side);
            const glm::vec3 to_light = glm::normalize(glm::vec3(std::cos(a), height, std::sin(a)));
            // As ShadowPass::plan fits them (its formulas, with a 1 m sphere and a 0.6 m floor square).
            view::ShadowFrame frame;
            frame.shadow_params.x = 0.0f;
            const glm::vec3 up = std::abs(to_light.y) > 0.99f ? glm::vec3(0, 0, 1) : glm::vec3(0, 1, 0);
            const glm::mat4 to_texture{0.5f, 0, 0, 0, 0, 0.5f, 0, 0, 0, 0, 1, 0, 0.5f, 0.5f, 0, 1};
            frame.shadow_matrix = to_texture * glm::orthoRH_ZO(-radius, radius, -radius, radius, radius, 6.0f * radius) *
                                  glm::lookAt(centre + to_light * (2.0f * radius), centre, up);
            const glm::vec3 eye(0.0f, -0.05f, 0.0f);
            frame.contact_matrix = to_texture * glm::orthoRH_ZO(-0.6f, 0.6f, -0.6f, 0.6f, 0.0f, 0.3f) *
                                   glm::lookAt(eye, eye + glm::vec3(0, 1, 0), glm::vec3(0, 0, 1));
            const view::BackdropShadowRects rects = light->shadow_rects(frame, clip_from_world);
            const auto check = [&](const glm::mat4& texture_from_world, const std::optional<VkRect2D>& rect,
                                   glm::vec3 t, const char* what) {
                const glm::vec4 w = glm::inverse(texture_from_world) * glm::vec4(t, 1.0f);
                const glm::vec4 clip = clip_from_world * w;
                if (clip.w <= 1e-3f) return;
                const glm::vec2 pixel = (glm::vec2(clip) / clip.w * 0.5f + 0.5f) * glm::vec2(kWidth, kHeight) * 0.5f;
                if (pixel.x < 0 || pixel.y < 0 || pixel.x >= kWidth / 2 || pixel.y >= kHeight / 2) return;
                ++seen;
                if (!rect) return;  // anywhere
                EXPECT_TRUE(pixel.x >= float(rect->offset.x) && pixel.x <= float(rect->offset.x + rect->extent.width) &&
                            pixel.y >= float(rect->offset.y) && pixel.y <= float(rect->offset.y + rect->extent.height))
                    << what << " at texture " << t.x << ", " << t.y << ", " << t.z << " (light side " << side
                    << ", height " << height << ") lands at pixel " << pixel.x << ", " << pixel.y << " outside";
            };
            for (float u = 0.0f; u <= 1.0f; u += 0.125f)
                for (float v = 0.0f; v <= 1.0f; v += 0.125f) {
                    for (float z : {0.0f, 0.5f, 1.0f, 3.0f, 20.0f}) check(frame.shadow_matrix, rects.key, {u, v, z}, "key");
                    for (float z : {0.0f, 0.5f, 1.0f})
                        check(frame.contact_matrix, rects.contact, {1.2f * u - 0.1f, 1.2f * v - 0.1f, z}, "contact");
                }
        }
    EXPECT_GT(seen, 1000u) << "most of the points lie in view";
}
