// Untrusted model files (issue 16): confinement to the model's folder, limits checked before
// allocation, the import child process (crash, hang, memory), the binary form and the model cache.
// Every malformed file is written by the test itself.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "asset/confined_folder.h"
#include "asset/gltf_precheck.h"
#include "asset/importer.h"
#include "asset/model_cache.h"
#include "asset/model_codec.h"
#include "asset/model_loader.h"
#include "core/file_io.h"
#include "mini_glb.h"
#include "shared_assets.h"

namespace fs = std::filesystem;
using namespace twinshoot;
using namespace twinshoot::asset;
using twinshoot::test::reference_asset;
using twinshoot::test::write_bytes;

namespace {

// A fresh folder per test: <tmp>/<name>/{outside.txt, model/...}.
class Untrusted : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_root = fs::temp_directory_path() / ("twinshoot-untrusted-" + std::to_string(::getpid()) + "-" + info->name());
        fs::remove_all(m_root);
        fs::create_directories(m_root / "model");
        write_text(m_root / "secret.txt", "outside the model's folder");
    }
    void TearDown() override { fs::remove_all(m_root); }

    static void write_text(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }
    fs::path model_dir() const { return m_root / "model"; }

    // CesiumMan as .gltf + .bin + .jpg in model/, its JSON changed by `edit`; returns the .gltf path.
    fs::path cesium_gltf(const std::function<void(nlohmann::json&)>& edit = {}) {
        const fs::path src = reference_asset("humans/CesiumMan/glTF");
        fs::copy_file(src / "CesiumMan0.bin", model_dir() / "CesiumMan0.bin", fs::copy_options::overwrite_existing);
        fs::copy_file(src / "CesiumMan.jpg", model_dir() / "CesiumMan.jpg", fs::copy_options::overwrite_existing);
        std::ifstream in(src / "CesiumMan.gltf");
        nlohmann::json doc = nlohmann::json::parse(in);
        if (edit) edit(doc);
        const fs::path out = model_dir() / "man.gltf";
        write_text(out, doc.dump());
        return out;
    }

    fs::path m_root;
};

void expect_error(const Result<Model>& r, const std::string& part, const std::string& file) {
    ASSERT_FALSE(r.ok()) << "expected an error containing '" << part << "'";
    EXPECT_NE(r.error().message.find(part), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find(file), std::string::npos) << "names the file: " << r.error().message;
}

LoadOptions no_cache() {
    LoadOptions o;
    o.cache.reset();
    return o;
}

}  // namespace

TEST_F(Untrusted, ConfinedFolderReadsInsideAndRefusesEveryWayOut) {
    write_text(model_dir() / "inside.txt", "ok");
    fs::create_directories(model_dir() / "sub");
    fs::create_symlink("../inside.txt", model_dir() / "sub" / "link-inside.txt");
    fs::create_symlink(m_root / "secret.txt", model_dir() / "link-out.txt");
    fs::create_directory_symlink(m_root, model_dir() / "dir-out");
    ASSERT_EQ(::mkfifo((model_dir() / "fifo").c_str(), 0600), 0);
    auto folder = ConfinedFolder::open(model_dir() / "m.gltf");
    ASSERT_TRUE(folder.ok());

    EXPECT_TRUE(folder->read("inside.txt", 100).ok());
    EXPECT_TRUE(folder->read("sub\\..\\inside.txt", 100).ok()) << "backslashes and a .. that stays inside";
    EXPECT_TRUE(folder->read("sub/link-inside.txt", 100).ok()) << "a symlink that stays inside";
    for (const char* out : {"/etc/passwd", "../secret.txt", "sub/../../secret.txt", "link-out.txt", "dir-out/secret.txt",
                            "C:\\Users\\someone\\secret.txt", "file:///etc/passwd"}) {
        auto r = folder->read(out, 1 << 20);
        ASSERT_FALSE(r.ok()) << out;
        EXPECT_EQ(r.error().code, ErrorCode::Invalid) << out << ": " << r.error().message;
        EXPECT_NE(r.error().message.find("outside the model's folder"), std::string::npos) << r.error().message;
        EXPECT_NE(r.error().message.find(out), std::string::npos) << "names the reference: " << r.error().message;
    }
    auto fifo = folder->read("fifo", 100);  // must not block
    ASSERT_FALSE(fifo.ok());
    EXPECT_NE(fifo.error().message.find("not a regular file"), std::string::npos);
    auto big = folder->read("inside.txt", 1);
    ASSERT_FALSE(big.ok());
    EXPECT_EQ(big.error().code, ErrorCode::Unsupported);
    EXPECT_EQ(folder->files_read().size(), 2u) << "inside.txt once, sub/link-inside.txt once";
}

