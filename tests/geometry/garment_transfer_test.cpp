// Garments on any twin (docs/garments.md), on real third-party files: MakeHuman's garments, draped
// on MakeHuman's base body (decimetres), imported as packages, then worn — transferred through the
// body proxy and settled as cloth — by three different twins (MakeHuman's base body auto-rigged,
// Mixamo's Xbot with its own rig, the generated demo twin Ava) in every pose of the library; bad
// garments refused with what was measured and nothing written.
#include <gtest/gtest.h>

#include <glm/gtc/matrix_transform.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <filesystem>
#include <fstream>
#include <limits>

#include "asset/closest_point.h"
#include "asset/garment_fit.h"
#include "asset/gltf_writer.h"
#include "asset/model_loader.h"
#include "asset/ply_writer.h"
#include "asset/skeleton.h"
#include "geometry/garment_transfer.h"
#include "scene/package.h"
#include "scene/pose_file.h"
#include "shared_assets.h"
#include "studio/asset_cache.h"
#include "studio/garment_import.h"
#include "studio/staging.h"
#include "studio/twin_import.h"
#include "temp_folder.h"

namespace fs = std::filesystem;
using namespace twinshoot;

namespace {

const char* const kGarments[] = {"female_casualsuit01", "female_elegantsuit01", "male_casualsuit05", "male_elegantsuit01"};

fs::path garment_file(const std::string& name) {
    return test::reference_asset("garments/MakeHuman_" + name + "/" + name + ".obj");
}
fs::path base_body() { return test::reference_asset("humans/MakeHuman_base_obj/base.obj"); }
fs::path poses() { return fs::path(TWINSHOOT_SOURCE_DIR) / "assets" / "poses"; }

studio::GarmentImportOptions import_options(const fs::path& mesh, const fs::path& out_dir, const std::string& id,
                                            const fs::path& draped_on, const std::string& units = "auto") {
    studio::GarmentImportOptions o;
    o.mesh = mesh;
    o.out_dir = out_dir;
    o.id = id;
    o.category = "top";
    o.draped_on = draped_on;
    o.units = units;
    return o;
}

std::string id_of(std::string name) {
    std::replace(name.begin(), name.end(), '_', '-');
    return name;
}

class GarmentOnAnyTwin : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        if (!test::shared_assets_present()) return;
        s_dir = test::temp_folder("garments");
        auto mh = studio::import_twin({base_body(), s_dir / "mh-body", "mh-body", "", "", {}});
        ASSERT_TRUE(mh) << mh.error().message;
        auto xbot = studio::import_twin({test::reference_asset("humans/Xbot_mixamo/Xbot.glb"), s_dir / "xbot", "xbot", "", "", {}});
        ASSERT_TRUE(xbot) << xbot.error().message;
        for (const char* name : kGarments) {
            auto report = studio::import_garment(import_options(garment_file(name), s_dir / id_of(name), id_of(name), base_body()));
            ASSERT_TRUE(report) << report.error().message;
            s_reports.push_back(*report);
        }
    }
    static void TearDownTestSuite() {
        if (!s_dir.empty()) fs::remove_all(s_dir);
    }
    void SetUp() override { TS_REQUIRE_SHARED_ASSETS(); }

    static fs::path twin_folder(const std::string& id) {
        if (id == "demo-ava" || id == "demo-noah") return fs::path(TWINSHOOT_DEMO_ASSETS) / "twins" / id;
        return s_dir / id;
    }

    static inline fs::path s_dir;
    static inline std::vector<studio::GarmentImportReport> s_reports;
};

// A twin as `twinshoot fit` loads it: no licence needed to fit (nothing is drawn).
std::shared_ptr<studio::LoadedTwin> load_twin(const fs::path& folder) {
    auto loaded = std::make_shared<studio::LoadedTwin>();
    auto package = scene::load_twin(folder);
    EXPECT_TRUE(package) << package.error().message;
    loaded->package = *package;
    auto model = asset::load_model(package->avatar);
    EXPECT_TRUE(model) << model.error().message;
    loaded->model = std::move(*model);
    return loaded;
}

// The worst fit measures of the first garment over every pose of the library, dressed as shots
// render them (`twinshoot fit --json`'s figures). Failures to stage or dress are test failures.
struct PoseSweep {
    double worst_inside = 0.0, worst_strain = 0.0, worst_gap = 0.0, strain_mean = 0.0;
    double skin_strain_mean = 0.0;  // of the skin the garment covers (GarmentFitReport::body_strain_p99)
    size_t worst_flipped = 0;
    std::string where;  // the pose of the worst strain
};

