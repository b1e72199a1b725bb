// Poses from animation clips inside model files: import, sampling, and extraction of a canonical
// pose that can be applied to any other twin.
#include <gtest/gtest.h>

#include "asset/importer.h"
#include "scene/joint_angles.h"
#include "shared_assets.h"

using namespace twinshoot;
using namespace twinshoot::scene;
using A = JointAngle;

namespace {

struct Rigged {
    asset::Model model;
    std::optional<PoseRig> rig;
};

Rigged load(const char* file) {
    Rigged r;
    auto model = asset::import_model(test::reference_asset(file));
    EXPECT_TRUE(model.ok()) << (model ? "" : model.error().message);
    r.model = std::move(model).value();
    auto map = map_humanoid(r.model.skeleton);
    EXPECT_TRUE(map.ok());
    auto rig = PoseRig::create(r.model.skeleton, *map);
    EXPECT_TRUE(rig.ok());
    r.rig.emplace(std::move(rig).value());
    return r;
}

const asset::AnimationClip* find_clip(const asset::Model& m, const std::string& part) {
    for (const auto& c : m.clips)
        if (c.name.find(part) != std::string::npos) return &c;
    return nullptr;
}

}  // namespace

TEST(Clips, ImportedWithTheirDurations) {
    TS_REQUIRE_SHARED_ASSETS();
    const std::pair<const char*, size_t> files[] = {{"humans/Xbot_mixamo/Xbot.glb", 7},
                                                   {"humans/Michelle_mixamo/Michelle.glb", 2},
                                                   {"humans/CesiumMan/glTF-Binary/CesiumMan.glb", 1},
                                                   {"humans/SambaDancing_fbx/Samba Dancing.fbx", 1}};
    for (const auto& [file, count] : files) {
        auto model = asset::import_model(test::reference_asset(file));
        ASSERT_TRUE(model.ok());
        EXPECT_EQ(model->clips.size(), count) << file;
        double longest = 0.0;
        for (const auto& clip : model->clips) {
            EXPECT_GT(clip.duration, 0.0) << file << " " << clip.name;  // single-pose clips are two frames long
            EXPECT_FALSE(clip.channels.empty());
            longest = std::max(longest, clip.duration);
        }
        EXPECT_GT(longest, 1.0) << file << " has a real animation";
    }
}

TEST(Clips, TPoseClipMeasuresAsATPose) {
    TS_REQUIRE_SHARED_ASSETS();
    Rigged michelle = load("humans/Michelle_mixamo/Michelle.glb");
    const asset::AnimationClip* tpose = find_clip(michelle.model, "TPose");
    ASSERT_NE(tpose, nullptr);
    const auto locals = asset::sample_clip(michelle.model.skeleton, *tpose, 0.0);
    const JointAngles a = measure_joint_angles(*michelle.rig, locals);
    EXPECT_NEAR(a[A::LeftShoulderAbduction], 90.0f, 12.0f);
    EXPECT_NEAR(a[A::RightShoulderAbduction], 90.0f, 12.0f);
    EXPECT_NEAR(a[A::LeftKneeFlexion], 0.0f, 10.0f);
}

TEST(Clips, ExtractedPoseReproducesTheFrameAndTransfersToOtherRigs) {
    TS_REQUIRE_SHARED_ASSETS();
    Rigged michelle = load("humans/Michelle_mixamo/Michelle.glb");
    Rigged xbot = load("humans/Xbot_mixamo/Xbot.glb");
    Rigged cesium = load("humans/CesiumMan/glTF-Binary/CesiumMan.glb");
    const asset::AnimationClip* samba = find_clip(michelle.model, "Samba");
    ASSERT_NE(samba, nullptr);
    for (double t : {0.0, samba->duration * 0.37, samba->duration}) {
        const auto frame = asset::sample_clip(michelle.model.skeleton, *samba, t);
        const JointAngles measured = measure_joint_angles(*michelle.rig, frame);
        const Pose pose = michelle.rig->extract(frame, "samba");
        // Round trip on the same rig: same angles.
        const JointAngles again = measure_joint_angles(*michelle.rig, michelle.rig->apply(pose));
        for (size_t i = 0; i < kJointAngleCount; ++i)
            EXPECT_NEAR(again.degrees[i], measured.degrees[i], 0.5f) << "t=" << t << " " << joint_angle_name(A(i));
        // Another Mixamo rig and a structurally mapped Khronos rig take the same pose.
        for (const Rigged* other : {&xbot, &cesium}) {
            const JointAngles there = measure_joint_angles(*other->rig, other->rig->apply(pose));
            for (A angle : {A::LeftShoulderAbduction, A::RightElbowFlexion, A::LeftHipFlexion, A::RightKneeFlexion,
                            A::SpineFlexion})
                EXPECT_NEAR(there[angle], measured[angle], 1.0f)
                    << other->model.source << " t=" << t << " " << joint_angle_name(angle);
        }
    }
}

TEST(Clips, SamplingClampsAndInterpolates) {
    asset::Skeleton skeleton;
    skeleton.joints.push_back({"j", -1, glm::mat4(1.0f), glm::mat4(1.0f)});
    asset::AnimationClip clip{"c", 2.0, {}};
    asset::AnimationChannel channel;
    channel.joint = 0;
    channel.positions = {{0.0, {0, 0, 0}}, {2.0, {2, 0, 0}}};
    channel.rotations = {{0.0, glm::quat(1, 0, 0, 0)}, {2.0, glm::angleAxis(glm::radians(90.0f), glm::vec3(0, 1, 0))}};
    clip.channels.push_back(channel);
    const glm::mat4 mid = asset::sample_clip(skeleton, clip, 1.0)[0];
    EXPECT_NEAR(mid[3].x, 1.0f, 1e-5f);
    const glm::vec3 x = glm::mat3(mid) * glm::vec3(1, 0, 0);
    EXPECT_NEAR(x.z, -std::sin(glm::radians(45.0f)), 1e-4f) << "slerp halfway";
    EXPECT_NEAR(asset::sample_clip(skeleton, clip, 99.0)[0][3].x, 2.0f, 1e-5f) << "clamped to the end";
    EXPECT_NEAR(asset::sample_clip(skeleton, clip, -1.0)[0][3].x, 0.0f, 1e-5f) << "clamped to the start";
}
