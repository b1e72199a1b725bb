// Shoot files: the whole file is validated before anything renders, and each error names the file
// and the JSON path.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "asset/body_cover.h"
#include "studio/shoot_file.h"
#include "studio/shoot_run.h"
#include "studio/staging.h"
#include "studio/twin_shot.h"

namespace fs = std::filesystem;
using namespace twinshoot;
using nlohmann::json;

namespace {

const fs::path kAssets = TWINSHOOT_DEMO_ASSETS;
const fs::path kPoses = fs::path(TWINSHOOT_SOURCE_DIR) / "assets" / "poses";

json base_shoot() {
    return json::parse(R"({
      "shoot": "test-shoot", "brand": "Demo Brand", "use": "social", "territories": ["FR"], "date": "2026-11-24",
      "defaults": {"format": "instagram-square", "lights": "studio-soft"},
      "shots": [
        {"id": "a", "twin": "demo-ava", "pose": "walking", "garments": [{"id": "ava-slip-dress", "colourway": "red"}]},
        {"id": "b", "twin": "demo-noah", "format": "story", "use": "ecommerce", "territories": ["DE", "EU"],
         "background": "transparent",
         "camera": {"framing": "waist-up", "yaw": 30, "pitch": -5, "focal_length_mm": 50}}
      ]})");
}

class ShootFile : public ::testing::Test {
protected:
    void SetUp() override {
        m_file = fs::temp_directory_path() / ("twinshoot-shoot-" + std::to_string(::getpid()) + ".json");
    }
    void TearDown() override { fs::remove(m_file); }
    Result<studio::Shoot> load(const json& j) {
        std::ofstream(m_file) << j.dump(2);
        studio::AssetCache cache;
        return studio::load_shoot(m_file, {.libraries = {kAssets}, .poses = kPoses}, cache);
    }
    fs::path m_file;
};

}  // namespace

TEST_F(ShootFile, DefaultsApplyAndShotsOverride) {
    auto shoot = load(base_shoot());
    ASSERT_TRUE(shoot.ok()) << shoot.error().message;
    ASSERT_EQ(shoot->shots.size(), 2u);
    const auto& a = shoot->shots[0];
    const auto& b = shoot->shots[1];
    EXPECT_EQ(a.format, "instagram-square");
    EXPECT_EQ(a.size.width, 1080u);
    EXPECT_EQ(a.size.height, 1080u);
    EXPECT_EQ(a.use, consent::Use::Social);
    EXPECT_EQ(a.territories, std::vector<std::string>{"FR"});
    EXPECT_EQ(a.garments.at(0).colourway, "red");
    EXPECT_TRUE(fs::exists(a.garments.at(0).folder / "garment.json"));
    EXPECT_EQ(b.size.height, 1920u);
    EXPECT_EQ(b.use, consent::Use::Ecommerce);
    EXPECT_EQ(b.camera.framing, scene::Framing::WaistUp);
    EXPECT_FLOAT_EQ(b.camera.focal_length_mm, 50.0f);
    EXPECT_EQ(shoot->date.str(), "2026-11-24");
    EXPECT_EQ(studio::shot_spec(*shoot, b).backdrop.kind, scene::BackdropKind::Transparent) << "a cut-out";
    EXPECT_EQ(studio::shot_spec(*shoot, a).backdrop.kind, scene::BackdropKind::Colour);
    const studio::ShotSpec spec = studio::shot_spec(*shoot, a);
    EXPECT_TRUE(spec.seat.drawn) << "a seated pose's stool is drawn unless the shot says not";
    EXPECT_EQ(spec.brand, "Demo Brand");
    EXPECT_EQ(spec.garments.at(0), (a.garments[0].folder.string() + ":red"));
}

