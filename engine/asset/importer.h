// Model import through Assimp: .glb / .gltf, .fbx, .obj (+ .mtl). Bind pose only.
//
// Produces triangle meshes with positions, normals (smooth normals generated where the file has
// none), UVs, tangents (from the file, else computed from UVs), node transforms as instances, and
// glTF-style metallic-roughness materials with decoded textures (embedded or external files; an
// external texture is looked up beside the model, by base name and case-insensitively if needed).
// A texture that is missing or undecodable is a warning in Model::warnings, not an error; one that
// leads outside the model's folder or is over the limits (asset/import_limits.h) is an error.
// Errors (missing file, unknown extension, corrupt or truncated data, nothing to draw) name the file.
#pragma once

#include <filesystem>
#include <string>

#include "asset/import_limits.h"
#include "asset/model.h"
#include "core/result.h"

namespace twinshoot::asset {

// True for the extensions import_model accepts (case-insensitive).
bool is_supported_model_extension(const std::filesystem::path& path);
// "'.glb', '.gltf', '.fbx', '.obj', '.ply'"
const char* supported_model_extensions();

// Imports in this process. Every file is read through ConfinedFolder (references outside the model's
// folder are refused), glTF is prechecked (asset/gltf_precheck.h), and counts are checked against
// `limits` before they are allocated. Assimp itself can still crash or exhaust memory on a hostile
// file: untrusted files go through load_model (asset/model_loader.h), which runs this in a child
// process. Tests and the import child call it directly.
Result<Model> import_model(const std::filesystem::path& path, const ImportLimits& limits = kDefaultImportLimits);

}  // namespace twinshoot::asset
