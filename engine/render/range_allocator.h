// RangeAllocator: first-fit allocation of [offset, offset + size) ranges inside a fixed capacity,
// with alignment, and coalescing of neighbouring free ranges on free. Pure bookkeeping: it touches
// no memory and no Vulkan, so it is tested on its own (tests/render/range_allocator_test.cpp).
// Freeing a range that was not allocated, or twice, is a programmer error (asserts).
#pragma once

#include <cstdint>
#include <map>
#include <optional>

namespace twinshoot::render {

class RangeAllocator {
public:
    explicit RangeAllocator(uint64_t capacity);

    // Returns the offset of a free range of `size` bytes aligned to `alignment` (a power of two),
    // or nullopt when no free range is large enough.
    std::optional<uint64_t> allocate(uint64_t size, uint64_t alignment);
    void free(uint64_t offset, uint64_t size);

    uint64_t capacity() const { return m_capacity; }
    uint64_t used() const { return m_used; }
    bool empty() const { return m_used == 0; }
    size_t free_range_count() const { return m_free.size(); }

private:
    uint64_t m_capacity;
    uint64_t m_used = 0;
    std::map<uint64_t, uint64_t> m_free;  // offset -> size, non-overlapping, never adjacent
};

}  // namespace twinshoot::render
