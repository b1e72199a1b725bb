// Import tests: facts about the reference assets (triangle counts from each SOURCE.txt, textures,
// materials) and the error path for broken files.
#include <gtest/gtest.h>

#include <cstring>

#include <filesystem>
#include <random>
#include <set>

#include "asset/importer.h"
#include "asset/png_chunks.h"
#include "asset/png_writer.h"
#include "asset/texture_decode.h"
#include "core/file_io.h"
#include "mini_glb.h"
#include "shared_assets.h"
#include "temp_folder.h"

namespace fs = std::filesystem;
using namespace twinshoot;
using namespace twinshoot::asset;
using twinshoot::test::reference_asset;

namespace {

Model load(const std::string& relative) {
    auto model = import_model(reference_asset(relative));
    EXPECT_TRUE(model.ok()) << (model ? "" : model.error().message);
    return model ? std::move(model).value() : Model{};
}

// Materials referenced by meshes (Assimp's glTF importer appends an unused "DefaultMaterial").
size_t used_materials(const Model& m) {
    std::set<uint32_t> used;
    for (const auto& mesh : m.meshes) used.insert(mesh.material);
    return used.size();
}

size_t count_images_used(const Model& m, TextureSlot Material::*slot) {
    size_t n = 0;
    for (const auto& mat : m.materials) n += (mat.*slot).present();
    return n;
}

fs::path temp_path(const std::string& name) {
    static const fs::path dir = test::temp_folder("import");
    return dir / name;
}

void expect_sane(const Model& m) {
    ASSERT_FALSE(m.meshes.empty());
    ASSERT_FALSE(m.instances.empty());
    for (const auto& mesh : m.meshes) {
        ASSERT_EQ(mesh.indices.size() % 3, 0u);
        for (uint32_t i : mesh.indices) ASSERT_LT(i, mesh.vertices.size());
        for (const auto& v : mesh.vertices) ASSERT_NEAR(glm::length(v.normal), 1.0f, 1e-3f);
        ASSERT_LT(mesh.material, m.materials.size());
    }
    for (const auto& image : m.images) ASSERT_EQ(image.pixels.size(), size_t(image.width) * image.height * 4);
    EXPECT_TRUE(m.bounds().valid());
}

}  // namespace

TEST(ImportReference, CesiumManGlb) {
    TS_REQUIRE_SHARED_ASSETS();
    Model m = load("humans/CesiumMan/glTF-Binary/CesiumMan.glb");
    expect_sane(m);
    EXPECT_EQ(m.triangle_count(), 4672u);
    EXPECT_EQ(m.meshes.size(), 1u);
    ASSERT_EQ(m.images.size(), 1u) << "one embedded base-colour texture";
    EXPECT_TRUE(m.materials[m.meshes[0].material].base_color_texture.present());
    EXPECT_GT(m.images[0].width, 0u);
    EXPECT_TRUE(m.meshes[0].has_uvs);
    // Bind pose of a 1.8 m-ish figure standing up the Y axis.
    const Aabb b = m.bounds();
    EXPECT_GT(b.extent().y, b.extent().x);
    EXPECT_GT(b.extent().y, b.extent().z);
}

TEST(ImportReference, CesiumManGltfReadsExternalBufferAndTexture) {
    TS_REQUIRE_SHARED_ASSETS();
    Model m = load("humans/CesiumMan/glTF/CesiumMan.gltf");
    expect_sane(m);
    EXPECT_EQ(m.triangle_count(), 4672u);
    ASSERT_EQ(m.images.size(), 1u);
    EXPECT_NE(m.image_names[0].find(".jpg"), std::string::npos) << m.image_names[0];
    EXPECT_TRUE(m.warnings.empty());
}

TEST(ImportReference, RiggedFigureIsUntextured) {
    TS_REQUIRE_SHARED_ASSETS();
    Model m = load("humans/RiggedFigure/glTF-Binary/RiggedFigure.glb");
    expect_sane(m);
    EXPECT_EQ(m.triangle_count(), 256u);
    EXPECT_TRUE(m.images.empty());
}

