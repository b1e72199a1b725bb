// The editor's model layer without a window: which options each demo licence enables, undo/redo,
// the shot list's licence gate, joint sliders that stop at the licence, and shoot save/load.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "asset_library.h"
#include "consent/trust_store.h"
#include "pose_editing.h"
#include "scene/humanoid.h"
#include "shoot_document.h"
#include "shot_judge.h"
#include "shot_prefetch.h"
#include "studio/shoot_writer.h"
#include "viewport_camera.h"

namespace twinshoot::editor {
namespace {
namespace fs = std::filesystem;

class EditorModel : public ::testing::Test {
protected:
    void SetUp() override {
        scratch = fs::temp_directory_path() / ("twinshoot-editor-test-" + std::to_string(::getpid()) + "-" +
                                               ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(scratch);
        fs::create_directories(scratch / "session");
        auto loaded = consent::TrustStore::load(fs::path(TWINSHOOT_SOURCE_DIR) / "assets/trust");
        ASSERT_TRUE(loaded) << loaded.error().message;
        trust.emplace(std::move(*loaded));
        judge.emplace(*trust, cache);
        auto doc = ShootDocument::open(demo_shoot(), {.libraries = {TWINSHOOT_DEMO_ASSETS}}, cache, scratch / "session");
        ASSERT_TRUE(doc) << doc.error().message;
        document.emplace(std::move(*doc));
        library = scan_library(document->libraries(), document->shoot().poses);
        ASSERT_TRUE(library.problems.empty()) << library.problems.front().message;
    }
    void TearDown() override { fs::remove_all(scratch); }
    static fs::path demo_shoot() { return fs::path(TWINSHOOT_SOURCE_DIR) / "assets/shoots/demo.json"; }
    size_t shot_index(const std::string& id) const {
        for (size_t i = 0; i < document->shots().size(); ++i)
            if (document->shots()[i].id == id) return i;
        ADD_FAILURE() << "no shot " << id;
        return 0;
    }

    fs::path scratch;
    studio::AssetCache cache;
    std::optional<consent::TrustStore> trust;
    std::optional<ShotJudge> judge;
    std::optional<ShootDocument> document;
    AssetLibrary library;
};

TEST_F(EditorModel, LibraryListsTheDemoAssets) {
    ASSERT_EQ(library.twins.size(), 2u);
    EXPECT_EQ(library.twins[0].id, "demo-ava");
    EXPECT_EQ(library.twins[1].id, "demo-noah");
    EXPECT_NE(library.garment("ava-slip-dress"), nullptr);
    EXPECT_GE(library.garment("ava-slip-dress")->package.colourways.size(), 3u);
    EXPECT_NE(library.pose("arms-raised"), nullptr);
    EXPECT_EQ(library.poses.size(), 14u);
    EXPECT_EQ(library.light_rigs.size(), 5u);
}

TEST_F(EditorModel, AvasLicenceDisablesSwimwearAndLyingWithTheirReasons) {
    document->select(shot_index("ava-walk-dress-navy"));
    const ShotReview r = judge->review(document->shoot(), document->current(), library);
    ASSERT_TRUE(r.decision.granted()) << r.decision.summary();
    ASSERT_TRUE(r.garments.count("ava-swimwear"));
    EXPECT_FALSE(r.garments.at("ava-swimwear").enabled);
    EXPECT_NE(r.garments.at("ava-swimwear").reason.find("swimwear"), std::string::npos) << r.garments.at("ava-swimwear").reason;
    EXPECT_TRUE(r.garments.at("ava-tee").enabled);
    EXPECT_TRUE(r.garments.at("noah-tee").enabled) << r.garments.at("noah-tee").reason;  // made on Noah, worn by transfer
    EXPECT_FALSE(r.poses.at("lying").enabled);
    EXPECT_NE(r.poses.at("lying").reason.find("lying"), std::string::npos);
    EXPECT_TRUE(r.poses.at("walking").enabled);
    EXPECT_TRUE(r.poses.at("arms-raised").enabled);  // Ava's licence allows it, Noah's does not
    EXPECT_TRUE(r.uses.at("social").enabled);
    EXPECT_TRUE(r.brands.at("Demo Brand").enabled);
    ASSERT_TRUE(r.licence.has_value());
    EXPECT_TRUE(r.standing.empty());
}

TEST_F(EditorModel, NoahsLicenceDisablesArmsRaisedOutdoorAdvertisingAndLimitsTheShoulder) {
    document->select(shot_index("noah-walk-tee"));
    const ShotReview r = judge->review(document->shoot(), document->current(), library);
    ASSERT_TRUE(r.decision.granted()) << r.decision.summary();
    EXPECT_FALSE(r.poses.at("arms-raised").enabled);
    EXPECT_NE(r.poses.at("arms-raised").reason.find("L-DEMO-NOAH-0002"), std::string::npos) << r.poses.at("arms-raised").reason;
    EXPECT_FALSE(r.poses.at("lying").enabled);
    EXPECT_TRUE(r.poses.at("walking").enabled);
    EXPECT_FALSE(r.uses.at("ooh").enabled);
    EXPECT_FALSE(r.uses.at("video").enabled);
    EXPECT_TRUE(r.uses.at("ecommerce").enabled);
    EXPECT_TRUE(r.uses.at("print").enabled);
    EXPECT_TRUE(r.territories.at("US").enabled);  // WORLD
    EXPECT_TRUE(r.garments.at("ava-slip-dress").enabled) << r.garments.at("ava-slip-dress").reason;  // by transfer
    EXPECT_FALSE(r.garments.at("ava-swimwear").enabled);  // wearable by transfer, but his licence forbids swimwear
    EXPECT_NE(r.garments.at("ava-swimwear").reason.find("swimwear"), std::string::npos) << r.garments.at("ava-swimwear").reason;
    const JointRange& abduction = r.joints[size_t(scene::JointAngle::LeftShoulderAbduction)];
    EXPECT_FLOAT_EQ(abduction.max_deg, 95.0f);
    EXPECT_FLOAT_EQ(abduction.min_deg, -20.0f);
    EXPECT_NE(abduction.limit.find("abduction"), std::string::npos);
    EXPECT_TRUE(r.joints[size_t(scene::JointAngle::LeftElbowFlexion)].limit.empty());
}

TEST_F(EditorModel, EveryEditUndoesAndRedoes) {
    EXPECT_FALSE(document->dirty());
    const float yaw = document->current().camera.yaw_degrees;
    EXPECT_TRUE(document->edit("yaw 30", [](studio::ShootShot& s) { s.camera.yaw_degrees = 30.0f; }));
    EXPECT_FALSE(document->edit("yaw 30 again", [](studio::ShootShot& s) { s.camera.yaw_degrees = 30.0f; }));
    EXPECT_TRUE(document->edit("pose seated", [](studio::ShootShot& s) { s.pose = "seated"; }));
    EXPECT_TRUE(document->dirty());  // the current shot is part of the document
    EXPECT_EQ(document->undo_label(), "pose seated");
    document->undo();
    EXPECT_EQ(document->current().pose, "walking");
    EXPECT_FLOAT_EQ(document->current().camera.yaw_degrees, 30.0f);
    document->undo();
    EXPECT_FLOAT_EQ(document->current().camera.yaw_degrees, yaw);
    EXPECT_FALSE(document->can_undo());
    EXPECT_FALSE(document->dirty());
    document->redo();
    document->redo();
    EXPECT_EQ(document->current().pose, "seated");
    EXPECT_FALSE(document->can_redo());
    const size_t shots = document->shots().size();
    document->remove(0);
    document->move(0, 2);
    EXPECT_EQ(document->shots().size(), shots - 1);
    document->undo();
    document->undo();
    EXPECT_EQ(document->shots().size(), shots);
    EXPECT_EQ(document->shots()[0].id, "ava-walk-dress-navy");
    // A new edit after undoing drops what could be redone.
    EXPECT_TRUE(document->set_brand("Other Brand"));
    EXPECT_FALSE(document->can_redo());
}

TEST_F(EditorModel, ARefusedShotIsNotAddedToTheList) {
    document->select(shot_index("noah-walk-tee"));
    const size_t before = document->shots().size();
    ASSERT_TRUE(document->edit("pose arms-raised", [](studio::ShootShot& s) { s.pose = "arms-raised"; }));
    auto added = document->add_current(*judge);
    ASSERT_FALSE(added);
    EXPECT_EQ(added.error().code, ErrorCode::Refused);
    EXPECT_NE(added.error().message.find("arms-raised"), std::string::npos) << added.error().message;
    EXPECT_EQ(document->shots().size(), before);
    ASSERT_TRUE(document->edit("use ooh", [](studio::ShootShot& s) { s.pose = "walking"; s.use = consent::Use::Ooh; }));
    EXPECT_FALSE(document->add_current(*judge));
    EXPECT_EQ(document->shots().size(), before);
    ASSERT_TRUE(document->edit("use social", [](studio::ShootShot& s) { s.use = consent::Use::Social; }));
    auto granted = document->add_current(*judge);
    ASSERT_TRUE(granted) << granted.error().message;
    EXPECT_EQ(document->shots().size(), before + 1);
    EXPECT_EQ(document->shots().back().id, "demo-noah-walking-1");
}

TEST_F(EditorModel, JointSlidersSetTheMeasuredAngleAndStopAtTheLicence) {
    document->select(shot_index("noah-walk-tee"));
    ASSERT_TRUE(document->set_joint_angle(*judge, library, scene::JointAngle::LeftElbowFlexion, 60.0f));
    ShotReview r = judge->review(document->shoot(), document->current(), library);
    ASSERT_TRUE(r.angles.has_value());
    EXPECT_NEAR((*r.angles)[scene::JointAngle::LeftElbowFlexion], 60.0f, 0.1f);
    EXPECT_TRUE(r.decision.granted());
    ASSERT_TRUE(document->set_joint_angle(*judge, library, scene::JointAngle::LeftShoulderAbduction, 90.0f));
    r = judge->review(document->shoot(), document->current(), library);
    EXPECT_NEAR((*r.angles)[scene::JointAngle::LeftShoulderAbduction], 90.0f, 0.1f);
    EXPECT_NEAR((*r.angles)[scene::JointAngle::LeftElbowFlexion], 60.0f, 2.0f);  // coupled, but barely
    // Past Noah's 95 degree limit: refused, and the shot is unchanged.
    const std::string pose = document->current().pose;
    auto refused = document->set_joint_angle(*judge, library, scene::JointAngle::LeftShoulderAbduction, 120.0f);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Refused);
    EXPECT_NE(refused.error().message.find("L-DEMO-NOAH-0002"), std::string::npos) << refused.error().message;
    EXPECT_EQ(document->current().pose, pose);
    // An edited pose keeps the tags it was made from.
    auto edited = scene::load_pose(document->current().pose);
    ASSERT_TRUE(edited);
    EXPECT_EQ(edited->name, "walking-edited");
    EXPECT_EQ(edited->tags, std::vector<std::string>{"walking"});
}

TEST_F(EditorModel, SavedShootsLoadBackToTheSameShots) {
    document->select(shot_index("noah-walk-tee"));
    ASSERT_TRUE(document->set_joint_angle(*judge, library, scene::JointAngle::RightElbowFlexion, 45.0f));
    ASSERT_TRUE(document->edit("seat none", [](studio::ShootShot& s) { s.seat = "none"; }));
    ASSERT_TRUE(document->add_current(*judge));
    ASSERT_TRUE(document->dirty());
    const fs::path file = scratch / "saved" / "lookbook.json";
    fs::create_directories(file.parent_path());
    auto saved = document->save_as(file);
    ASSERT_TRUE(saved) << saved.error().message;
    EXPECT_FALSE(document->dirty());
    EXPECT_TRUE(fs::exists(scratch / "saved/lookbook.poses" / (document->shots().back().id + ".json")));

    studio::AssetCache other_cache;
    auto loaded = studio::load_shoot(file, {.libraries = {TWINSHOOT_DEMO_ASSETS}}, other_cache);
    ASSERT_TRUE(loaded) << loaded.error().message;
    auto original = studio::load_shoot(demo_shoot(), {.libraries = {TWINSHOOT_DEMO_ASSETS}}, other_cache);
    ASSERT_TRUE(original);
    ASSERT_EQ(loaded->shots.size(), original->shots.size() + 1);
    EXPECT_EQ(loaded->name, original->name);
    EXPECT_EQ(loaded->brand, original->brand);
    EXPECT_EQ(fs::canonical(loaded->poses), fs::canonical(original->poses));
    for (size_t i = 0; i < loaded->shots.size(); ++i) {
        const studio::ShootShot& a = loaded->shots[i];
        const studio::ShootShot& b = i < original->shots.size() ? original->shots[i] : document->shots().back();
        SCOPED_TRACE(a.id);
        EXPECT_EQ(a.id, b.id);
        EXPECT_EQ(a.twin_id, b.twin_id);
        EXPECT_EQ(fs::canonical(a.twin_folder), fs::canonical(b.twin_folder));
        ASSERT_EQ(a.garments.size(), b.garments.size());
        for (size_t g = 0; g < a.garments.size(); ++g) {
            EXPECT_EQ(a.garments[g].id, b.garments[g].id);
            EXPECT_EQ(a.garments[g].colourway, b.garments[g].colourway);
            EXPECT_EQ(a.garments[g].layer, b.garments[g].layer);
        }
        if (fs::path(a.pose).extension() == ".json") {
            EXPECT_EQ(scene::load_pose(a.pose)->rotations, scene::load_pose(b.pose)->rotations);
        } else {
            EXPECT_EQ(a.pose, b.pose);
        }
        EXPECT_EQ(a.camera, b.camera);
        EXPECT_EQ(a.format, b.format);
        EXPECT_EQ(a.size.width, b.size.width);
        EXPECT_EQ(a.size.height, b.size.height);
        EXPECT_EQ(a.look.lights, b.look.lights);
        EXPECT_EQ(a.background, b.background);
        EXPECT_EQ(a.seat, b.seat);
        EXPECT_EQ(a.use, b.use);
        EXPECT_EQ(a.territories, b.territories);
    }
    EXPECT_EQ(loaded->shots.back().seat, "none") << "a seat left out is saved as such";
    EXPECT_FALSE(studio::shot_spec(*loaded, loaded->shots.back()).seat.drawn);
    // Saving with an empty list is refused and writes nothing.
    while (!document->shots().empty()) document->remove(0);
    const fs::path empty = scratch / "saved" / "empty.json";
    EXPECT_FALSE(document->save_as(empty));
    EXPECT_FALSE(fs::exists(empty));
}

// Issue 16: a shoot opened in the editor whose twin's avatar crashes the importer. The crash is in
// the import child: the editor's judge gets one error naming the file, and the editor carries on
// (the demo shoot's shot still decides in the same process).
TEST_F(EditorModel, AnAvatarThatCrashesTheImporterIsAnErrorAndTheEditorCarriesOn) {
    const fs::path hostile = scratch / "hostile";
    fs::create_directories(hostile / "twins");
    fs::copy(fs::path(TWINSHOOT_DEMO_ASSETS) / "twins" / "demo-ava", hostile / "twins" / "demo-ava", fs::copy_options::recursive);
    {
        std::ofstream(hostile / "twins" / "demo-ava" / "twin.json")
            << R"({"id": "demo-ava", "display_name": "Ava", "avatar": "demo-ava.fbx", "licence": "licence.json"})";
        std::string fbx = "; FBX 7.4.0 project file\nFBXHeaderExtension:  {\n";
        for (int i = 0; i < 200000; ++i) fbx += "A: {\n";
        std::ofstream(hostile / "twins" / "demo-ava" / "demo-ava.fbx") << fbx << std::string(200001, '}');
        std::ofstream(scratch / "hostile.json") << R"({"shoot": "hostile", "brand": "Demo Brand", "use": "social",
            "territories": ["FR"], "date": "2026-11-24", "shots": [{"id": "a", "twin": "demo-ava"}]})";
    }
    auto opened = ShootDocument::open(scratch / "hostile.json",
                                      {.libraries = {hostile}, .poses = fs::path(TWINSHOOT_SOURCE_DIR) / "assets/poses"},
                                      cache, scratch / "session-hostile");
    ASSERT_TRUE(opened) << opened.error().message;
    auto decision = judge->decide(opened->shoot(), opened->current());
    ASSERT_FALSE(decision.ok());
    EXPECT_NE(decision.error().message.find("the importer crashed ("), std::string::npos) << decision.error().message;
    EXPECT_NE(decision.error().message.find("demo-ava.fbx"), std::string::npos) << decision.error().message;
    auto still = judge->decide(document->shoot(), document->current());
    ASSERT_TRUE(still.ok()) << still.error().message;
}

