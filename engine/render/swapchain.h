// Swapchain: a window surface's images, with a render pass and framebuffers to draw into them (a
// render pass because Dear ImGui 1.86's Vulkan backend, Debian 12's, takes one; the engine itself
// uses dynamic rendering). Knows nothing of windows: the caller makes the VkSurfaceKHR (GLFW) and
// keeps it alive longer than the Swapchain.
//
//   auto chain = Swapchain::create(device, surface, {w, h}, {.vsync = true});
//   auto index = chain->acquire(semaphore);    // nullopt: out of date, call recreate(new extent)
//   ... record into framebuffer(*index), submit signalling render_finished(*index) ...
//   chain->present(*index);                   // false: out of date or suboptimal, recreate
//
// Images are B8G8R8A8/R8G8B8A8 UNORM: the UI's colours and the viewport's pixels are sRGB-encoded
// already. They are transfer destinations (cleared and blitted into before the pass, which loads
// them in COLOR_ATTACHMENT_OPTIMAL) and transfer sources where the surface allows (screenshots).
// recreate() waits for the device to be idle (windows resize rarely); framebuffers and the render
// pass are destroyed through the device's deferred destruction. A zero extent (minimised window)
// is the caller's to avoid: wait for a non-zero framebuffer size first.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "render/device.h"
#include "render/owned.h"

namespace twinshoot::render {

struct SwapchainOptions {
    bool vsync = true;  // FIFO; otherwise IMMEDIATE or MAILBOX where offered (benchmarks)
};

class Swapchain {
public:
    static Result<std::unique_ptr<Swapchain>> create(Device& device, VkSurfaceKHR surface, VkExtent2D extent,
                                                     const SwapchainOptions& options = {});
    Swapchain(const Swapchain&) = delete;
    Swapchain& operator=(const Swapchain&) = delete;
    ~Swapchain();

    Status recreate(VkExtent2D extent);

    Result<std::optional<uint32_t>> acquire(VkSemaphore signal);
    // Presents after render_finished(index) signals. Returns false when the swapchain must be recreated.
    Result<bool> present(uint32_t index);

    VkExtent2D extent() const { return m_extent; }
    VkFormat format() const { return m_format; }
    VkRenderPass render_pass() const { return m_render_pass.get(); }
    uint32_t image_count() const { return uint32_t(m_images.size()); }
    uint32_t min_image_count() const { return m_min_images; }
    VkImage image(uint32_t index) const { return m_images[index]; }
    VkFramebuffer framebuffer(uint32_t index) const { return m_framebuffers[index].get(); }
    VkSemaphore render_finished(uint32_t index) const { return m_render_finished[index].get(); }
    bool can_read_back() const { return m_transfer_src; }
    uint32_t recreations() const { return m_recreations; }

private:
    Swapchain(Device& device, VkSurfaceKHR surface, SwapchainOptions options)
        : m_device(device), m_surface(surface), m_options(options) {}
    Status build(VkExtent2D extent);

    Device& m_device;
    VkSurfaceKHR m_surface;
    SwapchainOptions m_options;
    VkSwapchainKHR m_swapchain = VK_NULL_HANDLE;
    VkFormat m_format = VK_FORMAT_UNDEFINED;
    VkExtent2D m_extent{};
    uint32_t m_min_images = 2;
    bool m_transfer_src = false;
    uint32_t m_recreations = 0;
    Owned<VkRenderPass> m_render_pass;
    std::vector<VkImage> m_images;
    std::vector<ImageView> m_views;
    std::vector<Owned<VkFramebuffer>> m_framebuffers;
    std::vector<Owned<VkSemaphore>> m_render_finished;
};

}  // namespace twinshoot::render
