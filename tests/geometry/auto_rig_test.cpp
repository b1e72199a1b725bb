// The auto-rig and twin onboarding on real third-party files (../shared/assets-ref/humans):
// body frame detection under every axis and unit a file might use, joint placement against the
// professional rigs of the same bodies, posing an auto-rigged scan through the pose library, and
// bad scans refused without leaving anything behind.
#include <gtest/gtest.h>

#include <glm/gtc/matrix_transform.hpp>

#include <cmath>
#include <filesystem>

#include "asset/gltf_writer.h"
#include "asset/model_loader.h"
#include "asset/ply_writer.h"
#include "consent/licence.h"
#include "core/sha256.h"
#include "geometry/auto_rig.h"
#include "geometry/body_frame.h"
#include "geometry/canonical_joints.h"
#include "geometry/normalise.h"
#include "geometry/rig_quality.h"
#include "geometry/subdivide.h"
#include "scene/humanoid.h"
#include "scene/package.h"
#include "scene/pose.h"
#include "scene/pose_file.h"
#include "shared_assets.h"
#include "studio/twin_import.h"

namespace fs = std::filesystem;
using namespace twinshoot;

namespace {

asset::Model load(const std::string& relative) {
    auto m = asset::load_model(test::reference_asset(relative));
    EXPECT_TRUE(m) << relative << ": " << (m ? "" : m.error().message);
    return m ? std::move(*m) : asset::Model{};
}

scene::PoseLibrary poses() {
    auto lib = scene::load_pose_library(fs::path(TWINSHOOT_SOURCE_DIR) / "assets" / "poses");
    EXPECT_TRUE(lib);
    return lib ? *lib : scene::PoseLibrary{};
}

fs::path fresh_dir(const std::string& name) {
    const fs::path d = fs::temp_directory_path() / ("twinshoot-rig-test-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

struct RigCase {
    const char* file;
    const char* units;
};
const RigCase kRigged[] = {
    {"humans/Xbot_mixamo/Xbot.glb", "m"},
    {"humans/Michelle_mixamo/Michelle.glb", "m"},
    {"humans/SambaDancing_fbx/Samba Dancing.fbx", "cm"},
    {"humans/CesiumMan/glTF-Binary/CesiumMan.glb", "m"},
    {"humans/RiggedFigure/glTF-Binary/RiggedFigure.glb", "m"},
};

}  // namespace

TEST(BodyFrame, ReferenceBodiesAreDetectedInTheirOwnUnitsUpright) {
    TS_REQUIRE_SHARED_ASSETS();
    for (const RigCase& c : kRigged) {
        const asset::Model model = load(c.file);
        auto frame = geometry::detect_body_frame(geometry::body_mesh_of(model));
        ASSERT_TRUE(frame) << c.file << ": " << frame.error().message;
        EXPECT_EQ(frame->units, c.units) << c.file;
        EXPECT_EQ(frame->up_axis, "+y") << c.file;
        EXPECT_GT(frame->height_m, 1.2f) << c.file;
        EXPECT_LT(frame->height_m, 2.2f) << c.file;
    }
}

// The same body written Z-up, facing -X, in millimetres (or inches, or lying any way a scanner
// might) is put back to the same normalised joints.
TEST(BodyFrame, AnyAxisAndUnitComesBackToTheSameNormalisedBody) {
    TS_REQUIRE_SHARED_ASSETS();
    const asset::Model original = load("humans/Xbot_mixamo/Xbot.glb");
    auto base_frame = geometry::detect_body_frame(geometry::body_mesh_of(original));
    ASSERT_TRUE(base_frame);
    asset::Model base = original;
    geometry::normalise_model(base, *base_frame);
    auto base_joints = geometry::canonical_joints(base);
    ASSERT_TRUE(base_joints);
    struct Variant {
        glm::mat4 transform;
        const char* units;
        const char* up;
    };
    const glm::mat4 z_up = glm::rotate(glm::mat4(1.0f), glm::radians(90.0f), glm::vec3(1, 0, 0));
    const Variant variants[] = {
        {glm::scale(z_up, glm::vec3(1000.0f)), "mm", "+z"},
        {glm::scale(glm::rotate(z_up, glm::radians(90.0f), glm::vec3(0, 1, 0)), glm::vec3(1.0f / 0.0254f)), "in", "+z"},
        {glm::scale(glm::rotate(glm::mat4(1.0f), glm::radians(180.0f), glm::vec3(0, 1, 0)), glm::vec3(100.0f)), "cm", "+y"},
        {glm::scale(glm::rotate(glm::mat4(1.0f), glm::radians(180.0f), glm::vec3(1, 0, 0)), glm::vec3(10.0f)), "dm", "-y"},
    };
    for (const Variant& v : variants) {
        asset::Model moved = original;
        asset::Joint root;
        root.name = "file_root";
        root.rest_local = v.transform;
        geometry::BodyFrame f;  // reuse normalise_model's root insertion to move the file
        f.rotation = glm::mat3(1.0f);
        f.scale = 1.0f;
        geometry::normalise_model(moved, f);
        moved.skeleton.joints[0].rest_local = v.transform;
        moved.skeleton.joints[0].inverse_bind = glm::inverse(v.transform);
        // Bake so the file really is in the new axes (its bind pose moves with the root).
        for (auto& mesh : moved.meshes)
            for (auto& vert : mesh.vertices) vert.position = glm::vec3(v.transform * glm::vec4(vert.position, 1.0f));
        for (size_t j = 1; j < moved.skeleton.joints.size(); ++j)
            moved.skeleton.joints[j].inverse_bind = moved.skeleton.joints[j].inverse_bind * glm::inverse(v.transform);
        auto frame = geometry::detect_body_frame(geometry::body_mesh_of(moved));
        ASSERT_TRUE(frame) << v.units << ": " << frame.error().message;
        EXPECT_EQ(frame->units, v.units);
        EXPECT_EQ(frame->up_axis, v.up) << v.units;
        geometry::normalise_model(moved, *frame);
        auto joints = geometry::canonical_joints(moved);
        ASSERT_TRUE(joints) << joints.error().message;
        for (size_t b = 0; b < scene::kHumanBoneCount; ++b) {
            if (!base_joints->positions[b]) continue;
            ASSERT_TRUE(joints->positions[b]);
            EXPECT_LT(glm::length(*joints->positions[b] - *base_joints->positions[b]), 0.005f)
                << v.units << " " << scene::bone_name(scene::HumanBone(b));
        }
    }
}

// Strip the professional rig, auto-rig the geometry, compare (geometry/rig_quality.h).
// Joints: within 3% of height at the median and 7% at worst (the goal, met; held at 5.5%,
// today's worst being 5.1%, Michelle's hips). Posed vertices: within 2% at the median in every
// pose, as posed (today 1.8% at worst: Xbot arms crossed, Samba seated) and with the two posed
// bodies' centroids put together (1.5%). Until the hip joints were put 3.5% of the height above
// the crotch rather than 5% (2026-12-05) RiggedFigure seated was 2.5%: its rig turns the thighs
// about the crotch (geometry/joint_fit.cpp, kHipAboveCrotch). Bound on the original rig's own
// joints, the binding and the retargeting alone cost at most 0.7% in any pose: before the
// retargeting kept collar bones, spine, hands and feet as modelled (2026-12-05) that was 10% on
// the Khronos rigs.
TEST(AutoRig, ProfessionalRigsAreMatchedFromGeometryAlone) {
    TS_REQUIRE_SHARED_ASSETS();
    const scene::PoseLibrary library = poses();
    std::vector<std::string> over_two_percent;
    for (const RigCase& c : kRigged) {
        asset::Model model = load(c.file);
        auto frame = geometry::detect_body_frame(geometry::body_mesh_of(model));
        ASSERT_TRUE(frame);
        geometry::normalise_model(model, *frame);
        asset::Model stripped = geometry::without_rig(model);
        auto rig = geometry::auto_rig(stripped, frame->height_m);
        ASSERT_TRUE(rig) << c.file << ": " << rig.error().message;
        for (const auto& mesh : stripped.meshes) {
            ASSERT_EQ(mesh.skin.size(), mesh.vertices.size());
            for (const auto& s : mesh.skin) {
                float sum = 0.0f;
                for (float w : s.weights) sum += w;
                ASSERT_NEAR(sum, 1.0f, 1e-4f) << c.file << ": every vertex weighted";
            }
        }
        auto cmp = geometry::compare_rigs(model, stripped, library);
        ASSERT_TRUE(cmp) << cmp.error().message;
        EXPECT_LE(cmp->joint_median, 0.03f) << c.file;
        EXPECT_LE(cmp->joint_max, 0.055f) << c.file;
        EXPECT_LT(cmp->rest_median, 0.001f) << c.file << ": the binding must not move the rest pose";
        EXPECT_EQ(cmp->pose_median.size(), library.poses.size());
        for (const auto& [pose, m] : cmp->pose_median)
            if (m > 0.02f) over_two_percent.push_back(std::string(c.file) + " " + pose);
        EXPECT_LE(cmp->worst_pose_median_aligned, 0.02f) << c.file;

        asset::Model given = geometry::without_rig(model);
        auto original = geometry::canonical_joints(model);
        ASSERT_TRUE(original);
        ASSERT_TRUE(geometry::auto_rig(given, frame->height_m, {.given_joints = original->positions}));
        auto alone = geometry::compare_rigs(model, given, library);
        ASSERT_TRUE(alone) << alone.error().message;
        EXPECT_LE(alone->worst_pose_median, 0.008f) << c.file << ": binding and retargeting on the original joints";
    }
    std::string over;
    for (const auto& o : over_two_percent) over += "\n  " + o;
    EXPECT_TRUE(over_two_percent.empty()) << "model x pose cases over 2% of the height as posed:" << over;
}

// Xbot stands with its knees touching over a tenth of its height. Touching legs join in one
// section notched front and back at the midline, which a skirt or the trunk is not: they are
// followed through to the crotch. Before that test (2026-12-05) Xbot's legs were taken for a
// dress: crotch assumed at 46%, hip joints 2.9% of the height from its rig's. Their height above the
// crotch is a convention rigs disagree on (geometry/joint_fit.cpp): across the body they must sit
// where Xbot's rig puts them (1% of the height), and within 3% of it in height (2.8% now).
TEST(AutoRig, TouchingKneesAreLegsNotADress) {
    TS_REQUIRE_SHARED_ASSETS();
    asset::Model model = load("humans/Xbot_mixamo/Xbot.glb");
    auto frame = geometry::detect_body_frame(geometry::body_mesh_of(model));
    ASSERT_TRUE(frame);
    geometry::normalise_model(model, *frame);
    auto original = geometry::canonical_joints(model);
    ASSERT_TRUE(original);
    asset::Model stripped = geometry::without_rig(model);
    auto rig = geometry::auto_rig(stripped, frame->height_m);
    ASSERT_TRUE(rig) << rig.error().message;
    const geometry::Landmarks& lm = rig->joints.landmarks;
    const float H = frame->height_m;
    EXPECT_FALSE(lm.legs_covered) << "crotch at " << lm.crotch_y / H << " of the height";
    EXPECT_GT(lm.crotch_y, 0.44f * H);
    EXPECT_LT(lm.crotch_y, 0.52f * H);
    for (const scene::HumanBone b : {scene::HumanBone::LeftUpperLeg, scene::HumanBone::RightUpperLeg}) {
        ASSERT_TRUE(original->positions[size_t(b)]);
        const glm::vec3 d = rig->joints.position[size_t(b)] - *original->positions[size_t(b)];
        EXPECT_LT(glm::length(glm::vec2(d.x, d.z)), 0.01f * H) << scene::bone_name(b);
        EXPECT_LT(std::abs(d.y), 0.03f * H) << scene::bone_name(b);
    }
}

// MakeHuman's unrigged base mesh (decimetres, helper geometry included) becomes a twin package
// whose avatar maps by name, poses through the whole library with every vertex finite and the
// body's size kept, and carries a licence template with its SHA-256.
TEST(TwinImport, AnUnriggedScanBecomesAPackageThatPosesThroughTheLibrary) {
    TS_REQUIRE_SHARED_ASSETS();
    const fs::path dir = fresh_dir("mh");
    studio::TwinImportOptions o;
    o.scan = test::reference_asset("humans/MakeHuman_base_obj/base.obj");
    o.out_dir = dir / "mh-base";
    o.id = "mh-base";
    o.owner = "mh-model";
    auto report = studio::import_twin(o);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->frame.units, "dm");
    EXPECT_TRUE(report->auto_rigged);
    EXPECT_GT(report->dropped_meshes.size(), 100u);  // helper-* and joint-* groups
    auto package = scene::load_twin(o.out_dir);
    ASSERT_TRUE(package) << package.error().message;
    auto licence = consent::load_licence(package->licence);
    ASSERT_TRUE(licence) << licence.error().message;
    auto digest = sha256_file(package->avatar);
    ASSERT_TRUE(digest);
    EXPECT_EQ(licence->licence.avatar_sha256.hex(), digest->hex());
    EXPECT_EQ(licence->licence.twin_id, "mh-base");
    auto avatar = asset::load_model(package->avatar);
    ASSERT_TRUE(avatar) << avatar.error().message;
    EXPECT_EQ(avatar->twin_id, "mh-base");
    auto map = scene::map_humanoid(avatar->skeleton);
    ASSERT_TRUE(map) << map.error().message;
    EXPECT_EQ(map->method, scene::MappingMethod::Names);
    for (size_t b = 0; b < scene::kHumanBoneCount; ++b) EXPECT_TRUE(map->has(scene::HumanBone(b))) << scene::bone_name(scene::HumanBone(b));
    auto rig = scene::PoseRig::create(*avatar, *map);
    ASSERT_TRUE(rig);
    const float height = avatar->bounds().extent().y;
    EXPECT_NEAR(height, 1.67f, 0.05f);
    for (const scene::Pose& pose : poses().poses) {
        const auto skin = avatar->skeleton.skin_matrices(avatar->skeleton.world_transforms(rig->apply(pose)));
        const asset::Aabb box = avatar->bounds(skin);
        ASSERT_TRUE(box.valid()) << pose.name;
        const float size = glm::length(box.extent());
        EXPECT_GT(size, 0.8f * height) << pose.name;
        EXPECT_LT(size, 2.5f * height) << pose.name << ": a limb flew off";
    }
    fs::remove_all(dir);
}

TEST(TwinImport, BadScansAreRefusedWithTheReasonAndLeaveNothing) {
    TS_REQUIRE_SHARED_ASSETS();
    const fs::path dir = fresh_dir("bad");
    // Two people side by side in one file.
    {
        asset::Model xbot = load("humans/Xbot_mixamo/Xbot.glb");
        asset::Model two = geometry::without_rig(xbot);
        const size_t n = two.instances.size();
        for (size_t i = 0; i < n; ++i) {
            asset::MeshInstance copy = two.instances[i];
            copy.transform = glm::translate(glm::mat4(1.0f), glm::vec3(2.5f, 0, 0)) * copy.transform;
            two.instances.push_back(copy);
        }
        ASSERT_TRUE(asset::write_glb(dir / "two.glb", two));
    }
    // An empty OBJ and a degenerate one (every triangle flat on a line).
    {
        std::FILE* f = std::fopen((dir / "empty.obj").c_str(), "w");
        std::fputs("# nothing\n", f);
        std::fclose(f);
        f = std::fopen((dir / "line.obj").c_str(), "w");
        std::fputs("v 0 0 0\nv 0 1 0\nv 0 2 0\nf 1 2 3\n", f);
        std::fclose(f);
    }
    struct Bad {
        fs::path file;
        const char* reason;
    };
    const Bad cases[] = {
        {test::reference_asset("humans/LeePerrySmith_headscan/LeePerrySmith.glb"), "standing person"},
        {test::reference_asset("pbr/DamagedHelmet/glTF-Binary/DamagedHelmet.glb"), "not a person"},
        {dir / "two.glb", "several"},
        {dir / "empty.obj", ""},
        {dir / "line.obj", ""},
        {test::reference_asset("humans/male02_obj/male02.obj"), "arms touch the body"},
    };
    for (const Bad& c : cases) {
        studio::TwinImportOptions o;
        o.scan = c.file;
        o.out_dir = dir / "out";
        o.id = "bad";
        auto r = studio::import_twin(o);
        ASSERT_FALSE(r) << c.file;
        EXPECT_NE(r.error().message.find(c.file.string()), std::string::npos) << r.error().message;
        EXPECT_NE(r.error().message.find(c.reason), std::string::npos) << r.error().message;
        for (const auto& entry : fs::directory_iterator(dir))
            EXPECT_EQ(entry.path().filename().string().find("out"), std::string::npos)
                << c.file << ": left " << entry.path();
    }
    // A head scan given a unit is still not a standing person.
    studio::TwinImportOptions o;
    o.scan = test::reference_asset("humans/LeePerrySmith_headscan/LeePerrySmith.glb");
    o.out_dir = dir / "out";
    o.id = "lee";
    o.frame.units = "dm";
    auto r = studio::import_twin(o);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("not a standing person"), std::string::npos) << r.error().message;
    EXPECT_FALSE(fs::exists(dir / "out"));
    fs::remove_all(dir);
}

