// Pose files and the demo pose library: parsing, errors naming the file and JSON path, and the
// library the project ships (>= 12 poses with the tags licences refuse by).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "scene/joint_angles.h"
#include "scene/pose_file.h"
#include "synthetic_rig.h"

using namespace twinshoot;
using namespace twinshoot::scene;
namespace fs = std::filesystem;

namespace {
void expect_error(std::string_view json, const std::string& fragment) {
    auto pose = parse_pose(json, "pose.json");
    ASSERT_FALSE(pose.ok()) << json;
    EXPECT_NE(pose.error().message.find("pose.json: "), std::string::npos) << pose.error().message;
    EXPECT_NE(pose.error().message.find(fragment), std::string::npos) << pose.error().message;
}
}  // namespace

TEST(PoseFile, ParsesEulerAndQuaternionRotations) {
    auto pose = parse_pose(R"({"name": "p", "tags": ["standing", "arms-raised"],
        "bones": {"left_upper_arm": {"euler_deg": [0, 0, -45]}, "head": {"quat_wxyz": [1, 0, 0, 0]}}})",
                           "pose.json");
    ASSERT_TRUE(pose.ok()) << pose.error().message;
    EXPECT_EQ(pose->name, "p");
    EXPECT_TRUE(pose->has_tag("arms-raised"));
    ASSERT_TRUE(pose->rotations[size_t(HumanBone::LeftUpperArm)].has_value());
    const glm::vec3 arm = *pose->rotations[size_t(HumanBone::LeftUpperArm)] * glm::vec3(1, 0, 0);
    EXPECT_NEAR(arm.y, -std::sin(glm::radians(45.0f)), 1e-5f) << "euler z = -45 lowers the left arm";
}

TEST(PoseFile, ErrorsNameTheJsonPath) {
    expect_error("{ not json", "invalid JSON at byte");
    expect_error(R"({"name": "p", "hips_offset_m": [0, -1e999, 0]})", "invalid JSON");  // found by package_fuzz
    expect_error("[]", "$: expected an object");
    expect_error(R"({"tags": []})", "$.name: required");
    expect_error(R"({"name": "p", "bonez": {}})", "$.bonez: unknown field");
    expect_error(R"({"name": "p", "tags": ["Standing"]})", "$.tags[0]: tags are lower-case");
    expect_error(R"({"name": "p", "bones": {"left_elbow": {"euler_deg": [0,0,0]}}})",
                 "$.bones.left_elbow: unknown canonical bone (known: hips, spine");
    expect_error(R"({"name": "p", "bones": {"head": {"euler_deg": [0, 0]}}})",
                 "$.bones.head.euler_deg: expected an array of 3 numbers");
    expect_error(R"({"name": "p", "bones": {"head": {"euler_deg": [0, "x", 0]}}})", "$.bones.head.euler_deg[1]");
    expect_error(R"({"name": "p", "bones": {"head": {"quat_wxyz": [2, 0, 0, 0]}}})", "not a unit quaternion");
    expect_error(R"({"name": "p", "bones": {"head": {"axis": [1, 0, 0]}}})", "expected \"euler_deg\" or \"quat_wxyz\"");
}

TEST(PoseFile, LibraryRejectsDuplicateNames) {
    const fs::path dir = fs::temp_directory_path() / ("twinshoot-poses-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "a.json") << R"({"name": "same"})";
    std::ofstream(dir / "b.json") << R"({"name": "same"})";
    auto library = load_pose_library(dir);
    ASSERT_FALSE(library.ok());
    EXPECT_NE(library.error().message.find("b.json: pose name \"same\" is also used by"), std::string::npos)
        << library.error().message;
    fs::remove_all(dir);
    EXPECT_FALSE(load_pose_library(dir).ok()) << "a missing folder is an error";
}

TEST(DemoPoseLibrary, ShipsTwelveTaggedPosesThatAllApply) {
    auto library = load_pose_library(fs::path(TWINSHOOT_SOURCE_DIR) / "assets" / "poses");
    ASSERT_TRUE(library.ok()) << library.error().message;
    EXPECT_GE(library->poses.size(), 12u);
    std::set<std::string> tags;
    for (const auto& pose : library->poses) tags.insert(pose.tags.begin(), pose.tags.end());
    for (const char* tag : {"standing", "walking", "contrapposto", "hands-on-hips", "seated", "arms-raised", "lying"})
        EXPECT_TRUE(tags.count(tag)) << "the library needs a pose tagged " << tag;

    const asset::Skeleton skeleton = test::make_synthetic_rig(test::mixamo_names());
    auto map = map_humanoid(skeleton);
    ASSERT_TRUE(map.ok());
    auto rig = PoseRig::create(skeleton, *map);
    ASSERT_TRUE(rig.ok());
    for (const auto& pose : library->poses) {
        const JointAngles a = measure_joint_angles(*rig, rig->apply(pose));
        for (float d : a.degrees) EXPECT_TRUE(std::isfinite(d)) << pose.name;
        // Anatomically possible: no elbow or knee bent backwards past straight, nothing past 180.
        EXPECT_LE(a[JointAngle::LeftKneeFlexion], 150.0f) << pose.name;
        EXPECT_LE(a[JointAngle::LeftElbowFlexion], 150.0f) << pose.name;
    }
    const Pose* raised = library->find("arms-raised");
    ASSERT_NE(raised, nullptr);
    EXPECT_GT(measure_joint_angles(*rig, rig->apply(*raised))[JointAngle::LeftShoulderAbduction], 150.0f);
    const Pose* seated = library->find("seated");
    ASSERT_NE(seated, nullptr);
    EXPECT_NEAR(measure_joint_angles(*rig, rig->apply(*seated))[JointAngle::LeftHipFlexion], 88.0f, 2.0f);
}