TEST(ImportReference, MichelleMixamo) {
    TS_REQUIRE_SHARED_ASSETS();
    Model m = load("humans/Michelle_mixamo/Michelle.glb");
    expect_sane(m);
    EXPECT_EQ(m.triangle_count(), 28106u);
    EXPECT_GE(count_images_used(m, &Material::base_color_texture), 1u);
    // Centimetre rig with a 0.01 armature scale: the bind pose must come out about 1.6-1.9 m tall.
    EXPECT_GT(m.bounds().extent().y, 1.4f);
    EXPECT_LT(m.bounds().extent().y, 2.0f);
}

TEST(ImportReference, XbotHasTwoUntexturedMeshes) {
    TS_REQUIRE_SHARED_ASSETS();
    Model m = load("humans/Xbot_mixamo/Xbot.glb");
    expect_sane(m);
    EXPECT_EQ(m.triangle_count(), 49112u);
    EXPECT_EQ(m.meshes.size(), 2u);
    EXPECT_TRUE(m.images.empty());
}

TEST(ImportReference, SambaDancingFbx) {
    TS_REQUIRE_SHARED_ASSETS();
    Model m = load("humans/SambaDancing_fbx/Samba Dancing.fbx");
    expect_sane(m);
    EXPECT_EQ(m.triangle_count(), 55320u) << "Alpha_Surface 34,480 + Alpha_Joints 20,840";
    EXPECT_EQ(m.meshes.size(), 2u);
    EXPECT_GT(m.bounds().extent().y, m.bounds().extent().z) << "stands up the Y axis in bind pose";
}

TEST(ImportReference, LeePerrySmithExternalJpegs) {
    TS_REQUIRE_SHARED_ASSETS();
    Model m = load("humans/LeePerrySmith_headscan/LeePerrySmith.glb");
    expect_sane(m);
    EXPECT_EQ(m.triangle_count(), 17684u);
    EXPECT_EQ(used_materials(m), 1u);
}

TEST(ImportReference, MakeHumanObjGetsGeneratedNormals) {
    TS_REQUIRE_SHARED_ASSETS();
    Model m = load("humans/MakeHuman_base_obj/base.obj");
    expect_sane(m);
    EXPECT_EQ(m.triangle_count(), 36972u);
    EXPECT_EQ(m.vertex_count() > 0, true);
    for (const auto& mesh : m.meshes) EXPECT_TRUE(mesh.normals_generated) << mesh.name;
    EXPECT_NEAR(m.bounds().extent().y, 17.0f, 1.5f) << "decimetres, about 17 units tall";
}

TEST(ImportReference, Male02ObjResolvesUpperCaseJpegs) {
    TS_REQUIRE_SHARED_ASSETS();
    Model m = load("humans/male02_obj/male02.obj");
    expect_sane(m);
    EXPECT_EQ(m.triangle_count(), 5004u);
    EXPECT_FALSE(m.images.empty());
    EXPECT_TRUE(m.warnings.empty()) << m.warnings.front();
    EXPECT_NEAR(m.bounds().extent().y, 183.0f, 10.0f) << "centimetres";
}

TEST(ImportReference, DamagedHelmetHasAllFiveTextureSlots) {
    TS_REQUIRE_SHARED_ASSETS();
    Model m = load("pbr/DamagedHelmet/glTF-Binary/DamagedHelmet.glb");
    expect_sane(m);
    EXPECT_EQ(m.triangle_count(), 15452u);
    ASSERT_EQ(used_materials(m), 1u);
    const Material& mat = m.materials[m.meshes[0].material];
    EXPECT_TRUE(mat.base_color_texture.present());
    EXPECT_TRUE(mat.metallic_roughness_texture.present());
    EXPECT_TRUE(mat.normal_texture.present());
    EXPECT_TRUE(mat.occlusion_texture.present());
    EXPECT_TRUE(mat.emissive_texture.present());
    EXPECT_EQ(m.images.size(), 5u);
    EXPECT_GT(mat.emissive.r, 0.5f) << "emissive factor";
}

TEST(ImportReference, NormalTangentMirrorTestKeepsSuppliedTangents) {
    TS_REQUIRE_SHARED_ASSETS();
    Model m = load("pbr/NormalTangentMirrorTest/glTF-Binary/NormalTangentMirrorTest.glb");
    expect_sane(m);
    EXPECT_EQ(m.triangle_count(), 5240u);
    ASSERT_EQ(m.meshes.size(), 1u);
    EXPECT_TRUE(m.meshes[0].has_tangents);
    EXPECT_TRUE(m.materials[m.meshes[0].material].normal_texture.present());
    bool mirrored = false;  // the model's point: some UV islands are mirrored (w = -1)
    for (const auto& v : m.meshes[0].vertices) mirrored |= v.tangent.w < 0.0f;
    EXPECT_TRUE(mirrored);
}

