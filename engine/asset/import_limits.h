// The documented maxima an imported model file must stay within (docs/untrusted-assets.md).
//
// Model files come from strangers. Every count or length a file declares is checked against these
// before anything is allocated for it, and a file over any of them is refused with an error naming
// the file, the quantity and the limit (ErrorCode::Unsupported). They are generous for a fashion
// twin: a 4K-textured, million-triangle scan is well inside them.
#pragma once

#include <cstdint>

namespace twinshoot::asset {

struct ImportLimits {
    uint64_t max_file_bytes = 1ull << 30;          // the model file, and each buffer or texture it names
    uint32_t max_json_depth = 64;                  // glTF JSON nesting (arrays and objects)
    uint32_t max_vertices = 16u << 20;             // per mesh, and per glTF accessor's count
    uint32_t max_indices = 96u << 20;              // per mesh (32M triangles)
    uint32_t max_meshes = 65536;                   // meshes (and glTF accessors / nodes / materials each)
    uint32_t max_joints = 65535;                   // skeleton joints (joint ids are 16-bit)
    uint32_t max_influences = 64;                  // bones on one vertex in the file (8 are kept)
    uint32_t max_image_side = 16384;               // texels on either side of a texture
    uint64_t max_image_texels = 64ull << 20;       // width * height of one texture (256 MiB decoded)
    uint32_t max_images = 1024;                    // textures in one model
    uint32_t max_keys = 1u << 24;                  // animation keys over all channels
};

// The limits every import uses unless a caller (a test) passes others.
inline constexpr ImportLimits kDefaultImportLimits{};

}  // namespace twinshoot::asset
