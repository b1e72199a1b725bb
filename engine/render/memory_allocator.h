// MemoryAllocator: sub-allocates device memory so resources share a few large vkAllocateMemory
// blocks instead of one allocation each (drivers cap the count; maxMemoryAllocationCount may be
// 4096).
//
// Memory is asked for by intent:
//   GpuOnly  - device-local; images, vertex/index buffers written once through staging.
//   Upload   - host-visible + coherent, persistently mapped; staging and per-frame uniforms.
//   Readback - host-visible, cached where the device offers it; GPU -> CPU copies.
// Buffers (linear) and optimal-tiling images live in separate pools, so bufferImageGranularity never
// needs padding. A request larger than half a block gets a block of its own. Empty blocks beyond
// one per pool are returned to the driver.
// Not thread-safe: one Device, one thread (the same rule as the Device itself).
#pragma once

#include <vulkan/vulkan.h>

#include <memory>
#include <vector>

#include "core/result.h"
#include "render/range_allocator.h"

namespace twinshoot::render {

enum class MemoryUsage { GpuOnly, Upload, Readback };
enum class ResourceTiling { Linear, Optimal };

struct Allocation {
    VkDeviceMemory memory = VK_NULL_HANDLE;
    VkDeviceSize offset = 0;
    VkDeviceSize size = 0;
    void* mapped = nullptr;  // host pointer to `offset` for Upload/Readback memory, else null
    uint32_t pool = UINT32_MAX;
    uint32_t block = UINT32_MAX;
    explicit operator bool() const { return memory != VK_NULL_HANDLE; }
};

struct MemoryStats {
    uint32_t device_allocations = 0;  // live vkAllocateMemory blocks
    uint32_t live_allocations = 0;    // live sub-allocations
    VkDeviceSize reserved_bytes = 0;  // sum of block sizes
    VkDeviceSize used_bytes = 0;      // sum of sub-allocation sizes
};

class MemoryAllocator {
public:
    static constexpr VkDeviceSize kDefaultBlockSize = 64ull << 20;

    // `device_addresses`: every block is allocated with VK_MEMORY_ALLOCATE_DEVICE_ADDRESS_BIT (the
    // device enabled bufferDeviceAddress), so any buffer bound to it may be read by address.
    MemoryAllocator(VkPhysicalDevice physical, VkDevice device, bool device_addresses = false,
                    VkDeviceSize block_size = kDefaultBlockSize);
    MemoryAllocator(const MemoryAllocator&) = delete;
    MemoryAllocator& operator=(const MemoryAllocator&) = delete;
    ~MemoryAllocator();

    Result<Allocation> allocate(const VkMemoryRequirements& requirements, MemoryUsage usage, ResourceTiling tiling);
    void free(const Allocation& allocation);
    MemoryStats stats() const;

private:
    struct Block {
        VkDeviceMemory memory = VK_NULL_HANDLE;
        void* mapped = nullptr;
        std::unique_ptr<RangeAllocator> ranges;
        uint32_t live = 0;
    };
    struct Pool {
        uint32_t memory_type = 0;
        ResourceTiling tiling = ResourceTiling::Linear;
        bool host_visible = false;
        std::vector<Block> blocks;  // a freed block keeps its slot (memory == VK_NULL_HANDLE)
    };

    Result<uint32_t> find_memory_type(uint32_t type_bits, MemoryUsage usage) const;
    Result<uint32_t> create_block(Pool& pool, VkDeviceSize size);

    VkDevice m_device;
    bool m_device_addresses = false;
    VkPhysicalDeviceMemoryProperties m_properties{};
    VkDeviceSize m_block_size;
    std::vector<Pool> m_pools;
};

}  // namespace twinshoot::render
