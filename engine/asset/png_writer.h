// PNG output through stb_image_write. encode_png returns the file bytes; write_png writes them
// atomically (temp file, fsync, rename), so a failure never leaves a partial image behind.
#pragma once

#include <filesystem>
#include <vector>

#include "asset/image_rgba8.h"
#include "core/result.h"

namespace twinshoot::asset {

Result<std::vector<uint8_t>> encode_png(const ImageRgba8& image);
Status write_png(const std::filesystem::path& path, const ImageRgba8& image);

}  // namespace twinshoot::asset
