#include "asset/png_writer.h"

#include "core/file_io.h"

#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>

namespace twinshoot::asset {

namespace {
void append(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<uint8_t>*>(context);
    auto* bytes = static_cast<uint8_t*>(data);
    out->insert(out->end(), bytes, bytes + size);
}
}  // namespace

Result<std::vector<uint8_t>> encode_png(const ImageRgba8& image) {
    if (image.empty() || image.pixels.size() != size_t(image.width) * image.height * 4)
        return make_error(ErrorCode::Invalid, "cannot encode an empty or inconsistent image as PNG");
    std::vector<uint8_t> bytes;
    const int ok = stbi_write_png_to_func(append, &bytes, static_cast<int>(image.width),
                                          static_cast<int>(image.height), 4, image.pixels.data(),
                                          static_cast<int>(image.width * 4));
    if (!ok) return make_error(ErrorCode::Io, "PNG encoding failed");
    return bytes;
}

Status write_png(const std::filesystem::path& path, const ImageRgba8& image) {
    TS_TRY_ASSIGN(auto bytes, encode_png(image));
    return write_file_atomic(path, bytes);
}

}  // namespace twinshoot::asset
