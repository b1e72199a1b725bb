// Model import through Assimp: .glb / .gltf, .fbx, .obj (+ .mtl). Bind pose only.
//
// Produces triangle meshes with positions, normals (smooth normals generated where the file has
// none), UVs, tangents (from the file, else computed from UVs), node transforms as instances, and
// glTF-style metallic-roughness materials with decoded textures (embedded or external files; an
// external texture is looked up beside the model, by base name and case-insensitively if needed).
// A texture that is missing or undecodable is a warning in Model::warnings, not an error.
// Errors (missing file, unknown extension, corrupt or truncated data, nothing to draw) name the file.
#pragma once

#include <filesystem>
#include <string>

#include "asset/model.h"
#include "core/result.h"

namespace twinshoot::asset {

// True for the extensions import_model accepts (case-insensitive).
bool is_supported_model_extension(const std::filesystem::path& path);
// "'.glb', '.gltf', '.fbx', '.obj'"
const char* supported_model_extensions();

Result<Model> import_model(const std::filesystem::path& path);

}  // namespace twinshoot::asset