TEST_F(ShootFile, ErrorsNameTheFileAndTheJsonPath) {
    struct Case {
        const char* pointer;
        json value;
        const char* path;
        const char* reason;
    };
    const std::vector<Case> cases = {
        {"/shots/1/camera/yaw", 200, "$.shots[1].camera.yaw", "-180..180"},
        {"/shots/1/camera/focal_length_mm", "85", "$.shots[1].camera.focal_length_mm", "expected a number"},
        {"/shots/1/camera/framing", "knees-up", "$.shots[1].camera.framing", "unknown framing"},
        {"/shots/1/camera/zoom", 2, "$.shots[1].camera.zoom", "unknown field"},
        {"/shots/1/format", "billboard", "$.shots[1].format", "unknown format"},
        {"/shots/1/size", json::array({1080, 1350}), "$.shots[1].size", "not both"},
        {"/defaults/lights", "disco", "$.defaults.lights", "unknown light rig"},
        {"/defaults/tone_mapping", "filmic", "$.defaults.tone_mapping", "unknown tone mapping"},
        {"/shots/0/environment", "loft.hdr", "$.shots[0].environment", "loft.hdr: file not found"},
        {"/shots/0/ev100", 40, "$.shots[0].ev100", "-6..24"},
        {"/shots/0/background", "navy", "$.shots[0].background", "\"cyclorama [#FLOOR [#TOP]]\""},
        {"/shots/0/background", "cyclorama #12", "$.shots[0].background", "\"cyclorama [#FLOOR [#TOP]]\""},
        {"/shots/0/background", "cyclorama #111111 #222222 #333333", "$.shots[0].background", "cyclorama"},
        {"/shots/0/seat", "chair", "$.shots[0].seat", "\"stool #RRGGBB\" or \"none\""},
        {"/shots/0/seat", "stool #12345", "$.shots[0].seat", "got \"stool #12345\""},
        {"/defaults/seat", "stool  #123456", "$.defaults.seat", "\"none\""},
        {"/shots/0/twin", "demo-zoe", "$.shots[0].twin", "no twin 'demo-zoe'"},
        {"/shots/0/garments/0/id", "ava-cape", "$.shots[0].garments[0].id", "no garment 'ava-cape'"},
        {"/shots/0/garments/0/colourway", "plaid", "$.shots[0].garments[0].colourway", "no colourway \"plaid\""},
        {"/shots/0/garments/0/layer", 12, "$.shots[0].garments[0].layer", "0..9"},
        {"/shots/0/pose", "flying", "$.shots[0].pose", "no pose named \"flying\""},
        {"/shots/0/use", "tv", "$.shots[0].use", "unknown use"},
        {"/shots/0/territories", json::array({"XX"}), "$.shots[0].territories[0]", "unknown territory"},
        {"/shots/1/id", "a", "$.shots[1].id", "used twice"},
        {"/shots/1/id", "../escape", "$.shots[1].id", "cannot name a file"},
        {"/shots/1/size", json::array({8, 8}), "$.shots[1].size", "16..8192"},
        {"/date", "24/11/2026", "$.date", "YYYY-MM-DD"},
        {"/shots", json::array(), "$.shots", "at least one shot"},
        {"/brand", 7, "$.brand", "non-empty string"},
        {"/extra", true, "$.extra", "unknown field"},
    };
    for (const Case& c : cases) {
        json j = base_shoot();
        if (std::string(c.pointer) == "/shots/1/size" && std::string(c.reason) == "16..8192") j["shots"][1].erase("format");
        j[json::json_pointer(c.pointer)] = c.value;
        auto shoot = load(j);
        SCOPED_TRACE(c.pointer);
        ASSERT_FALSE(shoot.ok());
        const std::string& m = shoot.error().message;
        EXPECT_NE(m.find(m_file.string()), std::string::npos) << m;
        EXPECT_NE(m.find(c.path), std::string::npos) << m;
        EXPECT_NE(m.find(c.reason), std::string::npos) << m;
    }
    {  // an environment that is not a panorama (the shoot file itself)
        json j = base_shoot();
        j["shots"][0]["environment"] = m_file.filename().string();
        auto shoot = load(j);
        ASSERT_FALSE(shoot.ok());
        EXPECT_NE(shoot.error().message.find("$.shots[0].environment"), std::string::npos) << shoot.error().message;
        EXPECT_NE(shoot.error().message.find("not a Radiance .hdr"), std::string::npos) << shoot.error().message;
    }
    std::ofstream(m_file) << "{\"shoot\": \"x\", ";
    studio::AssetCache cache;
    auto broken = studio::load_shoot(m_file, {.libraries = {kAssets}}, cache);
    ASSERT_FALSE(broken.ok());
    EXPECT_NE(broken.error().message.find("not valid JSON"), std::string::npos) << broken.error().message;
    // A number out of range threw past the parse-error handler (found by package_fuzz).
    std::ofstream(m_file) << "{\"shoot\": 1e999}";
    auto overflow = studio::load_shoot(m_file, {.libraries = {kAssets}}, cache);
    ASSERT_FALSE(overflow.ok());
    EXPECT_NE(overflow.error().message.find("not valid JSON"), std::string::npos) << overflow.error().message;
    EXPECT_NE(overflow.error().message.find(m_file.string()), std::string::npos) << overflow.error().message;
}