PoseSweep fit_every_pose(const studio::LoadedTwin& twin, const std::string& twin_id, const studio::BoundGarments& bound,
                         const std::vector<studio::GarmentChoice>& garments, const scene::PoseLibrary& library) {
    PoseSweep sweep;
    for (const scene::Pose& pose : library.poses) {
        auto staging = studio::stage(twin.model, pose.name, poses(), twin.package.bone_map, twin_id);
        EXPECT_TRUE(staging) << staging.error().message;
        if (!staging) return sweep;
        auto dressed = studio::dress(bound, garments, *staging, scene::FitMeasures::Compute);
        EXPECT_TRUE(dressed) << dressed.error().message;
        if (!dressed) return sweep;
        const scene::GarmentFitReport& r = dressed->report[0];
        if (r.strain_p99 > sweep.worst_strain) sweep.where = pose.name;
        sweep.worst_inside = std::max(sweep.worst_inside, r.inside_after);
        sweep.worst_strain = std::max(sweep.worst_strain, r.strain_p99);
        sweep.worst_gap = std::max(sweep.worst_gap, r.gap_p95_m);
        sweep.worst_flipped = std::max(sweep.worst_flipped, r.flipped_triangles);
        sweep.strain_mean += r.strain_p99 / double(library.poses.size());
        EXPECT_TRUE(r.body_strain_p99.has_value()) << pose.name << ": the skin under a suit is measured";
        sweep.skin_strain_mean += r.body_strain_p99.value_or(0.0) / double(library.poses.size());
    }
    return sweep;
}

TEST_F(GarmentOnAnyTwin, MakeHumanGarmentsLineUpWithTheBodyTheyWereDrapedOn) {
    ASSERT_EQ(s_reports.size(), 4u);
    for (const auto& r : s_reports) {
        EXPECT_EQ(r.draped_on, "base");
        EXPECT_TRUE(r.body_auto_rigged);
        EXPECT_EQ(r.units, "dm") << "MakeHuman works in decimetres";
        EXPECT_FALSE(r.units_guessed);
        EXPECT_GE(r.near_share, 0.9);
        // Fitted by its .mhclo, as MakeHuman fits it: on the body, not in it (as written, the OBJs
        // lie 4.6-6.9 cm off base.obj, up to 17% of a garment more than 2 cm inside).
        EXPECT_FALSE(r.mhclo.empty());
        EXPECT_GT(r.mhclo_moved_median, 0.03);
        EXPECT_LT(r.mhclo_moved_median, 0.09);
        EXPECT_LE(r.inside_share, 0.01);
        EXPECT_LE(r.median_distance_m, 0.025) << "the men's suits stand 1.6-2.2 cm off the body";
    }
    auto package = scene::load_garment(s_dir / "male-casualsuit05");
    ASSERT_TRUE(package) << package.error().message;
    ASSERT_TRUE(package->body.has_value());
    EXPECT_TRUE(fs::exists(*package->body));
    // The one wear rule: as draped on its own body, transferred to any other twin; a package
    // without a draping body only on its own twin, with the reason.
    EXPECT_EQ(*scene::garment_wear(*package, "base"), scene::GarmentWear::AsDraped);
    EXPECT_EQ(*scene::garment_wear(*package, "xbot"), scene::GarmentWear::Transferred);
    scene::GarmentPackage bodiless = *package;
    bodiless.body.reset();
    auto refused = scene::garment_wear(bodiless, "xbot");
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("no draping body"), std::string::npos) << refused.error().message;
}

// The same blouse and skirt as its OBJ places it, without its .mhclo: the sleeves a hand below the
// arms and much of it inside the body (the check can fail: with the .mhclo none is).
TEST_F(GarmentOnAnyTwin, AMakeHumanGarmentWithoutItsFittingLiesInsideTheBody) {
    auto options = import_options(garment_file("female_elegantsuit01"), s_dir / "elegant-as-written", "elegant-as-written", base_body());
    options.use_mhclo = false;
    auto raw = studio::import_garment(options);
    ASSERT_TRUE(raw) << raw.error().message;
    EXPECT_TRUE(raw->mhclo.empty());
    EXPECT_GT(raw->inside_share, 0.1);
    EXPECT_GT(raw->median_distance_m, 0.015);
    EXPECT_TRUE(raw->mhclo_not_applied.empty()) << "turned off, not skipped";

    // Draped on the same body written as a GLB, the .mhclo cannot be applied (its vertex numbers
    // are base.obj's): imported as written, and the report says why.
    auto body = asset::load_model(base_body());
    ASSERT_TRUE(body) << body.error().message;
    fs::create_directories(s_dir / "base-as-glb");
    ASSERT_TRUE(asset::write_glb(s_dir / "base-as-glb" / "base.glb", *body));
    auto on_twin = studio::import_garment(import_options(garment_file("female_elegantsuit01"), s_dir / "elegant-on-glb",
                                                         "elegant-on-glb", s_dir / "base-as-glb" / "base.glb"));
    ASSERT_TRUE(on_twin) << on_twin.error().message;
    EXPECT_TRUE(on_twin->mhclo.empty());
    EXPECT_NE(on_twin->mhclo_not_applied.find("female_elegantsuit01.mhclo was not applied"), std::string::npos)
        << on_twin->mhclo_not_applied;
}

