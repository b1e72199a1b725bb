#include "scene/pose.h"

#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtx/quaternion.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace twinshoot::scene {
namespace {
using B = HumanBone;

// The joint an arm or leg bone points at. These are the bones whose rest direction is a pose of
// the rig (arms in a T or an A, legs apart, a knee or elbow bent), which retargeting turns onto the
// T-pose; every other bone keeps its rest relation to its parent (see PoseRig::create).
std::optional<B> limb_child(const HumanoidMap& m, B bone) {
    std::optional<B> child;
    switch (bone) {
        case B::LeftUpperArm: child = B::LeftLowerArm; break;
        case B::LeftLowerArm: child = B::LeftHand; break;
        case B::RightUpperArm: child = B::RightLowerArm; break;
        case B::RightLowerArm: child = B::RightHand; break;
        case B::LeftUpperLeg: child = B::LeftLowerLeg; break;
        case B::LeftLowerLeg: child = B::LeftFoot; break;
        case B::RightUpperLeg: child = B::RightLowerLeg; break;
        case B::RightLowerLeg: child = B::RightFoot; break;
        default: break;
    }
    return child && m.has(*child) ? child : std::nullopt;
}

// A spine joint followed by absent canonical bones physically spans them too (CesiumMan's chest
// covers chest and upper chest): it takes the orientation of the last absent bone before the next
// present one, so the neck and arms hanging off it sit as on a rig that has every bone.
B effective_bone(const HumanoidMap& m, B bone) {
    static constexpr B kChain[] = {B::Hips, B::Spine, B::Chest, B::UpperChest, B::Neck, B::Head};
    const auto* it = std::find(std::begin(kChain), std::end(kChain), bone);
    if (it == std::end(kChain)) return bone;
    B effective = bone;
    for (++it; it != std::end(kChain) && *it != B::Head && !m.has(*it); ++it) effective = *it;
    return effective;
}

glm::quat rotation_part(const glm::mat4& m) { return glm::quat_cast(glm::mat3(glm::normalize(glm::vec3(m[0])), glm::normalize(glm::vec3(m[1])), glm::normalize(glm::vec3(m[2])))); }

}  // namespace

bool Pose::has_tag(const std::string& tag) const { return std::find(tags.begin(), tags.end(), tag) != tags.end(); }

glm::vec3 canonical_direction(HumanBone bone) {
    switch (bone) {
        case B::LeftShoulder: case B::LeftUpperArm: case B::LeftLowerArm: case B::LeftHand: return {1, 0, 0};
        case B::RightShoulder: case B::RightUpperArm: case B::RightLowerArm: case B::RightHand: return {-1, 0, 0};
        case B::LeftUpperLeg: case B::LeftLowerLeg: case B::RightUpperLeg: case B::RightLowerLeg: return {0, -1, 0};
        case B::LeftFoot: case B::LeftToes: case B::RightFoot: case B::RightToes: return {0, 0, 1};
        default: return {0, 1, 0};
    }
}

HumanBone canonical_parent(HumanBone bone) {
    switch (bone) {
        case B::Hips: return B::Hips;
        case B::Spine: return B::Hips;
        case B::Chest: return B::Spine;
        case B::UpperChest: return B::Chest;
        case B::Neck: return B::UpperChest;
        case B::Head: return B::Neck;
        case B::LeftShoulder: case B::RightShoulder: return B::UpperChest;
        case B::LeftUpperArm: return B::LeftShoulder;
        case B::RightUpperArm: return B::RightShoulder;
        case B::LeftLowerArm: return B::LeftUpperArm;
        case B::RightLowerArm: return B::RightUpperArm;
        case B::LeftHand: return B::LeftLowerArm;
        case B::RightHand: return B::RightLowerArm;
        case B::LeftUpperLeg: case B::RightUpperLeg: return B::Hips;
        case B::LeftLowerLeg: return B::LeftUpperLeg;
        case B::RightLowerLeg: return B::RightUpperLeg;
        case B::LeftFoot: return B::LeftLowerLeg;
        case B::RightFoot: return B::RightLowerLeg;
        case B::LeftToes: return B::LeftFoot;
        case B::RightToes: return B::RightFoot;
        default: return B::Hips;
    }
}

