// Poses in the canonical humanoid frame, applied to any mapped twin whatever its rest pose.
//
// Convention (also in docs/poses.md):
//  - The canonical body frame: +X is the figure's own left, +Y up, +Z forward (where it faces).
//  - The reference pose is the canonical T-pose: spine, neck and head point +Y; left shoulder,
//    arm, forearm and hand point +X (right: -X); thighs and shins point -Y; feet and toes +Z.
//  - A pose gives, per canonical bone, a rotation relative to its parent bone, about the axes of
//    the canonical frame carried by that parent. Bones it leaves out keep the T-pose relation.
//    `root` turns the whole body (e.g. lying) about its pivot; `hips_offset` moves it (metres in the
//    canonical frame for a 1.80 m body, scaled to the twin by its height). The pivot and height are
//    the body's, not the rig's (PoseRig::create(Model, …)): rigs put the hips joint anywhere from 41%
//    to 62% of the height, and a pose must place a body the same whoever rigged it. The hips'
//    own rotation in a pose (a pelvis tilt) turns at the hips joint.
//  - Retargeting: each arm and leg bone is first turned from the rig's rest direction onto its
//    T-pose direction (shortest arc), then by the pose. So a T-pose rig and an A-pose rig given the
//    same pose point every limb the same way. Other bones (torso, collar bones, neck, head, hands,
//    feet, toes) keep their rest relation to their parent: anatomy, not the rig's pose.
#pragma once

#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>

#include <array>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "asset/model.h"
#include "asset/skeleton.h"
#include "scene/humanoid.h"

namespace twinshoot::scene {

struct Pose {
    std::string name;
    std::vector<std::string> tags;
    std::array<std::optional<glm::quat>, kHumanBoneCount> rotations;  // local, canonical frame
    glm::quat root{1.0f, 0.0f, 0.0f, 0.0f};
    glm::vec3 hips_offset{0.0f};

    void set(HumanBone bone, const glm::quat& q) { rotations[size_t(bone)] = q; }
    bool has_tag(const std::string& tag) const;
};

// The T-pose direction of each canonical bone, in the canonical frame.
glm::vec3 canonical_direction(HumanBone bone);
// The canonical bone whose orientation a bone's rotation is relative to (Hips for the hips).
HumanBone canonical_parent(HumanBone bone);

// What posing needs to know about one rig: its map, body frame and per-bone rest corrections.
class PoseRig {
public:
    // Posing a body: the pivot and scale come from its rest mesh (the skinned meshes' bounds along
    // the map's axes: pivot at the centre across and front to back, 52.8% of the height above the
    // soles; scale = height / 1.80 m). `model` must outlive the rig (it keeps its skeleton).
    static Result<PoseRig> create(const asset::Model& model, const HumanoidMap& map);
    // A bare skeleton (no mesh): the pivot is the hips joint and the scale its height / 0.95 m. A model
    // with no skinned vertex also falls back to this.
    static Result<PoseRig> create(const asset::Skeleton& skeleton, const HumanoidMap& map);

    // Local joint transforms (one per skeleton joint) for `pose`; unmapped joints keep their rest
    // local transform.
    std::vector<glm::mat4> apply(const Pose& pose) const;
    // The canonical-frame global orientation of each mapped bone for posed local transforms
    // (identity everywhere for the T-pose). Absent bones get their nearest mapped parent's.
    std::array<glm::quat, kHumanBoneCount> canonical_orientations(std::span<const glm::mat4> locals) const;
    // The canonical pose of posed local transforms (e.g. a clip frame), so it can be saved and applied
    // to other twins. Whole-body turn goes to `root`; hips travel is not kept.
    Pose extract(std::span<const glm::mat4> locals, std::string name) const;

    const asset::Skeleton& skeleton() const { return *m_skeleton; }
    const HumanoidMap& map() const { return m_map; }
    glm::mat3 body() const { return m_body; }  // canonical -> model space (columns: left, up, forward)

private:
    const asset::Skeleton* m_skeleton = nullptr;
    HumanoidMap m_map;
    glm::mat3 m_body{1.0f};
    float m_scale = 1.0f;  // body height / 1.80 m (bare skeleton: hip height / 0.95 m)
    glm::vec3 m_pivot{0.0f};  // model space: what `root` turns the body about
    std::array<glm::quat, kHumanBoneCount> m_rest_world{};  // A(b): rest world rotation of the joint
    std::array<glm::quat, kHumanBoneCount> m_correction{};  // C(b): rest direction -> T-pose direction
};

}  // namespace twinshoot::scene