TEST_F(Untrusted, GltfReferencesOutsideTheFolderAreRefusedNamingTheUri) {
    TS_REQUIRE_SHARED_ASSETS();
    fs::create_symlink(m_root / "secret.txt", model_dir() / "link.jpg");
    const std::vector<std::pair<std::string, std::function<void(nlohmann::json&)>>> cases = {
        {"/etc/shadow", [](nlohmann::json& d) { d["images"][0]["uri"] = "/etc/shadow"; }},
        {"../../../../etc/passwd", [](nlohmann::json& d) { d["buffers"][0]["uri"] = "../../../../etc/passwd"; }},
        {"../secret.txt", [](nlohmann::json& d) { d["images"][0]["uri"] = "../secret.txt"; }},
        {"link.jpg", [](nlohmann::json& d) { d["images"][0]["uri"] = "link.jpg"; }},
    };
    for (const auto& [uri, edit] : cases) {
        const fs::path file = cesium_gltf(edit);
        auto in_process = import_model(file);
        expect_error(in_process, "refused reference '" + uri + "'", file.string());
        auto isolated = load_model(file, no_cache());
        expect_error(isolated, "refused reference '" + uri + "'", file.string());
    }
    // Data URIs stay allowed: the buffer inlined as base64 imports.
    auto inlined = cesium_gltf([](nlohmann::json& d) {
        d["images"][0]["uri"] = "CesiumMan.jpg";
        d["buffers"][0].erase("uri");
    });
    EXPECT_FALSE(import_model(inlined).ok()) << "a buffer without a uri in a .gltf has no data";
}

TEST_F(Untrusted, ObjMtllibAndMapsOutsideAreRefusedAbsoluteAuthorPathsLookInsideOnly) {
    write_text(m_root / "evil.mtl", "newmtl m\nKd 1 0 0\n");
    const std::string tri = "v 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nvt 1 0\nvt 0 1\n";
    write_text(model_dir() / "a.obj", "mtllib ../evil.mtl\n" + tri + "usemtl m\nf 1/1 2/2 3/3\n");
    expect_error(import_model(model_dir() / "a.obj"), "refused reference", (model_dir() / "a.obj").string());

    write_text(model_dir() / "b.mtl", "newmtl m\nmap_Kd ../secret.txt\n");
    write_text(model_dir() / "b.obj", "mtllib b.mtl\n" + tri + "usemtl m\nf 1/1 2/2 3/3\n");
    expect_error(import_model(model_dir() / "b.obj"), "refused reference '../secret.txt'", (model_dir() / "b.obj").string());

    // An absolute path from the author's machine: only its base name is looked up inside the folder.
    write_text(model_dir() / "c.mtl", "newmtl m\nmap_Kd " + (m_root / "red.png").string() + "\n");
    write_text(model_dir() / "c.obj", "mtllib c.mtl\n" + tri + "usemtl m\nf 1/1 2/2 3/3\n");
    write_bytes(m_root / "red.png", test::make_quad_glb());  // outside: must never be opened
    auto c = import_model(model_dir() / "c.obj");
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_TRUE(c->images.empty());
    ASSERT_FALSE(c->warnings.empty());
    EXPECT_NE(c->warnings[0].find("not found beside the model"), std::string::npos) << c->warnings[0];
}

