#include "editor_window.h"

#define GLFW_INCLUDE_VULKAN
#include <GLFW/glfw3.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_vulkan.h>

#include <cstring>
#include <string>

#include "asset/png_writer.h"
#include "render/barriers.h"
#include "render/buffer.h"
#include "render/vk_check.h"

namespace twinshoot::editor {

namespace {
std::string glfw_error() {
    const char* text = nullptr;
    glfwGetError(&text);
    return text ? text : "unknown GLFW error";
}
}  // namespace

Result<std::unique_ptr<EditorWindow>> EditorWindow::open(const WindowOptions& options) {
    std::unique_ptr<EditorWindow> w(new EditorWindow());
    if (!glfwInit()) return make_error(ErrorCode::Unsupported, "cannot open a window: " + glfw_error() + " (is DISPLAY set?)");
    w->m_glfw = true;
    if (!glfwVulkanSupported()) return make_error(ErrorCode::NoDevice, "GLFW finds no Vulkan loader");
    glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
    w->m_window = glfwCreateWindow(int(options.width), int(options.height), options.title, nullptr, nullptr);
    if (!w->m_window) return make_error(ErrorCode::Unsupported, "cannot open a window: " + glfw_error());
    glfwSetWindowUserPointer(w->m_window, w.get());
    glfwSetFramebufferSizeCallback(w->m_window, [](GLFWwindow* window, int, int) {
        static_cast<EditorWindow*>(glfwGetWindowUserPointer(window))->m_resized = true;
    });
    // Installed before Dear ImGui's backend, which calls it after its own (it chains callbacks).
    glfwSetKeyCallback(w->m_window, [](GLFWwindow* window, int key, int, int action, int mods) {
        if (action == GLFW_PRESS || action == GLFW_REPEAT)
            static_cast<EditorWindow*>(glfwGetWindowUserPointer(window))->m_keys.push_back({key, mods});
    });

    uint32_t count = 0;
    const char** names = glfwGetRequiredInstanceExtensions(&count);
    view::GpuContextOptions gpu{.device_index = options.device_index, .validation = options.validation,
                                .swapchain = true, .offscreen_renderer = false};
    for (uint32_t i = 0; i < count; ++i) gpu.instance_extensions.emplace_back(names[i]);
    TS_TRY_ASSIGN(w->m_gpu, view::GpuContext::open(gpu));
    TS_VK_TRY(glfwCreateWindowSurface(w->m_gpu->instance().handle(), w->m_window, nullptr, &w->m_surface),
              "glfwCreateWindowSurface");
    int fw = 0, fh = 0;
    glfwGetFramebufferSize(w->m_window, &fw, &fh);
    render::Device& device = w->m_gpu->device();
    TS_TRY_ASSIGN(w->m_swapchain, render::Swapchain::create(device, w->m_surface, {uint32_t(fw), uint32_t(fh)},
                                                            {.vsync = options.vsync}));
    for (auto& semaphore : w->m_acquired) {
        VkSemaphoreCreateInfo info{.sType = VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO};
        VkSemaphore handle = VK_NULL_HANDLE;
        TS_VK_TRY(vkCreateSemaphore(device.handle(), &info, nullptr, &handle), "vkCreateSemaphore (acquire)");
        semaphore = render::Owned<VkSemaphore>(device, handle, "image acquired");
    }
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // the layout is the editor's, not a file in the working folder
    ImGui::StyleColorsDark();
    // DejaVu Sans (Basic Latin + Latin-1: the licence's rule ids use §, angles °); ImGui's built-in
    // font, ASCII only, where it is missing.
    std::error_code ec;
    if (std::filesystem::exists(TWINSHOOT_UI_FONT, ec))
        ImGui::GetIO().Fonts->AddFontFromFileTTF(TWINSHOOT_UI_FONT, 15.0f);
    ImGui_ImplGlfw_InitForVulkan(w->m_window, true);
    w->m_imgui_glfw = true;
    TS_TRY_ASSIGN(w->m_ui, GpuUi::create(device, *w->m_swapchain));
    return w;
}

EditorWindow::~EditorWindow() {
    if (m_gpu) render::vk_log_failure(vkDeviceWaitIdle(m_gpu->device().handle()), "vkDeviceWaitIdle");
    m_ui.reset();
    if (m_imgui_glfw) ImGui_ImplGlfw_Shutdown();
    if (ImGui::GetCurrentContext()) ImGui::DestroyContext();
    m_swapchain.reset();
    for (auto& s : m_acquired) s = {};
    if (m_gpu) {
        m_gpu->device().collect_garbage();
        if (m_surface) vkDestroySurfaceKHR(m_gpu->instance().handle(), m_surface, nullptr);
    }
    m_gpu.reset();
    if (m_window) glfwDestroyWindow(m_window);
    if (m_glfw) glfwTerminate();
}

bool EditorWindow::should_close() const { return glfwWindowShouldClose(m_window); }
void EditorWindow::set_should_close(bool close) { glfwSetWindowShouldClose(m_window, close ? GLFW_TRUE : GLFW_FALSE); }

Status EditorWindow::recreate_swapchain() {
    int fw = 0, fh = 0;
    glfwGetFramebufferSize(m_window, &fw, &fh);
    if (fw == 0 || fh == 0) return {};  // minimised: begin_frame waits
    TS_TRY(m_swapchain->recreate({uint32_t(fw), uint32_t(fh)}));
    m_ui->on_swapchain_recreated(*m_swapchain);
    m_resized = false;
    return {};
}

Result<bool> EditorWindow::begin_frame() {
    glfwPollEvents();
    int fw = 0, fh = 0;
    glfwGetFramebufferSize(m_window, &fw, &fh);
    if (fw == 0 || fh == 0) {  // minimised
        glfwWaitEventsTimeout(0.1);
        return false;
    }
    if (m_resized || uint32_t(fw) != m_swapchain->extent().width || uint32_t(fh) != m_swapchain->extent().height)
        TS_TRY(recreate_swapchain());
    ImGui_ImplVulkan_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    return true;
}

Status EditorWindow::end_frame(const asset::ImageRgba8* viewport, const std::filesystem::path* screenshot) {
    ImGui::Render();
    render::Device& device = m_gpu->device();
    const uint32_t slot = m_slot;
    m_slot = (m_slot + 1) % kFramesInFlight;
    TS_TRY(device.wait(m_slot_done[slot]));  // this slot's semaphore and staging are free again
    TS_TRY_ASSIGN(std::optional<uint32_t> index, m_swapchain->acquire(m_acquired[slot].get()));
    if (!index) return recreate_swapchain();  // nothing was signalled: the frame is dropped
    TS_TRY_ASSIGN(VkCommandBuffer commands, device.begin_commands("editor frame"));
    if (viewport) {
        if (auto set = m_ui->set_viewport(commands, *viewport, slot); !set) {
            device.discard_commands(commands);
            return set.error();
        }
    }
    const VkExtent2D extent = m_swapchain->extent();
    const VkImage target = m_swapchain->image(*index);
    constexpr VkPipelineStageFlags2 kAcquireStages = VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT | VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT;
    render::transition(commands, {.image = target, .from = VK_IMAGE_LAYOUT_UNDEFINED, .to = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                                  .src_stage = kAcquireStages, .src_access = VK_ACCESS_2_NONE,
                                  .dst_stage = VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT, .dst_access = VK_ACCESS_2_TRANSFER_WRITE_BIT});
    const VkClearColorValue clear{{0.09f, 0.09f, 0.10f, 1.0f}};
    const VkImageSubresourceRange all{VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
    vkCmdClearColorImage(commands, target, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, &clear, 1, &all);
    render::memory_barrier(commands, VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT,
                           VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT);
    m_ui->blit_viewport(commands, target, extent);
    render::transition(commands, {.image = target, .from = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                                  .to = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                                  .src_stage = VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT, .src_access = VK_ACCESS_2_TRANSFER_WRITE_BIT,
                                  .dst_stage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                                  .dst_access = VK_ACCESS_2_COLOR_ATTACHMENT_READ_BIT | VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT});
    VkRenderPassBeginInfo begin{.sType = VK_STRUCTURE_TYPE_RENDER_PASS_BEGIN_INFO,
                                .renderPass = m_swapchain->render_pass(),
                                .framebuffer = m_swapchain->framebuffer(*index),
                                .renderArea = {{0, 0}, extent}};
    vkCmdBeginRenderPass(commands, &begin, VK_SUBPASS_CONTENTS_INLINE);
    m_ui->draw(commands);
    vkCmdEndRenderPass(commands);

    std::optional<render::Buffer> readback;
    const bool shoot = screenshot && m_swapchain->can_read_back();
    if (shoot) {
        TS_TRY_ASSIGN(render::Buffer buffer, render::Buffer::create(device, VkDeviceSize(extent.width) * extent.height * 4,
                                                                    VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                                                                    render::MemoryUsage::Readback, "screenshot"));
        readback.emplace(std::move(buffer));
        const VkImage image = target;
        render::transition(commands, {.image = image, .from = VK_IMAGE_LAYOUT_PRESENT_SRC_KHR,
                                      .to = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                                      .src_stage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                                      .src_access = VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                                      .dst_stage = VK_PIPELINE_STAGE_2_COPY_BIT, .dst_access = VK_ACCESS_2_TRANSFER_READ_BIT});
        VkBufferImageCopy region{.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1},
                                 .imageExtent = {extent.width, extent.height, 1}};
        vkCmdCopyImageToBuffer(commands, image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, readback->handle(), 1, &region);
        render::transition(commands, {.image = image, .from = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                                      .to = VK_IMAGE_LAYOUT_PRESENT_SRC_KHR, .src_stage = VK_PIPELINE_STAGE_2_COPY_BIT,
                                      .src_access = VK_ACCESS_2_NONE, .dst_stage = VK_PIPELINE_STAGE_2_NONE,
                                      .dst_access = VK_ACCESS_2_NONE});
        render::memory_barrier(commands, VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT,
                               VK_PIPELINE_STAGE_2_HOST_BIT, VK_ACCESS_2_HOST_READ_BIT);
    }
    const VkSemaphoreSubmitInfo wait{.sType = VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO, .semaphore = m_acquired[slot].get(),
                                     .stageMask = kAcquireStages};
    const VkSemaphoreSubmitInfo signal{.sType = VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO,
                                       .semaphore = m_swapchain->render_finished(*index),
                                       .stageMask = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT};
    TS_TRY_ASSIGN(m_slot_done[slot], device.submit(commands, {.waits = {&wait, 1}, .signals = {&signal, 1}}));
    TS_TRY_ASSIGN(const bool presented, m_swapchain->present(*index));
    if (!presented) m_resized = true;
    if (shoot) {
        TS_TRY(device.wait(m_slot_done[slot]));
        asset::ImageRgba8 image{extent.width, extent.height, {}};
        image.pixels.assign(readback->mapped(), readback->mapped() + size_t(extent.width) * extent.height * 4);
        if (m_swapchain->format() == VK_FORMAT_B8G8R8A8_UNORM)
            for (size_t i = 0; i < image.pixels.size(); i += 4) std::swap(image.pixels[i], image.pixels[i + 2]);
        for (size_t i = 3; i < image.pixels.size(); i += 4) image.pixels[i] = 255;
        TS_TRY(asset::write_png(*screenshot, image));
    } else if (screenshot) {
        return make_error(ErrorCode::Unsupported, "this window's images cannot be read back for a screenshot");
    }
    return {};
}

}  // namespace twinshoot::editor
