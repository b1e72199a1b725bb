#include "render/buffer.h"

#include <cassert>
#include <utility>

#include "render/vk_check.h"

namespace twinshoot::render {

Result<Buffer> Buffer::create(Device& device, VkDeviceSize size, VkBufferUsageFlags usage, MemoryUsage memory,
                              const char* name) {
    assert(size > 0);
    const VkBufferUsageFlags addressable =
        VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_INDEX_BUFFER_BIT | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
    if (device.buffer_device_address() && (usage & addressable)) usage |= VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT;
    VkBufferCreateInfo info{
        .sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO,
        .size = size,
        .usage = usage,
        .sharingMode = VK_SHARING_MODE_EXCLUSIVE,
    };
    Buffer buffer;
    buffer.m_device = &device;
    buffer.m_size = size;
    TS_VK_TRY(vkCreateBuffer(device.handle(), &info, nullptr, &buffer.m_buffer),
              std::string("vkCreateBuffer '") + name + "'");
    VkMemoryRequirements requirements;
    vkGetBufferMemoryRequirements(device.handle(), buffer.m_buffer, &requirements);
    auto allocation = device.memory().allocate(requirements, memory, ResourceTiling::Linear);
    if (!allocation) return allocation.error().with_context(std::string("buffer '") + name + "'");
    buffer.m_allocation = *allocation;
    TS_VK_TRY(vkBindBufferMemory(device.handle(), buffer.m_buffer, allocation->memory, allocation->offset),
              std::string("vkBindBufferMemory '") + name + "'");
    device.set_name(buffer.m_buffer, VK_OBJECT_TYPE_BUFFER, name);
    return buffer;
}

VkDeviceAddress Buffer::device_address() const {
    assert(m_buffer != VK_NULL_HANDLE && m_device->buffer_device_address());
    const VkBufferDeviceAddressInfo info{.sType = VK_STRUCTURE_TYPE_BUFFER_DEVICE_ADDRESS_INFO, .buffer = m_buffer};
    return vkGetBufferDeviceAddress(m_device->handle(), &info);
}

Buffer::Buffer(Buffer&& other) noexcept { *this = std::move(other); }

Buffer& Buffer::operator=(Buffer&& other) noexcept {
    if (this != &other) {
        reset();
        m_device = std::exchange(other.m_device, nullptr);
        m_buffer = std::exchange(other.m_buffer, VK_NULL_HANDLE);
        m_allocation = std::exchange(other.m_allocation, Allocation{});
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

void Buffer::reset() {
    if (m_buffer != VK_NULL_HANDLE || m_allocation) {
        m_device->destroy_deferred({.type = VK_OBJECT_TYPE_BUFFER,
                                    .handle = reinterpret_cast<uint64_t>(m_buffer),
                                    .allocation = m_allocation});
    }
    m_buffer = VK_NULL_HANDLE;
    m_allocation = {};
}

}  // namespace twinshoot::render