// The shot list's looks and poses, each prepared once in the background: first the current twin's
// looks in the pose shown, then the listed shots, then that twin's looks in its other poses.
TEST_F(EditorModel, ThePrefetchPlanStartsWithTheCurrentTwinsLooksAndHoldsEachShotOnce) {
    const studio::ShootShot& current = document->current();
    const auto plan = plan_prefetch(document->shoot(), document->shots(), current);
    ASSERT_FALSE(plan.empty());
    EXPECT_LE(plan.size(), kMaxPlanned);
    auto key = [](const fs::path& twin, const std::vector<std::string>& garments, const std::string& pose) {
        std::string k = twin.lexically_normal().string() + "|" + pose;
        for (const std::string& g : garments) k += "|" + g.substr(0, g.rfind(':'));  // colourways share a binding
        return k;
    };
    auto garments_of = [&](const studio::ShootShot& shot) { return studio::shot_spec(document->shoot(), shot).garments; };
    std::set<std::string> planned;
    for (const studio::ShotSpec& spec : plan)
        EXPECT_TRUE(planned.insert(key(spec.twin, spec.garments, spec.pose)).second) << "planned twice: " << spec.pose;
    const studio::ShotSpec shown = studio::shot_spec(document->shoot(), current);
    EXPECT_FALSE(planned.count(key(shown.twin, shown.garments, shown.pose))) << "the shot shown is not planned";
    // Every listed shot is planned (unless it is the one shown).
    for (const studio::ShootShot& shot : document->shots()) {
        const studio::ShotSpec spec = studio::shot_spec(document->shoot(), shot);
        const std::string k = key(spec.twin, spec.garments, spec.pose);
        if (k == key(shown.twin, shown.garments, shown.pose)) continue;
        EXPECT_TRUE(planned.count(k)) << shot.id;
    }
    // The first ones: the current twin's other looks, in the pose shown.
    std::set<std::string> looks;
    for (const studio::ShootShot& shot : document->shots())
        if (shot.twin_folder == current.twin_folder && key({}, garments_of(shot), "") != key({}, shown.garments, ""))
            looks.insert(key({}, garments_of(shot), ""));
    ASSERT_FALSE(looks.empty()) << "the demo shoot has several looks of its first twin";
    ASSERT_GE(plan.size(), looks.size());
    for (size_t i = 0; i < looks.size(); ++i) {
        EXPECT_EQ(plan[i].twin, shown.twin);
        EXPECT_EQ(plan[i].pose, shown.pose);
        EXPECT_TRUE(looks.count(key({}, plan[i].garments, ""))) << "entry " << i;
    }
    // With the library: each garment the twin can wear, alone in the pose shown, right after those.
    const auto with_library = plan_prefetch(document->shoot(), document->shots(), current, &library);
    size_t wearable = 0;
    for (const LibraryGarment& g : library.garments) {
        const bool wears = scene::garment_wear(g.package, current.twin_id).ok();
        wearable += wears;
        bool planned_alone = false;
        for (size_t i = 0; i < with_library.size(); ++i)
            if (with_library[i].garments.size() == 1 && with_library[i].pose == shown.pose && with_library[i].twin == shown.twin &&
                fs::path(with_library[i].garments[0].substr(0, with_library[i].garments[0].rfind(':'))) == g.package.folder)
                planned_alone = true;
        const bool shown_alone = current.garments.size() == 1 && current.garments[0].folder == g.package.folder;
        EXPECT_EQ(planned_alone, wears && !shown_alone) << g.package.id;
    }
    EXPECT_GT(wearable, 0u);
    EXPECT_GT(with_library.size(), plan.size());
}

