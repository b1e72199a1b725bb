// Measurements on rendered images used by the render tests.
#pragma once

#include <array>
#include <cstdint>

#include "asset/image_rgba8.h"
#include "asset/model.h"

namespace twinshoot::test {

// sRGB byte the hardware writes for a linear value (IEC 61966-2-1), rounded.
uint8_t srgb_byte(float linear);

// Relative luminance of an sRGB-encoded pixel, on display values 0..1 (Rec. 709 weights).
float luma(const uint8_t* rgba);

// True when a pixel differs from `background` by more than `tolerance` in any channel.
bool differs(const uint8_t* rgba, const std::array<uint8_t, 3>& background, int tolerance);

struct Silhouette {
    double coverage = 0.0;  // fraction of pixels that differ from the background
    uint32_t min_x = UINT32_MAX, min_y = UINT32_MAX, max_x = 0, max_y = 0;  // bounding box
    uint32_t distinct_colours = 0;  // among covered pixels (quantised to 5 bits per channel)
};

Silhouette measure_silhouette(const asset::ImageRgba8& image, const std::array<uint8_t, 3>& background,
                              int tolerance = 3);

// Renders of a body drawn green and a garment red (its inside blue) on a grey background, as the
// body-cover tests draw them. Edge: an anti-aliased mix of garment and body (yellowish), found
// only where the two meet.
enum class Px : uint8_t { Background, Body, Garment, Inside, Edge };
Px classify(const uint8_t* rgba);

// Body pixels in regions of body cut off from the background by garment: a connected patch of
// body (4-neighbours) that nowhere touches the background or the image border is skin seen through
// the cloth. The neck, arms and legs all run out to the background; a hole or a poke-through does
// not. `marked`, when given (the same size), has those pixels painted magenta.
size_t body_showing_through(const asset::ImageRgba8& image, asset::ImageRgba8* marked);

// A posed garment as those tests draw it: its outside with material 1 and its inside (triangles
// turned, normals reversed) with material 2, skins dropped.
std::array<asset::Mesh, 2> cloth_outside_and_inside(const asset::Mesh& cloth);

}  // namespace twinshoot::test
