// Skin seen through cloth on third-party bodies and garments, rendered: the body green, the cloth
// red outside and blue inside, no lights, front view at 300x400; skin seen through the cloth is
// body cut off from the background by cloth (test::body_showing_through).
// - Mixamo's Xbot (95 plates and joint balls through one another, asset/closed_shells.h) in
//   MakeHuman's male suit, seated and kneeling: its knee balls showed through the trouser legs in
//   patches a hand wide. The balls' halves sunk in the leg plates meet no cloth along their normals
//   and counted as bare skin, and specks of uncovered skin round the knee kept their 3 cm margin
//   drawn (asset/body_cover.h).
// - The demo twin Ava walking in MakeHuman's elegant suit as its OBJ places it (its pencil skirt a
//   hanging garment, 3 cm triangles): the forward thigh, drawn because skin under loose fabric is, showed through the
//   skirt in stripes between its vertices (asset/poke_through.h).
// - MakeHuman's own body walking in the same suit, fitted: the thigh at the edge of the skin the
//   skirt hides showed through it in a slit.
// - Xbot walking in that suit, carried onto it: the forward knee passed through the skirt's front;
//   standing, the skirt wrapped round the hands hanging against it.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "asset/garment_fit.h"
#include "asset/model_loader.h"
#include "asset/png_writer.h"
#include "asset/skeleton.h"
#include "gpu_fixture.h"
#include "image_checks.h"
#include "scene/camera.h"
#include "scene/lighting.h"
#include "scene/package.h"
#include "shared_assets.h"
#include "studio/asset_cache.h"
#include "studio/garment_import.h"
#include "studio/staging.h"
#include "studio/twin_import.h"
#include "temp_folder.h"

namespace fs = std::filesystem;
using namespace twinshoot;