TEST(Shard, ShardsPartitionTheShoot) {
    for (uint32_t n = 1; n <= 5; ++n) {
        std::vector<int> owners(23, 0);
        for (uint32_t k = 1; k <= n; ++k)
            for (size_t i = 0; i < owners.size(); ++i) owners[i] += studio::in_shard(i, k, n);
        for (int o : owners) EXPECT_EQ(o, 1) << "every shot in exactly one of " << n << " shards";
    }
}

// A run loads each twin, garment and garment set once, however many shots use them.
TEST(ShootPlan, AssetsAreLoadedOncePerRun) {
    studio::AssetCache cache;
    auto shoot = studio::load_shoot(fs::path(TWINSHOOT_SOURCE_DIR) / "assets/shoots/demo.json",
                                    {.libraries = {kAssets}, .date = consent::Date::parse("2026-11-24")}, cache);
    ASSERT_TRUE(shoot.ok()) << shoot.error().message;
    auto trust = consent::TrustStore::load(fs::path(TWINSHOOT_SOURCE_DIR) / "assets/trust");
    ASSERT_TRUE(trust.ok()) << trust.error().message;
    auto ledger = consent::Ledger::open(":memory:");
    ASSERT_TRUE(ledger.ok());
    auto run = studio::ShootRun::plan(*shoot, {.out_dir = "unused", .dry_run = true}, *trust, *ledger, cache);
    ASSERT_TRUE(run.ok()) << run.error().message;
    EXPECT_EQ(cache.twins_loaded(), 2u) << "12 shots, 2 twins";
    std::set<std::string> garment_sets;
    for (const auto& s : shoot->shots) {
        std::string key = s.twin_id;
        for (const auto& g : s.garments) key += "|" + g.id;
        garment_sets.insert(key);
    }
    EXPECT_EQ(cache.bindings_made(), garment_sets.size()) << "one binding per twin and garment set, not per shot";
    EXPECT_LT(cache.bindings_made(), shoot->shots.size());
    EXPECT_EQ(run->count(studio::ShotState::Planned) + run->count(studio::ShotState::Refused), shoot->shots.size());
}

