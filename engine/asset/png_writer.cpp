#include "asset/png_writer.h"

#include <zlib.h>

#include <string_view>

#include "asset/png_chunks.h"
#include "core/file_io.h"

namespace twinshoot::asset {

namespace {

void put_be32(std::vector<uint8_t>& out, uint32_t v) {
    for (int shift : {24, 16, 8, 0}) out.push_back(uint8_t(v >> shift));
}

// Appends one chunk: length, type, data, CRC of type + data.
void put_chunk(std::vector<uint8_t>& out, std::string_view type, std::span<const uint8_t> data) {
    put_be32(out, uint32_t(data.size()));
    const size_t typed = out.size();
    out.insert(out.end(), type.begin(), type.end());
    out.insert(out.end(), data.begin(), data.end());
    put_be32(out, crc32(std::span(out).subspan(typed, 4 + data.size())));
}

}  // namespace

Result<std::vector<uint8_t>> encode_png(const ImageRgba8& image) {
    if (image.empty() || image.pixels.size() != size_t(image.width) * image.height * 4)
        return make_error(ErrorCode::Invalid, "cannot encode an empty or inconsistent image as PNG");
    if (image.width > 0x7fffffffu || image.height > 0x7fffffffu)
        return make_error(ErrorCode::Invalid, "cannot encode an image over 2^31-1 pixels a side as PNG");
    const size_t stride = size_t(image.width) * 4;

    z_stream z{};
    if (deflateInit2(&z, 1, Z_DEFLATED, 15, 8, Z_RLE) != Z_OK) return make_error(ErrorCode::Io, "PNG encoding: zlib would not start");
    std::vector<uint8_t> idat(deflateBound(&z, uLong((stride + 1) * image.height)));
    z.next_out = idat.data();
    z.avail_out = uInt(idat.size());
    std::vector<uint8_t> row(stride + 1);
    int status = Z_OK;
    for (uint32_t y = 0; y < image.height && status == Z_OK; ++y) {
        // Filter "Up" (2): each byte less the one above it (zero above the first row).
        const uint8_t* here = &image.pixels[y * stride];
        row[0] = 2;
        if (y == 0) {
            std::copy(here, here + stride, row.begin() + 1);
        } else {
            const uint8_t* above = here - stride;
            for (size_t x = 0; x < stride; ++x) row[1 + x] = uint8_t(here[x] - above[x]);
        }
        z.next_in = row.data();
        z.avail_in = uInt(row.size());
        const int flush = y + 1 == image.height ? Z_FINISH : Z_NO_FLUSH;
        do {
            if (z.avail_out == 0) {  // past deflateBound: cannot happen, but never write out of bounds
                const size_t used = idat.size();
                idat.resize(used * 2);
                z.next_out = idat.data() + used;
                z.avail_out = uInt(idat.size() - used);
            }
            status = deflate(&z, flush);
        } while (status == Z_OK && (z.avail_in > 0 || (flush == Z_FINISH && z.avail_out == 0)));
    }
    const size_t compressed = z.total_out;
    deflateEnd(&z);
    if (status != Z_STREAM_END) return make_error(ErrorCode::Io, "PNG encoding failed (zlib status " + std::to_string(status) + ")");
    idat.resize(compressed);

    std::vector<uint8_t> png = {137, 80, 78, 71, 13, 10, 26, 10};
    png.reserve(compressed + 64);
    std::vector<uint8_t> header;
    put_be32(header, image.width);
    put_be32(header, image.height);
    for (uint8_t b : {uint8_t(8), uint8_t(6), uint8_t(0), uint8_t(0), uint8_t(0)}) header.push_back(b);  // 8-bit RGBA, deflate, adaptive filters, no interlace
    put_chunk(png, "IHDR", header);
    put_chunk(png, "IDAT", idat);
    put_chunk(png, "IEND", {});
    return png;
}

Status write_png(const std::filesystem::path& path, const ImageRgba8& image) {
    TS_TRY_ASSIGN(auto bytes, encode_png(image));
    return write_file_atomic(path, bytes);
}

}  // namespace twinshoot::asset