namespace {

class OverlappingBodyCover : public test::GpuTest {};

asset::Material flat(const char* name, glm::vec3 colour) {
    return asset::Material{.name = name, .base_color = glm::vec4(colour, 1.0f), .metallic = 0.0f, .roughness = 1.0f};
}

struct Through {
    size_t all_drawn = 0;  // with every body triangle drawn
    size_t shown = 0;      // with the triangles the dressing leaves shown (what shots draw)
};

// Skin seen through the cloth of `garments` on `twin` in `pose`, front view.
Through skin_through_cloth(view::OffscreenRenderer& renderer, const studio::LoadedTwin& twin, const studio::BoundGarments& bound,
                           const std::vector<studio::GarmentChoice>& garments, const std::string& pose, const std::string& label) {
    Through out;
    const view::RenderSize size{300, 400};
    const fs::path poses = fs::path(TWINSHOOT_SOURCE_DIR) / "assets" / "poses";
    auto staging = studio::stage(twin.model, pose, poses, twin.package.bone_map, label);
    EXPECT_TRUE(staging) << staging.error().message;
    if (!staging) return out;
    auto dressed = studio::dress(bound, garments, *staging, scene::FitMeasures::Skip);
    EXPECT_TRUE(dressed) << dressed.error().message;
    if (!dressed) return out;
    EXPECT_EQ(dressed->body_shown.size(), twin.model.meshes.size());
    // Plain models (not a twin): the body posed on the CPU, all of it or what the dressing leaves
    // shown; the cloth outside red, inside blue.
    asset::Model all;
    all.source = "test:" + label + ":" + pose;
    all.materials = {flat("body", {0.0f, 0.9f, 0.0f}), flat("cloth", {0.9f, 0.0f, 0.0f}), flat("inside", {0.0f, 0.0f, 0.9f})};
    asset::Model hiding = all;
    for (size_t m = 0; m < twin.model.meshes.size(); ++m) {
        const asset::Mesh& mesh = twin.model.meshes[m];
        if (!mesh.skinned()) continue;
        asset::Mesh body;
        asset::skin_vertices(mesh, staging->skin, body.vertices);
        body.indices = mesh.indices;
        all.meshes.push_back(body);
        if (m < dressed->body_shown.size() && dressed->body_shown[m]) body.indices = *dressed->body_shown[m];
        hiding.meshes.push_back(std::move(body));
    }
    for (const asset::Mesh& cloth : dressed->meshes) {
        const auto sides = test::cloth_outside_and_inside(cloth);
        for (asset::Model* target : {&all, &hiding}) target->meshes.insert(target->meshes.end(), sides.begin(), sides.end());
    }
    for (asset::Model* target : {&all, &hiding})
        for (uint32_t m = 0; m < target->meshes.size(); ++m) target->instances.push_back({m, glm::mat4(1.0f), ""});
    for (const bool shown : {false, true}) {
        auto gpu = renderer.upload(shown ? hiding : all);
        EXPECT_TRUE(gpu) << gpu.error().message;
        if (!gpu) return out;
        const scene::Camera camera = scene::frame_bounds(gpu->bounds, size.aspect(), {.direction = glm::vec3(0, 0, 1)});
        auto image = renderer.render(*gpu, camera, scene::neutral_lighting(), size, {.clear_color = {0.5f, 0.5f, 0.5f, 1.0f}});
        EXPECT_TRUE(image) << image.error().message;
        if (!image) return out;
        asset::ImageRgba8 marked = *image;
        (shown ? out.shown : out.all_drawn) = test::body_showing_through(*image, &marked);
        if (const char* dir = std::getenv("TWINSHOOT_TEST_OUTPUT"))  // what showed through: magenta
            (void)asset::write_png(fs::path(dir) / (label + "-" + pose + (shown ? "-shown" : "-all") + ".png"), marked);
    }
    std::printf("%-28s %-9s skin seen through the cloth: %zu px drawn as shots draw it, %zu px with all skin drawn\n", label.c_str(),
                pose.c_str(), out.shown, out.all_drawn);
    return out;
}

std::shared_ptr<studio::LoadedTwin> load_twin(const fs::path& folder) {
    auto twin = std::make_shared<studio::LoadedTwin>();
    auto package = scene::load_twin(folder);
    EXPECT_TRUE(package) << package.error().message;
    if (!package) return nullptr;
    twin->package = *package;
    auto model = asset::load_model(package->avatar);
    EXPECT_TRUE(model) << model.error().message;
    if (!model) return nullptr;
    twin->model = std::move(*model);
    return twin;
}

Result<studio::GarmentImportReport> import_makehuman(const std::string& name, const std::string& category, const fs::path& out,
                                                     bool use_mhclo = true) {
    studio::GarmentImportOptions o;
    o.use_mhclo = use_mhclo;
    o.mesh = test::reference_asset("garments/MakeHuman_" + name + "/" + name + ".obj");
    o.out_dir = out;
    o.id = "suit";
    o.category = category;
    o.draped_on = test::reference_asset("humans/MakeHuman_base_obj/base.obj");
    return studio::import_garment(o);
}

// Skin seen through the hanging garment in `garment_dir` on `twin` walking, as shots draw it, with
// the dressing option `toggle` off [0] and on [1]; recorded as properties.
std::optional<std::array<size_t, 2>> skin_through_skirt(view::OffscreenRenderer& renderer,
                                                        const std::shared_ptr<studio::LoadedTwin>& twin,
                                                        const fs::path& garment_dir, const std::string& label,
                                                        bool scene::DressingOptions::*toggle) {
    std::array<size_t, 2> shown{0, 0};
    for (const bool on : {false, true}) {
        scene::DressingOptions options;
        options.*toggle = on;
        studio::AssetCache cache(options, std::nullopt);
        auto garments = studio::load_garments({garment_dir.string()}, cache);
        EXPECT_TRUE(garments) << garments.error().message;
        if (!garments) return std::nullopt;
        auto bound = cache.bind(twin, *garments);
        EXPECT_TRUE(bound) << bound.error().message;
        if (!bound) return std::nullopt;
        shown[on] = skin_through_cloth(renderer, *twin, **bound, *garments, "walking", on ? label : label + "-off").shown;
    }
    ::testing::Test::RecordProperty("skin_px_through_skirt", std::to_string(shown[1]));
    ::testing::Test::RecordProperty("skin_px_through_skirt_off", std::to_string(shown[0]));
    return shown;
}

// Mixamo's Xbot imported into `dir`/xbot and MakeHuman's elegant suit (as a dress, fitted by its
// .mhclo) into `dir`/suit.
std::shared_ptr<studio::LoadedTwin> import_xbot_and_suit(const fs::path& dir) {
    auto imported = studio::import_twin({test::reference_asset("humans/Xbot_mixamo/Xbot.glb"), dir / "xbot", "xbot", "", "", {}});
    EXPECT_TRUE(imported) << imported.error().message;
    auto suit = import_makehuman("female_elegantsuit01", "dress", dir / "suit");
    EXPECT_TRUE(suit) << suit.error().message;
    if (!imported || !suit) return nullptr;
    return load_twin(dir / "xbot");
}

// The garment in `garment_dir` (one) on `twin` in `pose`, dressed with `options`, and the body's
// skinned meshes posed.
struct DressedBody {
    asset::Mesh cloth;
    std::vector<const asset::Mesh*> meshes;       // the twin's skinned meshes
    std::vector<std::vector<asset::Vertex>> body;  // each posed
};
std::optional<DressedBody> dress_one(const std::shared_ptr<studio::LoadedTwin>& twin, const fs::path& garment_dir,
                                     const scene::DressingOptions& options, const std::string& pose) {
    studio::AssetCache cache(options, std::nullopt);
    auto garments = studio::load_garments({garment_dir.string()}, cache);
    EXPECT_TRUE(garments) << garments.error().message;
    if (!garments) return std::nullopt;
    auto bound = cache.bind(twin, *garments);
    EXPECT_TRUE(bound) << bound.error().message;
    if (!bound) return std::nullopt;
    auto staging = studio::stage(twin->model, pose, fs::path(TWINSHOOT_SOURCE_DIR) / "assets" / "poses", twin->package.bone_map, pose);
    EXPECT_TRUE(staging) << staging.error().message;
    if (!staging) return std::nullopt;
    auto dressed = studio::dress(**bound, *garments, *staging, scene::FitMeasures::Skip);
    EXPECT_TRUE(dressed) << dressed.error().message;
    if (!dressed || dressed->meshes.size() != 1) return std::nullopt;
    DressedBody out{dressed->meshes[0], {}, {}};
    for (const asset::Mesh& mesh : twin->model.meshes) {
        if (!mesh.skinned()) continue;
        out.meshes.push_back(&mesh);
        asset::skin_vertices(mesh, staging->skin, out.body.emplace_back());
    }
    return out;
}

}  // namespace