Result<PoseRig> PoseRig::create(const asset::Skeleton& skeleton, const HumanoidMap& map) {
    PoseRig rig;
    rig.m_skeleton = &skeleton;
    rig.m_map = map;
    rig.m_body = glm::mat3(map.left, map.up, map.forward);
    const auto world = skeleton.world_transforms(skeleton.rest_locals());
    const float hip_height = map.has(B::Hips) ? glm::dot(glm::vec3(world[size_t(map[B::Hips])][3]), map.up) : 0.95f;
    rig.m_scale = hip_height > 1e-6f ? hip_height / 0.95f : 1.0f;
    if (map.has(B::Hips)) rig.m_pivot = glm::vec3(world[size_t(map[B::Hips])][3]);
    // C(b), in enum order (parents first). An arm or leg bone is turned from its rest direction onto
    // its T-pose direction: that direction is the rig's rest pose. Every other bone takes its
    // parent's correction, keeping its rest relation to it (the torso its lean and spine curve, the
    // collar bones, neck and head their slope, hands and feet their angle to the forearm and shin):
    // that is anatomy, not a pose, and straightening a bone a few centimetres long would turn
    // what hangs off it by however its joints happen to be placed (a foot's ankle-to-ball line
    // points 40 degrees down; straightened, it stood the foot on its heel).
    for (size_t b = 0; b < kHumanBoneCount; ++b) {
        rig.m_rest_world[b] = glm::quat(1, 0, 0, 0);
        rig.m_correction[b] = B(b) == B::Hips ? glm::quat(1, 0, 0, 0) : rig.m_correction[size_t(canonical_parent(B(b)))];
        if (!map.has(B(b))) continue;
        const glm::mat4& joint = world[size_t(map.joints[b])];
        rig.m_rest_world[b] = rotation_part(joint);
        const auto child = limb_child(map, B(b));
        if (!child) continue;
        const glm::vec3 rest_dir = glm::vec3(world[size_t(map[*child])][3]) - glm::vec3(joint[3]);
        if (glm::length(rest_dir) < 1e-9f) continue;
        const glm::vec3 target = rig.m_body * canonical_direction(B(b));
        rig.m_correction[b] = glm::rotation(glm::normalize(rest_dir), glm::normalize(target));
    }
    return rig;
}

Result<PoseRig> PoseRig::create(const asset::Model& model, const HumanoidMap& map) {
    TS_TRY_ASSIGN(PoseRig rig, create(model.skeleton, map));
    // The rest body's extent along the map's axes (skinned meshes in the skeleton's model space).
    // Runs per shot (studio::stage): positions only, and none blended where the rest pose is the
    // bind pose (every rest skin matrix the identity), as it is on most rigs.
    const auto skin = model.skeleton.rest_skin_matrices();
    bool bind_is_rest = true;
    for (const glm::mat4& m : skin)
        for (int c = 0; c < 4 && bind_is_rest; ++c)
            bind_is_rest = glm::all(glm::lessThan(glm::abs(m[c] - glm::mat4(1.0f)[c]), glm::vec4(1e-5f)));
    const glm::mat3 to_body = glm::transpose(rig.m_body);  // model -> canonical (orthonormal axes)
    glm::vec3 lo(std::numeric_limits<float>::max()), hi(-std::numeric_limits<float>::max());
    for (const asset::Mesh& mesh : model.meshes) {
        if (!mesh.skinned()) continue;
        for (size_t v = 0; v < mesh.vertices.size(); ++v) {
            // As asset::skin_vertices places it (weights as stored, not renormalised).
            const asset::VertexSkin& s = mesh.skin[v];
            const glm::vec4 rest_position(mesh.vertices[v].position, 1.0f);
            glm::vec3 p(0.0f);
            for (uint32_t k = 0; k < asset::kMaxInfluences; ++k)
                if (s.weights[k] != 0.0f && s.joints[k] < skin.size())
                    p += s.weights[k] * (bind_is_rest ? glm::vec3(rest_position) : glm::vec3(skin[s.joints[k]] * rest_position));
            const glm::vec3 c = to_body * p;
            if (!std::isfinite(c.x) || !std::isfinite(c.y) || !std::isfinite(c.z)) continue;
            lo = glm::min(lo, c);
            hi = glm::max(hi, c);
        }
    }
    const float height = hi.y - lo.y;
    if (!(height > 1e-6f)) return rig;  // nothing skinned: the bare skeleton's convention
    constexpr float kCanonicalHeight = 1.80f, kPivotFraction = 0.95f / kCanonicalHeight;
    rig.m_scale = height / kCanonicalHeight;
    rig.m_pivot = rig.m_body * glm::vec3(0.5f * (lo.x + hi.x), lo.y + kPivotFraction * height, 0.5f * (lo.z + hi.z));
    return rig;
}

