#include "view/backdrop_light.h"

#include <algorithm>
#include <cassert>

#include "render/barriers.h"
#include "render/rendering.h"

namespace twinshoot::view {
using namespace render;

Result<BackdropLight> BackdropLight::create(Device& device, VkFormat depth_format, uint32_t width, uint32_t height) {
    assert(width > 0 && height > 0);
    BackdropLight light;
    light.m_frame_width = width;
    light.m_frame_height = height;
    // Half, rounded down: at an odd size the viewport (exactly half) then covers every texel centre,
    // and the frame's last pixel reads past the last centre, which the clamping sampler extends.
    const uint32_t w = std::max(1u, width / 2), h = std::max(1u, height / 2);
    TS_TRY_ASSIGN(light.m_color,
                  Image::create(device, {.format = kFormat, .width = w, .height = h,
                                         .usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT,
                                         .name = "backdrop colour (half resolution)"}));
    TS_TRY_ASSIGN(light.m_depth, Image::create(device, {.format = depth_format, .width = w, .height = h,
                                                        .usage = VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT,
                                                        .name = "backdrop depth (half resolution)"}));
    return light;
}

void BackdropLight::begin(VkCommandBuffer commands, const float clear_rgb[3]) const {
    // The previous frame's reads (fragment shaders) finish before the image is cleared.
    transition(commands, {.image = m_color.handle(),
                          .from = VK_IMAGE_LAYOUT_UNDEFINED,
                          .to = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                          .src_stage = VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                          .src_access = VK_ACCESS_2_NONE,
                          .dst_stage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                          .dst_access = VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT});
    const VkRenderingAttachmentInfo color{
        .sType = VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO,
        .imageView = m_color.view(),
        .imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
        .loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR,
        .storeOp = VK_ATTACHMENT_STORE_OP_STORE,
        .clearValue = {.color = {.float32 = {clear_rgb[0], clear_rgb[1], clear_rgb[2], 1.0f}}},
    };
    // The viewport is exactly half the frame (fractional for odd sizes; a 1-pixel side covers its one
    // texel): frame pixel p lands on texel p / 2, which is where the PBR pass's backdrop variant reads it.
    begin_rendering(commands,
                    {.color = &color,
                     .depth_image = m_depth.handle(),
                     .depth_view = m_depth.view(),
                     .extent = {m_color.width(), m_color.height()},
                     .viewport_width = std::max(0.5f * float(m_frame_width), float(m_color.width())),
                     .viewport_height = std::max(0.5f * float(m_frame_height), float(m_color.height()))});
}

void BackdropLight::end(VkCommandBuffer commands) const {
    vkCmdEndRendering(commands);
    transition(commands, {.image = m_color.handle(),
                          .from = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                          .to = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                          .src_stage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                          .src_access = VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                          .dst_stage = VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                          .dst_access = VK_ACCESS_2_SHADER_SAMPLED_READ_BIT});
}

}  // namespace twinshoot::view