TEST_F(OverlappingBodyCover, XbotsKneesDoNotShowThroughATransferredSuit) {
    TS_REQUIRE_SHARED_ASSETS();
    const fs::path dir = test::temp_folder("xbot-cover");
    auto imported = studio::import_twin({test::reference_asset("humans/Xbot_mixamo/Xbot.glb"), dir / "xbot", "xbot", "", "", {}});
    ASSERT_TRUE(imported) << imported.error().message;
    auto suit = import_makehuman("male_casualsuit05", "top", dir / "suit");
    ASSERT_TRUE(suit) << suit.error().message;
    const auto twin = load_twin(dir / "xbot");
    ASSERT_TRUE(twin);
    studio::AssetCache cache({}, std::nullopt);
    auto garments = studio::load_garments({(dir / "suit").string()}, cache);
    ASSERT_TRUE(garments) << garments.error().message;
    auto bound = cache.bind(twin, *garments);
    ASSERT_TRUE(bound) << bound.error().message;
    Through total;
    for (const char* pose : {"seated", "kneeling"}) {
        const Through t = skin_through_cloth(renderer(), *twin, **bound, *garments, pose, "xbot-suit");
        total.all_drawn += t.all_drawn;
        total.shown += t.shown;
    }
    RecordProperty("skin_px_through_cloth_shown", std::to_string(total.shown));
    RecordProperty("skin_px_through_cloth_all_drawn", std::to_string(total.all_drawn));
    // Drawn whole, 281 px (149 seated, 132 kneeling, 2026-12-05, 22nd session): the measure sees skin
    // through cloth when there is some.
    // 2026-12-07: 143 px (64 seated, 79 kneeling; 12 + 27 px as shots draw it) since the transfer lays
    // the suit on Xbot's envelope, over the grooves between its plates (geometry/body_envelope.h).
    // Re-measured on 2026-12-07 (36th session): 214 px (131 seated, 83 kneeling; 77 + 43 px as shots
    // draw it), the same with and without that session's change to poke-through (which leaves fitted
    // garments alone), and the same at the 33rd session's head (fd2ab11): the figures just above
    // were measured before that session's last commits.
    EXPECT_GT(total.all_drawn, 100u) << "drawn whole, the body shows through the suit (the check can fail)";
    // 2026-12-05 (24th session): 153 px (66 seated, 87 kneeling) since MakeHuman's body, the suit's
    // draping body, turns its thighs 1.5% of the height lower (geometry/joint_fit.cpp); 280 px when
    // its knees moved down with them. Before, 134 px (54 seated, 80 kneeling: specks at knees,
    // chest and shoulders) since the
    // transfer keeps the suit's ease and lays it on Xbot by a smoothed correction; 226 px before,
    // with the suit fitted by its .mhclo, 2.2 cm off the body (its OBJ as written stood 6.8 cm off
    // it: 180 px); 962 before buried skin and specks of uncovered skin were taken as covered. The
    // goal is none.
    EXPECT_LE(total.shown, 180u) << "skin the suit covers is not drawn, knees included";
    fs::remove_all(dir);
}

