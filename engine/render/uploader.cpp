#include "render/uploader.h"

#include <algorithm>
#include <cstring>

#include "render/barriers.h"
#include "render/vk_check.h"

namespace twinshoot::render {

bool supports_linear_blit(const Device& device, VkFormat format) {
    VkFormatProperties props;
    vkGetPhysicalDeviceFormatProperties(device.physical(), format, &props);
    const VkFormatFeatureFlags need = VK_FORMAT_FEATURE_BLIT_SRC_BIT | VK_FORMAT_FEATURE_BLIT_DST_BIT |
                                      VK_FORMAT_FEATURE_SAMPLED_IMAGE_FILTER_LINEAR_BIT;
    return (props.optimalTilingFeatures & need) == need;
}

Uploader::~Uploader() {
    if (m_commands != VK_NULL_HANDLE) m_device.discard_commands(m_commands);  // never submitted
}

Status Uploader::ensure_commands() {
    if (m_commands != VK_NULL_HANDLE) return {};
    TS_TRY_ASSIGN(m_commands, m_device.begin_commands("upload"));
    return {};
}

Result<Buffer*> Uploader::stage(std::span<const uint8_t> bytes) {
    TS_TRY(ensure_commands());
    TS_TRY_ASSIGN(Buffer staging, Buffer::create(m_device, bytes.size(), VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                                                 MemoryUsage::Upload, "staging"));
    std::memcpy(staging.mapped(), bytes.data(), bytes.size());
    m_staging.push_back(std::move(staging));
    return &m_staging.back();
}

Status Uploader::buffer(const Buffer& destination, std::span<const uint8_t> bytes, VkDeviceSize offset) {
    if (bytes.empty()) return {};
    assert(offset + bytes.size() <= destination.size());
    TS_TRY_ASSIGN(Buffer* staging, stage(bytes));
    VkBufferCopy region{.srcOffset = 0, .dstOffset = offset, .size = bytes.size()};
    vkCmdCopyBuffer(m_commands, staging->handle(), destination.handle(), 1, &region);
    VkMemoryBarrier2 barrier{
        .sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER_2,
        .srcStageMask = VK_PIPELINE_STAGE_2_COPY_BIT,
        .srcAccessMask = VK_ACCESS_2_TRANSFER_WRITE_BIT,
        .dstStageMask = VK_PIPELINE_STAGE_2_VERTEX_INPUT_BIT | VK_PIPELINE_STAGE_2_VERTEX_SHADER_BIT |
                        VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT | VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
        .dstAccessMask = VK_ACCESS_2_VERTEX_ATTRIBUTE_READ_BIT | VK_ACCESS_2_INDEX_READ_BIT |
                         VK_ACCESS_2_UNIFORM_READ_BIT | VK_ACCESS_2_SHADER_STORAGE_READ_BIT,
    };
    VkDependencyInfo dependency{
        .sType = VK_STRUCTURE_TYPE_DEPENDENCY_INFO, .memoryBarrierCount = 1, .pMemoryBarriers = &barrier};
    vkCmdPipelineBarrier2(m_commands, &dependency);
    return {};
}

Status Uploader::image(const Image& destination, std::span<const uint8_t> pixels) {
    assert(pixels.size() == size_t(destination.width()) * destination.height() * texel_bytes(destination.format()));
    assert(destination.layers() == 1);
    TS_TRY_ASSIGN(Buffer* staging, stage(pixels));
    const VkImage image = destination.handle();
    const uint32_t mips = destination.mip_levels();
    transition(m_commands, {.image = image,
                            .from = VK_IMAGE_LAYOUT_UNDEFINED,
                            .to = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                            .dst_stage = VK_PIPELINE_STAGE_2_COPY_BIT | VK_PIPELINE_STAGE_2_BLIT_BIT,
                            .dst_access = VK_ACCESS_2_TRANSFER_WRITE_BIT});
    VkBufferImageCopy copy{
        .imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1},
        .imageExtent = {destination.width(), destination.height(), 1},
    };
    vkCmdCopyBufferToImage(m_commands, staging->handle(), image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &copy);