// A textured avatar keeps its textures and materials through the package's .glb.
TEST(TwinImport, ARiggedTexturedAvatarKeepsItsRigAndTextures) {
    TS_REQUIRE_SHARED_ASSETS();
    const fs::path dir = fresh_dir("michelle");
    studio::TwinImportOptions o;
    o.scan = test::reference_asset("humans/Michelle_mixamo/Michelle.glb");
    o.out_dir = dir / "michelle";
    o.id = "michelle";
    auto report = studio::import_twin(o);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_FALSE(report->auto_rigged);
    const asset::Model original = load("humans/Michelle_mixamo/Michelle.glb");
    auto avatar = asset::load_model(o.out_dir / "michelle.glb");
    ASSERT_TRUE(avatar) << avatar.error().message;
    ASSERT_EQ(avatar->images.size(), original.images.size());
    for (size_t i = 0; i < original.images.size(); ++i) {
        EXPECT_EQ(avatar->images[i].width, original.images[i].width);
        EXPECT_EQ(avatar->images[i].pixels, original.images[i].pixels) << "PNG is lossless";
    }
    ASSERT_EQ(avatar->materials.size(), original.materials.size());
    for (size_t m = 0; m < original.materials.size(); ++m) {
        EXPECT_EQ(avatar->materials[m].base_color_texture.present(), original.materials[m].base_color_texture.present());
        EXPECT_EQ(avatar->materials[m].normal_texture.present(), original.materials[m].normal_texture.present());
    }
    EXPECT_GE(avatar->skeleton.find(geometry::kBodyFrameJoint), 0);
    auto map = scene::map_humanoid(avatar->skeleton);
    ASSERT_TRUE(map) << map.error().message;
    EXPECT_EQ(map->method, scene::MappingMethod::Names);
    fs::remove_all(dir);
}