// A women's and a men's garment on every twin in every pose: transferred, skinned, pushed out
// (what shots render today), and with the experimental cloth settle; measured as
// `twinshoot fit --json` reports it (all four garments: bench/fit_bench.sh, docs/garments.md).
// Inside the body: the goal (0.5%) holds everywhere, with and without the settle. Gap p95:
// the goal (0.08 m) holds everywhere (worst 0.055 m, the men's suit on the demo
// twin Ava; it was 0.091 until the transfer stopped widening loose cloth by the girth ratio,
// 2026-12-05). Strain p99 does NOT meet the goal (0.10) in the bent poses (worst on 2026-12-05:
// skinned 3.5 on Xbot seated, settled 2.7); the settle must lower the mean strain of skinning
// alone by 15%, or to below the strain of the skin under the garment, which cloth held to the skin
// inherits (docs/garments.md, "Why strain p99 stays above 0.10"). It does 1.2-2.2x, least on Ava in
// the women's suit: 0.394 -> 0.341 with hinge bending (0.324 with bending by distance, 2026-12-06),
// the skin under it 0.351. The strain bounds only guard today's figures.
TEST_F(GarmentOnAnyTwin, TransferredGarmentsFitThreeTwinsInEveryPose) {
    auto library = scene::load_pose_library(poses());
    ASSERT_TRUE(library) << library.error().message;
    for (const std::string twin_id : {"mh-body", "xbot", "demo-ava"}) {
        const auto twin = load_twin(twin_folder(twin_id));
        for (const char* name : {"female_casualsuit01", "male_casualsuit05"}) {
            double strain_mean[2] = {0.0, 0.0}, skin_strain = 0.0;
            for (const bool settle : {false, true}) {
                studio::AssetCache cache(scene::DressingOptions{.settle = settle ? scene::Settle::All : scene::Settle::Off});
                auto garments = studio::load_garments({(s_dir / id_of(name)).string()}, cache);
                ASSERT_TRUE(garments) << garments.error().message;
                auto bound = cache.bind(twin, *garments);
                ASSERT_TRUE(bound) << bound.error().message;
                const PoseSweep w = fit_every_pose(*twin, twin_id, **bound, *garments, *library);
                strain_mean[settle] = w.strain_mean;
                skin_strain = w.skin_strain_mean;
                std::printf("%-9s %-20s %-9s inside %.4f  strain p99 mean %.3f worst %.3f (%s), skin under it mean %.3f  gap p95 %.3f m  flipped %zu\n",
                            twin_id.c_str(), name, settle ? "settled" : "skinned", w.worst_inside, w.strain_mean, w.worst_strain,
                            w.where.c_str(), w.skin_strain_mean, w.worst_gap, w.worst_flipped);
                // Xbot is 95 closed plates and joint balls through one another; inside is their
                // union (asset/closed_shells.h). Where several overlap (a raised arm's plate,
                // shoulder ball and chest) the way out is traced through the union: before that,
                // its raised arms kept 5.6% of a suit inside.
                const bool xbot = twin_id == "xbot";
                EXPECT_LE(w.worst_inside, 0.005) << name << " on " << twin_id;
                EXPECT_LE(w.worst_strain, settle ? (xbot ? 4.0 : 2.0) : 8.0) << name << " on " << twin_id << " (worst in " << w.where << ")";
                EXPECT_LE(w.worst_gap, 0.08) << name << " on " << twin_id << ": the issue's goal";
            }
            EXPECT_LT(strain_mean[1], std::max(0.85 * strain_mean[0], skin_strain))
                << "the settle lowers the strain of skinning, or to the skin's own: " << name << " on " << twin_id;
        }
    }
}

// The skin's own strain under a garment (GarmentFitReport::body_strain_p99), what cloth held to the
// skin inherits: none in the rest pose; seated, on a body of one piece (MakeHuman's), about as
// much as the settled suit's own (0.60 against 0.51 on 2026-12-06: the strain goal of 0.10 is below
// what skinning does to the skin); on Xbot none, its rigid plates part instead of stretching, and
// the suit bridging them strains most (2.7).
TEST_F(GarmentOnAnyTwin, TheSkinUnderASuitStretchesWithThePoseUnlessItIsRigidPlates) {
    for (const std::string twin_id : {"mh-body", "xbot"}) {
        const auto twin = load_twin(twin_folder(twin_id));
        studio::AssetCache cache(scene::DressingOptions{.settle = scene::Settle::All});
        auto garments = studio::load_garments({(s_dir / "female-casualsuit01").string()}, cache);
        ASSERT_TRUE(garments) << garments.error().message;
        auto bound = cache.bind(twin, *garments);
        ASSERT_TRUE(bound) << bound.error().message;
        std::map<std::string, scene::GarmentFitReport> fits;
        for (const std::string pose : {"", "seated"}) {
            auto staging = studio::stage(twin->model, pose, poses(), twin->package.bone_map, twin_id);
            ASSERT_TRUE(staging) << staging.error().message;
            auto dressed = studio::dress(**bound, *garments, *staging, scene::FitMeasures::Compute);
            ASSERT_TRUE(dressed) << dressed.error().message;
            fits[pose] = dressed->report[0];
            ASSERT_TRUE(fits[pose].body_strain_p99.has_value()) << twin_id << " " << pose;
            std::printf("%-8s %-7s suit strain p99 %.3f, skin under it %.3f\n", twin_id.c_str(), pose.empty() ? "rest" : pose.c_str(),
                        fits[pose].strain_p99, *fits[pose].body_strain_p99);
        }
        EXPECT_LE(*fits[""].body_strain_p99, 1e-4) << twin_id << ": the rest pose is the skin's own shape";
        const scene::GarmentFitReport& seated = fits["seated"];
        if (twin_id == "mh-body") {
            EXPECT_GE(*seated.body_strain_p99, 0.3) << "skinning stretches the skin at the hips and knees";
            EXPECT_GE(seated.strain_p99, 0.5 * *seated.body_strain_p99) << "the suit follows the skin it lies on";
            EXPECT_LE(seated.strain_p99, 2.0 * *seated.body_strain_p99);
        } else {
            EXPECT_LE(*seated.body_strain_p99, 0.01) << "Xbot's plates are rigid";
            EXPECT_GE(seated.strain_p99, 0.5) << "the suit bridges plates that part";
        }
    }
}

