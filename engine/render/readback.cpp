#include "render/readback.h"

#include <algorithm>
#include <cstring>

#include "render/barriers.h"
#include "render/buffer.h"
#include "render/uploader.h"

namespace twinshoot::render {

Result<std::vector<uint8_t>> read_image(Device& device, const Image& image, VkImageLayout layout) {
    const size_t size = image_bytes(image);
    TS_TRY_ASSIGN(Buffer readback, Buffer::create(device, size, VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                                                  MemoryUsage::Readback, "image readback"));
    TS_TRY_ASSIGN(VkCommandBuffer commands, device.begin_commands("image readback"));
    transition(commands, {.image = image.handle(),
                          .aspect = image.aspect(),
                          .from = layout,
                          .to = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                          .src_stage = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT,
                          .src_access = VK_ACCESS_2_MEMORY_WRITE_BIT,
                          .dst_stage = VK_PIPELINE_STAGE_2_COPY_BIT,
                          .dst_access = VK_ACCESS_2_TRANSFER_READ_BIT});
    std::vector<VkBufferImageCopy> copies;
    VkDeviceSize offset = 0;
    for (uint32_t mip = 0; mip < image.mip_levels(); ++mip) {
        const uint32_t w = std::max(1u, image.width() >> mip), h = std::max(1u, image.height() >> mip);
        copies.push_back({.bufferOffset = offset,
                          .imageSubresource = {image.aspect(), mip, 0, image.layers()},
                          .imageExtent = {w, h, 1}});
        offset += VkDeviceSize(w) * h * image.layers() * texel_bytes(image.format());
    }
    vkCmdCopyImageToBuffer(commands, image.handle(), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, readback.handle(),
                           uint32_t(copies.size()), copies.data());
    transition(commands, {.image = image.handle(),
                          .aspect = image.aspect(),
                          .from = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                          .to = layout,
                          .src_stage = VK_PIPELINE_STAGE_2_COPY_BIT,
                          .src_access = VK_ACCESS_2_NONE,
                          .dst_stage = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT,
                          .dst_access = VK_ACCESS_2_MEMORY_READ_BIT});
    memory_barrier(commands, VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_2_HOST_BIT,
                   VK_ACCESS_2_HOST_READ_BIT);
    TS_TRY_ASSIGN(uint64_t done, device.submit(commands));
    TS_TRY(device.wait(done));
    return std::vector<uint8_t>(readback.mapped(), readback.mapped() + size);
}

}  // namespace twinshoot::render
