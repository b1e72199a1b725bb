// OffscreenTarget: a colour + depth target of a fixed size for headless rendering, with readback.
// With samples > 1 it renders into multisampled colour and depth images and resolves (average)
// into the single-sample colour image that is read back (MSAA).
//
// Per frame:  begin(cmd, clear) ... draw ... end(cmd)   (end also copies colour to the readback
// buffer); submit; wait; read_pixels(). The colour format defaults to R8G8B8A8_SRGB: shaders write
// linear values and the hardware encodes sRGB, so read_pixels() returns display-ready sRGB bytes.
#pragma once

#include <functional>
#include <vector>

#include "render/buffer.h"
#include "render/image.h"

namespace twinshoot::render {

struct OffscreenTargetDesc {
    uint32_t width = 0;
    uint32_t height = 0;
    VkFormat color_format = VK_FORMAT_R8G8B8A8_SRGB;
    bool depth = true;
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;  // see supported_samples()
};

// The largest sample count <= `requested` (1, 2, 4 or 8) that the device supports for colour and
// depth attachments together.
VkSampleCountFlagBits supported_samples(const Device& device, uint32_t requested);

class OffscreenTarget {
public:
    static Result<OffscreenTarget> create(Device& device, const OffscreenTargetDesc& desc);

    // Transitions the attachments, begins dynamic rendering with the given clear colour (linear),
    // and sets a full-target viewport and scissor. keep_depth: the depth attachment is
    // loaded as an earlier pass of this frame left it (that pass began rendering into depth_view()
    // with store_depth), else cleared.
    void begin(VkCommandBuffer commands, const float clear_rgba[4], bool keep_depth = false) const;
    // Ends rendering and records the copy of the colour image into the readback buffer. With
    // `after_resolve`, it is called between the two inside a single-sample rendering pass on the
    // resolved colour image (loaded, stored; no depth; viewport and scissor cover the target), to
    // draw over or under what the frame left there.
    void end(VkCommandBuffer commands, const std::function<void()>& after_resolve = {}) const;
    // Begins rendering into the depth attachment alone (depth-only passes; end with
    // vkCmdEndRendering). Requires a target made with depth.
    void begin_depth_only(VkCommandBuffer commands) const;
    // RGBA8, rows top to bottom, tightly packed. Valid once the submission containing end() has
    // completed (the caller waits on its timeline value).
    std::vector<uint8_t> read_pixels() const;

    uint32_t width() const { return m_color.width(); }
    uint32_t height() const { return m_color.height(); }
    VkFormat color_format() const { return m_color.format(); }
    VkFormat depth_format() const { return m_depth ? m_depth.format() : VK_FORMAT_UNDEFINED; }
    VkImage depth_image() const { return m_depth.handle(); }
    VkImageView depth_view() const { return m_depth.view(); }
    VkSampleCountFlagBits samples() const { return m_samples; }

private:
    // Depth to attachment layout, then begins rendering with `color` (nullptr: depth only), the
    // cleared depth, and a viewport and scissor covering the target.
    void begin_rendering(VkCommandBuffer commands, const VkRenderingAttachmentInfo* color, bool keep_depth = false) const;
    VkSampleCountFlagBits m_samples = VK_SAMPLE_COUNT_1_BIT;
    Image m_msaa_color;  // multisampled colour, resolved into m_color (samples > 1 only)
    Image m_color;
    Image m_depth;
    Buffer m_readback;
};

// First depth format the device supports as an optimal-tiling attachment (D32, D24S8, D16).
Result<VkFormat> choose_depth_format(const Device& device);

}  // namespace twinshoot::render