// A coarse garment over a body of overlapping plates (MakeHuman's suit, 3 cm edges; Xbot): in the
// rest pose no vertex of it is inside any plate or ball, and few of its edges pass through one.
// Before the union test and the edge refinement, the hip and thigh plates showed through the
// trousers in patches a hand wide although every vertex was counted outside. The edge bound guards
// today's figure (4.7% of edge midpoints inside, 2026-12-03: short edges over the balls' rims); the
// goal is none.
TEST_F(GarmentOnAnyTwin, ACoarseSuitStaysOutOfXbotsOverlappingPlatesAtRest) {
    const auto twin = load_twin(twin_folder("xbot"));
    studio::AssetCache cache;
    auto garments = studio::load_garments({(s_dir / "male-casualsuit05").string()}, cache);
    ASSERT_TRUE(garments) << garments.error().message;
    auto bound = cache.bind(twin, *garments);
    ASSERT_TRUE(bound) << bound.error().message;
    auto staging = studio::stage(twin->model, "", poses(), twin->package.bone_map, "xbot");  // its rest pose
    ASSERT_TRUE(staging) << staging.error().message;
    auto dressed = studio::dress(**bound, *garments, *staging, scene::FitMeasures::Compute);
    ASSERT_TRUE(dressed) << dressed.error().message;
    EXPECT_LE(dressed->report[0].inside_after, 0.005);

    asset::Mesh body;  // the body in its rest pose, all its pieces
    const auto rest_skin = twin->model.skeleton.rest_skin_matrices();
    for (const auto& mesh : twin->model.meshes) {
        std::vector<asset::Vertex> posed;
        asset::skin_vertices(mesh, rest_skin, posed);
        const uint32_t base = uint32_t(body.vertices.size());
        body.vertices.insert(body.vertices.end(), posed.begin(), posed.end());
        for (uint32_t i : mesh.indices) body.indices.push_back(base + i);
    }
    const asset::SurfaceIndex index({body.vertices, body.indices});
    const asset::Mesh& suit = dressed->meshes[0];
    size_t edges = 0, cutting = 0;
    for (size_t t = 0; t + 2 < suit.indices.size(); t += 3)
        for (size_t e = 0; e < 3; ++e, ++edges) {
            glm::vec3 q, n;
            const glm::vec3 mid = 0.5f * (suit.vertices[suit.indices[t + e]].position + suit.vertices[suit.indices[t + (e + 1) % 3]].position);
            cutting += index.behind(mid, q, n);
        }
    std::printf("suit on Xbot in its rest pose: %zu of %zu edge midpoints inside the body\n", cutting, edges);
    EXPECT_LE(double(cutting), 0.06 * double(edges));
}

// The demo garments carry their mannequin (body.glb), so they go on any twin too: Ava's slip dress
// and Noah's tee on the other demo twin, Mixamo's Xbot and MakeHuman's auto-rigged base body, in
// every pose, as shots render them (skinned and pushed out; the dress, a hanging garment, settled).
TEST_F(GarmentOnAnyTwin, DemoGarmentsFitThreeOtherTwinsInEveryPose) {
    auto library = scene::load_pose_library(poses());
    ASSERT_TRUE(library) << library.error().message;
    const fs::path demo_garments = fs::path(TWINSHOOT_DEMO_ASSETS) / "garments";
    for (const auto& [garment, other_demo] : {std::pair<std::string, std::string>{"ava-slip-dress", "demo-noah"}, {"noah-tee", "demo-ava"}}) {
        for (const std::string& twin_id : {other_demo, std::string("xbot"), std::string("mh-body")}) {
            const auto twin = load_twin(twin_folder(twin_id));
            studio::AssetCache cache;
            auto garments = studio::load_garments({(demo_garments / garment).string()}, cache);
            ASSERT_TRUE(garments) << garments.error().message;
            ASSERT_EQ(*scene::garment_wear(*(*garments)[0].package, twin_id), scene::GarmentWear::Transferred);
            auto bound = cache.bind(twin, *garments);
            ASSERT_TRUE(bound) << bound.error().message;
            const PoseSweep w = fit_every_pose(*twin, twin_id, **bound, *garments, *library);
            std::printf("%-9s %-15s inside %.4f  strain p99 mean %.3f worst %.3f (%s)  gap p95 %.3f m\n", twin_id.c_str(),
                        garment.c_str(), w.worst_inside, w.strain_mean, w.worst_strain, w.where.c_str(), w.worst_gap);
            EXPECT_LE(w.worst_inside, 0.005) << garment << " on " << twin_id;
            // A flared skirt hangs off the legs: the slip dress's gap p95 is 0.16 m on its own twin in
            // the A-pose, and settled on Noah, who is taller, 0.25 m (0.19 m skinned); a tee lies on the body.
            const double gap_bound = garment == "ava-slip-dress" ? 0.3 : 0.05;
            EXPECT_LE(w.worst_gap, gap_bound) << garment << " on " << twin_id << ": on the body, not blown up around it";
        }
    }
}

