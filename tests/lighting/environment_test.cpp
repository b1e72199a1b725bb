// Environments: the .hdr reader's errors, the generated studio, and the IBL disk cache (a second
// bake loads identical maps from disk; a corrupted cache file is ignored and rewritten).
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "asset/hdr_image.h"
#include "gpu_fixture.h"
#include "render/readback.h"
#include "scene/studio_environment.h"
#include "view/ibl_baker.h"
#include "temp_folder.h"

using namespace twinshoot;
using twinshoot::test::GpuTest;
using twinshoot::test::temp_folder;
namespace fs = std::filesystem;

TEST(HdrImage, BadFilesAreErrorsNamingTheFile) {
    const fs::path dir = temp_folder("hdr");
    auto missing = asset::load_hdr(dir / "nope.hdr");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("nope.hdr"), std::string::npos) << missing.error().message;

    std::ofstream(dir / "text.hdr") << "this is not an image";
    auto text = asset::load_hdr(dir / "text.hdr");
    ASSERT_FALSE(text.ok());
    EXPECT_NE(text.error().message.find("text.hdr: not a Radiance .hdr"), std::string::npos) << text.error().message;

    ASSERT_TRUE(asset::write_hdr(dir / "square.hdr", scene::make_uniform_environment(glm::vec3(1.0f), 16)).ok());
    asset::HdrImage square = scene::make_uniform_environment(glm::vec3(1.0f), 16);
    square.height = 16;
    square.rgb.resize(16 * 16 * 3, 1.0f);
    ASSERT_TRUE(asset::write_hdr(dir / "square.hdr", square).ok());
    auto wrong = asset::load_hdr(dir / "square.hdr");
    ASSERT_FALSE(wrong.ok());
    EXPECT_NE(wrong.error().message.find("square.hdr: 16x16 is not an equirectangular panorama"), std::string::npos)
        << wrong.error().message;

    // Truncated: the header survives, the pixels do not.
    const asset::HdrImage studio = scene::make_studio_environment(64);
    auto bytes = asset::encode_hdr(studio);
    ASSERT_TRUE(bytes.ok());
    std::ofstream(dir / "cut.hdr", std::ios::binary).write(reinterpret_cast<const char*>(bytes->data()), 80);
    auto cut = asset::load_hdr(dir / "cut.hdr");
    ASSERT_FALSE(cut.ok());
    EXPECT_NE(cut.error().message.find("cut.hdr"), std::string::npos);
    fs::remove_all(dir);
}

TEST(HdrImage, StudioIsNeutralNormalisedAndSurvivesTheFileFormat) {
    const asset::HdrImage studio = scene::make_studio_environment(256);
    EXPECT_NEAR(scene::mean_radiance(studio).r, 1.0f, 1e-3f);
    for (size_t i = 0; i < studio.rgb.size(); i += 3) {
        ASSERT_EQ(studio.rgb[i], studio.rgb[i + 1]);
        ASSERT_EQ(studio.rgb[i], studio.rgb[i + 2]);
    }
    // The key softbox (upper camera-right, front) is the brightest region; the floor is darker than the walls.
    const glm::vec3 key = glm::normalize(glm::vec3(0.45f, 0.55f, 0.7f));
    const float u = std::atan2(key.x, -key.z) / (2.0f * 3.14159265f) + 0.5f, v = std::acos(key.y) / 3.14159265f;
    EXPECT_GT(studio.at(uint32_t(u * 256), uint32_t(v * 128)).r, 5.0f);
    EXPECT_LT(studio.at(10, 120).r, studio.at(10, 60).r);
    const fs::path dir = temp_folder("hdr-roundtrip");
    ASSERT_TRUE(asset::write_hdr(dir / "studio.hdr", studio).ok());
    auto back = asset::load_hdr(dir / "studio.hdr");
    ASSERT_TRUE(back.ok()) << back.error().message;
    ASSERT_EQ(back->width, 256u);
    for (size_t i = 0; i < studio.rgb.size(); ++i)
        ASSERT_NEAR(back->rgb[i], studio.rgb[i], studio.rgb[i] / 64.0f + 1e-6f) << "RGBE keeps 8 bits of mantissa";
    fs::remove_all(dir);
}

TEST_F(GpuTest, BakedEnvironmentsComeBackFromTheDiskCacheUnchanged) {
    const fs::path cache = temp_folder("ibl-cache");
    auto baker = view::IblBaker::create(device());
    ASSERT_TRUE(baker.ok()) << baker.error().message;
    const asset::HdrImage studio = scene::make_studio_environment(128);
    view::BakeStats first, second, third;
    auto a = baker->bake(studio, cache, &first);
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_FALSE(first.from_cache);
    EXPECT_TRUE(first.cache_written);
    auto b = baker->bake(studio, cache, &second);
    ASSERT_TRUE(b.ok()) << b.error().message;
    EXPECT_TRUE(second.from_cache);
    std::printf("  bake %.1f ms, from the disk cache %.1f ms\n", first.milliseconds, second.milliseconds);
    auto pixels_a = render::read_image(device(), a->specular, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
    auto pixels_b = render::read_image(device(), b->specular, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
    ASSERT_TRUE(pixels_a.ok() && pixels_b.ok());
    EXPECT_TRUE(*pixels_a == *pixels_b);
    EXPECT_EQ(0, std::memcmp(a->sh.data(), b->sh.data(), sizeof a->sh));
    // The SH of the normalised studio: its DC term is the mean radiance (1) times Y00 / Y00.
    EXPECT_NEAR(a->sh[0].r * 0.282095f, 1.0f, 0.03f);

    // Corrupt one payload byte: the file is ignored (baked again) and rewritten.
    ASSERT_EQ(std::distance(fs::directory_iterator(cache), fs::directory_iterator{}), 1);
    const fs::path file = fs::directory_iterator(cache)->path();
    {
        std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(-100, std::ios::end);
        f.put('\x7f');
    }
    auto c = baker->bake(studio, cache, &third);
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_FALSE(third.from_cache);
    EXPECT_TRUE(third.cache_written);
    view::BakeStats fourth;
    ASSERT_TRUE(baker->bake(studio, cache, &fourth).ok());
    EXPECT_TRUE(fourth.from_cache);
    fs::remove_all(cache);
}
