#include "asset/importer.h"
#include "asset/twin_marker.h"

#include <assimp/Importer.hpp>
#include <assimp/postprocess.h>
#include <assimp/scene.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>
#include <optional>
#include <vector>

#include "asset/assimp_convert.h"
#include "asset/assimp_materials.h"
#include "asset/confined_folder.h"
#include "asset/confined_io_system.h"
#include "asset/gltf_precheck.h"
#include "asset/ply_precheck.h"
#include "asset/skin_import.h"

namespace twinshoot::asset {
namespace fs = std::filesystem;

using detail::to_glm;

namespace {

std::string lower_extension(const fs::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

bool finite(const aiVector3D& v) { return std::isfinite(v.x) && std::isfinite(v.y) && std::isfinite(v.z); }

Result<Mesh> convert_mesh(const aiMesh& in, bool normals_generated, const fs::path& path, const ImportLimits& limits) {
    if (in.mNumVertices > limits.max_vertices || uint64_t(in.mNumFaces) * 3 > limits.max_indices ||
        in.mNumBones > limits.max_joints)
        return make_error(ErrorCode::Unsupported, path.string() + ": mesh '" + std::string(in.mName.C_Str()) + "' has " +
                                                      std::to_string(in.mNumVertices) + " vertices, " +
                                                      std::to_string(in.mNumFaces) + " faces and " + std::to_string(in.mNumBones) +
                                                      " bones, over the limits (" + std::to_string(limits.max_vertices) + ", " +
                                                      std::to_string(limits.max_indices / 3) + ", " +
                                                      std::to_string(limits.max_joints) + ")");
    Mesh mesh;
    mesh.name = in.mName.C_Str();
    mesh.material = in.mMaterialIndex;
    mesh.has_uvs = in.HasTextureCoords(0);
    mesh.has_tangents = in.HasTangentsAndBitangents() && mesh.has_uvs;
    mesh.normals_generated = normals_generated;
    mesh.vertices.resize(in.mNumVertices);
    for (unsigned i = 0; i < in.mNumVertices; ++i) {
        Vertex& v = mesh.vertices[i];
        if (!finite(in.mVertices[i]))
            return make_error(ErrorCode::Parse, path.string() + ": mesh '" + mesh.name + "' has a non-finite position");
        v.position = {in.mVertices[i].x, in.mVertices[i].y, in.mVertices[i].z};
        if (in.HasNormals() && finite(in.mNormals[i])) {
            glm::vec3 n(in.mNormals[i].x, in.mNormals[i].y, in.mNormals[i].z);
            const float len = glm::length(n);
            v.normal = len > 1e-12f ? n / len : glm::vec3(0.0f, 1.0f, 0.0f);
        }
        if (mesh.has_uvs) v.uv = {in.mTextureCoords[0][i].x, in.mTextureCoords[0][i].y};
        if (mesh.has_tangents && finite(in.mTangents[i]) && finite(in.mBitangents[i])) {
            glm::vec3 t(in.mTangents[i].x, in.mTangents[i].y, in.mTangents[i].z);
            glm::vec3 b(in.mBitangents[i].x, in.mBitangents[i].y, in.mBitangents[i].z);
            // Gram-Schmidt against the normal; w is the handedness of (n, t, b).
            t = t - v.normal * glm::dot(v.normal, t);
            const float len = glm::length(t);
            if (len > 1e-12f) {
                t /= len;
                const float w = glm::dot(glm::cross(v.normal, t), b) < 0.0f ? -1.0f : 1.0f;
                v.tangent = glm::vec4(t, w);
            }
        }
    }
    mesh.indices.reserve(size_t(in.mNumFaces) * 3);
    for (unsigned f = 0; f < in.mNumFaces; ++f) {
        const aiFace& face = in.mFaces[f];
        if (face.mNumIndices != 3) continue;  // points/lines removed by SortByPType; be safe anyway
        for (unsigned k = 0; k < 3; ++k) {
            if (face.mIndices[k] >= in.mNumVertices)
                return make_error(ErrorCode::Parse, path.string() + ": mesh '" + mesh.name + "' indexes past its vertices");
            mesh.indices.push_back(face.mIndices[k]);
        }
    }
    return mesh;
}

// Clips whose channels drive skeleton joints; channels on other nodes are dropped.
std::vector<AnimationClip> convert_clips(const aiScene& scene, const Skeleton& skeleton) {
    std::vector<AnimationClip> clips;
    for (unsigned a = 0; a < scene.mNumAnimations; ++a) {
        const aiAnimation* in = scene.mAnimations[a];
        const double tps = in->mTicksPerSecond > 0.0 ? in->mTicksPerSecond : 25.0;
        AnimationClip clip;
        clip.name = in->mName.length ? in->mName.C_Str() : "clip" + std::to_string(a);
        clip.duration = in->mDuration / tps;
        for (unsigned c = 0; c < in->mNumChannels; ++c) {
            const aiNodeAnim* ch = in->mChannels[c];
            AnimationChannel channel;
            channel.joint = skeleton.find(ch->mNodeName.C_Str());
            if (channel.joint < 0) continue;
            for (unsigned k = 0; k < ch->mNumPositionKeys; ++k) {
                const auto& key = ch->mPositionKeys[k];
                channel.positions.push_back({key.mTime / tps, {key.mValue.x, key.mValue.y, key.mValue.z}});
            }
            for (unsigned k = 0; k < ch->mNumRotationKeys; ++k) {
                const auto& key = ch->mRotationKeys[k];
                channel.rotations.push_back({key.mTime / tps, glm::quat(key.mValue.w, key.mValue.x, key.mValue.y, key.mValue.z)});
            }
            for (unsigned k = 0; k < ch->mNumScalingKeys; ++k) {
                const auto& key = ch->mScalingKeys[k];
                channel.scales.push_back({key.mTime / tps, {key.mValue.x, key.mValue.y, key.mValue.z}});
            }
            clip.channels.push_back(std::move(channel));
        }
        if (!clip.channels.empty()) clips.push_back(std::move(clip));
    }
    return clips;
}

}  // namespace

bool is_supported_model_extension(const fs::path& path) {
    const std::string ext = lower_extension(path);
    return ext == ".glb" || ext == ".gltf" || ext == ".fbx" || ext == ".obj" || ext == ".ply";
}

const char* supported_model_extensions() { return "'.glb', '.gltf', '.fbx', '.obj', '.ply'"; }

Result<Model> import_model(const fs::path& path, const ImportLimits& limits) {
    const std::string where = path.string();
    if (!is_supported_model_extension(path))
        return make_error(ErrorCode::Unsupported, where + ": unsupported model extension '" +
                                                      path.extension().string() + "' (expected " +
                                                      supported_model_extensions() + ")");
    std::error_code ec;
    if (!fs::exists(path, ec)) return make_error(ErrorCode::Io, where + ": file not found");
    if (!fs::is_regular_file(path, ec)) return make_error(ErrorCode::Io, where + ": not a regular file");
    TS_TRY_ASSIGN(const ConfinedFolder folder, ConfinedFolder::open(path));
    const std::string file_name = path.filename().string();
    TS_TRY_ASSIGN(std::vector<uint8_t> read, folder.read(file_name, limits.max_file_bytes));
    const auto bytes = std::make_shared<const std::vector<uint8_t>>(std::move(read));
    if (bytes->empty()) return make_error(ErrorCode::Parse, where + ": file is empty");
    const std::string ext = lower_extension(path);
    if (ext == ".gltf" || ext == ".glb") TS_TRY(precheck_gltf(*bytes, ext == ".glb", folder, limits));
    if (ext == ".ply") TS_TRY(precheck_ply(*bytes, where, limits));

    Assimp::Importer importer;
    importer.SetPropertyInteger(AI_CONFIG_PP_SBP_REMOVE, aiPrimitiveType_POINT | aiPrimitiveType_LINE);
    // Every file Assimp opens (the model, glTF buffers, OBJ .mtl) comes through the folder only.
    const std::string prefix = folder.folder().generic_string() + "/";
    auto* io = new detail::ConfinedIOSystem(folder, prefix, limits, normalise_reference(file_name), bytes);
    importer.SetIOHandler(io);  // the importer owns and deletes it
    // Read with only the steps that keep vertices un-joined ("verbose"); smooth-normal generation
    // needs that, and it must run after we note which meshes had no normals.
    const unsigned base_flags =
        aiProcess_Triangulate | aiProcess_SortByPType | aiProcess_ValidateDataStructure | aiProcess_FlipUVs;
    const aiScene* scene = nullptr;
    try {
        scene = importer.ReadFile(prefix + file_name, base_flags);
    } catch (const std::exception& e) {  // Assimp reports through GetErrorString; never let one escape
        return make_error(ErrorCode::Parse, where + ": " + e.what());
    }
    // Assimp goes on without a .mtl it could not open: a refused reference fails the import anyway.
    if (io->refusal()) return *io->refusal();
    if (!scene) {
        std::string reason = importer.GetErrorString();
        if (reason.empty()) reason = "unreadable model";
        // Assimp's validation says so in its own terms ("aiScene::mNumMeshes is 0 ...", "Mesh
        // contains no faces"), and its OBJ reader refuses a file under 16 bytes ("OBJ-file is too
        // small.") before reading it.
        if (reason.find("mNumMeshes is 0") != std::string::npos || reason.find("contains no faces") != std::string::npos ||
            reason.find("-file is too small") != std::string::npos)
            reason = "contains no triangle meshes";
        return make_error(ErrorCode::Parse, where + ": " + reason);
    }
    if (scene->mFlags & AI_SCENE_FLAGS_INCOMPLETE)
        return make_error(ErrorCode::Parse, where + ": incomplete scene (corrupt or truncated file)");
    if (!scene->mRootNode || scene->mNumMeshes == 0)
        return make_error(ErrorCode::Parse, where + ": contains no triangle meshes");

    // Normals are generated only where missing; remember which meshes had none.
    std::vector<bool> lacked_normals(scene->mNumMeshes);
    for (unsigned i = 0; i < scene->mNumMeshes; ++i) lacked_normals[i] = !scene->mMeshes[i]->HasNormals();
    // Assimp 5.2's JoinIdenticalVertices is super-linear on meshes with bones (a 1.1M-vertex skinned
    // glTF: over 100 s, against 1 s to read it). glTF meshes arrive indexed already, so skinned
    // glTF skips it; formats Assimp reads as one vertex per corner (FBX, OBJ, PLY) still need it.
    bool gltf_bones = false;
    if (ext == ".gltf" || ext == ".glb")
        for (unsigned i = 0; i < scene->mNumMeshes; ++i) gltf_bones = gltf_bones || scene->mMeshes[i]->HasBones();
    unsigned post = aiProcess_GenSmoothNormals | aiProcess_CalcTangentSpace | aiProcess_ImproveCacheLocality;
    if (!gltf_bones) post |= aiProcess_JoinIdenticalVertices;
    scene = importer.ApplyPostProcessing(post);
    if (!scene) return make_error(ErrorCode::Parse, where + ": " + importer.GetErrorString());

    Model model;
    model.source = where;
    model.twin_id = twin_of_model_file(path).value_or("");
    if (scene->mNumMeshes > limits.max_meshes || scene->mNumMaterials > limits.max_meshes)
        return make_error(ErrorCode::Unsupported, where + ": " + std::to_string(scene->mNumMeshes) + " meshes and " +
                                                      std::to_string(scene->mNumMaterials) + " materials, over the limit of " +
                                                      std::to_string(limits.max_meshes));
    detail::MaterialConverter materials(*scene, folder, limits, model);
    for (unsigned i = 0; i < scene->mNumMaterials; ++i) model.materials.push_back(materials.convert(*scene->mMaterials[i]));
    if (materials.refusal()) return *materials.refusal();
    if (model.materials.empty()) model.materials.push_back(Material{.name = "default", .metallic = 0.0f});

    detail::SkeletonBuild skeleton;
    if (!detail::build_skeleton(*scene, skeleton))
        return make_error(ErrorCode::Unsupported, where + ": more than 65535 joints");
    model.skeleton = skeleton.skeleton;

    // The node each mesh hangs from (first reference), for skin fallbacks.
    std::vector<const aiNode*> mesh_node(scene->mNumMeshes, nullptr);
    {
        std::vector<const aiNode*> stack{scene->mRootNode};
        while (!stack.empty()) {
            const aiNode* n = stack.back();
            stack.pop_back();
            for (unsigned k = 0; k < n->mNumMeshes; ++k)
                if (n->mMeshes[k] < scene->mNumMeshes && !mesh_node[n->mMeshes[k]]) mesh_node[n->mMeshes[k]] = n;
            for (unsigned c = 0; c < n->mNumChildren; ++c) stack.push_back(n->mChildren[c]);
        }
    }
    std::vector<int32_t> mesh_index(scene->mNumMeshes, -1);
    for (unsigned i = 0; i < scene->mNumMeshes; ++i) {
        const aiMesh* in = scene->mMeshes[i];
        if (!in || in->mNumVertices == 0 || in->mNumFaces == 0 || !(in->mPrimitiveTypes & aiPrimitiveType_TRIANGLE))
            continue;
        TS_TRY_ASSIGN(Mesh mesh, convert_mesh(*in, lacked_normals[i], path, limits));
        if (mesh.indices.empty()) continue;
        if (mesh.material >= model.materials.size()) mesh.material = 0;
        if (in->HasBones() && !model.skeleton.empty())
            model.trimmed_influence_vertices += detail::convert_skin(*scene, *in, mesh_node[i], skeleton, mesh.skin);
        mesh_index[i] = static_cast<int32_t>(model.meshes.size());
        model.meshes.push_back(std::move(mesh));
    }

    struct Pending {
        const aiNode* node;
        glm::mat4 parent;
        unsigned depth;
    };
    std::vector<Pending> stack{{scene->mRootNode, glm::mat4(1.0f), 0}};
    while (!stack.empty()) {
        Pending p = stack.back();
        stack.pop_back();
        if (p.depth > 1024) return make_error(ErrorCode::Parse, where + ": node hierarchy deeper than 1024");
        const glm::mat4 world = p.parent * to_glm(p.node->mTransformation);
        for (unsigned k = 0; k < p.node->mNumMeshes; ++k) {
            const unsigned m = p.node->mMeshes[k];
            if (m >= mesh_index.size() || mesh_index[m] < 0) continue;
            // Skinned meshes ignore their node's transform (glTF 2.0 skins; FBX alike): the joints
            // place them in model space.
            const bool skinned = model.meshes[size_t(mesh_index[m])].skinned();
            model.instances.push_back({uint32_t(mesh_index[m]), skinned ? glm::mat4(1.0f) : world,
                                       p.node->mName.C_Str()});
        }
        for (unsigned c = 0; c < p.node->mNumChildren; ++c) stack.push_back({p.node->mChildren[c], world, p.depth + 1});
    }
    if (model.instances.empty()) return make_error(ErrorCode::Parse, where + ": contains no triangle meshes");
    if (!model.skeleton.empty()) model.clips = convert_clips(*scene, model.skeleton);
    const Aabb box = model.bounds();
    if (!box.valid() || !std::isfinite(box.min.x) || glm::length(box.extent()) <= 0.0f)
        return make_error(ErrorCode::Parse, where + ": geometry has no extent");
    for (const std::string& file : folder.files_read())
        if (file != normalise_reference(file_name)) model.dependencies.push_back(file);
    return model;
}

}  // namespace twinshoot::asset