// Xbot is plates and joint balls through one another, with grooves between them. Transferred
// onto its surface as it is, the demo slip dress followed the grooves in and the balls out: lumps
// at the hips and chest, and, pushed out of the plates to either side, a bodice folded into itself.
// Onto the body's envelope (geometry/body_envelope.h: closed by a ball of 1% of its height) the
// cloth bridges them. Rest shape as bound, standing, before → after the envelope (2026-12-07):
// edges through the dress 7 456 → 1 349, strain p99 0.684 → 0.464, turned triangles 1 219 → 646.
// The straps no longer take a share of the upper arm's turn from Ava's A-pose to Xbot's T-pose
// (40th session): edges through it at rest 1 637 → 1 311 (`twinshoot fit`).
TEST_F(GarmentOnAnyTwin, ADressOnXbotsPlatesBridgesTheGroovesBetweenThem) {
    const auto twin = load_twin(twin_folder("xbot"));
    studio::AssetCache cache;
    const fs::path dress = fs::path(TWINSHOOT_DEMO_ASSETS) / "garments" / "ava-slip-dress";
    auto garments = studio::load_garments({dress.string()}, cache);
    ASSERT_TRUE(garments) << garments.error().message;
    auto bound = cache.bind(twin, *garments);
    ASSERT_TRUE(bound) << bound.error().message;
    auto staging = studio::stage(twin->model, "standing-relaxed", poses(), twin->package.bone_map, "xbot");
    ASSERT_TRUE(staging) << staging.error().message;
    auto dressed = studio::dress(**bound, *garments, *staging, scene::FitMeasures::Compute);
    ASSERT_TRUE(dressed) << dressed.error().message;
    const auto& r = dressed->report.at(0);
    std::printf("slip dress on Xbot, standing: %zu edges through the dress at rest, strain p99 %.3f, %zu turned\n",
                r.self_crossings_rest, r.strain_p99, r.flipped_triangles);
    EXPECT_LE(r.self_crossings_rest, 1450u) << "the bodice folds into itself over the plates, or the straps twist";
    EXPECT_LE(r.strain_p99, 0.55);
    EXPECT_LE(r.inside_after, 0.005);
}

namespace {

// The demo slip dress as draped on Ava's mannequin, and that mannequin as a transfer source.
struct DrapedDress {
    asset::Mesh mesh;
    std::vector<glm::vec3> rest;  // its vertices' positions
    geometry::TransferBody from;
};

Result<DrapedDress> draped_slip_dress() {
    const fs::path folder = fs::path(TWINSHOOT_DEMO_ASSETS) / "garments" / "ava-slip-dress";
    TS_TRY_ASSIGN(scene::GarmentPackage package, scene::load_garment(folder));
    TS_TRY_ASSIGN(asset::Model mesh, asset::load_model(package.mesh));
    TS_TRY_ASSIGN(asset::Model body, asset::load_model(*package.body));
    TS_TRY_ASSIGN(geometry::TransferBody from, geometry::make_transfer_body(body, {}, "ava"));
    DrapedDress out{std::move(mesh.meshes.at(0)), {}, std::move(from)};
    out.rest.reserve(out.mesh.vertices.size());
    for (const asset::Vertex& v : out.mesh.vertices) out.rest.push_back(v.position);
    return out;
}

}  // namespace

// Vertices at one position in the draped garment (a seam split for UVs, the hem's facing strip on
// its skirt) are at one position on every other twin, transferred, posed and settled, so the settle
// keeps them one piece of cloth. Until 2026-12-05 the transfer moved them apart by millimetres
// (their weights are smoothed over different edges) and the slip dress's hem strip, no longer
// welded to its skirt, fell to the knees as a ring on Noah, Xbot and MakeHuman's body.
TEST_F(GarmentOnAnyTwin, ATransferredHemStaysOnItsSkirt) {
    auto dress = draped_slip_dress();
    ASSERT_TRUE(dress) << dress.error().message;
    const std::vector<glm::vec3>& rest = dress->rest;
    const std::vector<uint32_t> same = asset::colocated_representatives(rest);
    size_t split = 0;
    for (size_t v = 0; v < same.size(); ++v) split += same[v] != v;
    ASSERT_GT(split, 1000u) << "the dress has seams and a hem strip to keep together";
    for (const std::string twin_id : {"demo-noah", "xbot", "mh-body"}) {
        const auto twin = load_twin(twin_folder(twin_id));
        auto to = geometry::make_transfer_body(twin->model, twin->package.bone_map, twin_id);
        ASSERT_TRUE(to) << to.error().message;
        const auto moved = geometry::transfer_garment(rest, dress->mesh.indices, dress->from, *to);
        size_t parted = 0;
        for (size_t v = 0; v < moved.size(); ++v) parted += moved[v] != moved[same[v]];
        EXPECT_EQ(parted, 0u) << twin_id << ": vertices at one position on the draped dress came apart";
    }
}

