// Recognising a twin's avatar file, so that a twin cannot be rendered as a bare model.
//
// A model file is the avatar of twin ID when either
//   (a) it is glTF / GLB whose asset.extras.twinshoot_twin is ID (TwinShoot writes this into every
//       avatar it generates; copies of the file keep it), or
//   (b) the folder holding it has a twin.json whose "avatar" names this file (any format).
// import_model records the result in Model::twin_id, and the renderer refuses to upload such a model
// except through the licence-checked twin path (studio/shot_renderer.h). A file whose marker was
// stripped and which sits outside its twin folder is not recognised: the program cannot stop a
// person who edits the file itself, only make sure no client of the engine forgets the licence.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace twinshoot::asset {

std::optional<std::string> twin_of_model_file(const std::filesystem::path& path);
// Rule (a) alone: the marker inside a glTF / GLB file (nullopt for other formats).
std::optional<std::string> embedded_twin_of(const std::filesystem::path& path);
// Rule (b) alone: reads only the folder's twin.json, never the model file (for a model whose
// content was parsed elsewhere: the import child or the model cache).
std::optional<std::string> twin_of_model_folder(const std::filesystem::path& path);

}  // namespace twinshoot::asset