TEST_F(OverlappingBodyCover, AWalkingThighDoesNotShowThroughACoarsePencilSkirt) {
    TS_REQUIRE_SHARED_ASSETS();
    const fs::path dir = test::temp_folder("skirt-cover");
    // The OBJ as written, without its .mhclo: 5 cm off the body it was draped on, the skirt through
    // the thigh, a stress case for the push. Fitted by its .mhclo no skin shows, pushed or not.
    auto suit = import_makehuman("female_elegantsuit01", "dress", dir / "suit", false);
    ASSERT_TRUE(suit) << suit.error().message;
    const auto twin = load_twin(fs::path(TWINSHOOT_DEMO_ASSETS) / "twins" / "demo-ava");
    ASSERT_TRUE(twin);
    const auto shown = skin_through_skirt(renderer(), twin, dir / "suit", "ava-skirt", &scene::DressingOptions::push_off_drawn_skin);
    ASSERT_TRUE(shown);
    EXPECT_GT((*shown)[0], 100u) << "without the push the thigh shows through the skirt (the check can fail)";
    EXPECT_LE((*shown)[1], 30u) << "the drawn thigh pushes the skirt off";
    fs::remove_all(dir);
}

// MakeHuman's own body, imported as a twin, walking in the elegant suit it was draped on (fitted by
// its .mhclo): the forward thigh showed through the skirt's front in a slit 14 cm long. The skin
// there is hidden (the skirt is tight), but a hidden vertex beside shown skin is a corner of a
// drawn triangle, and poke-through tested only the shown vertices (2026-12-07, 36th session).
TEST_F(OverlappingBodyCover, TheSkinAtTheEdgeOfWhatIsHiddenDoesNotShowThroughAPencilSkirt) {
    TS_REQUIRE_SHARED_ASSETS();
    const fs::path dir = test::temp_folder("mh-skirt-cover");
    auto imported = studio::import_twin({test::reference_asset("humans/MakeHuman_base_obj/base.obj"), dir / "mh", "mh", "", "", {}});
    ASSERT_TRUE(imported) << imported.error().message;
    auto suit = import_makehuman("female_elegantsuit01", "dress", dir / "suit");
    ASSERT_TRUE(suit) << suit.error().message;
    const auto twin = load_twin(dir / "mh");
    ASSERT_TRUE(twin);
    const auto shown = skin_through_skirt(renderer(), twin, dir / "suit", "mh-skirt", &scene::DressingOptions::push_off_drawn_skin);
    ASSERT_TRUE(shown);
    // 33 px through the skirt without the push, and 33 px with it when only shown vertices pushed;
    // none since every corner of a drawn triangle does.
    EXPECT_GT((*shown)[0], 20u) << "without the push the thigh shows through the skirt (the check can fail)";
    EXPECT_LE((*shown)[1], 5u) << "the thigh at the edge of the hidden skin pushes the skirt off";
    fs::remove_all(dir);
}

