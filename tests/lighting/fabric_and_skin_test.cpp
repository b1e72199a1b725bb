// Fabric sheen (KHR_materials_sheen) and skin (wrap lighting with a scatter colour), tested by
// rendering a unit sphere from 4 m (camera on +z, 30° field of view, 160², linear tone mapper).
//
// Sheen: in the white furnace a white sphere with a white sheen still returns the environment within
// 2% (the base is scaled down by the sheen's albedo, so the pair gains no energy); on a black base in
// a uniform environment the sheen lights the grazing rim more than the centre, in the sheen's colour.
// Skin: lit from the side, a skin sphere is unchanged where the light falls squarely (n.l 0.8, within
// 2%), and receives light past the terminator (n.l -0.15), in its scatter colour, where a plain one
// is dark.
#include <gtest/gtest.h>

#include <glm/gtc/matrix_transform.hpp>

#include <cmath>
#include <cstdio>

#include "asset/procedural.h"
#include "gpu_fixture.h"

using namespace twinshoot;
using twinshoot::test::GpuTest;

namespace {

constexpr uint32_t kSize = 160;
// Silhouette radius in pixels: tan(asin(1/4)) / tan(15°) * 80.
const double kRadius = std::tan(std::asin(0.25)) / std::tan(glm::radians(15.0)) * (kSize / 2.0);

double linear(uint8_t v) {
    const double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

scene::Camera camera_on_z() {
    scene::Camera camera;
    camera.position = {0.0f, 0.0f, 4.0f};
    camera.vertical_fov = glm::radians(30.0f);
    camera.near_plane = 0.5f;
    camera.far_plane = 20.0f;
    return camera;
}

// The white furnace, showing the environment as 0.5.
scene::Lighting furnace() {
    scene::Lighting lighting = scene::neutral_lighting(1000.0f);
    lighting.ev100 += 1.0f;
    lighting.tone_mapper = scene::ToneMapper::Linear;
    return lighting;
}

struct Ring {
    double r = 0, g = 0, b = 0;
    int count = 0;
};

// Mean linear colour of the sphere's pixels whose distance from the centre lies in [from, to) of
// the silhouette radius.
Ring ring(const asset::ImageRgba8& image, double from, double to) {
    Ring out;
    for (uint32_t y = 0; y < kSize; ++y)
        for (uint32_t x = 0; x < kSize; ++x) {
            const double d = std::hypot(x + 0.5 - kSize / 2.0, y + 0.5 - kSize / 2.0) / kRadius;
            if (d < from || d >= to) continue;
            out.r += linear(image.at(x, y)[0]);
            out.g += linear(image.at(x, y)[1]);
            out.b += linear(image.at(x, y)[2]);
            ++out.count;
        }
    if (out.count) out.r /= out.count, out.g /= out.count, out.b /= out.count;
    return out;
}

}  // namespace

TEST_F(GpuTest, SheenGainsNoEnergyInTheFurnaceAndLightsTheGrazingRimInItsColour) {
    auto render = [&](const asset::Model& model, const scene::Lighting& lighting) {
        auto gpu = renderer().upload(model);
        EXPECT_TRUE(gpu.ok()) << gpu.error().message;
        auto image = renderer().render(*gpu, camera_on_z(), lighting, {kSize, kSize}, {.clear_color = glm::vec4(0.5f)});
        EXPECT_TRUE(image.ok()) << image.error().message;
        return *image;
    };

    // Furnace: white base, white sheen of each roughness.
    for (float sheen_roughness : {0.3f, 0.6f, 1.0f}) {
        asset::Model model = asset::make_sphere_model(1.0f, glm::vec4(1.0f), 0.0f, 0.6f);
        model.materials[0].sheen_color = glm::vec3(1.0f);
        model.materials[0].sheen_roughness = sheen_roughness;
        const asset::ImageRgba8 image = render(model, furnace());
        double worst = 0.0;
        for (uint32_t y = 0; y < kSize; ++y)
            for (uint32_t x = 0; x < kSize; ++x)
                if (std::hypot(x + 0.5 - kSize / 2.0, y + 0.5 - kSize / 2.0) <= kRadius * 0.85)
                    worst = std::max(worst, std::abs(linear(image.at(x, y)[1]) / 0.5 - 1.0));
        std::printf("  sheen furnace, sheen roughness %.1f: worst pixel %.2f%% off\n", sheen_roughness, worst * 100.0);
        EXPECT_LE(worst, 0.02) << "sheen roughness " << sheen_roughness;
    }

    // A black base in a uniform environment: what the sheen adds, at the centre and at the rim.
    scene::Lighting dim = furnace();
    dim.ev100 += 1.0f;  // the environment shows as 0.25
    asset::Model plain = asset::make_sphere_model(1.0f, glm::vec4(0.01f, 0.01f, 0.01f, 1.0f), 0.0f, 0.8f);
    asset::Model velvet = plain;
    velvet.materials[0].sheen_color = {0.9f, 0.1f, 0.1f};
    velvet.materials[0].sheen_roughness = 0.5f;
    const asset::ImageRgba8 without = render(plain, dim), with = render(velvet, dim);
    const Ring centre_without = ring(without, 0.0, 0.3), centre_with = ring(with, 0.0, 0.3);
    const Ring rim_without = ring(without, 0.85, 0.97), rim_with = ring(with, 0.85, 0.97);
    ASSERT_GT(centre_with.count, 100);
    ASSERT_GT(rim_with.count, 100);
    const double added_centre = centre_with.r - centre_without.r, added_rim = rim_with.r - rim_without.r;
    std::printf("  sheen on black: red added %.4f at the centre, %.4f at the rim; rim red/green %.2f\n", added_centre,
                added_rim, rim_with.r / std::max(rim_with.g, 1e-6));
    EXPECT_GT(added_rim, 0.02) << "the sheen lights the rim";
    EXPECT_GT(added_rim, 1.5 * added_centre) << "the sheen is a grazing-angle effect";
    EXPECT_GT(rim_with.r, 2.0 * rim_with.g) << "the rim takes the sheen's colour";
}

TEST_F(GpuTest, SkinWrapsLightPastTheTerminatorInItsScatterColour) {
    scene::Lighting side = scene::neutral_lighting(1000.0f);
    side.environment.luminance = 10.0f;  // almost dark: what shows is the light
    side.tone_mapper = scene::ToneMapper::Linear;
    side.lights = {{.direction = {-1.0f, 0.0f, 0.0f}, .color = glm::vec3(1.0f), .illuminance = 2000.0f}};
    auto render = [&](bool skin) {
        asset::Model model = asset::make_sphere_model(1.0f, glm::vec4(0.6f, 0.6f, 0.6f, 1.0f), 0.0f, 0.6f);
        model.materials[0].skin = skin;
        auto gpu = renderer().upload(model);
        EXPECT_TRUE(gpu.ok()) << gpu.error().message;
        auto image = renderer().render(*gpu, camera_on_z(), side, {kSize, kSize}, {.clear_color = glm::vec4(0.0f)});
        EXPECT_TRUE(image.ok()) << image.error().message;
        return *image;
    };
    const asset::ImageRgba8 plain = render(false), skin = render(true);
    // On the centre row the normal's x is about the offset over the radius (n.l for a light from +x).
    auto at = [](const asset::ImageRgba8& image, double n_dot_l, int channel) {
        const uint32_t x = uint32_t(std::lround(kSize / 2.0 + n_dot_l * kRadius - 0.5));
        return linear(image.at(x, kSize / 2)[channel]);
    };
    const double lit_plain = at(plain, 0.8, 1), lit_skin = at(skin, 0.8, 1);
    ASSERT_GT(lit_plain, 0.1) << "the lit side";
    EXPECT_NEAR(lit_skin / lit_plain, 1.0, 0.02) << "skin changes the squarely lit side";
    const double past_plain = at(plain, -0.15, 0), past_skin_red = at(skin, -0.15, 0), past_skin_green = at(skin, -0.15, 1);
    std::printf("  skin: lit %.4f (plain %.4f); past the terminator red %.4f green %.4f (plain %.4f)\n", lit_skin,
                lit_plain, past_skin_red, past_skin_green, past_plain);
    EXPECT_GT(past_skin_red, past_plain + 0.1 * lit_plain) << "light wraps past the terminator";
    EXPECT_GT(past_skin_red, 2.0 * past_skin_green) << "in the scatter colour";
}
