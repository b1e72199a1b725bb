#include "geometry/normalise.h"

#include <glm/gtc/matrix_inverse.hpp>

namespace twinshoot::geometry {
namespace {

void transform_vertices(asset::Mesh& mesh, const glm::mat4& m) {
    const glm::mat3 n = glm::inverseTranspose(glm::mat3(m));
    for (asset::Vertex& v : mesh.vertices) {
        v.position = glm::vec3(m * glm::vec4(v.position, 1.0f));
        const glm::vec3 normal = n * v.normal;
        if (glm::dot(normal, normal) > 0.0f) v.normal = glm::normalize(normal);
        const glm::vec3 tangent = glm::mat3(m) * glm::vec3(v.tangent);
        if (glm::dot(tangent, tangent) > 0.0f) v.tangent = glm::vec4(glm::normalize(tangent), v.tangent.w);
    }
}

void bake_rigid(asset::Model& model, const glm::mat4& frame) {
    std::vector<asset::Mesh> meshes;
    std::vector<asset::MeshInstance> instances;
    for (const asset::MeshInstance& instance : model.instances) {
        if (instance.mesh >= model.meshes.size()) continue;
        asset::Mesh mesh = model.meshes[instance.mesh];
        transform_vertices(mesh, frame * instance.transform);
        instances.push_back({uint32_t(meshes.size()), glm::mat4(1.0f), instance.node});
        meshes.push_back(std::move(mesh));
    }
    model.meshes = std::move(meshes);
    model.instances = std::move(instances);
}

void add_frame_root(asset::Model& model, const glm::mat4& frame) {
    asset::Skeleton& s = model.skeleton;
    asset::Joint root;
    root.name = kBodyFrameJoint;
    root.rest_local = frame;
    root.inverse_bind = glm::inverse(frame);
    const glm::mat4 unframe = glm::inverse(frame);
    for (asset::Joint& j : s.joints) {
        j.parent = j.parent < 0 ? 0 : j.parent + 1;
        j.inverse_bind = j.inverse_bind * unframe;
    }
    s.joints.insert(s.joints.begin(), root);
    // Skinned meshes are baked into the frame too (skin = frame * world * inverse_bind * frame^-1),
    // so a rest pose that was the bind pose stays the bind pose.
    for (asset::Mesh& mesh : model.meshes)
        if (mesh.skinned()) transform_vertices(mesh, frame);
    for (asset::Mesh& mesh : model.meshes)
        for (asset::VertexSkin& skin : mesh.skin)
            for (uint32_t k = 0; k < asset::kMaxInfluences; ++k)
                if (skin.weights[k] > 0.0f) ++skin.joints[k];
    for (asset::AnimationClip& clip : model.clips)
        for (asset::AnimationChannel& channel : clip.channels) ++channel.joint;
    // Rigid instances (props on a rigged figure) are placed in the frame too.
    for (asset::MeshInstance& instance : model.instances)
        if (!model.meshes[instance.mesh].skinned()) instance.transform = frame * instance.transform;
}

}  // namespace

void normalise_model(asset::Model& model, const BodyFrame& frame) {
    if (model.skeleton.empty()) bake_rigid(model, frame.matrix());
    else add_frame_root(model, frame.matrix());
}

}  // namespace twinshoot::geometry

namespace twinshoot::geometry {

asset::Model without_rig(const asset::Model& model) {
    asset::Model out = model;
    if (model.skeleton.empty()) return out;
    const std::vector<glm::mat4> rest = model.skeleton.rest_skin_matrices();
    std::vector<asset::Vertex> posed;
    for (asset::Mesh& mesh : out.meshes) {
        if (!mesh.skinned()) continue;
        asset::skin_vertices(mesh, rest, posed);
        mesh.vertices = posed;
        mesh.skin.clear();
    }
    out.skeleton = {};
    out.clips.clear();
    return out;
}

std::vector<std::string> drop_helper_geometry(asset::Model& model) {
    std::vector<std::string> dropped;
    auto helper = [](const std::string& name) {
        return name.rfind("helper-", 0) == 0 || name.rfind("joint-", 0) == 0;
    };
    std::vector<asset::MeshInstance> kept;
    for (const asset::MeshInstance& instance : model.instances) {
        const std::string& name = model.meshes[instance.mesh].name;
        if (helper(name) || helper(instance.node)) dropped.push_back(name);
        else kept.push_back(instance);
    }
    model.instances = std::move(kept);
    return dropped;
}

}  // namespace twinshoot::geometry
