// Image decoding through stb_image (PNG, JPEG, TGA, BMP, PSD, GIF, HDR-as-8-bit, PIC, PNM).
// Always returns 4 channels. Errors name `what` (a file or embedded texture id) and stb's reason.
// Images larger than 16384 on a side or empty are refused rather than trusted.
#pragma once

#include <span>
#include <string>

#include "asset/image_rgba8.h"
#include "core/result.h"

namespace twinshoot::asset {

Result<ImageRgba8> decode_image(std::span<const uint8_t> encoded, const std::string& what);

}  // namespace twinshoot::asset
