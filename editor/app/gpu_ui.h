// The editor's GPU side of the UI: Dear ImGui's Vulkan backend on our device and swapchain render
// pass, and the viewport image (the rendered shot).
//
// The viewport image takes a CPU image (what studio::ShotRenderer returns, the batch's readback)
// and records its upload into the frame's command buffer; on lavapipe that copy is a memcpy, on a
// GPU a few MB over PCIe per re-rendered viewport (noted for a later direct path). Dear ImGui 1.86's
// Vulkan backend (Debian 12's) binds its font atlas for every draw and has no user textures, and
// its descriptor layout uses an immutable sampler we cannot match; so the viewport is blitted into
// the swapchain image before the UI pass, under a viewport window that draws no background.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include <imgui.h>

#include "asset/image_rgba8.h"
#include "render/buffer.h"
#include "render/image.h"
#include "render/swapchain.h"

namespace twinshoot::editor {

class GpuUi {
public:
    static Result<std::unique_ptr<GpuUi>> create(render::Device& device, const render::Swapchain& swapchain);
    GpuUi(const GpuUi&) = delete;
    GpuUi& operator=(const GpuUi&) = delete;
    ~GpuUi();

    void on_swapchain_recreated(const render::Swapchain& swapchain);
    // Records ImGui's draw data into the current render pass.
    void draw(VkCommandBuffer commands);

    // The viewport image: set() records its upload into `commands` (outside a render pass). Images of
    // a new size make a new texture (after the device is idle).
    Status set_viewport(VkCommandBuffer commands, const asset::ImageRgba8& image, uint32_t frame_slot);
    bool has_viewport() const { return m_texture.has_value(); }
    ImVec2 viewport_size() const { return {float(m_width), float(m_height)}; }
    // Where this frame shows the viewport image, in framebuffer pixels (set each frame by the panel).
    void show_viewport(ImVec2 a, ImVec2 b) { m_show = {a.x, a.y, b.x, b.y}; }
    // Records, into `commands` before the UI pass, the viewport blit into `target` (TRANSFER_DST layout).
    void blit_viewport(VkCommandBuffer commands, VkImage target, VkExtent2D extent);

private:
    explicit GpuUi(render::Device& device) : m_device(device) {}
    render::Device& m_device;
    render::DescriptorPool m_pool;  // the backend's font set
    std::optional<std::array<float, 4>> m_show;
    std::optional<render::Image> m_texture;
    uint32_t m_width = 0, m_height = 0;
    bool m_fresh = false;  // not yet written: its first transition is from UNDEFINED
    std::vector<render::Buffer> m_staging;  // one per frame slot
    bool m_backend = false;
};

}  // namespace twinshoot::editor
