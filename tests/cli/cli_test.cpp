// Runs the real `twinshoot` binary. Each bad input must give one clear line naming the file and the
// reason, exit code 2, and leave no output file (and no temporary file) behind.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "asset/gltf_writer.h"
#include "asset/model_loader.h"
#include "asset/texture_decode.h"
#include "geometry/body_frame.h"
#include "geometry/normalise.h"
#include "scene/pose_file.h"
#include "core/file_io.h"
#include "mini_glb.h"
#include "shared_assets.h"

namespace fs = std::filesystem;
using namespace twinshoot;

namespace {

struct CliRun {
    int exit_code = -1;
    std::string out;
    std::string err;
};

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

class Cli : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() /
                ("twinshoot-cli-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir / "out");
    }
    void TearDown() override { fs::remove_all(m_dir); }

    CliRun run(const std::vector<std::string>& args) {
        std::string command = quote(TWINSHOOT_CLI);
        for (const auto& a : args) {
            command += ' ';
            command += quote(a);
        }
        command += " >" + quote((m_dir / "stdout").string()) + " 2>" + quote((m_dir / "stderr").string());
        const int status = std::system(command.c_str());
        CliRun r;
        r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        auto slurp = [](const fs::path& p) {
            std::ifstream in(p);
            std::stringstream ss;
            ss << in.rdbuf();
            return ss.str();
        };
        r.out = slurp(m_dir / "stdout");
        r.err = slurp(m_dir / "stderr");
        return r;
    }

    // The shared expectations of every bad-input case.
    void expect_rejected(const CliRun& r, const std::string& file, const std::string& reason) {
        EXPECT_EQ(r.exit_code, 2) << r.err;
        EXPECT_NE(r.err.find("twinshoot: error: "), std::string::npos) << r.err;
        EXPECT_NE(r.err.find(file), std::string::npos) << "error must name " << file << ": " << r.err;
        EXPECT_NE(r.err.find(reason), std::string::npos) << "error must say '" << reason << "': " << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
        EXPECT_TRUE(fs::is_empty(m_dir / "out")) << "nothing may be written on failure";
    }

    // The demo trust store and a request the demo licences grant (Demo Brand, social, France).
    // ...recording into a ledger of the test's own (never the user's).
    std::vector<std::string> licensed(std::vector<std::string> args) {
        args.push_back("--ledger");
        args.push_back((m_dir / "ledger.sqlite").string());
        for (const char* a : {"--brand", "Demo Brand", "--use", "social", "--territory", "FR", "--poses"}) args.push_back(a);
        args.push_back(source("assets/poses"));
        args.push_back("--trust");
        args.push_back(source("assets/trust"));
        return args;
    }
    static std::string source(const char* relative) { return (fs::path(TWINSHOOT_SOURCE_DIR) / relative).string(); }
    CliRun generate(const fs::path& out) { return run({"generate-demo-assets", "-o", out.string(), "--source", source("assets")}); }

    fs::path m_dir;
};

}  // namespace

TEST_F(Cli, HelpAndVersion) {
    CliRun help = run({"--help"});
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.out.find("render"), std::string::npos);
    EXPECT_NE(help.out.find("devices"), std::string::npos);
    CliRun version = run({"--version"});
    EXPECT_EQ(version.exit_code, 0);
    EXPECT_NE(version.out.find("twinshoot 0."), std::string::npos);
}