TEST(ImportReference, TextureSettingsTestWrapModes) {
    TS_REQUIRE_SHARED_ASSETS();
    Model m = load("pbr/TextureSettingsTest/glTF-Binary/TextureSettingsTest.glb");
    expect_sane(m);
    EXPECT_EQ(m.triangle_count(), 72u);
    EXPECT_EQ(m.images.size(), 3u);
    bool clamp = false, mirror = false, double_sided = false;
    for (const auto& mat : m.materials) {
        clamp |= mat.base_color_texture.wrap_u == WrapMode::ClampToEdge;
        mirror |= mat.base_color_texture.wrap_u == WrapMode::MirroredRepeat;
        double_sided |= mat.double_sided;
    }
    EXPECT_TRUE(clamp);
    EXPECT_TRUE(mirror);
    EXPECT_TRUE(double_sided);
}

TEST(ImportReference, AlphaBlendModeTestAlphaModes) {
    TS_REQUIRE_SHARED_ASSETS();
    Model m = load("pbr/AlphaBlendModeTest/glTF-Binary/AlphaBlendModeTest.glb");
    expect_sane(m);
    EXPECT_EQ(m.triangle_count(), 61u);
    bool mask = false, blend = false;
    for (const auto& mat : m.materials) {
        mask |= mat.alpha_mode == AlphaMode::Mask;
        blend |= mat.alpha_mode == AlphaMode::Blend;
    }
    EXPECT_TRUE(mask);
    EXPECT_TRUE(blend);
}

TEST(ImportReference, GarmentObjs) {
    TS_REQUIRE_SHARED_ASSETS();
    Model m = load("garments/MakeHuman_female_casualsuit01/female_casualsuit01.obj");
    expect_sane(m);
    EXPECT_EQ(m.triangle_count(), 4236u);
}

TEST(ImportReference, EveryReferenceModelImports) {
    TS_REQUIRE_SHARED_ASSETS();
    size_t count = 0;
    for (const char* folder : {"humans", "garments", "pbr"}) {
        for (const auto& entry : fs::recursive_directory_iterator(reference_asset(folder))) {
            if (!entry.is_regular_file() || !is_supported_model_extension(entry.path())) continue;
            auto model = import_model(entry.path());
            ASSERT_TRUE(model.ok()) << model.error().message;
            expect_sane(*model);
            ++count;
        }
    }
    EXPECT_GE(count, 19u);
}

TEST(ImportErrors, MissingFile) {
    auto r = import_model("/nonexistent/twin.glb");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Io);
    EXPECT_NE(r.error().message.find("/nonexistent/twin.glb: file not found"), std::string::npos);
}

TEST(ImportErrors, UnknownExtension) {
    const fs::path p = temp_path("model.xyz");
    twinshoot::test::write_bytes(p, {1, 2, 3});
    auto r = import_model(p);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Unsupported);
    EXPECT_NE(r.error().message.find("unsupported model extension '.xyz'"), std::string::npos);
}

TEST(ImportErrors, EveryTruncationOfAGlbFailsCleanly) {
    // meshoptimizer's habit: try every truncated size; each must be an error, never a crash.
    const auto glb = twinshoot::test::make_quad_glb();
    const fs::path p = temp_path("truncated.glb");
    for (size_t size = 1; size < glb.size(); size += (size < 64 ? 1 : 7)) {
        twinshoot::test::write_bytes(p, std::vector<uint8_t>(glb.begin(), glb.begin() + long(size)));
        auto r = import_model(p);
        ASSERT_FALSE(r.ok()) << "truncated to " << size << " bytes was accepted";
        EXPECT_NE(r.error().message.find(p.string()), std::string::npos);
    }
}

TEST(ImportErrors, GarbageWithAModelExtension) {
    std::vector<uint8_t> junk(4096);
    for (size_t i = 0; i < junk.size(); ++i) junk[i] = uint8_t((i * 2654435761u) >> 13);
    for (const char* name : {"junk.glb", "junk.gltf", "junk.fbx", "junk.obj"}) {
        const fs::path p = temp_path(name);
        twinshoot::test::write_bytes(p, junk);
        auto r = import_model(p);
        ASSERT_FALSE(r.ok()) << name << " was accepted";
        EXPECT_NE(r.error().message.find(name), std::string::npos) << r.error().message;
    }
}

