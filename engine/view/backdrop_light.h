// BackdropLight: the target of the backdrop's lighting pass. Before each frame the studio backdrop
// is drawn alone, at half the frame's width and height, by backdrop_light.frag, which writes its
// colour: the paper's base colour times its irradiance (environment and lights, key-light and
// contact shadows), exposed and tone mapped (RGBA16F, display-referred linear); the PBR pass's
// backdrop variant then only reads it back at full resolution. Light on matte paper varies slowly,
// its shadows are soft and its colour is a gradient, so this keeps the image (bench/README.md and
// docs/rendering.md give the differences) while a quarter of the pixels pay for the shadow and
// contact taps and the tone map, which were most of a frame's cost on a CPU device.
//
// Per frame:  begin(cmd) ... PbrPass::record_backdrop_light ... end(cmd), then the frame's pass.
// end() leaves the image in SHADER_READ_ONLY_OPTIMAL, as the frame descriptor set (binding
// TS_BINDING_BACKDROP_LIGHT) expects, also for frames without a backdrop (it is then only cleared).
#pragma once

#include <glm/glm.hpp>

#include <optional>
#include <span>

#include "render/image.h"
#include "view/shadow_pass.h"

namespace twinshoot::view {

// The pixels of a `width` x `height` frame seen through `clip_from_world` (Vulkan clip space) that
// the convex hull of `world_points` covers, with `margin` pixels to spare, clamped to the frame;
// nullopt when a point lies behind the camera (the caller takes the whole frame).
std::optional<VkRect2D> screen_rect(std::span<const glm::vec3> world_points, const glm::mat4& clip_from_world,
                                    uint32_t width, uint32_t height, float margin);

// Where, in the BackdropLight target's pixels, each of the backdrop's shadows can be other than
// fully lit: nullopt anywhere, an empty rectangle nowhere. backdrop_light.frag leaves a shadow's
// taps out elsewhere (PbrPass::record_backdrop_light draws the target in rectangles).
struct BackdropShadowRects {
    std::optional<VkRect2D> key;
    std::optional<VkRect2D> contact;
};

class BackdropLight {
public:
    // For a frame of `width` x `height` pixels (the drawn size, supersampling included).
    static Result<BackdropLight> create(render::Device& device, VkFormat depth_format, uint32_t width, uint32_t height);

    // Clears the target to `clear_rgb` (the frame's clear colour, linear; where no backdrop is drawn
    // the image holds it, for the backdrop drawn under the subject, backdrop_under.frag) and begins
    // rendering with a viewport of exactly half the frame's size.
    void begin(VkCommandBuffer commands, const float clear_rgb[3]) const;
    // Ends rendering and makes the colour readable by the frame's fragment shaders.
    void end(VkCommandBuffer commands) const;

    // The key light's map footprint on screen (its texture square, from its near plane on along
    // the light: receivers beyond its far plane are still shadowed) and the contact map's (its
    // footprint, widened as lighting.glsl contact_visibility reads it, and its depth range), for a
    // frame seen through `clip_from_world`; both empty when no light casts.
    BackdropShadowRects shadow_rects(const ShadowFrame& shadow, const glm::mat4& clip_from_world) const;

    VkImageView view() const { return m_color.view(); }
    VkExtent2D extent() const { return {m_color.width(), m_color.height()}; }
    uint32_t frame_width() const { return m_frame_width; }
    uint32_t frame_height() const { return m_frame_height; }
    static constexpr VkFormat kFormat = VK_FORMAT_R16G16B16A16_SFLOAT;

private:
    render::Image m_color;
    render::Image m_depth;
    uint32_t m_frame_width = 0, m_frame_height = 0;
};

}  // namespace twinshoot::view