TEST_F(Untrusted, DeepNestingAndLyingLengthsAreErrorsBeforeAllocation) {
    TS_REQUIRE_SHARED_ASSETS();
    write_text(model_dir() / "deep.gltf", "{\"asset\":{\"version\":\"2.0\"},\"extras\":" + std::string(40000, '[') +
                                              std::string(40000, ']') + "}");
    expect_error(import_model(model_dir() / "deep.gltf"), "nests deeper than 64", "deep.gltf");
    expect_error(load_model(model_dir() / "deep.gltf", no_cache()), "nests deeper than 64", "deep.gltf");

    struct Case {
        const char* what;
        std::function<void(nlohmann::json&)> edit;
    };
    const std::vector<Case> cases = {
        {"over the limit", [](nlohmann::json& d) { d["accessors"][0]["count"] = 4000000000u; }},
        {"declares", [](nlohmann::json& d) { d["buffers"][0]["byteLength"] = 1u << 29; }},
        {"run past the end of buffer", [](nlohmann::json& d) { d["bufferViews"][0]["byteOffset"] = 1u << 28; }},
        {"elements from byte", [](nlohmann::json& d) { d["accessors"][1]["count"] = d["accessors"][1]["count"].get<int>() * 8; }},
        {"past the end of $.accessors", [](nlohmann::json& d) { d["meshes"][0]["primitives"][0]["indices"] = 100000; }},
        {"has two parents", [](nlohmann::json& d) { d["nodes"][0]["children"].push_back(d["nodes"][0]["children"][0]); }},
        {"over the limit", [](nlohmann::json& d) { d["skins"][0]["joints"] = nlohmann::json::array(); for (int i = 0; i < 70000; ++i) d["skins"][0]["joints"].push_back(0); }},
    };
    for (const auto& c : cases) {
        const fs::path file = cesium_gltf(c.edit);
        expect_error(import_model(file), c.what, file.string());
    }

    // A texture whose header claims 20000 x 10000 texels is refused from the header alone.
    std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                                0, 0, 0x4e, 0x20, 0, 0, 0x27, 0x10, 8, 6, 0, 0, 0, 0, 0, 0, 0};
    write_bytes(model_dir() / "huge.png", png);
    const fs::path file = cesium_gltf([](nlohmann::json& d) { d["images"][0]["uri"] = "huge.png"; });
    expect_error(import_model(file), "image size 20000x10000 is out of range", "huge.png");
}

TEST_F(Untrusted, GlbTruncatedAtEveryChunkBoundaryIsACleanError) {
    TS_REQUIRE_SHARED_ASSETS();
    auto bytes = read_file(reference_asset("humans/CesiumMan/glTF-Binary/CesiumMan.glb"));
    ASSERT_TRUE(bytes.ok());
    const auto le32 = [&](size_t at) { return uint32_t((*bytes)[at]) | uint32_t((*bytes)[at + 1]) << 8 | uint32_t((*bytes)[at + 2]) << 16 | uint32_t((*bytes)[at + 3]) << 24; };
    std::vector<size_t> cuts = {1, 4, 8, 11, 12, 16, 19, 20};
    for (size_t at = 12; at + 8 <= bytes->size();) {
        const size_t end = at + 8 + le32(at);
        for (size_t c : {at + 4, at + 8, at + 9, (at + 8 + end) / 2, end - 1}) cuts.push_back(c);
        at = end;
    }
    for (size_t cut : cuts) {
        ASSERT_LT(cut, bytes->size());
        const fs::path file = model_dir() / ("cut" + std::to_string(cut) + ".glb");
        write_bytes(file, std::vector<uint8_t>(bytes->begin(), bytes->begin() + long(cut)));
        expect_error(import_model(file), "", file.string());
    }
    // Lying lengths: the header's total and the JSON chunk's length made larger than the file.
    for (size_t field : {size_t(8), size_t(12)}) {
        auto lie = *bytes;
        lie[field + 3] = 0x7f;
        const fs::path file = model_dir() / ("lie" + std::to_string(field) + ".glb");
        write_bytes(file, lie);
        expect_error(import_model(file), "", file.string());
    }
}

