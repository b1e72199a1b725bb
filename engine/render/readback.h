// read_image: copies every mip and layer of an image back to the host (for disk caches of baked
// GPU data and for tests). One submission; waits for it. The image must be in `layout` (and is left
// there), with its writes made available to transfers by an earlier submission.
#pragma once

#include <vector>

#include "render/image.h"

namespace twinshoot::render {

// Bytes packed as Uploader::image_levels takes them: mips largest first, layers within each mip.
Result<std::vector<uint8_t>> read_image(Device& device, const Image& image, VkImageLayout layout);

}  // namespace twinshoot::render
