#include "asset/texture_decode.h"

#include <climits>
#include <cstring>

#define STB_IMAGE_IMPLEMENTATION
#define STBI_FAILURE_USERMSG
#include <stb_image.h>

namespace twinshoot::asset {

Result<ImageRgba8> decode_image(std::span<const uint8_t> encoded, const std::string& what, const ImportLimits& limits) {
    if (encoded.empty()) return make_error(ErrorCode::Parse, what + ": empty image data");
    if (encoded.size() > size_t(INT_MAX)) return make_error(ErrorCode::Unsupported, what + ": image data over 2 GiB");
    int w = 0, h = 0, channels = 0;
    const int len = static_cast<int>(encoded.size());
    if (!stbi_info_from_memory(encoded.data(), len, &w, &h, &channels))
        return make_error(ErrorCode::Parse, what + ": cannot decode image (" + stbi_failure_reason() + ")");
    if (w <= 0 || h <= 0 || uint32_t(w) > limits.max_image_side || uint32_t(h) > limits.max_image_side ||
        uint64_t(w) * uint64_t(h) > limits.max_image_texels)
        return make_error(ErrorCode::Unsupported, what + ": image size " + std::to_string(w) + "x" + std::to_string(h) +
                                                      " is out of range (at most " + std::to_string(limits.max_image_side) +
                                                      " a side and " + std::to_string(limits.max_image_texels) + " texels)");
    stbi_uc* data = stbi_load_from_memory(encoded.data(), len, &w, &h, &channels, 4);
    if (!data) return make_error(ErrorCode::Parse, what + ": cannot decode image (" + stbi_failure_reason() + ")");
    ImageRgba8 image;
    image.width = static_cast<uint32_t>(w);
    image.height = static_cast<uint32_t>(h);
    image.pixels.assign(data, data + size_t(w) * size_t(h) * 4);
    stbi_image_free(data);
    return image;
}

}  // namespace twinshoot::asset