// Where the maps of two segments meet (the slip dress's front between the legs), the transferred
// garment blends them: no triangle turns over against its draped orientation, no crease of specks
// down the skirt (the bone weights used to be smoothed over six edges whatever the mesh's
// resolution: on the demo dress, with its 7 mm edges, the seam was a few millimetres wide).
TEST_F(GarmentOnAnyTwin, ATransferredSkirtBlendsTheLegsWithoutFolding) {
    auto draped = draped_slip_dress();
    ASSERT_TRUE(draped) << draped.error().message;
    const auto noah = load_twin(twin_folder("demo-noah"));
    auto to = geometry::make_transfer_body(noah->model, {}, "noah");
    ASSERT_TRUE(to) << to.error().message;
    const asset::Mesh& dress = draped->mesh;
    const std::vector<glm::vec3>& rest = draped->rest;
    const auto moved = geometry::transfer_garment(rest, dress.indices, draped->from, *to);
    size_t flipped = 0, triangles = 0;
    for (size_t t = 0; t + 2 < dress.indices.size(); t += 3) {
        const uint32_t a = dress.indices[t], b = dress.indices[t + 1], c = dress.indices[t + 2];
        const glm::vec3 before = glm::cross(rest[b] - rest[a], rest[c] - rest[a]);
        const glm::vec3 after = glm::cross(moved[b] - moved[a], moved[c] - moved[a]);
        if (glm::length(before) <= 0.0f) continue;
        ++triangles;
        flipped += glm::dot(before, after) <= 0.0f;
    }
    RecordProperty("flipped_triangles", std::to_string(flipped));
    std::printf("ava-slip-dress -> demo-noah: %zu of %zu triangles turned over by the transfer\n", flipped, triangles);
    // 2026-12-03: 296 turned over with the weights smoothed over six edges, 72 (0.13%) now.
    EXPECT_LE(flipped, triangles / 400) << "the transfer folds the dress";
}

// Where B's shape differs from A's, the segments' maps leave points of a narrow band inside B (the
// demo slip dress's straps lie 3 cm inside MakeHuman's sloping shoulders), and B's nearest surface
// point from there fans the band out over the shoulder: the straps came out as ruffled flaps. Along
// the band's own normal as the maps turn it they stay a band. Area of the straps on MakeHuman's body
// against the draped straps' (scaled by the height ratio), 2026-12-07: 1.74 by the nearest point,
// 1.39 along the normal. On Xbot (a T-pose) the straps also took a share of the upper arm's turn
// from the A-pose and came out twisted; the upper arm's weight behind the shoulder joint now goes
// to the shoulder (38th → 40th session: straps more than 60 degrees off the skin under them,
// Xbot 10.9% → 9.4%, MakeHuman's body 3.9% → 4.1%; area on MakeHuman's body 1.39 → 1.49).
TEST_F(GarmentOnAnyTwin, ATransferredStrapStaysABandOnAnotherShoulder) {
    auto draped = draped_slip_dress();
    ASSERT_TRUE(draped) << draped.error().message;
    const std::vector<glm::vec3>& rest = draped->rest;
    const std::vector<uint32_t>& indices = draped->mesh.indices;
    // The straps: triangles wholly 1 cm above the top of the bodice's front (its highest point
    // within 5 cm of the middle; the draped dress faces +z).
    float neckline = -std::numeric_limits<float>::infinity();
    for (const glm::vec3& p : rest)
        if (std::abs(p.x) < 0.05f && p.z > 0.0f) neckline = std::max(neckline, p.y);
    for (const std::string twin_id : {"mh-body", "xbot"}) {
        const auto twin = load_twin(twin_folder(twin_id));
        auto to = geometry::make_transfer_body(twin->model, twin->package.bone_map, twin_id);
        ASSERT_TRUE(to) << to.error().message;
        const auto moved = geometry::transfer_garment(rest, indices, draped->from, *to);
        const asset::ClosestPointIndex body(to->positions, to->indices);
        double draped_area = 0.0, moved_area = 0.0;
        size_t triangles = 0, askew = 0;
        for (size_t t = 0; t + 2 < indices.size(); t += 3) {
            const uint32_t a = indices[t], b = indices[t + 1], c = indices[t + 2];
            if (std::min({rest[a].y, rest[b].y, rest[c].y}) < neckline + 0.01f) continue;
            ++triangles;
            draped_area += 0.5 * glm::length(glm::cross(rest[b] - rest[a], rest[c] - rest[a]));
            const glm::vec3 n = glm::cross(moved[b] - moved[a], moved[c] - moved[a]);
            moved_area += 0.5 * glm::length(n);
            // Lying on the shoulder, a strap faces as the skin under it does (either side: only its
            // tilt is asked); twisted, it stands on edge.
            const asset::ClosestHit hit = body.closest((moved[a] + moved[b] + moved[c]) / 3.0f);
            glm::vec3 skin(0.0f);
            for (int k = 0; k < 3; ++k) skin += hit.barycentric[k] * to->normals[to->indices[size_t(hit.triangle) * 3 + size_t(k)]];
            askew += glm::length(n) > 0.0f && std::abs(glm::dot(glm::normalize(n), glm::normalize(skin))) < 0.5f;
        }
        ASSERT_GT(triangles, 1000u) << "the dress has straps above its neckline";
        const double scale = double(to->height / draped->from.height);
        const double ratio = moved_area / (draped_area * scale * scale);
        const double share_askew = double(askew) / double(triangles);
        std::printf("ava-slip-dress -> %s: straps (%zu triangles) %.3f times their draped area, %.1f%% more than 60 degrees off the skin\n",
                    twin_id.c_str(), triangles, ratio, 100.0 * share_askew);
        EXPECT_LE(ratio, 1.6) << twin_id << ": the straps fan out over the shoulders";
        EXPECT_GE(ratio, 0.8) << twin_id << ": the straps shrink";
        EXPECT_LE(share_askew, 0.10) << twin_id << ": the straps stand on edge (twisted)";
    }
}