// Files that parse but hold nothing to draw say so in our words, not the importer's internals
// (before: "Validation failed: aiScene::mNumMeshes is 0. At least one mesh must be there", and
// "Validation failed: Mesh  contains no faces").
TEST(ImportErrors, AFileWithoutTrianglesSaysSo) {
    const std::pair<const char*, const char*> files[] = {{"points.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\n"},
                                                         {"no-groups.obj", "solid x\nendsolid\n"},
                                                         {"comment.obj", "# nothing\n"}};
    for (const auto& [name, text] : files) {
        const fs::path p = temp_path(name);
        twinshoot::test::write_bytes(p, std::vector<uint8_t>(text, text + std::strlen(text)));
        auto r = import_model(p);
        ASSERT_FALSE(r.ok()) << name << " was accepted";
        EXPECT_NE(r.error().message.find(name), std::string::npos) << r.error().message;
        EXPECT_NE(r.error().message.find("contains no triangle meshes"), std::string::npos) << r.error().message;
    }
}

TEST(ImportGenerated, MinimalGlbImportsWithGeneratedNormals) {
    const fs::path p = temp_path("quad.glb");
    twinshoot::test::write_bytes(p, twinshoot::test::make_quad_glb({0.2f, 0.4f, 0.6f, 1.0f}));
    auto r = import_model(p);
    ASSERT_TRUE(r.ok()) << r.error().message;
    expect_sane(*r);
    EXPECT_EQ(r->triangle_count(), 2u);
    ASSERT_EQ(r->meshes.size(), 1u);
    EXPECT_TRUE(r->meshes[0].normals_generated);
    EXPECT_NEAR(std::abs(r->meshes[0].vertices[0].normal.z), 1.0f, 1e-4f);
    EXPECT_NEAR(r->materials[0].base_color.b, 0.6f, 1e-5f);
    EXPECT_NEAR(r->materials[0].roughness, 0.5f, 1e-5f);
}

TEST(Png, EncodeDecodeRoundTrip) {
    ImageRgba8 image{3, 2, {}};
    for (int i = 0; i < 24; ++i) image.pixels.push_back(uint8_t(i * 10));
    auto png = encode_png(image);
    ASSERT_TRUE(png.ok());
    auto back = decode_image(*png, "round trip");
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->width, 3u);
    EXPECT_EQ(back->pixels, image.pixels);
}

TEST(Png, LargeSmoothAndNoisyImagesRoundTripExactlyAndSmallerThanRaw) {
    // A frame-sized image, smooth (a backdrop's gradient) above and noisy below, and odd sizes:
    // decoded pixels equal the encoded ones byte for byte; the file is a well-formed PNG (chunk
    // CRCs checked by decode and by the provenance reader) and far smaller than the raw pixels.
    std::mt19937 random(5);
    for (const auto& [w, h] : {std::pair<uint32_t, uint32_t>{1, 1}, {7, 3}, {1080, 1350}}) {
        ImageRgba8 image{w, h, std::vector<uint8_t>(size_t(w) * h * 4)};
        for (uint32_t y = 0; y < h; ++y)
            for (uint32_t x = 0; x < w; ++x) {
                uint8_t* p = &image.pixels[(size_t(y) * w + x) * 4];
                const bool noisy = y > h / 2;
                for (int c = 0; c < 3; ++c) p[c] = noisy ? uint8_t(random()) : uint8_t((x * (c + 1) + y) / 8);
                p[3] = noisy ? uint8_t(random()) : 255;
            }
        auto png = encode_png(image);
        ASSERT_TRUE(png.ok()) << png.error().message;
        auto back = decode_image(*png, "round trip");
        ASSERT_TRUE(back.ok()) << back.error().message;
        ASSERT_EQ(back->width, w);
        ASSERT_EQ(back->height, h);
        EXPECT_EQ(back->pixels, image.pixels) << w << "x" << h;
        auto text = read_itxt(*png, "round trip");
        EXPECT_TRUE(text.ok()) << "every chunk's CRC holds";
        if (w == 1080) {
            EXPECT_LT(png->size(), image.pixels.size() * 3 / 4);
        }
    }
}