TEST(Backdrop, ParsesFromItsText) {
    using scene::BackdropKind;
    EXPECT_EQ(studio::parse_backdrop("transparent")->kind, BackdropKind::Transparent);
    EXPECT_EQ(studio::parse_backdrop("environment")->kind, BackdropKind::Environment);
    const auto flat = studio::parse_backdrop("#FF0000");
    ASSERT_TRUE(flat);
    EXPECT_EQ(flat->kind, BackdropKind::Colour);
    EXPECT_FLOAT_EQ(flat->color.r, 1.0f);
    const auto paper = studio::parse_backdrop("cyclorama");
    ASSERT_TRUE(paper);
    EXPECT_EQ(paper->kind, BackdropKind::Cyclorama);
    EXPECT_EQ(paper->color, paper->top_color) << "one colour: no gradient";
    const auto gradient = studio::parse_backdrop("cyclorama #000000 #FFFFFF");
    ASSERT_TRUE(gradient);
    EXPECT_FLOAT_EQ(gradient->color.g, 0.0f);
    EXPECT_FLOAT_EQ(gradient->top_color.g, 1.0f);
    for (const char* bad : {"", "cyclorama ", "cyclorama  #000000", "cyclorama#000000", "navy", "#12345", "Transparent"})
        EXPECT_FALSE(studio::parse_backdrop(bad)) << '"' << bad << '"';
}

TEST(SeatProp, ParsesFromItsText) {
    EXPECT_TRUE(studio::parse_seat_prop("stool")->drawn);
    EXPECT_EQ(studio::parse_seat_prop("stool")->colour, scene::SeatProp{}.colour);
    EXPECT_FALSE(studio::parse_seat_prop("none")->drawn);
    const auto black = studio::parse_seat_prop("stool #000000");
    ASSERT_TRUE(black);
    EXPECT_TRUE(black->drawn);
    EXPECT_EQ(black->colour, glm::vec3(0.0f));
    for (const char* bad : {"", "stool ", "stool  #000000", "stool#000000", "chair", "none #000000", "Stool", "#000000"})
        EXPECT_FALSE(studio::parse_seat_prop(bad)) << '"' << bad << '"';
}

// Renders fit a look's garments once per pose: the second shot of the same look in the same pose
// (another format, framing or colourway) gets the same posed garments without fitting again, and
// they are what a fresh fit gives. Fit measures are made only when asked for.
TEST(PosedGarments, ALookIsFittedOncePerPoseAndEqualsAFreshFit) {
    studio::AssetCache cache({}, std::nullopt);  // memory only: a disk cache would answer earlier runs' fits
    auto shot_in = [&](const std::string& pose, const std::string& colourway) {
        studio::ShotSpec spec{.twin = kAssets / "twins/demo-ava",
                              .garments = {(kAssets / "garments/ava-slip-dress").string() + ":" + colourway},
                              .pose = pose, .poses = kPoses};
        auto shot = studio::TwinShot::prepare(spec, cache);
        EXPECT_TRUE(shot.ok()) << shot.error().message;
        return std::move(*shot);
    };
    const studio::TwinShot walking = shot_in("walking", "navy"), walking_red = shot_in("walking", "red"),
                           standing = shot_in("standing-relaxed", "navy");
    const studio::BoundGarments& bound = *walking.bound_garments();
    ASSERT_EQ(&bound, walking_red.bound_garments()) << "one binding per twin and garment set";

    auto dress = [&](const studio::TwinShot& shot, scene::FitMeasures measures) {
        auto dressed = studio::dress(*shot.bound_garments(), shot.garments(), shot.staging(), measures);
        EXPECT_TRUE(dressed.ok()) << dressed.error().message;
        return std::move(*dressed);
    };
    const studio::Dressed first = dress(walking, scene::FitMeasures::Skip);
    EXPECT_EQ(bound.posed->fitted(), 1u);
    EXPECT_TRUE(first.report.empty()) << "no measures unless asked for";
    const studio::Dressed second = dress(walking_red, scene::FitMeasures::Skip);
    EXPECT_EQ(bound.posed->fitted(), 1u) << "the same pose is not fitted twice";
    EXPECT_NE(first.materials[0].base_color, second.materials[0].base_color) << "each shot keeps its colourway";
    dress(standing, scene::FitMeasures::Skip);
    EXPECT_EQ(bound.posed->fitted(), 2u) << "another pose is fitted";

    const studio::Dressed measured = dress(walking, scene::FitMeasures::Compute);
    ASSERT_EQ(measured.report.size(), 1u);
    EXPECT_GT(measured.report[0].vertices, 0u);
    EXPECT_LE(measured.report[0].inside_after, 0.005);
    ASSERT_EQ(first.meshes.size(), measured.meshes.size());
    const auto& a = second.meshes[0].vertices;
    const auto& b = measured.meshes[0].vertices;
    ASSERT_EQ(a.size(), b.size());
    for (size_t v = 0; v < a.size(); ++v) ASSERT_EQ(a[v].position, b[v].position) << "vertex " << v;
}

