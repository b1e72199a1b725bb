// Checks a glTF / GLB file's structure before Assimp reads it, so that what the file declares
// cannot make the importer recurse without bound, allocate without bound or open a file outside
// the model's folder.
//
// Checked, each failure an error naming the file and what was wrong:
//   GLB: magic, version 2, declared length against the file, every chunk length against what is
//     left, a JSON chunk first and at most one BIN chunk;
//   JSON: nesting depth (ImportLimits::max_json_depth) before it is parsed, then well-formedness;
//   buffers: byteLength against the BIN chunk, the data URI's payload or the external file's size,
//     and every URI (buffers and images) a data URI or a reference inside the folder;
//   bufferViews and accessors: indices in range, offsets + lengths inside their buffer or view
//     (strides included), counts against max_vertices / max_indices;
//   meshes, nodes, skins, images, textures, materials, animations: counts against the limits and
//     every index they hold in range; animation keys against max_keys.
// Unknown extensions and properties are left alone: this is a safety check, not a validator.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "asset/confined_folder.h"
#include "asset/import_limits.h"
#include "core/result.h"

namespace twinshoot::asset {

// `file` is the whole .gltf or .glb file (`binary` for GLB); references resolve through `folder`
// (whose model_path() names the file in messages).
Status precheck_gltf(std::span<const uint8_t> file, bool binary, const ConfinedFolder& folder,
                     const ImportLimits& limits = kDefaultImportLimits);

// Deepest nesting of arrays and objects in JSON text (strings skipped), without parsing it; stops
// counting once `stop_at` is passed. Works on malformed text too.
uint32_t json_nesting_depth(std::string_view json, uint32_t stop_at);

}  // namespace twinshoot::asset