    int32_t w = static_cast<int32_t>(destination.width());
    int32_t h = static_cast<int32_t>(destination.height());
    for (uint32_t level = 1; level < mips; ++level) {
        transition(m_commands, {.image = image,
                                .from = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                                .to = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                                .src_stage = VK_PIPELINE_STAGE_2_COPY_BIT | VK_PIPELINE_STAGE_2_BLIT_BIT,
                                .src_access = VK_ACCESS_2_TRANSFER_WRITE_BIT,
                                .dst_stage = VK_PIPELINE_STAGE_2_BLIT_BIT,
                                .dst_access = VK_ACCESS_2_TRANSFER_READ_BIT,
                                .base_mip = level - 1,
                                .mip_count = 1});
        const int32_t nw = std::max(1, w / 2), nh = std::max(1, h / 2);
        VkImageBlit blit{
            .srcSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, level - 1, 0, 1},
            .srcOffsets = {{0, 0, 0}, {w, h, 1}},
            .dstSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, level, 0, 1},
            .dstOffsets = {{0, 0, 0}, {nw, nh, 1}},
        };
        vkCmdBlitImage(m_commands, image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, image,
                       VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &blit, VK_FILTER_LINEAR);
        w = nw;
        h = nh;
    }
    // Mips 0..n-2 are in TRANSFER_SRC, the last one in TRANSFER_DST.
    if (mips > 1)
        transition(m_commands, {.image = image,
                                .from = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                                .to = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                                .src_stage = VK_PIPELINE_STAGE_2_BLIT_BIT,
                                .src_access = VK_ACCESS_2_TRANSFER_READ_BIT,
                                .dst_stage = VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                                .dst_access = VK_ACCESS_2_SHADER_SAMPLED_READ_BIT,
                                .base_mip = 0,
                                .mip_count = mips - 1});
    transition(m_commands, {.image = image,
                            .from = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                            .to = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                            .src_stage = VK_PIPELINE_STAGE_2_COPY_BIT | VK_PIPELINE_STAGE_2_BLIT_BIT,
                            .src_access = VK_ACCESS_2_TRANSFER_WRITE_BIT,
                            .dst_stage = VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                            .dst_access = VK_ACCESS_2_SHADER_SAMPLED_READ_BIT,
                            .base_mip = mips - 1,
                            .mip_count = 1});
    return {};
}

size_t image_bytes(const Image& image) {
    size_t total = 0;
    for (uint32_t mip = 0; mip < image.mip_levels(); ++mip)
        total += size_t(std::max(1u, image.width() >> mip)) * std::max(1u, image.height() >> mip) * image.layers() *
                 texel_bytes(image.format());
    return total;
}

Status Uploader::image_levels(const Image& destination, std::span<const uint8_t> bytes) {
    assert(bytes.size() == image_bytes(destination));
    TS_TRY_ASSIGN(Buffer* staging, stage(bytes));
    transition(m_commands, {.image = destination.handle(),
                            .from = VK_IMAGE_LAYOUT_UNDEFINED,
                            .to = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                            .dst_stage = VK_PIPELINE_STAGE_2_COPY_BIT,
                            .dst_access = VK_ACCESS_2_TRANSFER_WRITE_BIT});
    std::vector<VkBufferImageCopy> copies;
    VkDeviceSize offset = 0;
    for (uint32_t mip = 0; mip < destination.mip_levels(); ++mip) {
        const uint32_t w = std::max(1u, destination.width() >> mip), h = std::max(1u, destination.height() >> mip);
        copies.push_back({.bufferOffset = offset,
                          .imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, mip, 0, destination.layers()},
                          .imageExtent = {w, h, 1}});
        offset += VkDeviceSize(w) * h * destination.layers() * texel_bytes(destination.format());
    }
    vkCmdCopyBufferToImage(m_commands, staging->handle(), destination.handle(), VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                           uint32_t(copies.size()), copies.data());
    transition(m_commands, {.image = destination.handle(),
                            .from = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                            .to = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                            .src_stage = VK_PIPELINE_STAGE_2_COPY_BIT,
                            .src_access = VK_ACCESS_2_TRANSFER_WRITE_BIT,
                            .dst_stage = VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT | VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                            .dst_access = VK_ACCESS_2_SHADER_SAMPLED_READ_BIT});
    return {};
}

Result<uint64_t> Uploader::submit() {
    if (m_commands == VK_NULL_HANDLE) return m_device.last_submitted_value();
    VkCommandBuffer commands = std::exchange(m_commands, VK_NULL_HANDLE);
    auto value = m_device.submit(commands);
    m_staging.clear();  // deferred: destroyed once `value` has signalled
    return value;
}

}  // namespace twinshoot::render
