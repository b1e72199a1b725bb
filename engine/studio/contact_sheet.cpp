#include "studio/contact_sheet.h"

#include <algorithm>
#include <cmath>

namespace twinshoot::studio {
namespace {

constexpr int kTileW = 240, kTileH = 300, kCaptionH = 46, kGap = 12, kTitleH = 44, kColumns = 5;

void blit(asset::ImageRgba8& dst, const asset::ImageRgba8& src, int x, int y) {
    for (uint32_t row = 0; row < src.height; ++row) {
        const int dy = y + int(row);
        if (dy < 0 || dy >= int(dst.height)) continue;
        for (uint32_t col = 0; col < src.width; ++col) {
            const int dx = x + int(col);
            if (dx < 0 || dx >= int(dst.width)) continue;
            const uint8_t* s = src.at(col, row);
            uint8_t* d = &dst.pixels[(size_t(dy) * dst.width + size_t(dx)) * 4];
            const uint32_t a = s[3];
            for (int c = 0; c < 3; ++c) d[c] = uint8_t((s[c] * a + d[c] * (255 - a) + 127) / 255);
            d[3] = 255;
        }
    }
}

// The longest prefix of `text` that fits `width`, with an ellipsis when cut.
std::string fit_line(const std::string& text, const asset::Font& font, float px, float width) {
    if (font.width(text, px) <= width) return text;
    std::string cut = text;
    while (!cut.empty() && font.width(cut + "...", px) > width) {
        cut.pop_back();
        while (!cut.empty() && (uint8_t(cut.back()) & 0xC0) == 0x80) cut.pop_back();  // whole UTF-8 characters
        if (!cut.empty() && uint8_t(cut.back()) >= 0xC0) cut.pop_back();
    }
    return cut + "...";
}

}  // namespace

asset::ImageRgba8 thumbnail(const asset::ImageRgba8& image, uint32_t width, uint32_t height) {
    asset::ImageRgba8 out;
    if (image.empty()) return out;
    const double scale = std::min(double(width) / image.width, double(height) / image.height);
    out.width = std::max(1u, uint32_t(std::floor(image.width * scale)));
    out.height = std::max(1u, uint32_t(std::floor(image.height * scale)));
    out.pixels.assign(size_t(out.width) * out.height * 4, 0);
    for (uint32_t y = 0; y < out.height; ++y) {
        const uint32_t y0 = uint32_t(y / scale), y1 = std::max(y0 + 1, std::min(image.height, uint32_t((y + 1) / scale)));
        for (uint32_t x = 0; x < out.width; ++x) {
            const uint32_t x0 = uint32_t(x / scale), x1 = std::max(x0 + 1, std::min(image.width, uint32_t((x + 1) / scale)));
            uint64_t sum[4] = {0, 0, 0, 0};
            for (uint32_t sy = y0; sy < y1 && sy < image.height; ++sy)
                for (uint32_t sx = x0; sx < x1 && sx < image.width; ++sx)
                    for (int c = 0; c < 4; ++c) sum[c] += image.at(sx, sy)[c];
            const uint64_t n = uint64_t(std::min(y1, image.height) - y0) * (std::min(x1, image.width) - x0);
            for (int c = 0; c < 4; ++c) out.pixels[(size_t(y) * out.width + x) * 4 + size_t(c)] = uint8_t(sum[c] / std::max<uint64_t>(1, n));
        }
    }
    return out;
}

asset::ImageRgba8 make_contact_sheet(const std::string& title, const std::vector<ContactTile>& tiles, const asset::Font& font) {
    const int columns = std::max(1, std::min(kColumns, int(tiles.size())));
    const int rows = std::max(1, (int(tiles.size()) + columns - 1) / columns);
    asset::ImageRgba8 sheet;
    sheet.width = uint32_t(kGap + columns * (kTileW + kGap));
    sheet.height = uint32_t(kTitleH + rows * (kTileH + kCaptionH + kGap) + kGap);
    sheet.pixels.assign(size_t(sheet.width) * sheet.height * 4, 255);
    asset::fill_rect(sheet, 0, 0, int(sheet.width), int(sheet.height), {250, 250, 250, 255});
    font.draw(sheet, float(kGap), 10.0f, fit_line(title, font, 22.0f, float(sheet.width - 2 * kGap)), 22.0f, {20, 20, 24, 255});

    for (size_t i = 0; i < tiles.size(); ++i) {
        const ContactTile& tile = tiles[i];
        const int x = kGap + int(i % size_t(columns)) * (kTileW + kGap);
        const int y = kTitleH + int(i / size_t(columns)) * (kTileH + kCaptionH + kGap);
        if (tile.image) {
            asset::fill_rect(sheet, x, y, kTileW, kTileH, {228, 228, 230, 255});
            const asset::ImageRgba8 thumb = thumbnail(*tile.image, kTileW, kTileH);
            blit(sheet, thumb, x + (kTileW - int(thumb.width)) / 2, y + (kTileH - int(thumb.height)) / 2);
        } else {
            asset::fill_rect(sheet, x, y, kTileW, kTileH, {150, 150, 152, 255});
            const float px = 15.0f;
            float line_y = float(y) + 12.0f;
            for (const std::string& line : font.wrap(tile.note, px, float(kTileW - 20))) {
                if (line_y + px > float(y + kTileH - 8)) break;
                font.draw(sheet, float(x + 10), line_y, line, px, {255, 255, 255, 255});
                line_y += px * 1.25f;
            }
        }
        font.draw(sheet, float(x + 2), float(y + kTileH + 4), fit_line(tile.title, font, 16.0f, kTileW - 4), 16.0f,
                  {20, 20, 24, 255});
        font.draw(sheet, float(x + 2), float(y + kTileH + 25), fit_line(tile.caption, font, 13.0f, kTileW - 4), 13.0f,
                  {90, 90, 96, 255});
    }
    return sheet;
}

}  // namespace twinshoot::studio
