// Conversion of Assimp bones into asset::Skeleton and per-vertex skins (internal to asset/).
#pragma once

#include <assimp/scene.h>

#include <map>
#include <vector>

#include "asset/skeleton.h"

namespace twinshoot::asset::detail {

struct SkeletonBuild {
    Skeleton skeleton;
    std::map<const aiNode*, uint16_t> joint_of_node;
};

// Every node that some mesh's bone names, plus its ancestors up to the scene root, parents first.
// Returns an empty skeleton when no mesh has bones. Fails (returns false) past 65535 joints.
bool build_skeleton(const aiScene& scene, SkeletonBuild& out);

// Skin of one mesh: the kMaxInfluences heaviest weights per vertex, renormalised. Vertices without
// any weight follow the mesh's own node. Returns how many vertices had more influences than kept.
uint32_t convert_skin(const aiScene& scene, const aiMesh& mesh, const aiNode* mesh_node, const SkeletonBuild& build,
                      std::vector<VertexSkin>& out);

}  // namespace twinshoot::asset::detail