TEST_F(Cli, DevicesListsAndMarksTheChoice) {
    CliRun r = run({"devices"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("* 0: "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Vulkan 1.3"), std::string::npos) << r.out;
}

TEST_F(Cli, RendersAGeneratedModelAndPrintsTheDevice) {
    const fs::path model = m_dir / "quad.glb";
    test::write_bytes(model, test::make_quad_glb());
    const fs::path png = m_dir / "out" / "quad.png";
    CliRun r = run({"render", model.string(), "-o", png.string(), "--size", "64x80", "--validation"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("device 0: "), std::string::npos) << "the chosen device is printed: " << r.err;
    EXPECT_EQ(r.err.find("validation error"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("validation warning"), std::string::npos) << r.err;
    auto bytes = read_file(png);
    ASSERT_TRUE(bytes.ok());
    auto image = asset::decode_image(*bytes, png.string());
    ASSERT_TRUE(image.ok());
    EXPECT_EQ(image->width, 64u);
    EXPECT_EQ(image->height, 80u);
    EXPECT_EQ(std::distance(fs::directory_iterator(m_dir / "out"), fs::directory_iterator()), 1)
        << "no temporary file left beside the output";
}

// --lights / --env / --ev100 / --tone-map: bad values are refused before the GPU opens, naming the
// option or the file; good ones render (an .hdr file, the ACES tone mapper, another rig).
TEST_F(Cli, LookOptionsAreCheckedAndRender) {
    const fs::path model = m_dir / "quad.glb";
    test::write_bytes(model, test::make_quad_glb());
    const fs::path png = m_dir / "out" / "quad.png";
    CliRun missing = run({"render", model.string(), "-o", png.string(), "--env", (m_dir / "loft.hdr").string()});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("loft.hdr: file not found"), std::string::npos) << missing.err;
    CliRun not_hdr = run({"render", model.string(), "-o", png.string(), "--env", model.string()});
    EXPECT_EQ(not_hdr.exit_code, 2);
    EXPECT_NE(not_hdr.err.find("quad.glb: not a Radiance .hdr"), std::string::npos) << not_hdr.err;
    CliRun mapper = run({"render", model.string(), "-o", png.string(), "--tone-map", "filmic"});
    EXPECT_EQ(mapper.exit_code, 2);
    EXPECT_NE(mapper.err.find("unknown tone mapping \"filmic\""), std::string::npos) << mapper.err;
    EXPECT_FALSE(fs::exists(png));
    const fs::path hdr = fs::path(TWINSHOOT_DEMO_ASSETS) / "environments" / "studio-neutral.hdr";
    CliRun ok = run({"render", model.string(), "-o", png.string(), "--size", "32x32", "--validation", "--env",
                     hdr.string(), "--lights", "rim", "--tone-map", "aces", "--ev100", "9"});
    ASSERT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_EQ(ok.err.find("validation error"), std::string::npos) << ok.err;
    EXPECT_EQ(ok.err.find("validation warning"), std::string::npos) << ok.err;
    EXPECT_TRUE(fs::exists(png));
}

TEST_F(Cli, DeviceOverrideIsHonouredAndChecked) {
    const fs::path model = m_dir / "quad.glb";
    test::write_bytes(model, test::make_quad_glb());
    CliRun ok = run({"render", model.string(), "-o", (m_dir / "out" / "q.png").string(), "--size", "32x32",
                     "--device", "0"});
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_NE(ok.err.find("device 0: "), std::string::npos) << ok.err;
    CliRun bad = run({"render", model.string(), "-o", (m_dir / "out" / "r.png").string(), "--device", "9"});
    EXPECT_EQ(bad.exit_code, 2) << bad.err;
    EXPECT_NE(bad.err.find("device 9 does not exist"), std::string::npos) << bad.err;
    EXPECT_FALSE(fs::exists(m_dir / "out" / "r.png"));
}

TEST_F(Cli, RunsFromAnyWorkingDirectory) {
    // Shaders are embedded: no file beside the binary or in the working directory is needed.
    const fs::path model = m_dir / "quad.glb";
    test::write_bytes(model, test::make_quad_glb());
    const std::string command = "cd / && " + quote(TWINSHOOT_CLI) + " render " + quote(model.string()) + " -o " +
                                quote((m_dir / "out" / "q.png").string()) + " --size 32x32 -q";
    EXPECT_EQ(std::system(command.c_str()), 0);
    EXPECT_TRUE(fs::exists(m_dir / "out" / "q.png"));
}

// Columns of the image with any figure pixel in them (a light background: every channel >= 200).
int covered_columns(const asset::ImageRgba8& img) {
    int n = 0;
    for (uint32_t x = 0; x < img.width; ++x) {
        bool any = false;
        for (uint32_t y = 0; y < img.height && !any; ++y) any = img.at(x, y)[0] < 200;
        n += any;
    }
    return n;
}

TEST_F(Cli, PoseChangesTheSilhouette) {
    TS_REQUIRE_SHARED_ASSETS();
    const std::string model = test::reference_asset("humans/Michelle_mixamo/Michelle.glb").string();
    const std::string poses = (fs::path(TWINSHOOT_SOURCE_DIR) / "assets" / "poses").string();
    const fs::path rest = m_dir / "out" / "rest.png", raised = m_dir / "out" / "raised.png";
    ASSERT_EQ(run({"render", model, "-o", rest.string(), "--size", "120x150", "-q"}).exit_code, 0);
    CliRun r = run({"render", model, "-o", raised.string(), "--size", "120x150", "-q", "--pose", "arms-raised",
                    "--poses", poses});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto a = asset::decode_image(*read_file(rest), "rest");
    auto b = asset::decode_image(*read_file(raised), "raised");
    ASSERT_TRUE(a.ok() && b.ok());
    // T-pose: wide and short in frame; arms raised: narrow and tall. Compare the covered columns.
    EXPECT_LT(covered_columns(*b), covered_columns(*a) * 0.7) << "raised arms narrow the silhouette";
}

// --yaw and --pitch turn the camera round a bare model as round a twin (scene::turned_direction):
// Michelle's T-pose seen from her side is a narrow figure, from the front a wide one.
TEST_F(Cli, AModelIsSeenFromTheSideWithYaw) {
    TS_REQUIRE_SHARED_ASSETS();
    const std::string model = test::reference_asset("humans/Michelle_mixamo/Michelle.glb").string();
    const fs::path front = m_dir / "out" / "front.png", side = m_dir / "out" / "side.png";
    ASSERT_EQ(run({"render", model, "-o", front.string(), "--size", "120x150", "-q"}).exit_code, 0);
    CliRun r = run({"render", model, "-o", side.string(), "--size", "120x150", "-q", "--yaw", "90", "--pitch", "10"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto a = asset::decode_image(*read_file(front), "front");
    auto b = asset::decode_image(*read_file(side), "side");
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_LT(covered_columns(*b), covered_columns(*a) / 2) << "from the side her spread arms are seen end on";
    fs::remove(front);
    fs::remove(side);
    const fs::path bad = m_dir / "out" / "bad.png";
    expect_rejected(run({"render", model, "-o", bad.string(), "--yaw", "200"}), "--yaw", "not in range");
    expect_rejected(run({"render", model, "-o", bad.string(), "--framing", "close-up"}), "--framing", "need --twin");
    EXPECT_FALSE(fs::exists(bad));
}

// A seated pose sits the figure on a seat, drawn as a stool under it: the bare-model path draws it
// as twin shots do (studio::add_seat), in the colour --seat gives, or not at all. Xbot is orange and
// grey: only the stool can be green.
TEST_F(Cli, ASeatedModelSitsOnAStoolThatCanBeRecolouredOrLeftOut) {
    TS_REQUIRE_SHARED_ASSETS();
    const std::string model = test::reference_asset("humans/Xbot_mixamo/Xbot.glb").string();
    const std::string poses = (fs::path(TWINSHOOT_SOURCE_DIR) / "assets" / "poses").string();
    auto green_pixels = [&](const std::string& name, const std::vector<std::string>& seat) -> long {
        const fs::path png = m_dir / "out" / (name + ".png");
        std::vector<std::string> args = {"render", model, "-o", png.string(), "--size", "120x150", "-q", "--pose", "seated",
                                         "--poses", poses, "--yaw", "50"};
        args.insert(args.end(), seat.begin(), seat.end());
        const CliRun r = run(args);
        if (r.exit_code != 0) {
            ADD_FAILURE() << name << ": " << r.err;
            return -1;
        }
        const auto img = asset::decode_image(*read_file(png), png.string());
        if (!img) return -1;
        long n = 0;
        for (uint32_t y = 0; y < img->height; ++y)
            for (uint32_t x = 0; x < img->width; ++x) {
                const uint8_t* p = img->at(x, y);
                n += p[1] > p[0] + 50 && p[1] > p[2] + 50;
            }
        return n;
    };
    EXPECT_GT(green_pixels("green", {"--seat", "stool #20C020"}), 120 * 150 / 50) << "a green stool under the figure";
    EXPECT_EQ(green_pixels("none", {"--seat", "none"}), 0) << "no stool";
    EXPECT_EQ(green_pixels("default", {}), 0) << "the default stool is grey";
    fs::remove_all(m_dir / "out");
    fs::create_directories(m_dir / "out");
    const fs::path bad = m_dir / "out" / "chair.png";
    expect_rejected(run({"render", model, "-o", bad.string(), "--pose", "seated", "--poses", poses, "--seat", "chair"}),
                    "--seat", "stool #RRGGBB");
    EXPECT_FALSE(fs::exists(bad));
}

TEST_F(Cli, PoseErrors) {
    const fs::path model = m_dir / "quad.glb";
    test::write_bytes(model, test::make_quad_glb());
    expect_rejected(run({"render", model.string(), "-o", (m_dir / "out" / "x.png").string(), "--pose", "seated"}),
                    model.string(), "cannot pose a model without a skeleton");
    TS_REQUIRE_SHARED_ASSETS();
    const std::string rigged = test::reference_asset("humans/Xbot_mixamo/Xbot.glb").string();
    const fs::path bad_pose = m_dir / "bad.json";
    { std::ofstream(bad_pose) << R"({"name": "x", "bones": {"left_wing": {"euler_deg": [0,0,0]}}})"; }
    expect_rejected(run({"render", rigged, "-o", (m_dir / "out" / "x.png").string(), "--pose", bad_pose.string()}),
                    bad_pose.string(), "$.bones.left_wing: unknown canonical bone");
    expect_rejected(run({"render", rigged, "-o", (m_dir / "out" / "x.png").string(), "--pose", "moonwalk", "--poses",
                         (fs::path(TWINSHOOT_SOURCE_DIR) / "assets" / "poses").string()}),
                    "poses", "no pose named \"moonwalk\"");
}

TEST_F(Cli, GeneratesDemoTwinsThatRenderAsPackages) {
    CliRun gen = generate(m_dir / "gen");
    ASSERT_EQ(gen.exit_code, 0) << gen.err;
    for (const char* id : {"demo-ava", "demo-noah"}) {
        const fs::path twin = m_dir / "gen" / "twins" / id;
        EXPECT_TRUE(fs::exists(twin / "twin.json"));
        EXPECT_TRUE(fs::exists(twin / (std::string(id) + ".glb")));
        const fs::path png = m_dir / "out" / (std::string(id) + ".png");
        CliRun r = run(licensed({"render", "--twin", twin.string(), "-o", png.string(), "--size", "90x112", "--pose", "hands-on-hips"}));
        ASSERT_EQ(r.exit_code, 0) << r.err;
        auto image = asset::decode_image(*read_file(png), png.string());
        ASSERT_TRUE(image.ok());
        EXPECT_EQ(image->width, 90u);
    }
    // A broken package: the error names twin.json and the JSON path, and nothing is written.
    fs::remove_all(m_dir / "out");
    fs::create_directories(m_dir / "out");
    const fs::path broken = m_dir / "gen" / "twins" / "demo-ava";
    { std::ofstream(broken / "twin.json") << R"({"id": "demo-ava", "display_name": "Ava", "avatar": "missing.glb", "licence": "licence.json"})"; }
    expect_rejected(run(licensed({"render", "--twin", broken.string(), "-o", (m_dir / "out" / "x.png").string()})),
                    (broken / "twin.json").string(), "$.avatar: file not found");
}

TEST_F(Cli, DressedTwinShowsTheGarmentColourWhereTheGarmentIs) {
    ASSERT_EQ(generate(m_dir / "gen").exit_code, 0);
    const fs::path gen = m_dir / "gen";
    const fs::path bare = m_dir / "out" / "bare.png", dressed = m_dir / "out" / "dressed.png";
    // 240x300: big enough that the licence's disclosure label (at least 14 px, bottom left) leaves the
    // figure's middle clear.
    ASSERT_EQ(run(licensed({"render", "--twin", (gen / "twins" / "demo-ava").string(), "-o", bare.string(), "--size", "240x300"})).exit_code, 0);
    CliRun r = run(licensed({"render", "--twin", (gen / "twins" / "demo-ava").string(), "--garment",
                             (gen / "garments" / "ava-slip-dress").string() + ":red", "-o", dressed.string(), "--size", "240x300"}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto a = asset::decode_image(*read_file(bare), "bare");
    auto b = asset::decode_image(*read_file(dressed), "dressed");
    ASSERT_TRUE(a.ok() && b.ok());
    // The dress covers the belly: the middle of the figure turns red; the head stays mannequin white.
    const uint8_t* belly = b->at(120, 150);
    EXPECT_GT(belly[0], belly[1] + 50) << "red dress at the belly";
    const uint8_t* bare_belly = a->at(120, 150);
    EXPECT_LT(std::abs(int(bare_belly[0]) - int(bare_belly[1])), 20) << "undressed belly is neutral";
    const uint8_t* head = b->at(120, 24);
    EXPECT_LT(std::abs(int(head[0]) - int(head[1])), 20) << "head stays neutral";

    CliRun fit = run({"fit", "--twin", (gen / "twins" / "demo-ava").string(), "--garment",
                      (gen / "garments" / "ava-slip-dress").string(), "--pose", "walking", "--poses",
                      (fs::path(TWINSHOOT_SOURCE_DIR) / "assets" / "poses").string(), "--json"});
    ASSERT_EQ(fit.exit_code, 0) << fit.err;
    const auto fitted = nlohmann::json::parse(fit.out)["garments"][0];
    EXPECT_EQ(fitted["id"], "ava-slip-dress") << fit.out;
    EXPECT_LT(fitted["inside_after"].get<double>(), 0.005) << fit.out;

    fs::remove_all(m_dir / "out");
    fs::create_directories(m_dir / "out");
    expect_rejected(run(licensed({"render", "--twin", (gen / "twins" / "demo-ava").string(), "--garment",
                                  (gen / "garments" / "ava-slip-dress").string() + ":tartan", "-o", (m_dir / "out" / "x.png").string()})),
                    "garment.json", "no colourway \"tartan\"");
}

TEST_F(Cli, RenderNeedsExactlyOneSubject) {
    CliRun r = run({"render", "-o", (m_dir / "out" / "x.png").string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("MODEL file or --twin DIR"), std::string::npos) << r.err;
}

TEST_F(Cli, MissingModelFile) {
    const fs::path missing = m_dir / "no-such-twin.glb";
    expect_rejected(run({"render", missing.string(), "-o", (m_dir / "out" / "x.png").string()}), missing.string(),
                    "file not found");
}

TEST_F(Cli, CorruptModelFile) {
    const fs::path corrupt = m_dir / "corrupt.glb";
    std::vector<uint8_t> junk(2048);
    for (size_t i = 0; i < junk.size(); ++i) junk[i] = uint8_t(i * 131 + 7);
    test::write_bytes(corrupt, junk);
    CliRun r = run({"render", corrupt.string(), "-o", (m_dir / "out" / "x.png").string()});
    expect_rejected(r, corrupt.string(), "corrupt.glb: ");
}

TEST_F(Cli, TruncatedModelFile) {
    const auto glb = test::make_quad_glb();
    const fs::path truncated = m_dir / "truncated.glb";
    test::write_bytes(truncated, std::vector<uint8_t>(glb.begin(), glb.begin() + long(glb.size() / 2)));
    expect_rejected(run({"render", truncated.string(), "-o", (m_dir / "out" / "x.png").string()}),
                    truncated.string(), "truncated.glb: ");
}

TEST_F(Cli, TruncatedReferenceModel) {
    TS_REQUIRE_SHARED_ASSETS();
    auto bytes = read_file(test::reference_asset("humans/CesiumMan/glTF-Binary/CesiumMan.glb"));
    ASSERT_TRUE(bytes.ok());
    const fs::path truncated = m_dir / "CesiumMan-cut.glb";
    test::write_bytes(truncated, std::vector<uint8_t>(bytes->begin(), bytes->begin() + long(bytes->size() * 2 / 3)));
    expect_rejected(run({"render", truncated.string(), "-o", (m_dir / "out" / "x.png").string()}),
                    truncated.string(), "CesiumMan-cut.glb: ");
}

TEST_F(Cli, UnknownExtension) {
    const fs::path odd = m_dir / "twin.xyz";
    test::write_bytes(odd, {1, 2, 3});
    expect_rejected(run({"render", odd.string(), "-o", (m_dir / "out" / "x.png").string()}), odd.string(),
                    "unsupported model extension '.xyz'");
}

TEST_F(Cli, UnwritableOutput) {
    const fs::path model = m_dir / "quad.glb";
    test::write_bytes(model, test::make_quad_glb());
    { std::ofstream(m_dir / "out" / "a-file") << "x"; }
    const fs::path output = m_dir / "out" / "a-file" / "render.png";  // parent is a file: even root cannot
    CliRun r = run({"render", model.string(), "-o", output.string()});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find(output.string()), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("cannot write"), std::string::npos) << r.err;
    EXPECT_EQ(std::distance(fs::directory_iterator(m_dir / "out"), fs::directory_iterator()), 1);
}

TEST_F(Cli, BadSizeArgument) {
    const fs::path model = m_dir / "quad.glb";
    test::write_bytes(model, test::make_quad_glb());
    expect_rejected(run({"render", model.string(), "-o", (m_dir / "out" / "x.png").string(), "--size", "0x10"}),
                    "--size '0x10'", "16..8192");
}

namespace {

TEST_F(Cli, ATwinsAvatarCannotBeRenderedAsABareModel) {
    ASSERT_EQ(generate(m_dir / "gen").exit_code, 0);
    const fs::path avatar = m_dir / "gen" / "twins" / "demo-ava" / "demo-ava.glb";
    CliRun r = run({"render", avatar.string(), "-o", (m_dir / "out" / "x.png").string(), "--size", "64x80"});
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.err.find("is the avatar of twin 'demo-ava'"), std::string::npos) << r.err;
    // A copy outside its package still carries the twin marker.
    const fs::path copy = m_dir / "innocent.glb";
    fs::copy_file(avatar, copy);
    r = run({"render", copy.string(), "-o", (m_dir / "out" / "x.png").string(), "--size", "64x80"});
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_TRUE(fs::is_empty(m_dir / "out"));
}

TEST_F(Cli, CheckPrintsTheDecisionWithEveryReason) {
    ASSERT_EQ(generate(m_dir / "gen").exit_code, 0);
    const fs::path twins = m_dir / "gen" / "twins", garments = m_dir / "gen" / "garments";
    CliRun ok = run(licensed({"check", "--twin", (twins / "demo-ava").string(), "--garment", (garments / "ava-tee").string(),
                              "--pose", "walking"}));
    EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
    EXPECT_NE(ok.out.find("granted by licence L-DEMO-AVA-0001 P1: fee 120.00 EUR per image"), std::string::npos) << ok.out;

    CliRun no = run(licensed({"check", "--twin", (twins / "demo-noah").string(), "--garment", (garments / "noah-swimwear").string(),
                              "--pose", "arms-raised"}));
    EXPECT_EQ(no.exit_code, 3) << no.out << no.err;
    for (const char* reason : {"§prohibitions.garment_categories", "§prohibitions.pose_tags", "§prohibitions.joint_limits[0]"})
        EXPECT_NE(no.out.find(reason), std::string::npos) << reason << " missing from:\n" << no.out;

    std::vector<std::string> ooh = licensed({"check", "--twin", (twins / "demo-noah").string()});
    ooh[std::find(ooh.begin(), ooh.end(), "social") - ooh.begin()] = "ooh";
    CliRun billboard = run(ooh);
    EXPECT_EQ(billboard.exit_code, 3);
    EXPECT_NE(billboard.out.find("does not cover use 'ooh'"), std::string::npos) << billboard.out;

    CliRun expired = run(licensed({"check", "--twin", (twins / "demo-ava").string(), "--licence",
                                   (twins / "demo-ava" / "licence-expired.json").string()}));
    EXPECT_EQ(expired.exit_code, 3);
    EXPECT_NE(expired.out.find("expired on 2025-12-31"), std::string::npos) << expired.out;
    CliRun revoked = run(licensed({"check", "--twin", (twins / "demo-noah").string(), "--licence",
                                   (twins / "demo-noah" / "licence-revoked.json").string()}));
    EXPECT_EQ(revoked.exit_code, 3);
    EXPECT_NE(revoked.out.find("was revoked by demo-agency on 2026-03-01"), std::string::npos) << revoked.out;

    // render --twin refuses the same way, and writes nothing.
    CliRun render = run(licensed({"render", "--twin", (twins / "demo-noah").string(), "--pose", "lying", "-o",
                                  (m_dir / "out" / "x.png").string(), "--size", "64x80"}));
    EXPECT_EQ(render.exit_code, 3) << render.err;
    EXPECT_NE(render.err.find("pose 'lying' is tagged 'lying'"), std::string::npos) << render.err;
    EXPECT_TRUE(fs::is_empty(m_dir / "out"));
}

TEST_F(Cli, LicenceKeygenSignVerifyShowRevoke) {
    const fs::path trust = m_dir / "trust";
    fs::create_directories(trust);
    CliRun keygen = run({"licence", "keygen", (m_dir / "agency").string(), "--owner", "demo-agency"});
    ASSERT_EQ(keygen.exit_code, 0) << keygen.err;
    EXPECT_EQ(fs::status(m_dir / "agency.secret").permissions() & fs::perms::others_read, fs::perms::none);
    fs::copy_file(m_dir / "agency.pub", trust / "agency.pub");
    EXPECT_EQ(run({"licence", "keygen", (m_dir / "agency").string(), "--owner", "demo-agency"}).exit_code, 2) << "never overwrites";

    const fs::path licence = m_dir / "licence.json";
    fs::copy_file(source("assets/licences/demo-ava.json"), licence);
    CliRun unsigned_verify = run({"licence", "verify", licence.string(), "--trust", trust.string(), "--date", "2026-06-01"});
    EXPECT_EQ(unsigned_verify.exit_code, 3);
    EXPECT_NE(unsigned_verify.out.find("is not signed"), std::string::npos) << unsigned_verify.out;

    CliRun sign = run({"licence", "sign", licence.string(), "--key", (m_dir / "agency.secret").string()});
    ASSERT_EQ(sign.exit_code, 0) << sign.err;
    CliRun verify = run({"licence", "verify", licence.string(), "--trust", trust.string(), "--date", "2026-06-01"});
    EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
    EXPECT_NE(verify.out.find("valid on 2026-06-01"), std::string::npos) << verify.out;

    CliRun show = run({"licence", "show", licence.string()});
    EXPECT_EQ(show.exit_code, 0);
    for (const char* text : {"L-DEMO-AVA-0001", "Demo Brand", "120.00 EUR per image", "2026-01-01 to 2028-12-31", "Signed by:"})
        EXPECT_NE(show.out.find(text), std::string::npos) << text << " missing from:\n" << show.out;

    // One byte changed after signing: the fee 120.00 becomes 100.00.
    std::string text;
    {
        std::ifstream in(licence);
        text.assign(std::istreambuf_iterator<char>(in), {});
    }
    const fs::path tampered = m_dir / "tampered.json";
    std::string edited = text;
    edited[edited.find("120.00") + 1] = '0';
    std::ofstream(tampered) << edited;
    CliRun bad = run({"licence", "verify", tampered.string(), "--trust", trust.string(), "--date", "2026-06-01"});
    EXPECT_EQ(bad.exit_code, 3);
    EXPECT_NE(bad.out.find("changed after demo-agency signed it"), std::string::npos) << bad.out;

    CliRun revoke = run({"licence", "revoke", "--key", (m_dir / "agency.secret").string(), "--trust", trust.string(), "--licence",
                         "L-DEMO-AVA-0001", "--date", "2026-05-01", "--reason", "test"});
    ASSERT_EQ(revoke.exit_code, 0) << revoke.err;
    CliRun after = run({"licence", "verify", licence.string(), "--trust", trust.string(), "--date", "2026-06-01"});
    EXPECT_EQ(after.exit_code, 3);
    EXPECT_NE(after.out.find("was revoked by demo-agency on 2026-05-01"), std::string::npos) << after.out;

    // Malformed licence files are bad input naming the file and the JSON path.
    const fs::path broken = m_dir / "broken.json";
    std::ofstream(broken) << R"({"licence": {"schema": "twinshoot-licence/1", "id": 42}})";
    CliRun malformed = run({"licence", "show", broken.string()});
    EXPECT_EQ(malformed.exit_code, 2);
    EXPECT_NE(malformed.err.find(broken.string() + ": $.licence.id: expected a non-empty string"), std::string::npos) << malformed.err;
}

}  // namespace

// Issue 16: model files from strangers. Each is written here; each must be refused with exit 2, one
// line naming the file and the reason, nothing written, and no file outside its folder read.
TEST_F(Cli, HostileModelFilesAreRefusedWithoutACrashOrAReadOutsideTheirFolder) {
    TS_REQUIRE_SHARED_ASSETS();
    const fs::path dir = m_dir / "from-a-stranger";
    fs::create_directories(dir);
    const fs::path cesium = test::reference_asset("humans/CesiumMan/glTF");
    fs::copy_file(cesium / "CesiumMan0.bin", dir / "CesiumMan0.bin");
    fs::copy_file(cesium / "CesiumMan.jpg", dir / "CesiumMan.jpg");
    std::string gltf;
    {
        std::ifstream in(cesium / "CesiumMan.gltf");
        std::stringstream ss;
        ss << in.rdbuf();
        gltf = ss.str();
    }
    auto with = [&](const std::string& from, const std::string& to) {
        std::string s = gltf;
        const size_t at = s.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        return s.replace(at, from.size(), to);
    };
    auto write = [&](const std::string& name, const std::string& text) {
        std::ofstream(dir / name, std::ios::binary) << text;
        return dir / name;
    };
    fs::create_symlink(m_dir / "stdout", dir / "escape.jpg");

    struct Case {
        fs::path file;
        std::string reason;
    };
    std::string fbx = "; FBX 7.4.0 project file\nFBXHeaderExtension:  {\n";
    for (int i = 0; i < 200000; ++i) fbx += "A: {\n";
    fbx += std::string(200001, '}');
    const std::vector<Case> cases = {
        {write("deep.gltf", "{\"asset\":{\"version\":\"2.0\"},\"x\":" + std::string(30000, '[') + std::string(30000, ']') + "}"),
         "JSON nests deeper than 64 levels"},
        {write("shadow.gltf", with("\"uri\": \"CesiumMan.jpg\"", "\"uri\": \"/etc/shadow\"")),
         "refused reference '/etc/shadow'"},
        {write("passwd.gltf", with("\"uri\": \"CesiumMan0.bin\"", "\"uri\": \"../../../../etc/passwd\"")),
         "refused reference '../../../../etc/passwd'"},
        {write("symlink.gltf", with("\"uri\": \"CesiumMan.jpg\"", "\"uri\": \"escape.jpg\"")),
         "refused reference 'escape.jpg'"},
        {write("lying.gltf", with("\"byteLength\": 253500", "\"byteLength\": 1253500")), "only 253500 are there"},
        {write("deep.fbx", fbx), "the importer crashed ("},
    };
    // The same files through every command that imports a model: render, twin import (a scan), and
    // garment import (the garment; the body it was draped on is a good one). A shoot, and the editor
    // judging an opened shoot, get the crashing FBX as a twin's avatar (ShootCli, EditorModel tests).
    // Nothing is written anywhere: not the output, not the model cache (a folder of the test's own),
    // not the stranger's folder.
    const std::string body = test::reference_asset("humans/MakeHuman_base_obj/base.obj").string();
    const fs::path cache = m_dir / "cache";
    const char* previous_cache = std::getenv("TWINSHOOT_CACHE_DIR");
    const std::string restore = previous_cache ? previous_cache : "";
    ::setenv("TWINSHOOT_CACHE_DIR", cache.c_str(), 1);
    auto listing = [&] {
        std::set<std::string> names;
        for (const auto& e : fs::recursive_directory_iterator(dir)) names.insert(e.path().string());
        return names;
    };
    const std::set<std::string> before = listing();
    for (const Case& c : cases) {
        SCOPED_TRACE(c.file.filename().string());
        expect_rejected(run({"render", c.file.string(), "-o", (m_dir / "out" / "x.png").string(), "--size", "64x80"}),
                        c.file.string(), c.reason);
        expect_rejected(run({"twin", "import", c.file.string(), "-o", (m_dir / "out" / "twin").string(), "--id", "stranger"}),
                        c.file.string(), c.reason);
        expect_rejected(run({"garment", "import", c.file.string(), "-o", (m_dir / "out" / "garment").string(), "--id",
                             "stranger-top", "--category", "top", "--draped-on", body}),
                        c.file.string(), c.reason);
        EXPECT_TRUE(!fs::exists(cache) || fs::is_empty(cache)) << "a refused model is not cached";
        EXPECT_EQ(listing(), before) << "nothing is written beside the stranger's files";
    }
    if (previous_cache) ::setenv("TWINSHOOT_CACHE_DIR", restore.c_str(), 1);
    else ::unsetenv("TWINSHOOT_CACHE_DIR");
}

// docs/onboarding.md end to end: an unrigged scan (MakeHuman's base body, decimetres) becomes a
// twin package, its skeleton is reviewed, the owner completes and signs the licence template, and
// the twin renders licensed, posed — arms raised narrows its silhouette against its A-pose rest.
TEST_F(Cli, AnUnriggedScanBecomesATwinThatIsLicensedAndPosed) {
    TS_REQUIRE_SHARED_ASSETS();
    const fs::path pkg = m_dir / "mh-twin";
    CliRun imported = run({"twin", "import", test::reference_asset("humans/MakeHuman_base_obj/base.obj").string(), "-o",
                           pkg.string(), "--id", "mh-twin", "--owner", "mh-model", "--json"});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    const auto report = nlohmann::json::parse(imported.out);
    EXPECT_EQ(report["units"], "dm");
    EXPECT_EQ(report["auto_rigged"], true);

    CliRun skeleton = run({"skeleton", (pkg / "mh-twin.glb").string(), "--json"});
    ASSERT_EQ(skeleton.exit_code, 0) << skeleton.err;
    const auto joints = nlohmann::json::parse(skeleton.out);
    EXPECT_NEAR(joints["height_m"].get<double>(), 1.67, 0.05);
    EXPECT_EQ(joints["joints"].size(), 22u);
    EXPECT_GT(joints["joints"]["left_hand"][0].get<double>(), 0.2) << "the figure's left is +X";
    EXPECT_LT(joints["joints"]["right_hand"][0].get<double>(), -0.2);
    EXPECT_GT(joints["joints"]["head"][1].get<double>(), joints["joints"]["neck"][1].get<double>());

    ASSERT_EQ(run({"licence", "keygen", (m_dir / "mh").string(), "--owner", "mh-model"}).exit_code, 0);
    fs::create_directories(m_dir / "trust");
    fs::copy_file(m_dir / "mh.pub", m_dir / "trust" / "mh.pub");
    {
        std::ifstream in(pkg / "licence.json");
        nlohmann::json doc = nlohmann::json::parse(in);
        auto& l = doc["licence"];
        l["licensees"] = {"Demo Brand"};
        l["valid_until"] = "2099-12-31";
        l["permissions"][0]["uses"] = {"social", "internal-preview"};
        l["permissions"][0]["brands"] = {"Demo Brand"};
        l["permissions"][0]["max_uses"] = 10;
        std::ofstream(pkg / "licence.json") << doc.dump(2);
    }
    CliRun signed_ = run({"licence", "sign", (pkg / "licence.json").string(), "--key", (m_dir / "mh.secret").string()});
    ASSERT_EQ(signed_.exit_code, 0) << signed_.err;

    auto render = [&](const std::string& pose, const fs::path& png) {
        std::vector<std::string> args = {"render", "--twin", pkg.string(), "-o", png.string(), "--size", "120x150", "-q",
                                         "--brand", "Demo Brand", "--use", "social", "--territory", "FR",
                                         "--trust", (m_dir / "trust").string(), "--ledger", (m_dir / "ledger.sqlite").string(),
                                         "--poses", source("assets/poses")};
        if (!pose.empty()) args.insert(args.end(), {"--pose", pose});
        return run(args);
    };
    const fs::path rest = m_dir / "out" / "rest.png", raised = m_dir / "out" / "raised.png";
    CliRun a = render("", rest);
    ASSERT_EQ(a.exit_code, 0) << a.err;
    CliRun b = render("arms-raised", raised);
    ASSERT_EQ(b.exit_code, 0) << b.err;
    auto ia = asset::decode_image(*read_file(rest), "rest");
    auto ib = asset::decode_image(*read_file(raised), "raised");
    ASSERT_TRUE(ia.ok() && ib.ok());
    // The figure's highest pixel (far from the backdrop's colour in the top-left corner): the head,
    // on the centre line, at rest; a hand, well off it, with the arms raised.
    auto top_offset = [](const asset::ImageRgba8& img) {
        const uint8_t* bg = img.at(0, 0);
        for (uint32_t y = 0; y < img.height; ++y)
            for (uint32_t x = 0; x < img.width; ++x) {
                const uint8_t* p = img.at(x, y);
                if (std::abs(int(p[0]) - bg[0]) + std::abs(int(p[1]) - bg[1]) + std::abs(int(p[2]) - bg[2]) > 60)
                    return std::abs(float(x) - 0.5f * float(img.width)) / float(img.width);
            }
        return -1.0f;
    };
    const float rest_top = top_offset(*ia), raised_top = top_offset(*ib);
    EXPECT_GE(rest_top, 0.0f) << "the twin is drawn";
    EXPECT_LT(rest_top, 0.05f) << "the head is the top at rest";
    EXPECT_GT(raised_top, 0.12f) << "a raised hand is the top";

    // A head scan is refused with the reason, exit 2, and no package.
    const fs::path head = m_dir / "out" / "lee";
    CliRun bad = run({"twin", "import", test::reference_asset("humans/LeePerrySmith_headscan/LeePerrySmith.glb").string(),
                      "-o", head.string(), "--id", "lee"});
    EXPECT_EQ(bad.exit_code, 2) << bad.err;
    EXPECT_NE(bad.err.find("LeePerrySmith.glb"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("standing person"), std::string::npos) << bad.err;
    EXPECT_FALSE(fs::exists(head));
}

// MakeHuman's garments were modelled on MakeHuman's base body: put in the twin's frame (the body
// frame the import found, applied to the garment), each one dressed on the auto-rigged base twin
// through every pose of the library keeps at most 0.5% of its vertices inside the body.
TEST_F(Cli, MakeHumanGarmentsFitTheAutoRiggedBaseBodyInEveryPose) {
    TS_REQUIRE_SHARED_ASSETS();
    const fs::path base = test::reference_asset("humans/MakeHuman_base_obj/base.obj");
    const fs::path pkg = m_dir / "mh-twin";
    CliRun imported = run({"twin", "import", base.string(), "-o", pkg.string(), "--id", "mh-twin"});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    auto body = asset::load_model(base);
    ASSERT_TRUE(body) << body.error().message;
    geometry::drop_helper_geometry(*body);
    auto frame = geometry::detect_body_frame(geometry::body_mesh_of(*body));
    ASSERT_TRUE(frame);
    auto library = scene::load_pose_library(source("assets/poses"));
    ASSERT_TRUE(library);
    for (const char* name : {"female_casualsuit01", "female_elegantsuit01", "male_casualsuit05", "male_elegantsuit01"}) {
        auto garment = asset::load_model(test::reference_asset(std::string("garments/MakeHuman_") + name + "/" + name + ".obj"));
        ASSERT_TRUE(garment) << garment.error().message;
        geometry::normalise_model(*garment, *frame);
        std::string id = name;
        std::replace(id.begin(), id.end(), '_', '-');
        const fs::path folder = m_dir / id;
        fs::create_directories(folder);
        ASSERT_TRUE(asset::write_glb(folder / "mesh.glb", *garment));
        std::ofstream(folder / "garment.json") << nlohmann::json{{"id", id}, {"name", name}, {"category", "top"}, {"mesh", "mesh.glb"},
                                                                 {"draped_on", "mh-twin"}, {"layer", 1},
                                                                 {"colourways", {{"grey", {{"base_color", "#808080"}}}}},
                                                                 {"default_colourway", "grey"}}.dump(2);
        for (const scene::Pose& pose : library->poses) {
            CliRun fit = run({"fit", "--twin", pkg.string(), "--garment", folder.string(), "--pose", pose.name, "--poses",
                              source("assets/poses"), "--json"});
            ASSERT_EQ(fit.exit_code, 0) << fit.err;
            const auto report = nlohmann::json::parse(fit.out);
            EXPECT_LE(report["garments"][0]["inside_after"].get<double>(), 0.005) << id << " in " << pose.name;
        }
    }
}

// render --twin takes a shoot file's look (240x300: at thumbnail sizes the disclosure label covers
// most of the image): a transparent cut-out has alpha 0 around the figure, a
// coloured background shows its colour, a close-up with a yaw frames the figure differently; bad
// values are one error each, exit 2, and no image.
TEST_F(Cli, TwinRendersTakeTheShootFilesLookOptions) {
    ASSERT_EQ(generate(m_dir / "gen").exit_code, 0);
    const std::string twin = (m_dir / "gen" / "twins" / "demo-ava").string();
    auto render = [&](const fs::path& png, std::vector<std::string> extra) {
        std::vector<std::string> args = {"render", "--twin", twin, "-o", png.string(), "--size", "240x300", "-q"};
        args.insert(args.end(), extra.begin(), extra.end());
        return run(licensed(args));
    };
    auto image = [](const fs::path& png) { return *asset::decode_image(*read_file(png), png.string()); };
    ASSERT_EQ(render(m_dir / "out" / "cut.png", {"--background", "transparent"}).exit_code, 0);
    EXPECT_EQ(image(m_dir / "out" / "cut.png").at(0, 0)[3], 0) << "a cut-out's corner is transparent";
    ASSERT_EQ(render(m_dir / "out" / "red.png", {"--background", "#C03020"}).exit_code, 0);
    const asset::ImageRgba8 red = image(m_dir / "out" / "red.png");  // kept: at() points into it
    const uint8_t* corner = red.at(0, 0);
    EXPECT_GT(int(corner[0]), int(corner[1]) + 60) << "the red background shows";
    ASSERT_EQ(render(m_dir / "out" / "full.png", {"--background", "transparent"}).exit_code, 0);
    ASSERT_EQ(render(m_dir / "out" / "close.png", {"--background", "transparent", "--framing", "close-up", "--yaw", "20"}).exit_code, 0);
    auto covered = [&](const fs::path& png) {  // opaque pixels above the disclosure label
        const auto img = image(png);
        size_t n = 0;
        for (uint32_t y = 0; y < img.height * 7 / 10; ++y)
            for (uint32_t x = 0; x < img.width; ++x) n += img.at(x, y)[3] > 128;
        return n;
    };
    const double full = double(covered(m_dir / "out" / "full.png")), close = double(covered(m_dir / "out" / "close.png"));
    EXPECT_GT(std::abs(close - full), 0.25 * full) << "the framing and yaw are applied";
    fs::remove_all(m_dir / "out");
    fs::create_directories(m_dir / "out");
    CliRun bad = render(m_dir / "out" / "bad.png", {"--background", "polka dots"});
    EXPECT_EQ(bad.exit_code, 2) << bad.err;
    EXPECT_NE(bad.err.find("--background"), std::string::npos) << bad.err;
    EXPECT_EQ(render(m_dir / "out" / "bad.png", {"--framing", "knees"}).exit_code, 2);
    EXPECT_EQ(render(m_dir / "out" / "bad.png", {"--pitch", "80"}).exit_code, 2);
    EXPECT_TRUE(fs::is_empty(m_dir / "out"));
    test::write_bytes(m_dir / "quad.glb", test::make_quad_glb());
    CliRun bare = run({"render", (m_dir / "quad.glb").string(), "-o", (m_dir / "out" / "m.png").string(), "--background", "transparent"});
    EXPECT_EQ(bare.exit_code, 2) << bare.err;
}

namespace {

// The wear rule is the engine's, so the CLI applies the editor's: a garment packaged without its
// draping body cannot go on another twin (it used to be drawn at the wrong size after minutes);
// `garment import` packages the body, after which the garment is transferred, fitted and rendered.
// The demo garments carry their mannequin, so each demo twin wears the other's garments.
// A garment that does not line up with the body it claims is refused, exit 2, nothing written.
TEST_F(Cli, GarmentsGoOnOtherTwinsOnlyThroughTheirDrapingBody) {
    TS_REQUIRE_SHARED_ASSETS();
    ASSERT_EQ(generate(m_dir / "gen").exit_code, 0);
    const std::string noah = (m_dir / "gen" / "twins" / "demo-noah").string();
    const fs::path png = m_dir / "out" / "x.png";
    // Ava's tee without its draping body: refused on Noah.
    const fs::path bodiless = m_dir / "bodiless-tee";
    fs::copy(m_dir / "gen" / "garments" / "ava-tee", bodiless);
    fs::remove(bodiless / "body.glb");
    {
        auto doc = nlohmann::json::parse(std::ifstream(bodiless / "garment.json"));
        ASSERT_TRUE(doc.contains("body"));
        doc.erase("body");
        std::ofstream(bodiless / "garment.json") << doc.dump(2);
    }
    CliRun refused = run(licensed({"render", "--twin", noah, "--garment", bodiless.string(), "-o", png.string(), "--size",
                                   "90x112", "-q"}));
    EXPECT_EQ(refused.exit_code, 2) << refused.err;
    EXPECT_NE(refused.err.find("no draping body"), std::string::npos) << refused.err;
    EXPECT_FALSE(fs::exists(png));
    // As generated, with Ava's mannequin: Noah wears Ava's slip dress, on his body, in a walking pose.
    const std::string dress = (m_dir / "gen" / "garments" / "ava-slip-dress").string();
    CliRun dress_fit = run({"fit", "--twin", noah, "--garment", dress, "--pose", "walking", "--poses", source("assets/poses"), "--json"});
    ASSERT_EQ(dress_fit.exit_code, 0) << dress_fit.err;
    const auto dress_measures = nlohmann::json::parse(dress_fit.out)["garments"][0];
    EXPECT_LE(dress_measures["inside_after"].get<double>(), 0.005);
    EXPECT_TRUE(dress_measures["settled"].get<bool>()) << "a dress hangs free of the legs: it settles as cloth";
    // A flared skirt hangs off the legs (gap p95 0.16 m on Ava herself in the A-pose; settled on Noah, 0.25 m).
    EXPECT_LE(dress_measures["gap_p95_m"].get<double>(), 0.3) << "on the body, not blown up around it";
    EXPECT_EQ(dress_measures["settled_on"], "cpu");
    // The same settle as Vulkan compute (view/gpu_cloth.h): the measures agree with the CPU's.
    CliRun gpu_fit = run({"fit", "--twin", noah, "--garment", dress, "--pose", "walking", "--poses", source("assets/poses"),
                          "--settle-on", "gpu", "--json"});
    ASSERT_EQ(gpu_fit.exit_code, 0) << gpu_fit.err;
    const auto gpu_measures = nlohmann::json::parse(gpu_fit.out)["garments"][0];
    EXPECT_EQ(gpu_measures["settled_on"].get<std::string>().rfind("vulkan: ", 0), 0u) << gpu_measures.dump();
    for (const char* key : {"inside_after", "strain_p99", "gap_p95_m"})
        EXPECT_NEAR(gpu_measures[key].get<double>(), dress_measures[key].get<double>(), 1e-3) << key;
    EXPECT_EQ(run({"fit", "--twin", noah, "--garment", dress, "--settle-on", "tpu"}).exit_code, 2);
    CliRun dressed = run(licensed({"render", "--twin", noah, "--garment", dress, "-o", png.string(), "--size", "90x112", "-q"}));
    ASSERT_EQ(dressed.exit_code, 0) << dressed.err;
    EXPECT_TRUE(fs::exists(png));
    fs::remove(png);

    const std::string garment = test::reference_asset("garments/MakeHuman_male_casualsuit05/male_casualsuit05.obj").string();
    const std::string body = test::reference_asset("humans/MakeHuman_base_obj/base.obj").string();
    const fs::path package = m_dir / "suit";
    CliRun imported = run({"garment", "import", garment, "-o", package.string(), "--id", "suit", "--category", "top",
                           "--draped-on", body, "--colourway", "navy=#1F2A44", "--json"});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    const auto report = nlohmann::json::parse(imported.out);
    EXPECT_EQ(report["units"], "dm");
    EXPECT_EQ(report["draped_on"], "base");
    CliRun fit = run({"fit", "--twin", noah, "--garment", package.string(), "--pose", "walking", "--poses", source("assets/poses"), "--settle", "--json"});
    ASSERT_EQ(fit.exit_code, 0) << fit.err;
    const auto measures = nlohmann::json::parse(fit.out)["garments"][0];
    for (const char* key : {"inside_before", "inside_after", "strain_p99", "body_strain_p99", "gap_p95_m", "flipped_triangles",
                            "self_crossings_rest", "self_crossings_skinned", "self_crossings_after"})
        EXPECT_TRUE(measures.contains(key)) << key;
    EXPECT_GE(measures["self_crossings_after"].get<size_t>(), measures["self_crossings_rest"].get<size_t>() / 2)
        << "the suit's sewn-on pieces pass through its body as authored, and still do when posed";
    EXPECT_TRUE(measures["body_strain_p99"].is_number()) << "the skin the suit covers, as walking skins it";
    EXPECT_TRUE(measures["settled"].get<bool>()) << "--settle settles fitted garments too";
    CliRun fitted = run({"fit", "--twin", noah, "--garment", package.string(), "--pose", "walking", "--poses", source("assets/poses"), "--json"});
    ASSERT_EQ(fitted.exit_code, 0) << fitted.err;
    EXPECT_FALSE(nlohmann::json::parse(fitted.out)["garments"][0]["settled"].get<bool>()) << "a top is skinned and pushed out only";
    EXPECT_LE(measures["inside_after"].get<double>(), 0.005);
    EXPECT_LE(measures["gap_p95_m"].get<double>(), 0.15) << "on the body, not blown up around it";
    CliRun worn = run(licensed({"render", "--twin", noah, "--garment", package.string(), "-o", png.string(), "--size", "90x112", "-q"}));
    ASSERT_EQ(worn.exit_code, 0) << worn.err;
    EXPECT_TRUE(fs::exists(png));

    const fs::path misplaced = m_dir / "misplaced";
    CliRun wrong = run({"garment", "import", garment, "-o", misplaced.string(), "--id", "suit", "--category", "top", "--draped-on",
                        body, "--units", "m"});
    EXPECT_EQ(wrong.exit_code, 2) << wrong.err;
    EXPECT_NE(wrong.err.find("does not line up"), std::string::npos) << wrong.err;
    EXPECT_NE(wrong.err.find("male_casualsuit05.obj"), std::string::npos) << wrong.err;
    EXPECT_FALSE(fs::exists(misplaced));
    CliRun category = run({"garment", "import", garment, "-o", misplaced.string(), "--id", "suit", "--category", "hat", "--draped-on", body});
    EXPECT_EQ(category.exit_code, 2) << category.err;
    EXPECT_FALSE(fs::exists(misplaced));
}

}  // namespace