namespace {

// MakeHuman's body alone (helpers left out), as one welded triangle soup in its file frame (dm).
geometry::BodyMesh makehuman_body() {
    asset::Model base = load("humans/MakeHuman_base_obj/base.obj");
    geometry::drop_helper_geometry(base);
    return geometry::body_mesh_of(base);
}

std::optional<geometry::CanonicalJoints> imported_joints(const fs::path& scan, const fs::path& out, const std::string& id,
                                                         studio::TwinImportReport* report_out = nullptr) {
    studio::TwinImportOptions o;
    o.scan = scan;
    o.out_dir = out;
    o.id = id;
    auto report = studio::import_twin(o);
    EXPECT_TRUE(report) << scan << ": " << (report ? "" : report.error().message);
    if (!report) return std::nullopt;
    if (report_out) *report_out = *report;
    auto avatar = asset::load_model(report->avatar);
    EXPECT_TRUE(avatar);
    if (!avatar) return std::nullopt;
    auto joints = geometry::canonical_joints(*avatar);
    EXPECT_TRUE(joints);
    return joints ? std::optional(*joints) : std::nullopt;
}

float worst_joint_distance(const geometry::CanonicalJoints& a, const geometry::CanonicalJoints& b) {
    float worst = 0.0f;
    for (size_t k = 0; k < scene::kHumanBoneCount; ++k)
        if (a.positions[k] && b.positions[k]) worst = std::max(worst, glm::length(*a.positions[k] - *b.positions[k]));
    return worst / a.height;
}

}  // namespace

