// Device: the logical device, its one graphics queue, the memory allocator, submissions tracked by
// a timeline semaphore, and deferred destruction.
//
// Submissions: begin_commands() hands out a primary command buffer; submit() ends and submits it
// and returns the timeline value that signals when the GPU has finished it. wait(value) blocks.
// Deferred destruction: destroy_deferred() destroys an object once every submission made before the
// call has completed; collect_garbage() (also called by submit and wait) does the destroying.
// Thread rule: a Device and everything created from it is used from one thread at a time.
// Owner: held by std::unique_ptr (resources keep a Device&); destroy resources before the Device.
// The destructor waits for the GPU to go idle and then destroys whatever is still pending.
#pragma once

#include <vulkan/vulkan.h>

#include <memory>
#include <optional>
#include <span>
#include <string>

#include "core/result.h"
#include "render/deletion_queue.h"
#include "render/instance.h"
#include "render/memory_allocator.h"
#include "render/physical_device.h"

namespace twinshoot::render {

struct DeviceOptions {
    std::optional<uint32_t> device_index;  // PhysicalDeviceInfo::index; unset = best by ranking
    bool swapchain = false;                // require and enable VK_KHR_swapchain
};

struct SubmitSync {  // extra semaphores for presentation; empty for offscreen work
    std::span<const VkSemaphoreSubmitInfo> waits;
    std::span<const VkSemaphoreSubmitInfo> signals;
};

class Device {
public:
    static Result<std::unique_ptr<Device>> create(const Instance& instance, const DeviceOptions& options);
    Device(const Device&) = delete;
    Device& operator=(const Device&) = delete;
    ~Device();

    VkDevice handle() const { return m_device; }
    VkPhysicalDevice physical() const { return m_info.handle; }
    VkInstance instance() const { return m_instance; }
    VkQueue queue() const { return m_queue; }
    uint32_t queue_family() const { return m_info.graphics_queue_family; }
    const PhysicalDeviceInfo& info() const { return m_info; }
    const VkPhysicalDeviceProperties& properties() const { return m_properties; }
    bool sampler_anisotropy() const { return m_anisotropy; }
    // The geometryShader feature, enabled when offered: fragment shaders may then read
    // gl_PrimitiveID (the visibility pass, view/visibility_pass.h). No geometry shader is used.
    bool primitive_id_in_fragment() const { return m_geometry_shader; }
    // The bufferDeviceAddress feature (mandatory in Vulkan 1.3), enabled when offered: vertex, index
    // and storage buffers can then be read by address (Buffer::device_address()).
    bool buffer_device_address() const { return m_buffer_device_address; }
    MemoryAllocator& memory() { return *m_memory; }

    Result<VkCommandBuffer> begin_commands(const char* name);
    Result<uint64_t> submit(VkCommandBuffer commands, const SubmitSync& sync = {});
    // Frees a command buffer from begin_commands() that will never be submitted.
    void discard_commands(VkCommandBuffer commands);
    Status wait(uint64_t value);
    Status wait_idle();
    uint64_t completed_value() const;
    uint64_t last_submitted_value() const { return m_last_submitted; }

    void destroy_deferred(const DeferredObject& object);
    void collect_garbage();
    size_t pending_destructions() const { return m_deletions.size(); }

    // Gives an object a name shown by validation messages and debuggers (no-op without debug utils).
    void set_name(VkObjectType type, uint64_t handle, const char* name) const;
    template <typename T>
    void set_name(T handle, VkObjectType type, const char* name) const {
        set_name(type, reinterpret_cast<uint64_t>(handle), name);
    }

private:
    Device() = default;
    void destroy_now(const DeferredObject& object);

    VkInstance m_instance = VK_NULL_HANDLE;
    PhysicalDeviceInfo m_info;
    VkPhysicalDeviceProperties m_properties{};
    bool m_anisotropy = false;
    bool m_geometry_shader = false;
    bool m_buffer_device_address = false;
    VkDevice m_device = VK_NULL_HANDLE;
    VkQueue m_queue = VK_NULL_HANDLE;
    VkCommandPool m_command_pool = VK_NULL_HANDLE;
    VkSemaphore m_timeline = VK_NULL_HANDLE;
    uint64_t m_last_submitted = 0;
    std::unique_ptr<MemoryAllocator> m_memory;
    DeletionQueue m_deletions;
    PFN_vkSetDebugUtilsObjectNameEXT m_set_name = nullptr;
};

}  // namespace twinshoot::render