// Mixamo's Xbot walking in the same suit, carried onto it (2026-12-07, 37th session): the forward
// knee plate showed through the skirt's front in a patch a hand wide. The transferred skirt stands
// off Xbot's hips as a bell, so its front takes the blended weights of the hips and both thighs and
// swings half as far as the forward thigh: the knee passed 5-13 cm through it, and the points
// inside the plates went out to their nearest way out, behind the knee. They go back to the side of
// the body they hung on at rest (asset/body_side.h).
TEST_F(OverlappingBodyCover, AForwardKneeDoesNotShowThroughATransferredSkirt) {
    TS_REQUIRE_SHARED_ASSETS();
    const fs::path dir = test::temp_folder("xbot-skirt-cover");
    const auto twin = import_xbot_and_suit(dir);
    ASSERT_TRUE(twin);
    // The knee in front of the skirt is not cut off from the background (the gap reaches the hem),
    // so body_showing_through does not see it: counted instead are the body's vertices in the
    // skirt's lowest part with the suit behind them along the view and none in front.
    std::array<size_t, 2> in_front{0, 0};
    for (const bool keep : {false, true}) {
        const auto dressed = dress_one(twin, dir / "suit", scene::DressingOptions{.keep_body_sides = keep}, "walking");
        ASSERT_TRUE(dressed);
        const asset::Mesh& cloth = dressed->cloth;
        const asset::SurfaceIndex suit_index({cloth.vertices, cloth.indices}, std::span<const asset::ClosedShell>{});
        const glm::vec3 toward_camera(0.0f, 0.0f, 1.0f);
        // The lowest fifth of the suit, the skirt above the hem: the hands hang in front of its
        // sides higher up.
        float low = 1e30f, high = -1e30f;
        for (const asset::Vertex& v : cloth.vertices) {
            low = std::min(low, v.position.y);
            high = std::max(high, v.position.y);
        }
        const float hem_band = low + 0.2f * (high - low);
        for (const std::vector<asset::Vertex>& posed : dressed->body)
            for (const asset::Vertex& v : posed) {
                if (v.position.y > hem_band) continue;
                const bool suit_behind = suit_index.first_hit(v.position, -toward_camera, 1e-4f, 1.0f).distance < 1.0f;
                const bool suit_in_front = suit_index.first_hit(v.position, toward_camera, 1e-4f, 1.0f).distance < 1.0f;
                in_front[keep] += suit_behind && !suit_in_front;
            }
    }
    std::printf("xbot walking, body vertices in front of the suit: %zu, %zu with the sides kept\n", in_front[0], in_front[1]);
    RecordProperty("body_vertices_in_front_of_suit", std::to_string(in_front[1]));
    RecordProperty("body_vertices_in_front_of_suit_off", std::to_string(in_front[0]));
    // 2026-12-07: 276 without the sides kept (the forward knee), none with them.
    EXPECT_GT(in_front[0], 100u) << "without the sides kept the knee stands in front of the skirt (the check can fail)";
    EXPECT_LE(in_front[1], 5u) << "the skirt a knee passed goes back in front of it";
    fs::remove_all(dir);
}