TEST(PosedGarments, APoseAskedForFromTwoThreadsAtOnceIsFittedOnce) {
    // What a shoot does: a worker prefits the next shot while the main thread reaches its dressing.
    studio::AssetCache cache({}, std::nullopt);
    studio::ShotSpec spec{.twin = kAssets / "twins/demo-noah",
                          .garments = {(kAssets / "garments/noah-tee").string(), (kAssets / "garments/noah-trousers").string()},
                          .pose = "contrapposto", .poses = kPoses};
    auto shot = studio::TwinShot::prepare(spec, cache);
    ASSERT_TRUE(shot.ok()) << shot.error().message;
    const studio::BoundGarments& bound = *shot->bound_garments();
    std::thread worker([&] { studio::prefit(bound, shot->staging()); });
    auto dressed = studio::dress(bound, shot->garments(), shot->staging(), scene::FitMeasures::Skip);
    worker.join();
    ASSERT_TRUE(dressed.ok()) << dressed.error().message;
    EXPECT_EQ(bound.posed->fitted(), 1u) << "the second asker waits for the first one's fit";
    const auto fresh = bound.dressing.pose(shot->staging().skin, scene::FitMeasures::Skip);
    ASSERT_EQ(fresh.garments.size(), dressed->meshes.size());
    for (size_t g = 0; g < fresh.garments.size(); ++g) {
        ASSERT_EQ(fresh.garments[g].vertices.size(), dressed->meshes[g].vertices.size());
        for (size_t v = 0; v < fresh.garments[g].vertices.size(); ++v)
            ASSERT_EQ(fresh.garments[g].vertices[v].position, dressed->meshes[g].vertices[v].position) << "garment " << g << " vertex " << v;
    }
}

// The editor binds a shoot's other looks on a worker while the window asks for one: two threads
// asking one cache for the same look at once get one binding, made once.
TEST(GarmentBinding, TwoThreadsAskingForOneLookShareOneBinding) {
    const fs::path twin = kAssets / "twins/demo-noah";
    const std::vector<std::string> look = {(kAssets / "garments/noah-tee").string(), (kAssets / "garments/noah-trousers").string()};
    studio::AssetCache cache;
    const studio::BoundGarments* bound[2] = {nullptr, nullptr};
    auto prepare = [&](int i) {
        auto shot = studio::TwinShot::prepare({.twin = twin, .garments = look, .pose = "walking", .poses = kPoses}, cache);
        ASSERT_TRUE(shot.ok()) << shot.error().message;
        bound[i] = shot->bound_garments();
    };
    std::thread worker(prepare, 1);
    prepare(0);
    worker.join();
    ASSERT_NE(bound[0], nullptr);
    EXPECT_EQ(bound[0], bound[1]) << "one binding, shared";
    EXPECT_EQ(cache.twins_loaded(), 1u);
    EXPECT_EQ(cache.bindings_made(), 1u);
    EXPECT_EQ(cache.garments_bound(), 2u) << "each garment bound once";
}

