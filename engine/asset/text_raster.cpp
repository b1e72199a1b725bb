#include "asset/text_raster.h"

#include <algorithm>
#include <cmath>

#define STB_TRUETYPE_IMPLEMENTATION
#define STBTT_STATIC
#include <stb_truetype.h>

#include "core/file_io.h"

namespace twinshoot::asset {

struct Font::Data {
    std::vector<uint8_t> bytes;
    stbtt_fontinfo info{};
    int ascent = 0, descent = 0, line_gap = 0;
};

namespace {

// Decodes one UTF-8 code point; malformed bytes decode as U+FFFD, one byte each.
uint32_t next_codepoint(std::string_view text, size_t& i) {
    const auto byte = [&](size_t k) { return uint8_t(text[k]); };
    const uint8_t b0 = byte(i);
    int length = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) {
        ++i;
        return 0xFFFD;
    }
    uint32_t cp = length == 1 ? b0 : b0 & (0x7F >> length);
    for (int k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    i += length;
    return cp;
}

uint8_t blend(uint8_t dst, uint8_t src, uint32_t alpha) { return uint8_t((src * alpha + dst * (255 - alpha) + 127) / 255); }

}  // namespace

Result<Font> Font::load(const std::filesystem::path& file) {
    auto data = std::make_shared<Data>();
    TS_TRY_ASSIGN(data->bytes, read_file(file));
    const int offset = stbtt_GetFontOffsetForIndex(data->bytes.data(), 0);
    if (offset < 0 || !stbtt_InitFont(&data->info, data->bytes.data(), offset))
        return make_error(ErrorCode::Parse, file.string() + ": not a TrueType font");
    stbtt_GetFontVMetrics(&data->info, &data->ascent, &data->descent, &data->line_gap);
    Font font;
    font.m_data = std::move(data);
    return font;
}

Result<Font> Font::standard() {
    static const Result<Font> font = load(TWINSHOOT_LABEL_FONT);
    if (!font) return font.error().with_context("label font (install Debian's fonts-dejavu-core)");
    return *font;
}

float Font::width(std::string_view text, float pixel_height) const {
    const float scale = stbtt_ScaleForPixelHeight(&m_data->info, pixel_height);
    float x = 0.0f;
    uint32_t previous = 0;
    for (size_t i = 0; i < text.size();) {
        const uint32_t cp = next_codepoint(text, i);
        if (previous) x += scale * float(stbtt_GetCodepointKernAdvance(&m_data->info, int(previous), int(cp)));
        int advance = 0, bearing = 0;
        stbtt_GetCodepointHMetrics(&m_data->info, int(cp), &advance, &bearing);
        x += scale * float(advance);
        previous = cp;
    }
    return x;
}

float Font::draw(ImageRgba8& image, float left, float top, std::string_view text, float pixel_height, Rgba8 color) const {
    const stbtt_fontinfo* info = &m_data->info;
    const float scale = stbtt_ScaleForPixelHeight(info, pixel_height);
    const float baseline = top + scale * float(m_data->ascent);
    float x = left;
    uint32_t previous = 0;
    std::vector<uint8_t> glyph;
    for (size_t i = 0; i < text.size();) {
        const uint32_t cp = next_codepoint(text, i);
        if (previous) x += scale * float(stbtt_GetCodepointKernAdvance(info, int(previous), int(cp)));
        const float shift_x = x - std::floor(x);
        int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        stbtt_GetCodepointBitmapBoxSubpixel(info, int(cp), scale, scale, shift_x, 0.0f, &x0, &y0, &x1, &y1);
        const int w = x1 - x0, h = y1 - y0;
        if (w > 0 && h > 0) {
            glyph.assign(size_t(w) * size_t(h), 0);
            stbtt_MakeCodepointBitmapSubpixel(info, glyph.data(), w, h, w, scale, scale, shift_x, 0.0f, int(cp));
            const int gx = int(std::floor(x)) + x0, gy = int(std::lround(baseline)) + y0;
            for (int row = 0; row < h; ++row) {
                const int py = gy + row;
                if (py < 0 || py >= int(image.height)) continue;
                for (int col = 0; col < w; ++col) {
                    const int px = gx + col;
                    if (px < 0 || px >= int(image.width)) continue;
                    const uint32_t coverage = glyph[size_t(row) * size_t(w) + size_t(col)];
                    const uint32_t alpha = coverage * color.a / 255;
                    if (alpha == 0) continue;
                    uint8_t* p = &image.pixels[(size_t(py) * image.width + size_t(px)) * 4];
                    p[0] = blend(p[0], color.r, alpha);
                    p[1] = blend(p[1], color.g, alpha);
                    p[2] = blend(p[2], color.b, alpha);
                    p[3] = uint8_t(std::max<uint32_t>(p[3], alpha));
                }
            }
        }
        int advance = 0, bearing = 0;
        stbtt_GetCodepointHMetrics(info, int(cp), &advance, &bearing);
        x += scale * float(advance);
        previous = cp;
    }
    return x - left;
}

std::vector<std::string> Font::wrap(std::string_view text, float pixel_height, float max_width) const {
    std::vector<std::string> lines;
    std::string line;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(' ', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string word(text.substr(start, end - start));
        if (!word.empty()) {
            const std::string candidate = line.empty() ? word : line + " " + word;
            if (!line.empty() && width(candidate, pixel_height) > max_width) {
                lines.push_back(line);
                line = word;
            } else {
                line = candidate;
            }
        }
        start = end + 1;
    }
    if (!line.empty()) lines.push_back(line);
    return lines;
}

void fill_rect(ImageRgba8& image, int x, int y, int width, int height, Rgba8 color) {
    const int x0 = std::max(0, x), y0 = std::max(0, y);
    const int x1 = std::min(int(image.width), x + width), y1 = std::min(int(image.height), y + height);
    for (int py = y0; py < y1; ++py)
        for (int px = x0; px < x1; ++px) {
            uint8_t* p = &image.pixels[(size_t(py) * image.width + size_t(px)) * 4];
            p[0] = blend(p[0], color.r, color.a);
            p[1] = blend(p[1], color.g, color.a);
            p[2] = blend(p[2], color.b, color.a);
            p[3] = uint8_t(std::max<uint32_t>(p[3], color.a));
        }
}

LabelBox draw_label(ImageRgba8& image, std::string_view text, const Font& font) {
    LabelBox box;
    const float shorter = float(std::min(image.width, image.height));
    box.pixel_height = std::max(14.0f, std::round(shorter * 0.026f));
    const int margin = int(std::round(box.pixel_height * 0.7f));
    const int padding = int(std::round(box.pixel_height * 0.45f));
    const float max_text = std::max(1.0f, float(image.width) - 2.0f * float(margin + padding));
    const std::vector<std::string> lines = font.wrap(text, box.pixel_height, max_text);
    float widest = 0.0f;
    for (const auto& line : lines) widest = std::max(widest, font.width(line, box.pixel_height));
    const int line_step = int(std::round(box.pixel_height * 1.2f));
    box.lines = int(lines.size());
    box.width = int(std::ceil(widest)) + 2 * padding;
    box.height = line_step * box.lines + 2 * padding;
    box.x = margin;
    box.y = int(image.height) - margin - box.height;
    fill_rect(image, box.x, box.y, box.width, box.height, {16, 16, 18, 220});
    for (int i = 0; i < box.lines; ++i)
        font.draw(image, float(box.x + padding), float(box.y + padding + i * line_step), lines[size_t(i)], box.pixel_height,
                  {255, 255, 255, 255});
    return box;
}

}  // namespace twinshoot::asset