// The whole fit (transfer, binding, skinning, settle) gives the same vertices bit for bit, run to run.
TEST_F(GarmentOnAnyTwin, FittingIsDeterministic) {
    auto fit_once = [&] {
        const auto twin = load_twin(twin_folder("xbot"));
        studio::AssetCache cache(scene::DressingOptions{.settle = scene::Settle::All});
        auto garments = studio::load_garments({(s_dir / "female-elegantsuit01").string()}, cache);
        EXPECT_TRUE(garments);
        auto bound = cache.bind(twin, *garments);
        EXPECT_TRUE(bound);
        auto staging = studio::stage(twin->model, "walking", poses(), twin->package.bone_map, "xbot");
        EXPECT_TRUE(staging);
        auto dressed = studio::dress(**bound, *garments, *staging, scene::FitMeasures::Skip);
        EXPECT_TRUE(dressed);
        return dressed->meshes[0].vertices;
    };
    const auto a = fit_once(), b = fit_once();
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) ASSERT_EQ(a[i].position, b[i].position) << "vertex " << i;
}

// The settle on the demo slip dress (30 816 vertices; hems finished with strips joined through
// copies of their edges' vertices), on its own twin, walking and at rest. Before 2026-12-05 the
// walking settle threw 3 500 vertices more than 10 cm (the worst 1 km) and rendered as shards
// across the frame: the hem strips were pieces apart to the solver, and the skinned start's strain,
// corrected in one substep, became speed. At rest the skirt sagged under its weight (strain p99
// 0.45). No shared assets needed.
TEST(DemoDressSettle, TheWalkingDressSettlesWithoutThrowingClothAndHangsWithoutSagging) {
    const auto twin = load_twin(fs::path(TWINSHOOT_DEMO_ASSETS) / "twins" / "demo-ava");
    const std::string dress = (fs::path(TWINSHOOT_DEMO_ASSETS) / "garments" / "ava-slip-dress").string();
    struct Fit {
        std::vector<asset::Vertex> vertices;
        double strain_p99 = 0.0;
    };
    const auto fit = [&](const char* pose, bool settle, const asset::ClothOptions& cloth) {
        studio::AssetCache cache(scene::DressingOptions{.settle = settle ? scene::Settle::All : scene::Settle::Off, .cloth = cloth});
        auto garments = studio::load_garments({dress}, cache);
        EXPECT_TRUE(garments) << garments.error().message;
        auto bound = cache.bind(twin, *garments);
        EXPECT_TRUE(bound) << bound.error().message;
        auto staging = studio::stage(twin->model, pose, poses(), twin->package.bone_map, "demo-ava");
        EXPECT_TRUE(staging) << staging.error().message;
        auto dressed = studio::dress(**bound, *garments, *staging, scene::FitMeasures::Compute);
        EXPECT_TRUE(dressed) << dressed.error().message;
        return Fit{dressed->meshes[0].vertices, dressed->report[0].strain_p99};
    };
    const auto worst_move = [](const Fit& a, const Fit& b) {
        float worst = 0.0f;
        for (size_t v = 0; v < std::min(a.vertices.size(), b.vertices.size()); ++v)
            worst = std::max(worst, glm::length(a.vertices[v].position - b.vertices[v].position));
        return worst;
    };
    const Fit skinned = fit("walking", false, {});
    const Fit settled = fit("walking", true, {});
    ASSERT_EQ(skinned.vertices.size(), settled.vertices.size());
    EXPECT_LT(worst_move(skinned, settled), 0.2f) << "the skirt falls and swings; nothing leaves it";
    // Copies of a point (hem strips, UV seams) that skinning kept together stay together.
    size_t parted = 0;
    std::map<std::array<float, 3>, glm::vec3> first;
    for (size_t v = 0; v < skinned.vertices.size(); ++v) {
        const glm::vec3 p = skinned.vertices[v].position;
        const auto [it, fresh] = first.try_emplace({p.x, p.y, p.z}, settled.vertices[v].position);
        parted += !fresh && glm::length(it->second - settled.vertices[v].position) > 1e-5f;
    }
    EXPECT_EQ(parted, 0u) << "vertices at one point of the skinned dress part when settled";
    // Without projecting the start first and without the speed cap, the hem jerks past the bound the
    // settle keeps (0.23 m; the check can fail). Caught mid-flight: over the 0.2 s settle of before
    // 2026-12-06; the 0.6 s settle has time to bring a thrown hem back near the bound (0.18 m).
    const Fit thrown = fit("walking", true, {.seconds = 0.2f, .substeps = 100, .contact_refresh = 20, .prestabilise = 0, .max_speed_m_s = 1e9f});
    EXPECT_GT(worst_move(skinned, thrown), 0.2f);

    // At rest: hung from the hips by tethers as long as the cloth between, the skirt does not sag.
    const Fit rest = fit("", true, {});
    EXPECT_LT(rest.strain_p99, 0.2) << "strain p99 at rest, settled";
    const Fit sagging = fit("", true, {.tethers = false});
    EXPECT_GT(sagging.strain_p99, 0.3) << "without tethers the skirt sags (the check can fail)";
    std::printf("demo slip dress: walking worst move %.3f m (unstabilised %.1f m); rest strain p99 %.3f (untethered %.3f)\n",
                double(worst_move(skinned, settled)), double(worst_move(skinned, thrown)), rest.strain_p99, sagging.strain_p99);
}

