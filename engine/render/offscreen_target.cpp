#include "render/offscreen_target.h"

#include <cassert>
#include <cstring>

#include "render/barriers.h"
#include "render/rendering.h"
#include "render/vk_check.h"

namespace twinshoot::render {

Result<VkFormat> choose_depth_format(const Device& device) {
    for (VkFormat format : {VK_FORMAT_D32_SFLOAT, VK_FORMAT_D24_UNORM_S8_UINT, VK_FORMAT_D16_UNORM}) {
        VkFormatProperties props;
        vkGetPhysicalDeviceFormatProperties(device.physical(), format, &props);
        if (props.optimalTilingFeatures & VK_FORMAT_FEATURE_DEPTH_STENCIL_ATTACHMENT_BIT) return format;
    }
    return make_error(ErrorCode::Unsupported, "the device supports no depth attachment format");
}

VkSampleCountFlagBits supported_samples(const Device& device, uint32_t requested) {
    const VkPhysicalDeviceLimits& limits = device.properties().limits;
    const VkSampleCountFlags both = limits.framebufferColorSampleCounts & limits.framebufferDepthSampleCounts;
    for (VkSampleCountFlagBits s : {VK_SAMPLE_COUNT_8_BIT, VK_SAMPLE_COUNT_4_BIT, VK_SAMPLE_COUNT_2_BIT})
        if (uint32_t(s) <= requested && (both & s)) return s;
    return VK_SAMPLE_COUNT_1_BIT;
}

Result<OffscreenTarget> OffscreenTarget::create(Device& device, const OffscreenTargetDesc& desc) {
    if (desc.width == 0 || desc.height == 0 || desc.width > 16384 || desc.height > 16384)
        return make_error(ErrorCode::Invalid, "target size " + std::to_string(desc.width) + "x" +
                                                  std::to_string(desc.height) + " is outside 1..16384");
    const uint32_t max_dim = device.properties().limits.maxImageDimension2D;
    if (desc.width > max_dim || desc.height > max_dim)
        return make_error(ErrorCode::Unsupported, "target size exceeds the device limit of " + std::to_string(max_dim));
    OffscreenTarget target;
    target.m_samples = desc.samples;
    if (desc.samples != VK_SAMPLE_COUNT_1_BIT) {
        TS_TRY_ASSIGN(target.m_msaa_color, Image::create(device, {.format = desc.color_format,
                                                                  .width = desc.width,
                                                                  .height = desc.height,
                                                                  .usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT |
                                                                           VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT,
                                                                  .samples = desc.samples,
                                                                  .name = "offscreen colour (multisampled)"}));
    }
    TS_TRY_ASSIGN(target.m_color, Image::create(device, {.format = desc.color_format,
                                                         .width = desc.width,
                                                         .height = desc.height,
                                                         .usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT |
                                                                  VK_IMAGE_USAGE_TRANSFER_SRC_BIT,
                                                         .name = "offscreen colour"}));
    if (desc.depth) {
        TS_TRY_ASSIGN(VkFormat depth_format, choose_depth_format(device));
        TS_TRY_ASSIGN(target.m_depth, Image::create(device, {.format = depth_format,
                                                             .width = desc.width,
                                                             .height = desc.height,
                                                             .usage = VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT,
                                                             .samples = desc.samples,
                                                             .name = "offscreen depth"}));
    }
    TS_TRY_ASSIGN(target.m_readback, Buffer::create(device, VkDeviceSize(desc.width) * desc.height * 4,
                                                    VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage::Readback,
                                                    "offscreen readback"));
    return target;
}

void OffscreenTarget::begin(VkCommandBuffer commands, const float clear_rgba[4], bool keep_depth) const {
    // Previous contents are discarded (UNDEFINED); earlier copies out of the image must finish first.
    transition(commands, {.image = m_color.handle(),
                          .from = VK_IMAGE_LAYOUT_UNDEFINED,
                          .to = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                          .src_stage = VK_PIPELINE_STAGE_2_COPY_BIT,
                          .src_access = VK_ACCESS_2_NONE,
                          .dst_stage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                          .dst_access = VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT});
    if (m_msaa_color)
        transition(commands, {.image = m_msaa_color.handle(),
                              .from = VK_IMAGE_LAYOUT_UNDEFINED,
                              .to = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                              .src_stage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                              .src_access = VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                              .dst_stage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                              .dst_access = VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT});
    // Multisampled: draw into the MSAA image, average-resolve into m_color at the end of rendering
    // (the samples themselves are not kept).
    VkRenderingAttachmentInfo color{
        .sType = VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO,
        .imageView = m_msaa_color ? m_msaa_color.view() : m_color.view(),
        .imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
        .resolveMode = m_msaa_color ? VK_RESOLVE_MODE_AVERAGE_BIT : VK_RESOLVE_MODE_NONE,
        .resolveImageView = m_msaa_color ? m_color.view() : VK_NULL_HANDLE,
        .resolveImageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
        .loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR,
        .storeOp = m_msaa_color ? VK_ATTACHMENT_STORE_OP_DONT_CARE : VK_ATTACHMENT_STORE_OP_STORE,
    };
    std::memcpy(color.clearValue.color.float32, clear_rgba, sizeof(float) * 4);
    begin_rendering(commands, &color, keep_depth);
}

void OffscreenTarget::begin_rendering(VkCommandBuffer commands, const VkRenderingAttachmentInfo* color,
                                      bool keep_depth) const {
    render::begin_rendering(commands, {.color = color,
                                       .depth_image = m_depth ? m_depth.handle() : VK_NULL_HANDLE,
                                       .depth_view = m_depth ? m_depth.view() : VK_NULL_HANDLE,
                                       .keep_depth = keep_depth,
                                       .extent = {width(), height()}});
}

void OffscreenTarget::begin_depth_only(VkCommandBuffer commands) const {
    assert(m_depth);
    begin_rendering(commands, nullptr);
}

void OffscreenTarget::end(VkCommandBuffer commands, const std::function<void()>& after_resolve) const {
    vkCmdEndRendering(commands);
    if (after_resolve) {
        // The resolve's (or the pass's own) writes land before this pass loads the image.
        transition(commands, {.image = m_color.handle(),
                              .from = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                              .to = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                              .src_stage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                              .src_access = VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                              .dst_stage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                              .dst_access = VK_ACCESS_2_COLOR_ATTACHMENT_READ_BIT |
                                            VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT});
        const VkRenderingAttachmentInfo color{
            .sType = VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO,
            .imageView = m_color.view(),
            .imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
            .loadOp = VK_ATTACHMENT_LOAD_OP_LOAD,
            .storeOp = VK_ATTACHMENT_STORE_OP_STORE,
        };
        render::begin_rendering(commands, {.color = &color, .extent = {width(), height()}});
        after_resolve();
        vkCmdEndRendering(commands);
    }
    transition(commands, {.image = m_color.handle(),
                          .from = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                          .to = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                          .src_stage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                          .src_access = VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                          .dst_stage = VK_PIPELINE_STAGE_2_COPY_BIT,
                          .dst_access = VK_ACCESS_2_TRANSFER_READ_BIT});
    VkBufferImageCopy region{
        .imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1},
        .imageExtent = {width(), height(), 1},
    };
    vkCmdCopyImageToBuffer(commands, m_color.handle(), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, m_readback.handle(), 1,
                           &region);
    VkMemoryBarrier2 to_host{
        .sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER_2,
        .srcStageMask = VK_PIPELINE_STAGE_2_COPY_BIT,
        .srcAccessMask = VK_ACCESS_2_TRANSFER_WRITE_BIT,
        .dstStageMask = VK_PIPELINE_STAGE_2_HOST_BIT,
        .dstAccessMask = VK_ACCESS_2_HOST_READ_BIT,
    };
    VkDependencyInfo dependency{
        .sType = VK_STRUCTURE_TYPE_DEPENDENCY_INFO, .memoryBarrierCount = 1, .pMemoryBarriers = &to_host};
    vkCmdPipelineBarrier2(commands, &dependency);
}

std::vector<uint8_t> OffscreenTarget::read_pixels() const {
    const size_t size = size_t(width()) * height() * 4;
    return std::vector<uint8_t>(m_readback.mapped(), m_readback.mapped() + size);
}

}  // namespace twinshoot::render
