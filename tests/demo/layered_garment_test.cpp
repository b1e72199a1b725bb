// A hanging garment over another (asset::ClothInput::layers): the settle rests the outer cloth on the
// garment under it, as on the body, instead of letting it fall through onto the skin and pushing it
// back out afterwards, which crumpled it where it came back out (a ridge round the waist over a
// waistband). Ava wearing the demo trousers under the demo slip dress (the trousers put on the
// layer under the dress), walking and standing: fewer than 400 edges of the two through each
// other (2 029 and 1 775 with the settle blind to the trousers, 13 and 29 resting on them) and
// fewer than 0.8% of the dress's edges creased (1.14% and 0.94% blind, 0.50% and 0.55%): the
// check fails with the layers left out of the settle (tried).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "demo/garments.h"
#include "demo/mannequin.h"
#include "scene/dressing.h"
#include "scene/package.h"
#include "scene/pose_file.h"

using namespace twinshoot;
namespace fs = std::filesystem;

TEST(LayeredGarments, ASlipDressOverTrousersRestsOnThemInsteadOfFallingThrough) {
    auto library = scene::load_pose_library(fs::path(TWINSHOOT_SOURCE_DIR) / "assets" / "poses");
    ASSERT_TRUE(library.ok());
    const demo::BodyShape shape = demo::ava_shape();
    const asset::Model twin = demo::make_mannequin(shape);
    std::vector<scene::DressedGarment> garments;
    for (const auto& spec : demo::garments_for(shape)) {
        if (spec.category != "dress" && spec.category != "trousers") continue;
        asset::Model g = demo::make_garment(shape, spec);
        const int layer = spec.category == "dress" ? 1 : 0;  // the trousers under the dress
        garments.push_back({spec.id, layer, g.meshes[0], g.materials[0], scene::garment_drape(spec.category)});
    }
    ASSERT_EQ(garments.size(), 2u);
    auto dressing = scene::Dressing::create(twin, garments);
    ASSERT_TRUE(dressing.ok()) << dressing.error().message;
    auto map = scene::map_humanoid(twin.skeleton);
    ASSERT_TRUE(map.ok());
    auto rig = scene::PoseRig::create(twin, *map);
    ASSERT_TRUE(rig.ok());
    for (const char* name : {"walking", "standing-relaxed"}) {
        const scene::Pose* pose = library->find(name);
        ASSERT_NE(pose, nullptr) << name;
        const auto skin = twin.skeleton.skin_matrices(twin.skeleton.world_transforms(rig->apply(*pose)));
        const auto posed = dressing->pose(skin, scene::FitMeasures::Compute);
        ASSERT_EQ(posed.report.size(), 2u);
        const scene::GarmentFitReport& dress = posed.report[1];
        ASSERT_EQ(dress.id, "ava-slip-dress");
        EXPECT_TRUE(dress.settled);
        EXPECT_EQ(posed.report[0].layer_crossings_after, 0u) << "nothing under the trousers";
        std::printf("%s: dress and trousers through each other along %zu edges; dress creased %.2f%%, strain p99 %.3f\n",
                    name, dress.layer_crossings_after, 100.0 * dress.creased_after, dress.strain_p99);
        EXPECT_LT(dress.layer_crossings_after, 400u) << name;
        EXPECT_LT(dress.creased_after, 0.008) << name;
        EXPECT_LE(dress.inside_after, 0.005) << name;
    }
}
