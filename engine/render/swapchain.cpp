#include "render/swapchain.h"

#include <algorithm>
#include <string>

#include "render/vk_check.h"

namespace twinshoot::render {

Result<std::unique_ptr<Swapchain>> Swapchain::create(Device& device, VkSurfaceKHR surface, VkExtent2D extent,
                                                     const SwapchainOptions& options) {
    VkBool32 present = VK_FALSE;
    TS_VK_TRY(vkGetPhysicalDeviceSurfaceSupportKHR(device.physical(), device.queue_family(), surface, &present),
              "vkGetPhysicalDeviceSurfaceSupportKHR");
    if (!present)
        return make_error(ErrorCode::NoDevice, "the device's graphics queue cannot present to this window (" +
                                                   device.info().name + ")");
    std::unique_ptr<Swapchain> chain(new Swapchain(device, surface, options));
    TS_TRY(chain->build(extent));
    return chain;
}

Swapchain::~Swapchain() {
    if (m_swapchain == VK_NULL_HANDLE) return;
    // Presentation has no fence of its own: wait before the images go.
    vk_log_failure(vkDeviceWaitIdle(m_device.handle()), "vkDeviceWaitIdle");
    m_framebuffers.clear();
    m_views.clear();
    m_render_finished.clear();
    vkDestroySwapchainKHR(m_device.handle(), m_swapchain, nullptr);
}

Status Swapchain::recreate(VkExtent2D extent) {
    TS_VK_TRY(vkDeviceWaitIdle(m_device.handle()), "vkDeviceWaitIdle before recreating the swapchain");
    ++m_recreations;
    return build(extent);
}

Status Swapchain::build(VkExtent2D wanted) {
    const VkDevice device = m_device.handle();
    const VkPhysicalDevice physical = m_device.physical();
    VkSurfaceCapabilitiesKHR caps{};
    TS_VK_TRY(vkGetPhysicalDeviceSurfaceCapabilitiesKHR(physical, m_surface, &caps), "vkGetPhysicalDeviceSurfaceCapabilitiesKHR");
    uint32_t count = 0;
    TS_VK_TRY(vkGetPhysicalDeviceSurfaceFormatsKHR(physical, m_surface, &count, nullptr), "vkGetPhysicalDeviceSurfaceFormatsKHR");
    std::vector<VkSurfaceFormatKHR> formats(count);
    TS_VK_TRY(vkGetPhysicalDeviceSurfaceFormatsKHR(physical, m_surface, &count, formats.data()), "vkGetPhysicalDeviceSurfaceFormatsKHR");
    VkSurfaceFormatKHR chosen{VK_FORMAT_UNDEFINED, VK_COLOR_SPACE_SRGB_NONLINEAR_KHR};
    for (VkFormat wanted_format : {VK_FORMAT_B8G8R8A8_UNORM, VK_FORMAT_R8G8B8A8_UNORM})
        for (const VkSurfaceFormatKHR& f : formats)
            if (chosen.format == VK_FORMAT_UNDEFINED && f.format == wanted_format && f.colorSpace == VK_COLOR_SPACE_SRGB_NONLINEAR_KHR)
                chosen = f;
    if (chosen.format == VK_FORMAT_UNDEFINED)
        return make_error(ErrorCode::Unsupported, "the window offers no 8-bit UNORM sRGB-colour-space format");
    TS_VK_TRY(vkGetPhysicalDeviceSurfacePresentModesKHR(physical, m_surface, &count, nullptr), "vkGetPhysicalDeviceSurfacePresentModesKHR");
    std::vector<VkPresentModeKHR> modes(count);
    TS_VK_TRY(vkGetPhysicalDeviceSurfacePresentModesKHR(physical, m_surface, &count, modes.data()), "vkGetPhysicalDeviceSurfacePresentModesKHR");
    VkPresentModeKHR mode = VK_PRESENT_MODE_FIFO_KHR;  // always offered
    if (!m_options.vsync)
        for (VkPresentModeKHR m : {VK_PRESENT_MODE_MAILBOX_KHR, VK_PRESENT_MODE_IMMEDIATE_KHR})
            if (mode == VK_PRESENT_MODE_FIFO_KHR && std::find(modes.begin(), modes.end(), m) != modes.end()) mode = m;

    VkExtent2D extent = caps.currentExtent;
    if (extent.width == UINT32_MAX) {
        extent.width = std::clamp(wanted.width, caps.minImageExtent.width, caps.maxImageExtent.width);
        extent.height = std::clamp(wanted.height, caps.minImageExtent.height, caps.maxImageExtent.height);
    }
    if (extent.width == 0 || extent.height == 0) return make_error(ErrorCode::Invalid, "the window has no area (minimised)");
    uint32_t images = caps.minImageCount + 1;
    if (caps.maxImageCount > 0) images = std::min(images, caps.maxImageCount);
    m_transfer_src = (caps.supportedUsageFlags & VK_IMAGE_USAGE_TRANSFER_SRC_BIT) != 0;
    if (!(caps.supportedUsageFlags & VK_IMAGE_USAGE_TRANSFER_DST_BIT))
        return make_error(ErrorCode::Unsupported, "the window's images cannot be copied into (no TRANSFER_DST usage)");
    const VkSwapchainKHR old = m_swapchain;
    VkSwapchainCreateInfoKHR info{
        .sType = VK_STRUCTURE_TYPE_SWAPCHAIN_CREATE_INFO_KHR,
        .surface = m_surface,
        .minImageCount = images,
        .imageFormat = chosen.format,
        .imageColorSpace = chosen.colorSpace,
        .imageExtent = extent,
        .imageArrayLayers = 1,
        .imageUsage = VkImageUsageFlags(VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT) |
                      (m_transfer_src ? VkImageUsageFlags(VK_IMAGE_USAGE_TRANSFER_SRC_BIT) : 0u),
        .imageSharingMode = VK_SHARING_MODE_EXCLUSIVE,
        .preTransform = caps.currentTransform,
        .compositeAlpha = VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR,
        .presentMode = mode,
        .clipped = VK_TRUE,
        .oldSwapchain = old,
    };
    if (!(caps.supportedCompositeAlpha & VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR)) info.compositeAlpha = VK_COMPOSITE_ALPHA_INHERIT_BIT_KHR;
    VkSwapchainKHR created = VK_NULL_HANDLE;
    TS_VK_TRY(vkCreateSwapchainKHR(device, &info, nullptr, &created), "vkCreateSwapchainKHR");
    m_framebuffers.clear();
    m_views.clear();
    m_render_finished.clear();
    if (old != VK_NULL_HANDLE) vkDestroySwapchainKHR(device, old, nullptr);  // idle: recreate() waited
    m_swapchain = created;
    m_extent = extent;
    m_min_images = caps.minImageCount;

    if (chosen.format != m_format || !m_render_pass.get()) {
        m_format = chosen.format;
        VkAttachmentDescription colour{
            .format = m_format,
            .samples = VK_SAMPLE_COUNT_1_BIT,
            .loadOp = VK_ATTACHMENT_LOAD_OP_LOAD,  // cleared and blitted into before the pass
            .storeOp = VK_ATTACHMENT_STORE_OP_STORE,
            .stencilLoadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE,
            .stencilStoreOp = VK_ATTACHMENT_STORE_OP_DONT_CARE,
            .initialLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
            .finalLayout = VK_IMAGE_LAYOUT_PRESENT_SRC_KHR,
        };
        VkAttachmentReference reference{0, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL};
        VkSubpassDescription subpass{.pipelineBindPoint = VK_PIPELINE_BIND_POINT_GRAPHICS, .colorAttachmentCount = 1,
                                     .pColorAttachments = &reference};
        // The acquire semaphore is waited at colour output: the layout change must wait for it too.
        VkSubpassDependency dependency{
            .srcSubpass = VK_SUBPASS_EXTERNAL,
            .dstSubpass = 0,
            .srcStageMask = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT,
            .dstStageMask = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT,
            .srcAccessMask = 0,
            .dstAccessMask = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT,
        };
        VkRenderPassCreateInfo pass{.sType = VK_STRUCTURE_TYPE_RENDER_PASS_CREATE_INFO, .attachmentCount = 1,
                                    .pAttachments = &colour, .subpassCount = 1, .pSubpasses = &subpass,
                                    .dependencyCount = 1, .pDependencies = &dependency};
        VkRenderPass render_pass = VK_NULL_HANDLE;
        TS_VK_TRY(vkCreateRenderPass(device, &pass, nullptr, &render_pass), "vkCreateRenderPass (swapchain)");
        m_render_pass = Owned<VkRenderPass>(m_device, render_pass, "swapchain pass");
    }

    TS_VK_TRY(vkGetSwapchainImagesKHR(device, m_swapchain, &count, nullptr), "vkGetSwapchainImagesKHR");
    m_images.resize(count);
    TS_VK_TRY(vkGetSwapchainImagesKHR(device, m_swapchain, &count, m_images.data()), "vkGetSwapchainImagesKHR");
    for (uint32_t i = 0; i < count; ++i) {
        const std::string name = "swapchain image " + std::to_string(i);
        m_device.set_name(m_images[i], VK_OBJECT_TYPE_IMAGE, name.c_str());
        VkImageViewCreateInfo view_info{
            .sType = VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO,
            .image = m_images[i],
            .viewType = VK_IMAGE_VIEW_TYPE_2D,
            .format = m_format,
            .subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1},
        };
        VkImageView view = VK_NULL_HANDLE;
        TS_VK_TRY(vkCreateImageView(device, &view_info, nullptr, &view), "vkCreateImageView (swapchain)");
        m_views.emplace_back(m_device, view, name.c_str());
        VkFramebufferCreateInfo fb{.sType = VK_STRUCTURE_TYPE_FRAMEBUFFER_CREATE_INFO, .renderPass = m_render_pass.get(),
                                   .attachmentCount = 1, .pAttachments = &view, .width = extent.width,
                                   .height = extent.height, .layers = 1};
        VkFramebuffer framebuffer = VK_NULL_HANDLE;
        TS_VK_TRY(vkCreateFramebuffer(device, &fb, nullptr, &framebuffer), "vkCreateFramebuffer (swapchain)");
        m_framebuffers.emplace_back(m_device, framebuffer, name.c_str());
        VkSemaphoreCreateInfo sem{.sType = VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO};
        VkSemaphore semaphore = VK_NULL_HANDLE;
        TS_VK_TRY(vkCreateSemaphore(device, &sem, nullptr, &semaphore), "vkCreateSemaphore (render finished)");
        m_render_finished.emplace_back(m_device, semaphore, "render finished");
    }
    return {};
}

