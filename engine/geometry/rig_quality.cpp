#include "geometry/rig_quality.h"

#include <algorithm>

#include "geometry/body_mesh.h"
#include "geometry/canonical_joints.h"
#include "scene/pose.h"

namespace twinshoot::geometry {
namespace {

using B = scene::HumanBone;

float median(std::vector<float> v) {
    if (v.empty()) return 0.0f;
    std::nth_element(v.begin(), v.begin() + long(v.size() / 2), v.end());
    return v[v.size() / 2];
}

glm::vec3 centroid(const std::vector<glm::vec3>& points) {
    glm::dvec3 sum(0.0);
    for (const glm::vec3& p : points) sum += glm::dvec3(p);
    return points.empty() ? glm::vec3(0.0f) : glm::vec3(sum / double(points.size()));
}

float to_polyline(const glm::vec3& p, const std::vector<glm::vec3>& line) {
    float best = 1e30f;
    for (size_t i = 1; i < line.size(); ++i) {
        const glm::vec3 a = line[i - 1], d = line[i] - a;
        const float t = glm::dot(d, d) > 0 ? std::clamp(glm::dot(p - a, d) / glm::dot(d, d), 0.0f, 1.0f) : 0.0f;
        best = std::min(best, glm::length(p - (a + t * d)));
    }
    return best;
}

}  // namespace

Result<std::vector<glm::mat4>> posed_skin_matrices(const asset::Model& model, const scene::Pose& pose) {
    TS_TRY_ASSIGN(scene::HumanoidMap map, scene::map_humanoid(model.skeleton));
    TS_TRY_ASSIGN(scene::PoseRig rig, scene::PoseRig::create(model, map));
    return model.skeleton.skin_matrices(model.skeleton.world_transforms(rig.apply(pose)));
}

namespace {

// Posed vertices of every skinned mesh, concatenated in mesh order.
Result<std::vector<glm::vec3>> posed_vertices(const asset::Model& model, const scene::Pose* pose) {
    TS_TRY_ASSIGN(scene::HumanoidMap map, scene::map_humanoid(model.skeleton));
    TS_TRY_ASSIGN(scene::PoseRig rig, scene::PoseRig::create(model, map));
    const std::vector<glm::mat4> locals = pose ? rig.apply(*pose) : model.skeleton.rest_locals();
    const std::vector<glm::mat4> skin = model.skeleton.skin_matrices(model.skeleton.world_transforms(locals));
    std::vector<glm::vec3> out;
    std::vector<asset::Vertex> posed;
    for (const asset::Mesh& mesh : model.meshes) {
        if (!mesh.skinned()) continue;
        asset::skin_vertices(mesh, skin, posed);
        for (const asset::Vertex& v : posed) out.push_back(v.position);
    }
    return out;
}

}  // namespace

Result<RigComparison> compare_rigs(const asset::Model& reference, const asset::Model& candidate,
                                   const scene::PoseLibrary& poses) {
    TS_TRY_ASSIGN(CanonicalJoints ref, canonical_joints(reference));
    TS_TRY_ASSIGN(CanonicalJoints cand, canonical_joints(candidate));
    RigComparison out;
    out.height = ref.height;
    const float H = ref.height;
    std::vector<glm::vec3> chain;
    for (B b : {B::Hips, B::Spine, B::Chest, B::UpperChest, B::Neck})
        if (cand.positions[size_t(b)]) chain.push_back(*cand.positions[size_t(b)]);
    std::vector<float> errors;
    for (size_t b = 0; b < scene::kHumanBoneCount; ++b) {
        if (!ref.positions[b] || !cand.positions[b]) continue;
        const B bone = B(b);
        const bool spine = bone == B::Spine || bone == B::Chest || bone == B::UpperChest;
        const float e = (spine ? to_polyline(*ref.positions[b], chain) : glm::length(*ref.positions[b] - *cand.positions[b])) / H;
        out.joint_error.push_back({bone, e});
        errors.push_back(e);
    }
    out.joint_median = median(errors);
    out.joint_max = errors.empty() ? 0.0f : *std::max_element(errors.begin(), errors.end());
    for (size_t p = 0; p <= poses.poses.size(); ++p) {
        const scene::Pose* pose = p == 0 ? nullptr : &poses.poses[p - 1];
        TS_TRY_ASSIGN(std::vector<glm::vec3> a, posed_vertices(reference, pose));
        TS_TRY_ASSIGN(std::vector<glm::vec3> b, posed_vertices(candidate, pose));
        if (a.size() != b.size())
            return make_error(ErrorCode::Invalid, "the two models do not have the same skinned vertices");
        std::vector<float> d(a.size());
        for (size_t i = 0; i < a.size(); ++i) d[i] = glm::length(a[i] - b[i]) / H;
        const float m = median(d);
        if (!pose) {
            out.rest_median = m;
            continue;
        }
        out.pose_median.push_back({pose->name, m});
        out.worst_pose_median = std::max(out.worst_pose_median, m);
        const glm::vec3 shift = centroid(a) - centroid(b);
        for (size_t i = 0; i < a.size(); ++i) d[i] = glm::length(a[i] - b[i] - shift) / H;
        const float aligned = median(std::move(d));
        out.pose_median_aligned.push_back({pose->name, aligned});
        out.worst_pose_median_aligned = std::max(out.worst_pose_median_aligned, aligned);
    }
    return out;
}

}  // namespace twinshoot::geometry
