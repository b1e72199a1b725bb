#include "render/memory_allocator.h"

#include <cassert>
#include <string>

#include "render/vk_check.h"

namespace twinshoot::render {

MemoryAllocator::MemoryAllocator(VkPhysicalDevice physical, VkDevice device, bool device_addresses,
                                 VkDeviceSize block_size)
    : m_device(device), m_device_addresses(device_addresses), m_block_size(block_size) {
    vkGetPhysicalDeviceMemoryProperties(physical, &m_properties);
}

MemoryAllocator::~MemoryAllocator() {
    for (auto& pool : m_pools) {
        for (auto& block : pool.blocks) {
            if (block.memory == VK_NULL_HANDLE) continue;
            assert(block.live == 0 && "device memory freed while sub-allocations are alive");
            vkFreeMemory(m_device, block.memory, nullptr);  // also unmaps
        }
    }
}

Result<uint32_t> MemoryAllocator::find_memory_type(uint32_t type_bits, MemoryUsage usage) const {
    struct Want {
        VkMemoryPropertyFlags required;
        VkMemoryPropertyFlags preferred;
    };
    Want want{};
    switch (usage) {
        case MemoryUsage::GpuOnly: want = {0, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT}; break;
        case MemoryUsage::Upload:
            want = {VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT, 0};
            break;
        case MemoryUsage::Readback:
            want = {VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT,
                    VK_MEMORY_PROPERTY_HOST_CACHED_BIT};
            break;
    }
    int best = -1;
    for (uint32_t i = 0; i < m_properties.memoryTypeCount; ++i) {
        if (!(type_bits & (1u << i))) continue;
        VkMemoryPropertyFlags flags = m_properties.memoryTypes[i].propertyFlags;
        if ((flags & want.required) != want.required) continue;
        if (best < 0 || ((flags & want.preferred) == want.preferred &&
                         (m_properties.memoryTypes[best].propertyFlags & want.preferred) != want.preferred))
            best = static_cast<int>(i);
    }
    if (best < 0) return make_error(ErrorCode::Unsupported, "no memory type fits the resource");
    return static_cast<uint32_t>(best);
}

Result<uint32_t> MemoryAllocator::create_block(Pool& pool, VkDeviceSize size) {
    const VkMemoryAllocateFlagsInfo flags{
        .sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_FLAGS_INFO,
        .flags = VK_MEMORY_ALLOCATE_DEVICE_ADDRESS_BIT,
    };
    VkMemoryAllocateInfo info{
        .sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO,
        .pNext = m_device_addresses ? &flags : nullptr,
        .allocationSize = size,
        .memoryTypeIndex = pool.memory_type,
    };
    Block block;
    TS_VK_TRY(vkAllocateMemory(m_device, &info, nullptr, &block.memory),
              "vkAllocateMemory (" + std::to_string(size >> 10) + " KiB)");
    if (pool.host_visible) {
        VkResult r = vkMapMemory(m_device, block.memory, 0, VK_WHOLE_SIZE, 0, &block.mapped);
        if (r != VK_SUCCESS) {
            vkFreeMemory(m_device, block.memory, nullptr);
            return vk_error(r, "vkMapMemory");
        }
    }
    block.ranges = std::make_unique<RangeAllocator>(size);
    for (uint32_t i = 0; i < pool.blocks.size(); ++i) {
        if (pool.blocks[i].memory == VK_NULL_HANDLE) {
            pool.blocks[i] = std::move(block);
            return i;
        }
    }
    pool.blocks.push_back(std::move(block));
    return static_cast<uint32_t>(pool.blocks.size() - 1);
}

Result<Allocation> MemoryAllocator::allocate(const VkMemoryRequirements& requirements, MemoryUsage usage,
                                             ResourceTiling tiling) {
    assert(requirements.size > 0);
    TS_TRY_ASSIGN(uint32_t type, find_memory_type(requirements.memoryTypeBits, usage));

    uint32_t pool_index = UINT32_MAX;
    for (uint32_t i = 0; i < m_pools.size(); ++i)
        if (m_pools[i].memory_type == type && m_pools[i].tiling == tiling) pool_index = i;
    if (pool_index == UINT32_MAX) {
        Pool pool;
        pool.memory_type = type;
        pool.tiling = tiling;
        pool.host_visible = m_properties.memoryTypes[type].propertyFlags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT;
        m_pools.push_back(std::move(pool));
        pool_index = static_cast<uint32_t>(m_pools.size() - 1);
    }
    Pool& pool = m_pools[pool_index];

    auto finish = [&](uint32_t block_index, uint64_t offset) {
        Block& block = pool.blocks[block_index];
        ++block.live;
        return Allocation{
            .memory = block.memory,
            .offset = offset,
            .size = requirements.size,
            .mapped = block.mapped ? static_cast<uint8_t*>(block.mapped) + offset : nullptr,
            .pool = pool_index,
            .block = block_index,
        };
    };

    const bool dedicated = requirements.size > m_block_size / 2;
    if (!dedicated) {
        for (uint32_t b = 0; b < pool.blocks.size(); ++b) {
            Block& block = pool.blocks[b];
            if (block.memory == VK_NULL_HANDLE || block.ranges->capacity() != m_block_size) continue;
            if (auto offset = block.ranges->allocate(requirements.size, requirements.alignment))
                return finish(b, *offset);
        }
    }
    TS_TRY_ASSIGN(uint32_t block_index, create_block(pool, dedicated ? requirements.size : m_block_size));
    auto offset = pool.blocks[block_index].ranges->allocate(requirements.size, requirements.alignment);
    assert(offset && *offset == 0);
    return finish(block_index, *offset);
}

void MemoryAllocator::free(const Allocation& allocation) {
    if (!allocation) return;
    assert(allocation.pool < m_pools.size());
    Pool& pool = m_pools[allocation.pool];
    assert(allocation.block < pool.blocks.size());
    Block& block = pool.blocks[allocation.block];
    assert(block.memory == allocation.memory && block.live > 0);
    block.ranges->free(allocation.offset, allocation.size);
    --block.live;
    if (block.live > 0) return;
    // Keep one empty standard-size block per pool for reuse; return the rest to the driver.
    bool keep = block.ranges->capacity() == m_block_size;
    if (keep) {
        for (uint32_t b = 0; b < pool.blocks.size(); ++b) {
            const Block& other = pool.blocks[b];
            if (b != allocation.block && other.memory != VK_NULL_HANDLE && other.live == 0 &&
                other.ranges->capacity() == m_block_size)
                keep = false;
        }
    }
    if (!keep) {
        vkFreeMemory(m_device, block.memory, nullptr);
        block = Block{};
    }
}

MemoryStats MemoryAllocator::stats() const {
    MemoryStats s;
    for (const auto& pool : m_pools) {
        for (const auto& block : pool.blocks) {
            if (block.memory == VK_NULL_HANDLE) continue;
            ++s.device_allocations;
            s.live_allocations += block.live;
            s.reserved_bytes += block.ranges->capacity();
            s.used_bytes += block.ranges->used();
        }
    }
    return s;
}

}  // namespace twinshoot::render
