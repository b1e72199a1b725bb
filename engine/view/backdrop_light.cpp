#include "view/backdrop_light.h"

#include <algorithm>
#include <array>
#include <cmath>
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

std::optional<VkRect2D> screen_rect(std::span<const glm::vec3> world_points, const glm::mat4& clip_from_world,
                                    uint32_t width, uint32_t height, float margin) {
    glm::vec2 lo(INFINITY), hi(-INFINITY);
    for (const glm::vec3& p : world_points) {
        const glm::vec4 clip = clip_from_world * glm::vec4(p, 1.0f);
        if (!(clip.w > 1e-6f)) return std::nullopt;
        const glm::vec2 pixel = (glm::vec2(clip) / clip.w * 0.5f + 0.5f) * glm::vec2(float(width), float(height));
        lo = glm::min(lo, pixel);
        hi = glm::max(hi, pixel);
    }
    const float x0 = std::clamp(std::floor(lo.x - margin), 0.0f, float(width));
    const float y0 = std::clamp(std::floor(lo.y - margin), 0.0f, float(height));
    const float x1 = std::clamp(std::ceil(hi.x + margin), x0, float(width));
    const float y1 = std::clamp(std::ceil(hi.y + margin), y0, float(height));
    return VkRect2D{{int32_t(x0), int32_t(y0)}, {uint32_t(x1 - x0), uint32_t(y1 - y0)}};
}

BackdropShadowRects BackdropLight::shadow_rects(const ShadowFrame& shadow, const glm::mat4& clip_from_world) const {
    const VkRect2D none{{0, 0}, {0, 0}};
    if (!shadow.casts()) return {none, none};
    // Corners of a box in a map's texture space (u, v, depth), in world space.
    const auto corners = [](const glm::mat4& texture_from_world, glm::vec2 uv_lo, glm::vec2 uv_hi, float z_lo,
                            float z_hi) {
        const glm::mat4 world_from_texture = glm::inverse(texture_from_world);
        std::array<glm::vec3, 8> points;
        for (int k = 0; k < 8; ++k) {
            const glm::vec4 t((k & 1) ? uv_hi.x : uv_lo.x, (k & 2) ? uv_hi.y : uv_lo.y, (k & 4) ? z_hi : z_lo, 1.0f);
            const glm::vec4 w = world_from_texture * t;
            points[size_t(k)] = glm::vec3(w) / w.w;
        }
        return points;
    };
    // In frame pixels, then in this target's (half: texel p / 2), with the normal offset of the
    // receivers (lighting.glsl key_light_coords, a texel or two of the map) inside the margin.
    const auto in_target = [&](const std::array<glm::vec3, 8>& points) -> std::optional<VkRect2D> {
        const std::optional<VkRect2D> r = screen_rect(points, clip_from_world, m_frame_width, m_frame_height, 4.0f);
        if (!r) return std::nullopt;
        const uint32_t x0 = std::min(uint32_t(r->offset.x) / 2, m_color.width());
        const uint32_t y0 = std::min(uint32_t(r->offset.y) / 2, m_color.height());
        const uint32_t x1 = std::clamp((uint32_t(r->offset.x) + r->extent.width + 1) / 2, x0, m_color.width());
        const uint32_t y1 = std::clamp((uint32_t(r->offset.y) + r->extent.height + 1) / 2, y0, m_color.height());
        return VkRect2D{{int32_t(x0), int32_t(y0)}, {x1 - x0, y1 - y0}};
    };
    BackdropShadowRects rects;
    // The key light's map: outside its square every receiver is lit; in front of its near plane
    // too; beyond its far plane a receiver still compares against what the map holds, so the prism
    // runs on (depth 1000: hundreds of map widths, where it meets the vanishing point on screen).
    rects.key = in_target(corners(shadow.shadow_matrix, glm::vec2(0.0f), glm::vec2(1.0f), -0.05f, 1000.0f));
    // The contact map: read within [-0.1, 1.1] of its square, for receivers below its top (above
    // it nothing is over them); down to a map depth under its bottom, to spare.
    rects.contact = in_target(corners(shadow.contact_matrix, glm::vec2(-0.1f), glm::vec2(1.1f), -1.0f, 1.0f));
    return rects;
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