std::vector<glm::mat4> PoseRig::apply(const Pose& pose) const {
    const auto& joints = m_skeleton->joints;
    // Canonical global orientation per bone: parent's orientation times the local rotation.
    std::array<glm::quat, kHumanBoneCount> global{};
    for (size_t b = 0; b < kHumanBoneCount; ++b) {  // enum order lists parents before children
        const glm::quat local = pose.rotations[b].value_or(glm::quat(1, 0, 0, 0));
        global[b] = B(b) == B::Hips ? pose.root * local : global[size_t(canonical_parent(B(b)))] * local;
    }
    const glm::quat body = glm::quat_cast(m_body);
    std::vector<int32_t> bone_of_joint(joints.size(), -1);
    for (size_t b = 0; b < kHumanBoneCount; ++b)
        if (m_map.joints[b] >= 0) bone_of_joint[size_t(m_map.joints[b])] = int32_t(b);

    std::vector<glm::mat4> locals = m_skeleton->rest_locals();
    std::vector<glm::mat4> world(joints.size());
    for (size_t j = 0; j < joints.size(); ++j) {
        const glm::mat4 parent = joints[j].parent >= 0 ? world[size_t(joints[j].parent)] : glm::mat4(1.0f);
        const int32_t b = bone_of_joint[j];
        if (b < 0) {
            world[j] = parent * locals[j];
            continue;
        }
        // W(b) = F G(b) F^-1 C(b) A(b): rest orientation, turned onto the T-pose, then posed.
        const glm::quat g = global[size_t(effective_bone(m_map, B(b)))];
        const glm::quat posed = body * g * glm::inverse(body) * m_correction[size_t(b)] * m_rest_world[size_t(b)];
        glm::vec3 position = glm::vec3(parent * glm::vec4(glm::vec3(locals[j][3]), 1.0f));
        if (B(b) == B::Hips) {  // the whole body turns about its pivot, then moves
            const glm::quat turn = body * pose.root * glm::inverse(body);
            position = m_pivot + turn * (position - m_pivot) + m_body * pose.hips_offset * m_scale;
        }
        const glm::vec3 scale(glm::length(glm::vec3(locals[j][0])), glm::length(glm::vec3(locals[j][1])),
                              glm::length(glm::vec3(locals[j][2])));
        glm::mat4 w = glm::translate(glm::mat4(1.0f), position) * glm::mat4_cast(posed);
        w = glm::scale(w, glm::vec3(glm::length(glm::vec3(parent[0])) * scale.x));  // keep the rig's uniform scale
        world[j] = w;
        locals[j] = glm::inverse(parent) * w;
    }
    return locals;
}

std::array<glm::quat, kHumanBoneCount> PoseRig::canonical_orientations(std::span<const glm::mat4> locals) const {
    const auto world = m_skeleton->world_transforms(locals);
    const glm::quat body = glm::quat_cast(m_body);
    std::array<glm::quat, kHumanBoneCount> g{};
    for (size_t b = 0; b < kHumanBoneCount; ++b) {
        if (!m_map.has(B(b))) {
            g[b] = B(b) == B::Hips ? glm::quat(1, 0, 0, 0) : g[size_t(canonical_parent(B(b)))];
            continue;
        }
        // G(b) = F^-1 W(b) A(b)^-1 C(b)^-1 F
        const glm::quat w = rotation_part(world[size_t(m_map.joints[b])]);
        g[b] = glm::inverse(body) * w * glm::inverse(m_rest_world[b]) * glm::inverse(m_correction[b]) * body;
    }
    // Absent spine bones spanned by a present joint share its orientation (see effective_bone).
    for (size_t b = 0; b < kHumanBoneCount; ++b)
        if (m_map.has(B(b))) g[size_t(effective_bone(m_map, B(b)))] = g[b];
    return g;
}

Pose PoseRig::extract(std::span<const glm::mat4> locals, std::string name) const {
    const auto g = canonical_orientations(locals);
    Pose pose;
    pose.name = std::move(name);
    for (size_t b = 0; b < kHumanBoneCount; ++b) {
        if (B(b) == B::Hips) {
            pose.root = g[b];  // the hips' orientation is the whole body's
            continue;
        }
        if (!m_map.has(B(b))) continue;
        pose.rotations[b] = glm::normalize(glm::inverse(g[size_t(canonical_parent(B(b)))]) * g[b]);
    }
    return pose;
}

}  // namespace twinshoot::scene