Result<std::optional<uint32_t>> Swapchain::acquire(VkSemaphore signal) {
    uint32_t index = 0;
    const VkResult r = vkAcquireNextImageKHR(m_device.handle(), m_swapchain, UINT64_MAX, signal, VK_NULL_HANDLE, &index);
    if (r == VK_ERROR_OUT_OF_DATE_KHR) return std::optional<uint32_t>{};
    if (r != VK_SUCCESS && r != VK_SUBOPTIMAL_KHR) return vk_error(r, "vkAcquireNextImageKHR");
    return std::optional<uint32_t>{index};  // suboptimal: draw this one, present() reports it
}

Result<bool> Swapchain::present(uint32_t index) {
    const VkSemaphore wait = m_render_finished[index].get();
    VkPresentInfoKHR info{.sType = VK_STRUCTURE_TYPE_PRESENT_INFO_KHR, .waitSemaphoreCount = 1, .pWaitSemaphores = &wait,
                          .swapchainCount = 1, .pSwapchains = &m_swapchain, .pImageIndices = &index};
    const VkResult r = vkQueuePresentKHR(m_device.queue(), &info);
    if (r == VK_ERROR_OUT_OF_DATE_KHR || r == VK_SUBOPTIMAL_KHR) return false;
    if (r != VK_SUCCESS) return vk_error(r, "vkQueuePresentKHR");
    return true;
}

}  // namespace twinshoot::render
