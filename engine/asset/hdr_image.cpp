#include "asset/hdr_image.h"

#include <climits>
#include <cmath>
#include <memory>

#include <stb_image.h>
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>

#include "core/file_io.h"

namespace twinshoot::asset {

Result<HdrImage> decode_hdr(std::span<const uint8_t> encoded, const std::string& what) {
    if (encoded.empty()) return make_error(ErrorCode::Parse, what + ": empty file");
    if (encoded.size() > size_t(INT_MAX)) return make_error(ErrorCode::Unsupported, what + ": file over 2 GiB");
    const int len = static_cast<int>(encoded.size());
    if (!stbi_is_hdr_from_memory(encoded.data(), len))
        return make_error(ErrorCode::Parse, what + ": not a Radiance .hdr image (no #?RADIANCE / #?RGBE header)");
    int w = 0, h = 0, channels = 0;
    if (!stbi_info_from_memory(encoded.data(), len, &w, &h, &channels))
        return make_error(ErrorCode::Parse, what + ": cannot decode the .hdr image (" + stbi_failure_reason() + ")");
    if (w < 8 || h < 4 || w > 16384 || w != 2 * h)
        return make_error(ErrorCode::Unsupported, what + ": " + std::to_string(w) + "x" + std::to_string(h) +
                                                      " is not an equirectangular panorama the renderer takes "
                                                      "(width twice the height, 8x4 to 16384x8192)");
    std::unique_ptr<float, void (*)(void*)> data(stbi_loadf_from_memory(encoded.data(), len, &w, &h, &channels, 3),
                                                 stbi_image_free);
    if (!data) return make_error(ErrorCode::Parse, what + ": cannot decode the .hdr image (" + stbi_failure_reason() + ")");
    HdrImage image;
    image.width = uint32_t(w);
    image.height = uint32_t(h);
    image.rgb.assign(data.get(), data.get() + size_t(w) * size_t(h) * 3);
    for (size_t i = 0; i < image.rgb.size(); ++i)
        if (!std::isfinite(image.rgb[i]) || image.rgb[i] < 0.0f)
            return make_error(ErrorCode::Parse, what + ": pixel " + std::to_string(i / 3 % size_t(w)) + "," +
                                                    std::to_string(i / 3 / size_t(w)) + " is negative or not finite");
    return image;
}

Result<HdrImage> load_hdr(const std::filesystem::path& path) {
    TS_TRY_ASSIGN(std::vector<uint8_t> bytes, read_file(path));
    return decode_hdr(bytes, path.string());
}

Result<std::vector<uint8_t>> encode_hdr(const HdrImage& image) {
    if (image.width == 0 || image.height == 0 || image.rgb.size() != size_t(image.width) * image.height * 3)
        return make_error(ErrorCode::Invalid, "cannot encode an empty or inconsistent image as .hdr");
    std::vector<uint8_t> bytes;
    auto append = [](void* context, void* data, int size) {
        auto* out = static_cast<std::vector<uint8_t>*>(context);
        out->insert(out->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
    };
    if (!stbi_write_hdr_to_func(append, &bytes, int(image.width), int(image.height), 3, image.rgb.data()))
        return make_error(ErrorCode::Io, ".hdr encoding failed");
    return bytes;
}

Status write_hdr(const std::filesystem::path& path, const HdrImage& image) {
    TS_TRY_ASSIGN(auto bytes, encode_hdr(image));
    return write_file_atomic(path, bytes);
}

}  // namespace twinshoot::asset