// A raw scan as a scanner writes it: binary PLY, millimetres, Z up, no groups, no rig, and dense
// (MakeHuman's body subdivided 9x: 2.2 million triangles). It becomes the same twin as the coarse
// body: every joint within 1.5% of the height.
TEST(TwinImport, ADenseMillimetreZUpPlyScanBecomesTheSameTwin) {
    TS_REQUIRE_SHARED_ASSETS();
    const fs::path dir = fresh_dir("dense");
    const geometry::BodyMesh body = makehuman_body();
    const glm::mat4 to_mm_z_up = glm::scale(glm::rotate(glm::mat4(1.0f), glm::radians(90.0f), glm::vec3(1, 0, 0)), glm::vec3(100.0f));
    const geometry::BodyMesh coarse = geometry::transformed(body, to_mm_z_up);
    ASSERT_TRUE(asset::write_ply(dir / "coarse.ply", coarse.positions, coarse.indices));
    const geometry::BodyMesh dense = geometry::subdivide(coarse, 9);
    ASSERT_GE(dense.triangle_count(), 2'000'000u);
    ASSERT_TRUE(asset::write_ply(dir / "dense.ply", dense.positions, dense.indices));
    studio::TwinImportReport report;
    auto a = imported_joints(dir / "coarse.ply", dir / "coarse", "coarse");
    auto b = imported_joints(dir / "dense.ply", dir / "dense", "dense", &report);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(report.frame.units, "mm");
    EXPECT_EQ(report.frame.up_axis, "+z");
    EXPECT_TRUE(report.auto_rigged);
    EXPECT_GE(report.triangles, 2'000'000u);
    EXPECT_LT(worst_joint_distance(*a, *b), 0.015f);
    fs::remove_all(dir);
}

