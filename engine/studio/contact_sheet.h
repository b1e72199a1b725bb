// The contact sheet of a shoot: one labelled thumbnail per shot, in shoot order; refused shots are
// grey tiles that say why. Captions use asset::Font (DejaVu Sans Bold).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "asset/image_rgba8.h"
#include "asset/text_raster.h"

namespace twinshoot::studio {

struct ContactTile {
    std::string title;                    // shot id
    std::string caption;                  // "demo-ava · walking · story"
    std::optional<asset::ImageRgba8> image;  // absent: a grey tile
    std::string note;                     // on a grey tile: why there is no image
};

// Tiles of 240 x 300 pixels (images fitted inside, aspect kept) with a caption band, up to five
// per row, under a title line.
asset::ImageRgba8 make_contact_sheet(const std::string& title, const std::vector<ContactTile>& tiles, const asset::Font& font);

// `image` scaled to fit within width x height (aspect kept), by averaging the source pixels each
// destination pixel covers.
asset::ImageRgba8 thumbnail(const asset::ImageRgba8& image, uint32_t width, uint32_t height);

}  // namespace twinshoot::studio