TEST_F(Untrusted, TheImporterCrashingHangingOrRunningOutOfMemoryIsOneErrorNamingTheFile) {
    TS_REQUIRE_SHARED_ASSETS();
    // Assimp's FBX parser recurses once per nested scope: this crashes it (SIGSEGV) in-process.
    std::string fbx = "; FBX 7.4.0 project file\nFBXHeaderExtension:  {\n";
    for (int i = 0; i < 200000; ++i) fbx += "A: {\n";
    fbx += std::string(200000, '}') + "}\n";
    write_text(model_dir() / "deep.fbx", fbx);
    expect_error(load_model(model_dir() / "deep.fbx", no_cache()), "the importer crashed (", "deep.fbx");

    const fs::path michelle = reference_asset("humans/Michelle_mixamo/Michelle.glb");
    LoadOptions slow = no_cache();
    slow.isolation.wall_seconds = 0.02;
    expect_error(load_model(michelle, slow), "the importer timed out after 0.02 s on", "Michelle.glb");

#if !defined(__SANITIZE_ADDRESS__)
    LoadOptions small = no_cache();
    small.isolation.address_space_bytes = 32ull << 20;
    auto r = load_model(michelle, small);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().message.find("ran out of memory") != std::string::npos ||
                r.error().message.find("crashed") != std::string::npos)
        << r.error().message;
    EXPECT_NE(r.error().message.find("Michelle.glb"), std::string::npos);
#endif
    // And the process that asked carries on: the next import works.
    auto ok = load_model(michelle, no_cache());
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    EXPECT_EQ(ok->triangle_count(), 28106u);
}

TEST_F(Untrusted, AMissingHelperIsAnEnvironmentErrorNamingIt) {
    write_bytes(model_dir() / "quad.glb", test::make_quad_glb());
    ::setenv("TWINSHOOT_IMPORTER", "/nonexistent/twinshoot-import", 1);
    auto r = load_model(model_dir() / "quad.glb", no_cache());
    ::unsetenv("TWINSHOOT_IMPORTER");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Io);
    EXPECT_NE(r.error().message.find("/nonexistent/twinshoot-import"), std::string::npos) << r.error().message;
}

TEST_F(Untrusted, TheBinaryFormRoundTripsAndRefusesCorruption) {
    TS_REQUIRE_SHARED_ASSETS();
    auto model = import_model(reference_asset("humans/CesiumMan/glTF/CesiumMan.gltf"));
    ASSERT_TRUE(model.ok());
    const auto bytes = encode_model(*model);
    auto back = decode_model(bytes, "t");
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(encode_model(*back), bytes) << "decode(encode(m)) encodes to the same bytes";
    EXPECT_EQ(back->triangle_count(), model->triangle_count());
    EXPECT_EQ(back->skeleton.joints.size(), model->skeleton.joints.size());
    EXPECT_EQ(back->clips.size(), model->clips.size());
    EXPECT_EQ(back->dependencies, (std::vector<std::string>{"CesiumMan0.bin", "CesiumMan.jpg"}));

    for (size_t at : {size_t(0), size_t(9), size_t(20), size_t(26), size_t(30), size_t(40), bytes.size() / 2, bytes.size() - 1}) {
        auto bad = bytes;
        bad[at] ^= 0x40;
        EXPECT_FALSE(decode_model(bad, "t").ok()) << "flipped byte " << at;
    }
    for (size_t cut : {size_t(0), kModelCodecHeaderBytes - 1, kModelCodecHeaderBytes, bytes.size() / 3, bytes.size() - 1})
        EXPECT_FALSE(decode_model(std::span(bytes).first(cut), "t").ok()) << "cut at " << cut;
}

