// Beginning a dynamic-rendering pass the way every pass of ours does: at most one colour attachment
// (described by the caller: it owns the layout and load/store choices), and an optional depth image
// that is moved to DEPTH_ATTACHMENT_OPTIMAL (its previous contents discarded), cleared to 1.0 and
// not stored — or, with keep_depth, loaded as the pass before stored it (store_depth). Viewport and scissor are set to the render area unless a viewport size is given.
#pragma once

#include <vulkan/vulkan.h>

namespace twinshoot::render {

struct RenderingBegin {
    const VkRenderingAttachmentInfo* color = nullptr;  // null: a depth-only pass
    VkImage depth_image = VK_NULL_HANDLE;              // null: no depth attachment
    VkImageView depth_view = VK_NULL_HANDLE;
    bool keep_depth = false;                           // load what an earlier pass drew
    bool store_depth = false;                          // keep it for a later pass
    VkExtent2D extent{};                               // render area and scissor, in pixels
    float viewport_width = 0.0f;                       // 0: the extent's width
    float viewport_height = 0.0f;                      // 0: the extent's height
};

void begin_rendering(VkCommandBuffer commands, const RenderingBegin& begin);

}  // namespace twinshoot::render
