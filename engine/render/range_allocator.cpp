#include "render/range_allocator.h"

#include <cassert>

namespace twinshoot::render {

RangeAllocator::RangeAllocator(uint64_t capacity) : m_capacity(capacity) {
    if (capacity > 0) m_free.emplace(0, capacity);
}

std::optional<uint64_t> RangeAllocator::allocate(uint64_t size, uint64_t alignment) {
    assert(size > 0);
    assert(alignment > 0 && (alignment & (alignment - 1)) == 0);
    for (auto it = m_free.begin(); it != m_free.end(); ++it) {
        const uint64_t start = it->first;
        const uint64_t length = it->second;
        const uint64_t aligned = (start + alignment - 1) & ~(alignment - 1);
        if (aligned < start || aligned - start > length || length - (aligned - start) < size) continue;
        const uint64_t end = aligned + size;
        const uint64_t free_end = start + length;
        m_free.erase(it);
        if (aligned > start) m_free.emplace(start, aligned - start);  // padding stays free
        if (free_end > end) m_free.emplace(end, free_end - end);
        m_used += size;
        return aligned;
    }
    return std::nullopt;
}

void RangeAllocator::free(uint64_t offset, uint64_t size) {
    assert(size > 0 && offset + size <= m_capacity);
    assert(m_used >= size);
    auto next = m_free.lower_bound(offset);
    assert(next == m_free.end() || next->first >= offset + size);  // no overlap with the next free range
    uint64_t start = offset;
    uint64_t length = size;
    if (next != m_free.begin()) {
        auto prev = std::prev(next);
        assert(prev->first + prev->second <= offset);  // no overlap with the previous free range
        if (prev->first + prev->second == offset) {
            start = prev->first;
            length += prev->second;
            m_free.erase(prev);
        }
    }
    if (next != m_free.end() && next->first == offset + size) {
        length += next->second;
        m_free.erase(next);
    }
    m_free.emplace(start, length);
    m_used -= size;
}

}  // namespace twinshoot::render