TEST_F(Untrusted, TheCacheServesTheSameModelAndNoticesChangedDependencies) {
    TS_REQUIRE_SHARED_ASSETS();
    const fs::path file = cesium_gltf();
    LoadOptions options;
    options.cache = m_root / "cache";
    LoadStats first, second, third, fourth;
    auto a = load_model(file, options, &first);
    ASSERT_TRUE(a.ok()) << a.error().message;
    EXPECT_FALSE(first.from_cache);
    EXPECT_TRUE(first.cache_written);
    auto b = load_model(file, options, &second);
    ASSERT_TRUE(b.ok());
    EXPECT_TRUE(second.from_cache);
    EXPECT_EQ(encode_model(*a), encode_model(*b));

    // The texture beside it changes: the entry no longer matches and the model is imported again.
    fs::copy_file(reference_asset("humans/male02_obj/male-02-1noCulling.JPG"), model_dir() / "CesiumMan.jpg",
                  fs::copy_options::overwrite_existing);
    auto c = load_model(file, options, &third);
    ASSERT_TRUE(c.ok());
    EXPECT_FALSE(third.from_cache);
    EXPECT_NE(c->images[0].width * 10000 + c->images[0].height, a->images[0].width * 10000 + a->images[0].height);

    // A corrupt entry is a miss, rewritten; never an error.
    for (const auto& entry : fs::directory_iterator(m_root / "cache" / "models")) {
        auto bytes = read_file(entry.path());
        (*bytes)[bytes->size() / 2] ^= 1;
        write_bytes(entry.path(), *bytes);
    }
    auto d = load_model(file, options, &fourth);
    ASSERT_TRUE(d.ok());
    EXPECT_FALSE(fourth.from_cache);
    EXPECT_TRUE(fourth.cache_written);
}

// PLY scans: the header is read strictly before Assimp sees the file (its PLY reader loops on a
// garbled header: found by model_import_fuzz), and its counts must fit the limits and the bytes.
TEST_F(Untrusted, PlyHeadersAreCheckedStrictlyBeforeTheImport) {
    const std::string good_header = "ply\nformat binary_little_endian 1.0\nelement vertex 3\nproperty float x\n"
                                    "property float y\nproperty float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n";
    std::string good = good_header;
    const float v[9] = {0, 0, 0, 1, 0, 0, 0, 1, 0};
    good.append(reinterpret_cast<const char*>(v), sizeof v);
    const char face[13] = {3, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0};
    good.append(face, sizeof face);
    write_text(model_dir() / "good.ply", good);
    auto ok = load_model(model_dir() / "good.ply", no_cache());
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ(ok->triangle_count(), 1u);

    struct Case {
        const char* name;
        std::string bytes;
        const char* reason;
    };
    std::string garbled = "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\npro";
    garbled += std::string(40, '\0') + "pertyface 1\nproperty list uchar int vertex_indices\n\xa4nd_headend_header 0 0\n0 1 0\n3 0 1 2\n";
    std::string lying = good_header;
    lying.replace(lying.find("vertex 3"), 8, "vertex 3000000");
    const Case cases[] = {
        {"garbled.ply", garbled, "not printable"},
        {"lying.ply", lying, "truncated or lying"},
        {"huge.ply", "ply\nformat ascii 1.0\nelement vertex 99999999999\nproperty float x\nend_header\n", "limit"},
        {"unended.ply", "ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\n", "not ended"},
        {"unknown.ply", "ply\nformat ascii 1.0\nelephant 3\nend_header\n", "unknown PLY header line"},
        {"noformat.ply", "ply\nelement vertex 0\nend_header\n", "no format"},
        {"shortfaces.ply", good.substr(0, good.size() - 5), "cut short"},
        {"badindex.ply", good.substr(0, good.size() - 4) + std::string("\x07\0\0\0", 4), "names vertex 7 of 3"},
        {"asciibad.ply", "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
                         "element face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 0 0\n0 1 0\n3 0 1 9\n",
         "names vertex 9 of 3"},
    };
    for (const Case& c : cases) {
        write_text(model_dir() / c.name, c.bytes);
        expect_error(load_model(model_dir() / c.name, no_cache()), c.reason, c.name);
    }
}

// A skin without inverseBindMatrices is valid glTF, but Assimp 5.2 dereferences the missing
// accessor (a crash found by model_import_fuzz): refused by the precheck with the reason.
TEST_F(Untrusted, ASkinWithoutInverseBindMatricesIsRefusedNotCrashedOn) {
    TS_REQUIRE_SHARED_ASSETS();
    const fs::path gltf = cesium_gltf([](nlohmann::json& doc) { doc["skins"][0].erase("inverseBindMatrices"); });
    expect_error(load_model(gltf, no_cache()), "inverseBindMatrices: missing", "man.gltf");
}