// Bad garments: each refused with what was measured, exit-worthy, nothing written.
TEST_F(GarmentOnAnyTwin, GarmentsThatDoNotLineUpAreRefusedAndNothingIsWritten) {
    auto garment = asset::load_model(garment_file("male_casualsuit05"));
    ASSERT_TRUE(garment) << garment.error().message;
    auto attempt = [&](const asset::Model& model, const std::string& units, const fs::path& draped_on = base_body()) {
        const fs::path file = s_dir / "bad" / "garment.glb";
        fs::create_directories(file.parent_path());
        EXPECT_TRUE(asset::write_glb(file, model));
        auto r = studio::import_garment(import_options(file, s_dir / "bad-package", "bad", draped_on, units));
        EXPECT_FALSE(fs::exists(s_dir / "bad-package")) << "nothing may be written";
        for (const auto& e : fs::directory_iterator(s_dir)) EXPECT_EQ(e.path().string().find(".tmp-"), std::string::npos) << e.path();
        return r;
    };
    asset::Model far = *garment;
    for (auto& instance : far.instances) instance.transform = glm::translate(glm::mat4(1.0f), glm::vec3(30.0f, 0.0f, 0.0f)) * instance.transform;
    auto r = attempt(far, "auto");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("does not line up"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("garment.glb"), std::string::npos) << "the message names the file: " << r.error().message;
    r = attempt(*garment, "m");  // decimetres read as metres: ten times too large
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("within 10 cm"), std::string::npos) << r.error().message;
    // The same garment exported in centimetres (ten times the numbers): found in cm, and said so.
    asset::Model cm = *garment;
    for (auto& instance : cm.instances) instance.transform = glm::scale(glm::mat4(1.0f), glm::vec3(10.0f)) * instance.transform;
    {
        const fs::path file = s_dir / "cm" / "garment.glb";
        fs::create_directories(file.parent_path());
        ASSERT_TRUE(asset::write_glb(file, cm));
        auto ok = studio::import_garment(import_options(file, s_dir / "cm-package", "cm", base_body()));
        ASSERT_TRUE(ok) << ok.error().message;
        EXPECT_EQ(ok->units, "cm");
        EXPECT_TRUE(ok->units_guessed);
    }
    // A stranger's claim: MakeHuman's suits (decimetres, made on MakeHuman's base body) said to be
    // draped on Mixamo's Xbot (metres). Nothing lines up in metres; read in another unit a
    // human-sized garment lies near any human-sized body (a decimetre suit on Xbot: 60% within 10
    // cm, median 6 cm) and a shrunken one near its shins (in centimetres: 99%, median 3.9 cm, 15 cm
    // across; in inches: 43 cm across). No unit is guessed from that: the user says which.
    for (const char* suit : {"male_casualsuit05", "male_elegantsuit01", "female_elegantsuit01"}) {
        const fs::path out = s_dir / "stranger-package";
        auto claimed = studio::import_garment(import_options(garment_file(suit), out, "stranger", twin_folder("xbot"), "auto"));
        ASSERT_FALSE(claimed) << suit << " accepted on Xbot in " << claimed->units << ", median "
                              << claimed->median_distance_m << " m";
        EXPECT_NE(claimed.error().message.find("does not line up"), std::string::npos) << claimed.error().message;
        EXPECT_FALSE(fs::exists(out));
    }
    // A draping body that is not there is named as such.
    r = attempt(*garment, "auto", s_dir / "no-such-twin");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("no-such-twin: not found"), std::string::npos) << r.error().message;
    // A head scan is no body to drape on.
    r = attempt(*garment, "auto", test::reference_asset("humans/LeePerrySmith_headscan/LeePerrySmith.glb"));
    ASSERT_FALSE(r);
    // Over the triangle budget: refused before any fitting work.
    asset::Model huge = *garment;
    {
        asset::Mesh& m = huge.meshes[huge.instances[0].mesh];
        const size_t tris = m.indices.size() / 3;
        const std::vector<uint32_t> one = m.indices;
        while (m.indices.size() / 3 < 210'000) m.indices.insert(m.indices.end(), one.begin(), one.end());
        EXPECT_GT(m.indices.size() / 3, tris);
    }
    r = attempt(huge, "auto");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("triangles, over the"), std::string::npos) << r.error().message;
    // What a truncated file leaves: a few triangles, or a scrap a few centimetres across lying on the
    // body (it lines up: every vertex is close to the surface).
    asset::Model scrap = *garment;
    scrap.meshes[scrap.instances[0].mesh].indices.resize(3 * 5);
    r = attempt(scrap, "auto");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("only 5 triangles"), std::string::npos) << r.error().message;
    asset::Model tiny = *garment;
    {
        asset::Mesh& m = tiny.meshes[tiny.instances[0].mesh];
        const glm::vec3 pin = m.vertices[m.indices[0]].position;
        for (auto& v : m.vertices) v.position = pin + 0.02f * (v.position - pin);
    }
    r = attempt(tiny, "auto");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("too small to be a garment"), std::string::npos) << r.error().message;
}

}  // namespace