// What the worker prepared is found by the window's own preparation: no garment is bound again and
// no pose fitted again. A prefetch dropped mid-plan stops after the shot in hand.
TEST_F(EditorModel, APrefetchedLookIsShownWithoutBindingOrFittingItAgain) {
    auto plan = plan_prefetch(document->shoot(), document->shots(), document->current());
    plan.resize(std::min<size_t>(plan.size(), 3));
    {
        ShotPrefetch prefetch(cache);
        prefetch.start(plan);
        prefetch.wait();
        EXPECT_TRUE(prefetch.finished());
        EXPECT_EQ(prefetch.done(), plan.size());
    }
    const size_t bound = cache.garments_bound(), sets = cache.bindings_made();
    EXPECT_GT(bound, 0u);
    for (const studio::ShotSpec& spec : plan) {
        auto shot = studio::TwinShot::prepare(spec, cache);
        ASSERT_TRUE(shot.ok()) << shot.error().message;
        if (!shot->bound_garments()) continue;
        const studio::PosedGarments& posed = *shot->bound_garments()->posed;
        const size_t fitted = posed.fitted(), read = posed.from_disk();
        auto dressed = studio::dress(*shot->bound_garments(), shot->garments(), shot->staging(), scene::FitMeasures::Skip);
        ASSERT_TRUE(dressed.ok()) << dressed.error().message;
        EXPECT_EQ(posed.fitted(), fitted) << spec.pose << ": fitted again";
        EXPECT_EQ(posed.from_disk(), read) << spec.pose << ": read from disk again";
    }
    EXPECT_EQ(cache.garments_bound(), bound) << "no garment bound again";
    EXPECT_EQ(cache.bindings_made(), sets);

    studio::AssetCache other;
    {
        ShotPrefetch dropped(other);
        dropped.start(plan_prefetch(document->shoot(), document->shots(), document->current(), &library));
    }  // destroyed at once: it stops after the shot in hand
    EXPECT_LE(other.bindings_made(), 1u) << "the dropped prefetch went on with its plan";
}

TEST(ViewOrbit, NoOrbitIsTheShotCameraAndOrbitingKeepsTheDistance) {
    scene::Camera shot;
    shot.position = {0.0f, 1.0f, 4.0f};
    shot.target = {0.0f, 1.0f, 0.0f};
    ViewOrbit orbit;
    EXPECT_TRUE(orbit.is_shot_camera());
    const scene::Camera same = orbit_camera(shot, orbit);
    EXPECT_NEAR(glm::length(same.position - shot.position), 0.0f, 1e-5f);
    orbit.orbit(-225.0f, 0.0f);  // 90 degrees
    const scene::Camera side = orbit_camera(shot, orbit);
    EXPECT_NEAR(glm::length(side.position - side.target), 4.0f, 1e-4f);
    EXPECT_NEAR(std::abs(side.position.x), 4.0f, 1e-3f);
    orbit.zoom_by(1.0f);
    EXPECT_NEAR(glm::length(orbit_camera(shot, orbit).position - shot.target), 3.6f, 1e-3f);
}

}  // namespace
}  // namespace twinshoot::editor
