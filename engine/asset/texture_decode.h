// Image decoding through stb_image (PNG, JPEG, TGA, BMP, PSD, GIF, HDR-as-8-bit, PIC, PNM).
// Always returns 4 channels. Errors name `what` (a file or embedded texture id) and stb's reason.
// The header's dimensions are checked against `limits` (max_image_side, max_image_texels) before any
// pixel memory is allocated; empty images are refused too.
#pragma once

#include <span>
#include <string>

#include "asset/image_rgba8.h"
#include "asset/import_limits.h"
#include "core/result.h"

namespace twinshoot::asset {

Result<ImageRgba8> decode_image(std::span<const uint8_t> encoded, const std::string& what,
                                const ImportLimits& limits = kDefaultImportLimits);

}  // namespace twinshoot::asset
