// A synthetic humanoid skeleton in a T-pose, facing +Z (its left is +X), about 1.7 units tall,
// with joint names chosen per canonical bone. Used to test rig mapping and poses without files.
#pragma once

#include <map>
#include <string>

#include "asset/skeleton.h"
#include "scene/humanoid.h"

namespace twinshoot::test {

// Names for each canonical bone (absent = the bone is left out of the rig). `extra_root` adds an
// unweighted "Armature" joint above the hips at the origin, as exporters do.
asset::Skeleton make_synthetic_rig(const std::map<scene::HumanBone, std::string>& names, bool extra_root = true);

// Naming conventions of common tools.
std::map<scene::HumanBone, std::string> mixamo_names();
std::map<scene::HumanBone, std::string> vrm_names();
std::map<scene::HumanBone, std::string> unreal_names();      // also MakeHuman's game-engine rig
std::map<scene::HumanBone, std::string> makehuman_names();   // MakeHuman default rig
std::map<scene::HumanBone, std::string> cmu_names();
std::map<scene::HumanBone, std::string> anonymous_names();   // "joint_0", "joint_1", ...

}  // namespace twinshoot::test
