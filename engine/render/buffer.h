// Buffer: move-only owner of a VkBuffer and its sub-allocated memory. Destruction is deferred
// until the GPU has finished every submission made before it.
// Upload/Readback buffers are persistently mapped: mapped() is valid for the buffer's lifetime.
#pragma once

#include <span>

#include "render/device.h"

namespace twinshoot::render {

class Buffer {
public:
    Buffer() = default;
    static Result<Buffer> create(Device& device, VkDeviceSize size, VkBufferUsageFlags usage, MemoryUsage memory,
                                 const char* name);
    Buffer(Buffer&& other) noexcept;
    Buffer& operator=(Buffer&& other) noexcept;
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;
    ~Buffer() { reset(); }
    void reset();

    VkBuffer handle() const { return m_buffer; }
    VkDeviceSize size() const { return m_size; }
    // The buffer's address for shaders (GL_EXT_buffer_reference). Only for vertex, index and storage
    // buffers on a device with buffer_device_address().
    VkDeviceAddress device_address() const;
    // Host pointer for Upload/Readback memory; null for GpuOnly.
    uint8_t* mapped() const { return static_cast<uint8_t*>(m_allocation.mapped); }
    explicit operator bool() const { return m_buffer != VK_NULL_HANDLE; }

private:
    Device* m_device = nullptr;
    VkBuffer m_buffer = VK_NULL_HANDLE;
    Allocation m_allocation{};
    VkDeviceSize m_size = 0;
};

}  // namespace twinshoot::render