// Holes (3% of the triangles gone) and non-manifold fins (a third triangle on 1% of the edges)
// do not stop the rig, and move no joint by more than 2% of the height.
TEST(TwinImport, AScanWithHolesAndNonManifoldEdgesStillRigsTheSame) {
    TS_REQUIRE_SHARED_ASSETS();
    const fs::path dir = fresh_dir("holes");
    const geometry::BodyMesh clean = makehuman_body();
    geometry::BodyMesh broken;
    broken.positions = clean.positions;
    uint32_t state = 12345;
    auto next = [&] { return state = state * 1664525u + 1013904223u; };
    size_t holes = 0, fins = 0;
    for (size_t t = 0; t + 2 < clean.indices.size(); t += 3) {
        const uint32_t a = clean.indices[t], b = clean.indices[t + 1], c = clean.indices[t + 2];
        const uint32_t r = next() % 100;
        if (r < 3) {
            ++holes;
            continue;
        }
        broken.indices.insert(broken.indices.end(), {a, b, c});
        if (r == 3) {  // a fin: a third triangle on edge a-b, sticking out
            const glm::vec3 n = glm::normalize(glm::cross(clean.positions[b] - clean.positions[a], clean.positions[c] - clean.positions[a]));
            broken.positions.push_back(0.5f * (clean.positions[a] + clean.positions[b]) + 0.1f * n);  // 1 cm in dm
            broken.indices.insert(broken.indices.end(), {a, b, uint32_t(broken.positions.size() - 1)});
            ++fins;
        }
    }
    ASSERT_GT(holes, 500u);
    ASSERT_GT(fins, 100u);
    ASSERT_TRUE(asset::write_ply(dir / "clean.ply", clean.positions, clean.indices));
    ASSERT_TRUE(asset::write_ply(dir / "broken.ply", broken.positions, broken.indices));
    auto a = imported_joints(dir / "clean.ply", dir / "clean", "clean");
    auto b = imported_joints(dir / "broken.ply", dir / "broken", "broken");
    ASSERT_TRUE(a && b);
    EXPECT_LT(worst_joint_distance(*a, *b), 0.02f);
    fs::remove_all(dir);
}

