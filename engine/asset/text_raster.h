// Text drawn into images on the CPU: disclosure labels on delivered shots and captions on contact
// sheets. Glyphs come from a TrueType font rasterised by stb_truetype (Debian libstb-dev); the
// default font is DejaVu Sans Bold from Debian's fonts-dejavu-core, found at build time.
//
// Units: pixel heights are the font's ascent-to-descent height in image pixels; positions are
// image pixels from the top-left. Text is UTF-8; characters the font lacks draw as its missing
// glyph. Colours are sRGB RGBA8; drawing blends over the image (alpha) and clips at its edges.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "asset/image_rgba8.h"
#include "core/result.h"

namespace twinshoot::asset {

struct Rgba8 {
    uint8_t r = 0, g = 0, b = 0, a = 255;
};

class Font {
public:
    static Result<Font> load(const std::filesystem::path& file);
    // The project's label font (DejaVu Sans Bold); an error naming the file when it is missing.
    static Result<Font> standard();

    float width(std::string_view text, float pixel_height) const;
    // Draws one line with its top at `top`; returns the width drawn.
    float draw(ImageRgba8& image, float left, float top, std::string_view text, float pixel_height, Rgba8 color) const;
    // Splits `text` at spaces into lines no wider than `max_width` (a word wider than that gets a line
    // of its own).
    std::vector<std::string> wrap(std::string_view text, float pixel_height, float max_width) const;

private:
    struct Data;
    std::shared_ptr<const Data> m_data;
};

// Blends a rectangle over the image (clipped to it).
void fill_rect(ImageRgba8& image, int x, int y, int width, int height, Rgba8 color);

// Where a disclosure label was drawn (for tests and reports).
struct LabelBox {
    int x = 0, y = 0, width = 0, height = 0;
    float pixel_height = 0.0f;
    int lines = 0;
};

// Draws a disclosure label ("Synthetic image: digital twin of ...") at the bottom left: white text on
// a dark plate, sized to the image (2.6% of its shorter side, at least 14 px) and wrapped to stay
// inside it, so it reads at every format from a story to a thumbnail.
LabelBox draw_label(ImageRgba8& image, std::string_view text, const Font& font);

}  // namespace twinshoot::asset
