// Writes a Model as glTF 2.0 binary (.glb): meshes (positions, normals, tangents, UVs, skins with up
// to 8 influences as JOINTS_0/1 + WEIGHTS_0/1), metallic-roughness material factors, the skeleton
// as nodes with one skin, and instances. Textures are embedded as PNG (one texture and sampler per
// use, wrap modes kept; alpha mode, normal scale and occlusion strength too), so a written avatar
// is self-contained. Output is deterministic: the same Model gives the same bytes.
#pragma once

#include <filesystem>
#include <vector>

#include "asset/model.h"
#include "core/result.h"

namespace twinshoot::asset {

Result<std::vector<uint8_t>> encode_glb(const Model& model);
Status write_glb(const std::filesystem::path& path, const Model& model);  // atomic

}  // namespace twinshoot::asset