// The same suit on Xbot standing, hands hanging against the skirt's sides (2026-12-07, 37th
// session): the skirt wrapped round each hand in a pocket. The push off drawn skin
// (asset/poke_through.h) took the cloth behind the hand's outer skin out over the hand; only skin
// near the part the cloth hangs on, along the skeleton, pushes it now. Counted: vertices of the
// hands' outer sides, below the cuffs, with the suit within 3 cm outside them along their normal,
// standing and looking over the shoulder (the hands hang the same way; since the 38th session's
// transfer along the cloth's normal the skirt lies a little differently, and standing alone
// wrapped only 10 vertices when pushed by any skin).
TEST_F(OverlappingBodyCover, ASkirtDoesNotWrapRoundTheHandsHangingAgainstIt) {
    TS_REQUIRE_SHARED_ASSETS();
    const fs::path dir = test::temp_folder("xbot-hands-cover");
    const auto twin = import_xbot_and_suit(dir);
    ASSERT_TRUE(twin);
    std::array<size_t, 2> wrapped{0, 0};
    for (const char* pose : {"standing-relaxed", "looking-over-shoulder"})
    for (const bool near_parts : {false, true}) {
        const auto dressed = dress_one(twin, dir / "suit", scene::DressingOptions{.poke_by_near_parts = near_parts}, pose);
        ASSERT_TRUE(dressed);
        const asset::SurfaceIndex suit_index({dressed->cloth.vertices, dressed->cloth.indices}, std::span<const asset::ClosedShell>{});
        const asset::Skeleton& skeleton = twin->model.skeleton;
        // The hands' vertices, left (x < 0) and right, and each hand's height.
        std::vector<const asset::Vertex*> hand;
        float top[2] = {-1e30f, -1e30f}, bottom[2] = {1e30f, 1e30f};
        for (size_t m = 0; m < dressed->meshes.size(); ++m)
            for (size_t v = 0; v < dressed->body[m].size(); ++v) {
                const asset::VertexSkin& skin = dressed->meshes[m]->skin[v];
                const size_t k = size_t(std::max_element(skin.weights, skin.weights + asset::kMaxInfluences) - skin.weights);
                if (skeleton.joints[skin.joints[k]].name.find("Hand") == std::string::npos) continue;
                const asset::Vertex& p = dressed->body[m][v];
                hand.push_back(&p);
                const int side = p.position.x > 0.0f;
                top[side] = std::max(top[side], p.position.y);
                bottom[side] = std::min(bottom[side], p.position.y);
            }
        ASSERT_GT(hand.size(), 100u) << "Xbot's hands are found by their joints' names";
        // Below the cuffs: the lower 60% of each hand, palm and fingers.
        for (const asset::Vertex* p : hand) {
            const int side = p->position.x > 0.0f;
            if (p->position.y > bottom[side] + 0.6f * (top[side] - bottom[side])) continue;
            const float length = glm::length(p->normal);
            if (!(length > 0.5f)) continue;
            // Facing away from the body (the palm facing the hip has the skirt beside it, rightly).
            if (p->normal.x / length * (p->position.x > 0.0f ? 1.0f : -1.0f) < 0.5f) continue;
            wrapped[near_parts] += suit_index.first_hit(p->position, p->normal / length, 1e-4f, 0.03f).distance < 0.03f;
        }
    }
    std::printf("xbot standing and looking over the shoulder, hand vertices with the suit outside them: %zu, %zu pushed by near parts only\n", wrapped[0],
                wrapped[1]);
    RecordProperty("hand_vertices_wrapped", std::to_string(wrapped[1]));
    RecordProperty("hand_vertices_wrapped_any_skin", std::to_string(wrapped[0]));
    // 2026-12-07: 146 pushed by any skin, none by near parts only, standing; since the 38th
    // session 10 + 132 standing and looking over the shoulder, none by near parts only.
    EXPECT_GT(wrapped[0], 60u) << "pushed by any skin, the skirt wraps round the hands (the check can fail)";
    EXPECT_LE(wrapped[1], 5u) << "the hands hang outside the skirt";
    fs::remove_all(dir);
}
