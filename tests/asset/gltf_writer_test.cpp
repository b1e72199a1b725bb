// The GLB writer, checked by reading its output back through the importer.
#include <gtest/gtest.h>

#include <filesystem>

#include "asset/gltf_writer.h"
#include "asset/importer.h"
#include "asset/procedural.h"
#include "scene/pose.h"
#include "shared_assets.h"
#include "temp_folder.h"

using namespace twinshoot;
using namespace twinshoot::asset;
namespace fs = std::filesystem;

namespace {
fs::path temp_glb(const std::string& name) {
    static const fs::path dir = test::temp_folder("glb");
    return dir / name;
}

void expect_same_box(const Aabb& a, const Aabb& b, float tolerance) {
    for (int i = 0; i < 3; ++i) {
        EXPECT_NEAR(a.min[i], b.min[i], tolerance) << "min " << i;
        EXPECT_NEAR(a.max[i], b.max[i], tolerance) << "max " << i;
    }
}
}  // namespace

TEST(GltfWriter, RigidModelRoundTrips) {
    const Model figure = make_test_figure();
    const fs::path path = temp_glb("figure.glb");
    ASSERT_TRUE(write_glb(path, figure).ok());
    auto back = import_model(path);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->triangle_count(), figure.triangle_count());
    EXPECT_EQ(back->instances.size(), figure.instances.size());
    expect_same_box(back->bounds(), figure.bounds(), 1e-5f);
    bool found_navy = false;
    for (const auto& m : back->materials) found_navy |= m.name == "navy" && std::abs(m.roughness - 0.35f) < 1e-6f;
    EXPECT_TRUE(found_navy);
}

TEST(GltfWriter, OutputIsDeterministic) {
    const Model figure = make_test_figure();
    auto a = encode_glb(figure), b = encode_glb(figure);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(*a, *b);
}

TEST(GltfWriter, SkinnedModelRoundTripsSkeletonSkinAndPose) {
    TS_REQUIRE_SHARED_ASSETS();
    auto michelle = import_model(test::reference_asset("humans/Michelle_mixamo/Michelle.glb"));
    ASSERT_TRUE(michelle.ok());
    const fs::path path = temp_glb("michelle.glb");
    ASSERT_TRUE(write_glb(path, *michelle).ok());
    auto back = import_model(path);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->triangle_count(), michelle->triangle_count());
    ASSERT_FALSE(back->skeleton.empty());
    EXPECT_GE(back->skeleton.find("mixamorig:LeftForeArm"), 0);
    const float height = michelle->bounds().extent().y;
    expect_same_box(back->bounds(), michelle->bounds(), 1e-4f * height);

    // The same canonical pose on both gives the same posed body: skins and bind matrices survived.
    scene::Pose pose;
    pose.set(scene::HumanBone::LeftUpperArm, glm::angleAxis(glm::radians(-70.0f), glm::vec3(0, 0, 1)));
    pose.set(scene::HumanBone::RightUpperLeg, glm::angleAxis(glm::radians(-60.0f), glm::vec3(1, 0, 0)));
    auto posed_bounds = [&](const Model& m) {
        auto map = scene::map_humanoid(m.skeleton);
        EXPECT_TRUE(map.ok());
        auto rig = scene::PoseRig::create(m.skeleton, *map);
        const auto locals = rig->apply(pose);
        return m.bounds(m.skeleton.skin_matrices(m.skeleton.world_transforms(locals)));
    };
    expect_same_box(posed_bounds(*back), posed_bounds(*michelle), 1e-4f * height);
}

TEST(GltfWriter, RefusesAnEmptyModel) { EXPECT_FALSE(encode_glb(Model{}).ok()); }
