#include "render/rendering.h"

#include <cassert>

#include "render/barriers.h"

namespace twinshoot::render {

void begin_rendering(VkCommandBuffer commands, const RenderingBegin& begin) {
    assert(begin.extent.width > 0 && begin.extent.height > 0);
    assert(begin.color || begin.depth_image);
    const bool has_depth = begin.depth_image != VK_NULL_HANDLE;
    const VkImageLayout layout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
    if (has_depth)
        transition(commands, {.image = begin.depth_image,
                              .aspect = VK_IMAGE_ASPECT_DEPTH_BIT,
                              .from = begin.keep_depth ? layout : VK_IMAGE_LAYOUT_UNDEFINED,
                              .to = layout,
                              .src_stage = VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT |
                                           VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
                              .src_access = VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT,
                              .dst_stage = VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT |
                                           VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
                              .dst_access = VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT |
                                            VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT});
    const VkRenderingAttachmentInfo depth{
        .sType = VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO,
        .imageView = begin.depth_view,
        .imageLayout = layout,
        .loadOp = begin.keep_depth ? VK_ATTACHMENT_LOAD_OP_LOAD : VK_ATTACHMENT_LOAD_OP_CLEAR,
        .storeOp = begin.store_depth ? VK_ATTACHMENT_STORE_OP_STORE : VK_ATTACHMENT_STORE_OP_DONT_CARE,
        .clearValue = {.depthStencil = {1.0f, 0}},
    };
    const VkRenderingInfo info{
        .sType = VK_STRUCTURE_TYPE_RENDERING_INFO,
        .renderArea = {{0, 0}, begin.extent},
        .layerCount = 1,
        .colorAttachmentCount = begin.color ? 1u : 0u,
        .pColorAttachments = begin.color,
        .pDepthAttachment = has_depth ? &depth : nullptr,
    };
    vkCmdBeginRendering(commands, &info);
    const VkViewport viewport{0.0f, 0.0f,
                              begin.viewport_width > 0.0f ? begin.viewport_width : float(begin.extent.width),
                              begin.viewport_height > 0.0f ? begin.viewport_height : float(begin.extent.height),
                              0.0f, 1.0f};
    const VkRect2D scissor{{0, 0}, begin.extent};
    vkCmdSetViewport(commands, 0, 1, &viewport);
    vkCmdSetScissor(commands, 0, 1, &scissor);
}

}  // namespace twinshoot::render
