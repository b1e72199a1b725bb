// DeletionQueue: Vulkan objects whose destruction waits for the GPU.
//
// An object handed to the queue carries the timeline value of the last submission that may use it;
// it is destroyed only once the device's timeline semaphore has reached that value (Granite's and
// Filament's rule: never destroy what a frame in flight may still read). Entries are plain data —
// a type tag, the handle and its memory — not closures, so nothing is captured by reference.
#pragma once

#include <vulkan/vulkan.h>

#include <cstdint>
#include <deque>

#include "render/memory_allocator.h"

namespace twinshoot::render {

struct DeferredObject {
    VkObjectType type = VK_OBJECT_TYPE_UNKNOWN;
    uint64_t handle = 0;
    Allocation allocation{};                 // freed after the handle is destroyed, if set
    VkCommandPool pool = VK_NULL_HANDLE;     // owner pool, for VK_OBJECT_TYPE_COMMAND_BUFFER
};

class DeletionQueue {
public:
    void push(uint64_t retire_value, const DeferredObject& object) { m_entries.push_back({retire_value, object}); }

    // Calls destroy(object) for every entry whose retire value is <= completed, in push order.
    template <typename Destroy>
    void collect(uint64_t completed, Destroy&& destroy) {
        // Retire values are pushed in non-decreasing order, so the ready entries form a prefix.
        while (!m_entries.empty() && m_entries.front().retire_value <= completed) {
            DeferredObject object = m_entries.front().object;
            m_entries.pop_front();
            destroy(object);
        }
    }
    size_t size() const { return m_entries.size(); }

private:
    struct Entry {
        uint64_t retire_value;
        DeferredObject object;
    };
    std::deque<Entry> m_entries;
};

}  // namespace twinshoot::render
