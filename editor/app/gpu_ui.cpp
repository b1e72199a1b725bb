#include "gpu_ui.h"

#include <cstring>
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui_impl_vulkan.h>

#include "render/barriers.h"
#include "render/vk_check.h"

namespace twinshoot::editor {

namespace {
void check_backend(VkResult r) {
    if (r != VK_SUCCESS) render::vk_log_failure(r, "Dear ImGui Vulkan backend");
}
}  // namespace

Result<std::unique_ptr<GpuUi>> GpuUi::create(render::Device& device, const render::Swapchain& swapchain) {
    std::unique_ptr<GpuUi> ui(new GpuUi(device));
    const VkDevice vk = device.handle();
    const VkDescriptorPoolSize sizes[] = {{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1}};
    VkDescriptorPoolCreateInfo pool{.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO,
                                    .flags = VK_DESCRIPTOR_POOL_CREATE_FREE_DESCRIPTOR_SET_BIT,
                                    .maxSets = 1, .poolSizeCount = 1, .pPoolSizes = sizes};
    VkDescriptorPool pool_handle = VK_NULL_HANDLE;
    TS_VK_TRY(vkCreateDescriptorPool(vk, &pool, nullptr, &pool_handle), "vkCreateDescriptorPool (ui)");
    ui->m_pool = render::DescriptorPool(device, pool_handle, "ui descriptors");
    ImGui_ImplVulkan_InitInfo info{};
    info.Instance = device.instance();
    info.PhysicalDevice = device.physical();
    info.Device = vk;
    info.QueueFamily = device.queue_family();
    info.Queue = device.queue();
    info.DescriptorPool = pool_handle;
    info.MinImageCount = std::max(2u, swapchain.min_image_count());
    info.ImageCount = swapchain.image_count();
    info.MSAASamples = VK_SAMPLE_COUNT_1_BIT;
    info.CheckVkResultFn = check_backend;
    if (!ImGui_ImplVulkan_Init(&info, swapchain.render_pass()))
        return make_error(ErrorCode::Vulkan, "Dear ImGui's Vulkan backend did not start");
    ui->m_backend = true;
    TS_TRY_ASSIGN(VkCommandBuffer commands, device.begin_commands("ui fonts"));
    ImGui_ImplVulkan_CreateFontsTexture(commands);
    TS_TRY_ASSIGN(uint64_t done, device.submit(commands));
    TS_TRY(device.wait(done));
    ImGui_ImplVulkan_DestroyFontUploadObjects();
    return ui;
}

GpuUi::~GpuUi() {
    render::vk_log_failure(vkDeviceWaitIdle(m_device.handle()), "vkDeviceWaitIdle");
    if (m_backend) ImGui_ImplVulkan_Shutdown();
}

void GpuUi::on_swapchain_recreated(const render::Swapchain& swapchain) {
    ImGui_ImplVulkan_SetMinImageCount(std::max(2u, swapchain.min_image_count()));
}

void GpuUi::draw(VkCommandBuffer commands) { ImGui_ImplVulkan_RenderDrawData(ImGui::GetDrawData(), commands); }

void GpuUi::blit_viewport(VkCommandBuffer commands, VkImage target, VkExtent2D extent) {
    const std::optional<std::array<float, 4>> show = m_show;
    m_show.reset();
    if (!show || !m_texture || m_fresh) return;
    const auto clamp_x = [&](float x) { return int32_t(std::clamp(std::lround(x), 0L, long(extent.width))); };
    const auto clamp_y = [&](float y) { return int32_t(std::clamp(std::lround(y), 0L, long(extent.height))); };
    const VkOffset3D a{clamp_x((*show)[0]), clamp_y((*show)[1]), 0}, b{clamp_x((*show)[2]), clamp_y((*show)[3]), 1};
    if (b.x <= a.x || b.y <= a.y) return;
    VkImageBlit region{.srcSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1},
                       .srcOffsets = {{0, 0, 0}, {int32_t(m_width), int32_t(m_height), 1}},
                       .dstSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1},
                       .dstOffsets = {a, b}};
    vkCmdBlitImage(commands, m_texture->handle(), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, target,
                   VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region, VK_FILTER_LINEAR);
}

Status GpuUi::set_viewport(VkCommandBuffer commands, const asset::ImageRgba8& image, uint32_t frame_slot) {
    if (!m_texture || image.width != m_width || image.height != m_height) {
        TS_TRY_ASSIGN(render::Image texture,
                      render::Image::create(m_device, {.format = VK_FORMAT_R8G8B8A8_UNORM, .width = image.width,
                                                       .height = image.height,
                                                       .usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT,
                                                       .name = "viewport"}));
        m_texture.emplace(std::move(texture));
        m_width = image.width;
        m_height = image.height;
        m_fresh = true;
        m_staging.clear();
    }
    if (m_staging.size() <= frame_slot) m_staging.resize(frame_slot + 1);
    render::Buffer& staging = m_staging[frame_slot];
    const VkDeviceSize bytes = VkDeviceSize(image.width) * image.height * 4;
    if (!staging || staging.size() < bytes) {
        TS_TRY_ASSIGN(staging, render::Buffer::create(m_device, bytes, VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                                                      render::MemoryUsage::Upload, "viewport staging"));
    }
    std::memcpy(staging.mapped(), image.pixels.data(), size_t(bytes));
    render::transition(commands, {.image = m_texture->handle(),
                                  .from = m_fresh ? VK_IMAGE_LAYOUT_UNDEFINED : VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                                  .to = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                                  .src_stage = VK_PIPELINE_STAGE_2_BLIT_BIT,
                                  .src_access = VK_ACCESS_2_NONE,
                                  .dst_stage = VK_PIPELINE_STAGE_2_COPY_BIT,
                                  .dst_access = VK_ACCESS_2_TRANSFER_WRITE_BIT});
    VkBufferImageCopy region{.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1},
                             .imageExtent = {image.width, image.height, 1}};
    vkCmdCopyBufferToImage(commands, staging.handle(), m_texture->handle(), VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
    render::transition(commands, {.image = m_texture->handle(),
                                  .from = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                                  .to = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                                  .src_stage = VK_PIPELINE_STAGE_2_COPY_BIT,
                                  .src_access = VK_ACCESS_2_TRANSFER_WRITE_BIT,
                                  .dst_stage = VK_PIPELINE_STAGE_2_BLIT_BIT,
                                  .dst_access = VK_ACCESS_2_TRANSFER_READ_BIT});
    m_fresh = false;
    return {};
}

}  // namespace twinshoot::editor
