#include "asset/png_writer.h"

#include <zlib.h>

#include <algorithm>
#include <string_view>

#include "asset/png_chunks.h"
#include "core/file_io.h"

namespace twinshoot::asset {

namespace {

constexpr size_t kIdatChunk = size_t(1) << 24;  // 16 MiB of compressed data per IDAT chunk

}  // namespace

Result<std::vector<uint8_t>> encode_png(const ImageRgba8& image) {
    if (image.empty() || image.pixels.size() != size_t(image.width) * image.height * 4)
        return make_error(ErrorCode::Invalid, "cannot encode an empty or inconsistent image as PNG");
    if (image.width > 0x7fffffffu || image.height > 0x7fffffffu || size_t(image.width) * 4 + 1 > 0xffffffffu)
        return make_error(ErrorCode::Invalid, "cannot encode an image over 2^31-1 pixels a side as PNG");
    const size_t stride = size_t(image.width) * 4;

    struct Deflate {  // zlib's stream, ended on every path
        z_stream z{};
        bool started = false;
        ~Deflate() {
            if (started) deflateEnd(&z);
        }
    } d;
    z_stream& z = d.z;
    if (deflateInit2(&z, 1, Z_DEFLATED, 15, 8, Z_RLE) != Z_OK) return make_error(ErrorCode::Io, "PNG encoding: zlib would not start");
    d.started = true;
    std::vector<uint8_t> idat(std::min<size_t>(deflateBound(&z, uLong((stride + 1) * image.height)), size_t(1) << 30));
    auto room = [&] {  // the unused tail of `idat` as zlib's output, grown when full
        if (z.total_out == idat.size()) idat.resize(idat.size() * 2);
        z.next_out = idat.data() + z.total_out;
        z.avail_out = uInt(std::min<size_t>(idat.size() - z.total_out, 0xffffffffu));
    };
    std::vector<uint8_t> row(stride + 1);
    int status = Z_OK;
    for (uint32_t y = 0; y < image.height && status == Z_OK; ++y) {
        // Filter "Up" (2): each byte less the one above it (zero above the first row).
        const uint8_t* here = &image.pixels[size_t(y) * stride];
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
            room();
            status = deflate(&z, flush);
        } while (status == Z_OK && (z.avail_in > 0 || (flush == Z_FINISH && z.avail_out == 0)));
    }
    if (status != Z_STREAM_END) return make_error(ErrorCode::Io, "PNG encoding failed (zlib status " + std::to_string(status) + ")");
    idat.resize(z.total_out);

    std::vector<uint8_t> png = {137, 80, 78, 71, 13, 10, 26, 10};
    png.reserve(idat.size() + idat.size() / kIdatChunk * 12 + 64);
    std::vector<uint8_t> header;
    for (const uint32_t side : {image.width, image.height})  // big-endian
        for (int shift : {24, 16, 8, 0}) header.push_back(uint8_t(side >> shift));
    for (uint8_t b : {uint8_t(8), uint8_t(6), uint8_t(0), uint8_t(0), uint8_t(0)}) header.push_back(b);  // 8-bit RGBA, deflate, adaptive filters, no interlace
    append_chunk(png, "IHDR", header);
    for (size_t at = 0; at < idat.size(); at += kIdatChunk)  // a chunk holds at most 2^31-1 bytes
        append_chunk(png, "IDAT", std::span(idat).subspan(at, std::min(kIdatChunk, idat.size() - at)));
    append_chunk(png, "IEND", {});
    return png;
}

Status write_png(const std::filesystem::path& path, const ImageRgba8& image) {
    TS_TRY_ASSIGN(auto bytes, encode_png(image));
    return write_file_atomic(path, bytes);
}

}  // namespace twinshoot::asset
