#include "asset/skin_import.h"

#include "asset/assimp_convert.h"

#include <algorithm>
#include <functional>
#include <set>

namespace twinshoot::asset::detail {

bool build_skeleton(const aiScene& scene, SkeletonBuild& out) {
    std::set<const aiNode*> wanted;
    std::map<const aiNode*, glm::mat4> offsets;
    for (unsigned m = 0; m < scene.mNumMeshes; ++m) {
        const aiMesh* mesh = scene.mMeshes[m];
        for (unsigned b = 0; b < mesh->mNumBones; ++b) {
            const aiBone* bone = mesh->mBones[b];
            const aiNode* node = scene.mRootNode->FindNode(bone->mName);
            if (!node) continue;
            offsets.emplace(node, to_glm(bone->mOffsetMatrix));
            for (const aiNode* n = node; n; n = n->mParent) wanted.insert(n);
        }
    }
    if (wanted.empty()) return true;
    // Depth-first from the root keeps parents before children.
    std::vector<glm::mat4> world;
    std::function<bool(const aiNode*, int32_t)> visit = [&](const aiNode* node, int32_t parent) {
        if (!wanted.count(node)) return true;
        if (out.skeleton.joints.size() >= 65535) return false;
        const int32_t index = int32_t(out.skeleton.joints.size());
        Joint joint;
        joint.name = node->mName.C_Str();
        joint.parent = parent;
        joint.rest_local = to_glm(node->mTransformation);
        world.push_back(parent < 0 ? joint.rest_local : world[size_t(parent)] * joint.rest_local);
        auto offset = offsets.find(node);
        joint.inverse_bind = offset != offsets.end() ? offset->second : glm::inverse(world.back());
        out.skeleton.joints.push_back(std::move(joint));
        out.joint_of_node[node] = uint16_t(index);
        for (unsigned c = 0; c < node->mNumChildren; ++c)
            if (!visit(node->mChildren[c], index)) return false;
        return true;
    };
    return visit(scene.mRootNode, -1);
}

uint32_t convert_skin(const aiScene& scene, const aiMesh& mesh, const aiNode* mesh_node, const SkeletonBuild& build,
                      std::vector<VertexSkin>& out) {
    struct Influence {
        uint16_t joint;
        float weight;
    };
    std::vector<std::vector<Influence>> per_vertex(mesh.mNumVertices);
    for (unsigned b = 0; b < mesh.mNumBones; ++b) {
        const aiBone* bone = mesh.mBones[b];
        auto it = build.joint_of_node.find(scene.mRootNode->FindNode(bone->mName));
        if (it == build.joint_of_node.end()) continue;
        for (unsigned w = 0; w < bone->mNumWeights; ++w) {
            const aiVertexWeight& vw = bone->mWeights[w];
            if (vw.mVertexId < mesh.mNumVertices && vw.mWeight > 0.0f)
                per_vertex[vw.mVertexId].push_back({it->second, vw.mWeight});
        }
    }
    // A vertex no bone holds follows the mesh's node (or the root when that is not a joint).
    uint16_t fallback = 0;
    for (const aiNode* n = mesh_node; n; n = n->mParent) {
        if (auto it = build.joint_of_node.find(n); it != build.joint_of_node.end()) {
            fallback = it->second;
            break;
        }
    }
    uint32_t trimmed = 0;
    out.assign(mesh.mNumVertices, VertexSkin{});
    for (unsigned v = 0; v < mesh.mNumVertices; ++v) {
        auto& list = per_vertex[v];
        std::sort(list.begin(), list.end(), [](const Influence& a, const Influence& b) { return a.weight > b.weight; });
        if (list.size() > kMaxInfluences) {
            ++trimmed;
            list.resize(kMaxInfluences);
        }
        float total = 0.0f;
        for (const auto& i : list) total += i.weight;
        VertexSkin& skin = out[v];
        if (list.empty() || total <= 0.0f) {
            skin.joints[0] = fallback;
            skin.weights[0] = 1.0f;
            continue;
        }
        for (size_t k = 0; k < list.size(); ++k) {
            skin.joints[k] = list[k].joint;
            skin.weights[k] = list[k].weight / total;
        }
    }
    return trimmed;
}

}  // namespace twinshoot::asset::detail