// The weights are smooth: across any edge of the body, the weight vectors of the two vertices
// differ little (L1 distance, of 2 at most). Measured on MakeHuman's body: p50 0.015, p99 0.39,
// max 0.64 with the volume smoothing of skin_binding.cpp (without it: p99 0.53, max 1.47 — hard
// seams at wrists and feet, a vertex wholly on one bone next to one wholly on the other).
TEST(AutoRig, SkinWeightsAreSmoothAcrossTheSurface) {
    TS_REQUIRE_SHARED_ASSETS();
    asset::Model base = load("humans/MakeHuman_base_obj/base.obj");
    geometry::drop_helper_geometry(base);
    auto frame = geometry::detect_body_frame(geometry::body_mesh_of(base));
    ASSERT_TRUE(frame);
    geometry::normalise_model(base, *frame);
    ASSERT_TRUE(geometry::auto_rig(base, frame->height_m));
    std::vector<float> jumps;
    for (const asset::Mesh& mesh : base.meshes) {
        auto dense = [&](uint32_t v) {
            std::array<float, scene::kHumanBoneCount> w{};
            for (uint32_t k = 0; k < asset::kMaxInfluences; ++k) w[mesh.skin[v].joints[k]] += mesh.skin[v].weights[k];
            return w;
        };
        for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3)
            for (int e = 0; e < 3; ++e) {
                const auto a = dense(mesh.indices[t + size_t(e)]), b = dense(mesh.indices[t + size_t((e + 1) % 3)]);
                float l1 = 0.0f;
                for (size_t k = 0; k < a.size(); ++k) l1 += std::abs(a[k] - b[k]);
                jumps.push_back(l1);
            }
    }
    ASSERT_FALSE(jumps.empty());
    std::sort(jumps.begin(), jumps.end());
    const float p99 = jumps[jumps.size() * 99 / 100], worst = jumps.back();
    std::printf("weight change across an edge: p50 %.3f, p99 %.3f, max %.3f (L1, of 2)\n", jumps[jumps.size() / 2], p99, worst);
    EXPECT_LT(p99, 0.45f);
    EXPECT_LT(worst, 0.8f) << "a hard seam: one vertex wholly on one bone, its neighbour wholly on another";
}
