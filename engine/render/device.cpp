#include "render/device.h"

#include <cassert>
#include <cstdio>

#include "render/vk_check.h"

namespace twinshoot::render {

Result<std::unique_ptr<Device>> Device::create(const Instance& instance, const DeviceOptions& options) {
    TS_TRY_ASSIGN(auto devices, enumerate_physical_devices(instance.handle(), options.swapchain));
    TS_TRY_ASSIGN(size_t chosen, choose_device(devices, options.device_index));

    std::unique_ptr<Device> device(new Device());
    device->m_instance = instance.handle();
    device->m_info = devices[chosen];
    vkGetPhysicalDeviceProperties(device->m_info.handle, &device->m_properties);
    VkPhysicalDeviceFeatures supported{};
    vkGetPhysicalDeviceFeatures(device->m_info.handle, &supported);
    device->m_anisotropy = supported.samplerAnisotropy;
    device->m_geometry_shader = supported.geometryShader;
    VkPhysicalDeviceVulkan12Features supported12{.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES};
    VkPhysicalDeviceFeatures2 supported2{.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2, .pNext = &supported12};
    vkGetPhysicalDeviceFeatures2(device->m_info.handle, &supported2);
    device->m_buffer_device_address = supported12.bufferDeviceAddress;

    const float priority = 1.0f;
    VkDeviceQueueCreateInfo queue_info{
        .sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO,
        .queueFamilyIndex = device->m_info.graphics_queue_family,
        .queueCount = 1,
        .pQueuePriorities = &priority,
    };
    VkPhysicalDeviceVulkan13Features f13{
        .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES,
        .synchronization2 = VK_TRUE,
        .dynamicRendering = VK_TRUE,
        .maintenance4 = VK_TRUE,  // mandatory in 1.3; SPIR-V 1.6 compute shaders use LocalSizeId
    };
    VkPhysicalDeviceVulkan12Features f12{
        .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES,
        .pNext = &f13,
        .timelineSemaphore = VK_TRUE,
        .bufferDeviceAddress = device->m_buffer_device_address ? VK_TRUE : VK_FALSE,
    };
    VkPhysicalDeviceFeatures2 features{
        .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2,
        .pNext = &f12,
        .features = {.geometryShader = device->m_geometry_shader ? VK_TRUE : VK_FALSE,
                     .samplerAnisotropy = device->m_anisotropy ? VK_TRUE : VK_FALSE},
    };
    std::vector<const char*> extensions;
    if (options.swapchain) extensions.push_back(VK_KHR_SWAPCHAIN_EXTENSION_NAME);
    VkDeviceCreateInfo info{
        .sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO,
        .pNext = &features,
        .queueCreateInfoCount = 1,
        .pQueueCreateInfos = &queue_info,
        .enabledExtensionCount = static_cast<uint32_t>(extensions.size()),
        .ppEnabledExtensionNames = extensions.data(),
    };
    TS_VK_TRY(vkCreateDevice(device->m_info.handle, &info, nullptr, &device->m_device),
              "vkCreateDevice on " + device->m_info.name);
    vkGetDeviceQueue(device->m_device, device->m_info.graphics_queue_family, 0, &device->m_queue);
    if (instance.debug_utils_enabled())
        device->m_set_name = reinterpret_cast<PFN_vkSetDebugUtilsObjectNameEXT>(
            vkGetInstanceProcAddr(instance.handle(), "vkSetDebugUtilsObjectNameEXT"));

    VkCommandPoolCreateInfo pool_info{
        .sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
        .flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT,
        .queueFamilyIndex = device->m_info.graphics_queue_family,
    };
    TS_VK_TRY(vkCreateCommandPool(device->m_device, &pool_info, nullptr, &device->m_command_pool),
              "vkCreateCommandPool");
    VkSemaphoreTypeCreateInfo timeline_type{
        .sType = VK_STRUCTURE_TYPE_SEMAPHORE_TYPE_CREATE_INFO,
        .semaphoreType = VK_SEMAPHORE_TYPE_TIMELINE,
        .initialValue = 0,
    };
    VkSemaphoreCreateInfo semaphore_info{.sType = VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO, .pNext = &timeline_type};
    TS_VK_TRY(vkCreateSemaphore(device->m_device, &semaphore_info, nullptr, &device->m_timeline),
              "vkCreateSemaphore (timeline)");
    device->set_name(device->m_timeline, VK_OBJECT_TYPE_SEMAPHORE, "device timeline");
    device->m_memory = std::make_unique<MemoryAllocator>(device->m_info.handle, device->m_device,
                                                          device->m_buffer_device_address);
    return device;
}

Device::~Device() {
    if (m_device == VK_NULL_HANDLE) return;
    vk_log_failure(vkDeviceWaitIdle(m_device), "vkDeviceWaitIdle at shutdown");
    m_deletions.collect(UINT64_MAX, [this](const DeferredObject& o) { destroy_now(o); });
    m_memory.reset();
    if (m_timeline) vkDestroySemaphore(m_device, m_timeline, nullptr);
    if (m_command_pool) vkDestroyCommandPool(m_device, m_command_pool, nullptr);
    vkDestroyDevice(m_device, nullptr);
}

Result<VkCommandBuffer> Device::begin_commands(const char* name) {
    collect_garbage();
    VkCommandBufferAllocateInfo alloc{
        .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
        .commandPool = m_command_pool,
        .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
        .commandBufferCount = 1,
    };
    VkCommandBuffer commands = VK_NULL_HANDLE;
    TS_VK_TRY(vkAllocateCommandBuffers(m_device, &alloc, &commands), "vkAllocateCommandBuffers");
    set_name(commands, VK_OBJECT_TYPE_COMMAND_BUFFER, name);
    VkCommandBufferBeginInfo begin{
        .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
        .flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT,
    };
    VkResult r = vkBeginCommandBuffer(commands, &begin);
    if (r != VK_SUCCESS) {
        vkFreeCommandBuffers(m_device, m_command_pool, 1, &commands);
        return vk_error(r, "vkBeginCommandBuffer");
    }
    return commands;
}

Result<uint64_t> Device::submit(VkCommandBuffer commands, const SubmitSync& sync) {
    const uint64_t value = m_last_submitted + 1;
    // The command buffer itself retires with this submission.
    auto retire_commands = [&] {
        m_deletions.push(value, {.type = VK_OBJECT_TYPE_COMMAND_BUFFER,
                                 .handle = reinterpret_cast<uint64_t>(commands),
                                 .pool = m_command_pool});
    };
    VkResult r = vkEndCommandBuffer(commands);
    if (r != VK_SUCCESS) {
        vkFreeCommandBuffers(m_device, m_command_pool, 1, &commands);
        return vk_error(r, "vkEndCommandBuffer");
    }
    std::vector<VkSemaphoreSubmitInfo> signals(sync.signals.begin(), sync.signals.end());
    signals.push_back({
        .sType = VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO,
        .semaphore = m_timeline,
        .value = value,
        .stageMask = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT,
    });
    VkCommandBufferSubmitInfo command_info{
        .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_SUBMIT_INFO,
        .commandBuffer = commands,
    };
    VkSubmitInfo2 submit{
        .sType = VK_STRUCTURE_TYPE_SUBMIT_INFO_2,
        .waitSemaphoreInfoCount = static_cast<uint32_t>(sync.waits.size()),
        .pWaitSemaphoreInfos = sync.waits.data(),
        .commandBufferInfoCount = 1,
        .pCommandBufferInfos = &command_info,
        .signalSemaphoreInfoCount = static_cast<uint32_t>(signals.size()),
        .pSignalSemaphoreInfos = signals.data(),
    };
    r = vkQueueSubmit2(m_queue, 1, &submit, VK_NULL_HANDLE);
    if (r != VK_SUCCESS) {
        vkFreeCommandBuffers(m_device, m_command_pool, 1, &commands);
        return vk_error(r, "vkQueueSubmit2");
    }
    m_last_submitted = value;
    retire_commands();
    return value;
}

void Device::discard_commands(VkCommandBuffer commands) {
    vk_log_failure(vkEndCommandBuffer(commands), "vkEndCommandBuffer (discarded)");
    vkFreeCommandBuffers(m_device, m_command_pool, 1, &commands);
}

Status Device::wait(uint64_t value) {
    assert(value <= m_last_submitted && "waiting on a value never submitted would hang");
    VkSemaphoreWaitInfo info{
        .sType = VK_STRUCTURE_TYPE_SEMAPHORE_WAIT_INFO,
        .semaphoreCount = 1,
        .pSemaphores = &m_timeline,
        .pValues = &value,
    };
    TS_VK_TRY(vkWaitSemaphores(m_device, &info, UINT64_MAX), "vkWaitSemaphores");
    collect_garbage();
    return {};
}

Status Device::wait_idle() {
    TS_VK_TRY(vkDeviceWaitIdle(m_device), "vkDeviceWaitIdle");
    collect_garbage();
    return {};
}

uint64_t Device::completed_value() const {
    uint64_t value = 0;
    if (!vk_log_failure(vkGetSemaphoreCounterValue(m_device, m_timeline, &value), "vkGetSemaphoreCounterValue"))
        return 0;
    return value;
}

void Device::destroy_deferred(const DeferredObject& object) {
    if (object.handle == 0) return;
    m_deletions.push(m_last_submitted, object);
    if (m_last_submitted == 0) collect_garbage();
}

void Device::collect_garbage() {
    m_deletions.collect(completed_value(), [this](const DeferredObject& o) { destroy_now(o); });
}

void Device::destroy_now(const DeferredObject& o) {
    switch (o.type) {
#define TS_DESTROY(ENUM, Type, fn) \
    case ENUM: fn(m_device, reinterpret_cast<Type>(o.handle), nullptr); break;
        TS_DESTROY(VK_OBJECT_TYPE_BUFFER, VkBuffer, vkDestroyBuffer)
        TS_DESTROY(VK_OBJECT_TYPE_IMAGE, VkImage, vkDestroyImage)
        TS_DESTROY(VK_OBJECT_TYPE_IMAGE_VIEW, VkImageView, vkDestroyImageView)
        TS_DESTROY(VK_OBJECT_TYPE_SAMPLER, VkSampler, vkDestroySampler)
        TS_DESTROY(VK_OBJECT_TYPE_PIPELINE, VkPipeline, vkDestroyPipeline)
        TS_DESTROY(VK_OBJECT_TYPE_PIPELINE_LAYOUT, VkPipelineLayout, vkDestroyPipelineLayout)
        TS_DESTROY(VK_OBJECT_TYPE_DESCRIPTOR_SET_LAYOUT, VkDescriptorSetLayout, vkDestroyDescriptorSetLayout)
        TS_DESTROY(VK_OBJECT_TYPE_DESCRIPTOR_POOL, VkDescriptorPool, vkDestroyDescriptorPool)
        TS_DESTROY(VK_OBJECT_TYPE_SHADER_MODULE, VkShaderModule, vkDestroyShaderModule)
        TS_DESTROY(VK_OBJECT_TYPE_SEMAPHORE, VkSemaphore, vkDestroySemaphore)
        TS_DESTROY(VK_OBJECT_TYPE_FENCE, VkFence, vkDestroyFence)
        TS_DESTROY(VK_OBJECT_TYPE_FRAMEBUFFER, VkFramebuffer, vkDestroyFramebuffer)
        TS_DESTROY(VK_OBJECT_TYPE_RENDER_PASS, VkRenderPass, vkDestroyRenderPass)
        TS_DESTROY(VK_OBJECT_TYPE_QUERY_POOL, VkQueryPool, vkDestroyQueryPool)
#undef TS_DESTROY
        case VK_OBJECT_TYPE_COMMAND_BUFFER: {
            auto commands = reinterpret_cast<VkCommandBuffer>(o.handle);
            vkFreeCommandBuffers(m_device, o.pool, 1, &commands);
            break;
        }
        default: assert(false && "DeferredObject of a type Device cannot destroy"); break;
    }
    if (o.allocation) m_memory->free(o.allocation);
}

void Device::set_name(VkObjectType type, uint64_t handle, const char* name) const {
    if (!m_set_name || !name || handle == 0) return;
    VkDebugUtilsObjectNameInfoEXT info{
        .sType = VK_STRUCTURE_TYPE_DEBUG_UTILS_OBJECT_NAME_INFO_EXT,
        .objectType = type,
        .objectHandle = handle,
        .pObjectName = name,
    };
    vk_log_failure(m_set_name(m_device, &info), "vkSetDebugUtilsObjectNameEXT");
}

}  // namespace twinshoot::render