// A garment is bound to a twin once, whatever sets it is worn in: the tee bound for tee + trousers
// is the tee of tee + trousers + jacket (the editor's first wear of a bigger set costs only the new
// garment), and a set composed of earlier bindings fits exactly as the same set bound afresh.
TEST(GarmentBinding, AGarmentIsBoundOncePerTwinAndSetsAreComposedOfTheirBindings) {
    const fs::path twin = kAssets / "twins/demo-noah";
    const std::string tee = (kAssets / "garments/noah-tee").string(), trousers = (kAssets / "garments/noah-trousers").string(),
                      jacket = (kAssets / "garments/noah-jacket").string();
    auto prepare = [&](studio::AssetCache& cache, std::vector<std::string> garments) {
        studio::ShotSpec spec{.twin = twin, .garments = std::move(garments), .pose = "walking", .poses = kPoses};
        auto shot = studio::TwinShot::prepare(spec, cache);
        EXPECT_TRUE(shot.ok()) << shot.error().message;
        return std::move(*shot);
    };
    studio::AssetCache cache;
    const studio::TwinShot two = prepare(cache, {tee, trousers});
    EXPECT_EQ(cache.garments_bound(), 2u);
    const studio::TwinShot three = prepare(cache, {tee, trousers, jacket});
    EXPECT_EQ(cache.bindings_made(), 2u) << "two sets";
    EXPECT_EQ(cache.garments_bound(), 3u) << "the tee and trousers are not bound again";
    const auto& a = two.bound_garments()->dressing.garments();
    const auto& b = three.bound_garments()->dressing.garments();
    ASSERT_EQ(a.size(), 2u);
    ASSERT_EQ(b.size(), 3u);
    for (const auto& g : a)
        EXPECT_TRUE(std::find(b.begin(), b.end(), g) != b.end()) << g->garment.id << " shared, not copied";

    studio::AssetCache fresh_cache;
    const studio::TwinShot fresh = prepare(fresh_cache, {tee, trousers, jacket});
    EXPECT_EQ(fresh_cache.garments_bound(), 3u);
    const auto composed = three.bound_garments()->dressing.pose(three.staging().skin, scene::FitMeasures::Skip);
    const auto afresh = fresh.bound_garments()->dressing.pose(fresh.staging().skin, scene::FitMeasures::Skip);
    ASSERT_EQ(composed.garments.size(), 3u);
    ASSERT_EQ(afresh.garments.size(), 3u);
    for (size_t g = 0; g < 3; ++g) {
        ASSERT_EQ(composed.garments[g].vertices.size(), afresh.garments[g].vertices.size()) << "garment " << g;
        for (size_t v = 0; v < composed.garments[g].vertices.size(); ++v)
            ASSERT_EQ(composed.garments[g].vertices[v].position, afresh.garments[g].vertices[v].position)
                << "garment " << g << " vertex " << v;
    }
    const scene::Dressing& dressing = three.bound_garments()->dressing;
    ASSERT_GT(dressing.hidden_body_triangles(), 0u);
    ASSERT_TRUE(dressing.shown_body()[0] && fresh.bound_garments()->dressing.shown_body()[0]);
    EXPECT_EQ(*dressing.shown_body()[0], *fresh.bound_garments()->dressing.shown_body()[0]);
    // The skin hidden is what the three garments cover together (each garment's cover found once,
    // the margin kept on their union), as asset::covered_body_vertices finds it for the set at once.
    const asset::Mesh& rest = dressing.body().rest_surface();
    std::vector<asset::Surface> cloth;
    for (const auto& g : dressing.garments()) cloth.push_back({g->garment.mesh.vertices, g->garment.mesh.indices});
    const auto hidden = asset::covered_body_vertices({rest.vertices, rest.indices}, cloth, scene::body_cover_options({}));
    ASSERT_EQ(dressing.body().twin().meshes.size(), 1u) << "the demo twin is one skinned mesh";
    EXPECT_EQ(*dressing.shown_body()[0], asset::shown_triangles(dressing.body().twin().meshes[0].indices, hidden));
}
