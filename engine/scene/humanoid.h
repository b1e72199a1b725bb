// The canonical humanoid skeleton every twin is mapped to, and the automatic mapping from the rigs
// that tools produce.
//
// Canonical bones (HumanBone) follow the VRM / Unity humanoid set without fingers. Essential bones —
// hips, spine, head, and per side upper arm, lower arm, hand, upper leg, lower leg, foot — must be
// found; the rest (chest, upper chest, neck, shoulders, toes) are optional.
//
// Mapping, in order:
//   1. an explicit bone map (canonical name -> joint name), e.g. from a twin's bone-map file;
//   2. joint names: Mixamo (`mixamorig:`), VRM/Unity, Unreal/MakeHuman game rig, MakeHuman default,
//      CMU — limb, head and hips by name and side; the spine is split along the hips->neck chain
//      (spine, chest, upper chest) because conventions disagree on what "Spine" means;
//   3. structure, for rigs without usable names (the Khronos sample rigs): the hips are the deepest
//      joint with two subtrees reaching the feet and one reaching the head; limbs follow their
//      chains by segment geometry; left and right come from the facing direction.
// Left means the figure's own left. Positions are taken in the skeleton's rest pose.
#pragma once

#include <glm/glm.hpp>

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "asset/skeleton.h"
#include "core/result.h"

namespace twinshoot::scene {

enum class HumanBone : uint8_t {
    Hips, Spine, Chest, UpperChest, Neck, Head,
    LeftShoulder, LeftUpperArm, LeftLowerArm, LeftHand,
    RightShoulder, RightUpperArm, RightLowerArm, RightHand,
    LeftUpperLeg, LeftLowerLeg, LeftFoot, LeftToes,
    RightUpperLeg, RightLowerLeg, RightFoot, RightToes,
    Count
};
inline constexpr size_t kHumanBoneCount = size_t(HumanBone::Count);

const char* bone_name(HumanBone bone);  // "hips", "left_upper_arm", ...
std::optional<HumanBone> bone_from_name(std::string_view name);
bool is_essential(HumanBone bone);

enum class MappingMethod { Explicit, Names, Structure };
const char* method_name(MappingMethod method);

struct HumanoidMap {
    std::array<int32_t, kHumanBoneCount> joints;  // skeleton joint index per bone, -1 = absent
    MappingMethod method = MappingMethod::Names;
    glm::vec3 up{0.0f, 1.0f, 0.0f};       // model-space directions of the figure in its rest pose
    glm::vec3 forward{0.0f, 0.0f, 1.0f};  // where the figure faces
    glm::vec3 left{1.0f, 0.0f, 0.0f};     // the figure's own left

    HumanoidMap() { joints.fill(-1); }
    int32_t operator[](HumanBone bone) const { return joints[size_t(bone)]; }
    bool has(HumanBone bone) const { return joints[size_t(bone)] >= 0; }
};

// Maps `skeleton`. `explicit_map` (canonical name -> joint name) wins for the bones it names; an
// unknown canonical or joint name in it is an error. Fails with the list of missing essential
// bones when neither names nor structure find them all.
Result<HumanoidMap> map_humanoid(const asset::Skeleton& skeleton,
                                 const std::map<std::string, std::string>& explicit_map = {});

}  // namespace twinshoot::scene
