// GpuTimer: where a command buffer's GPU time goes, from timestamps written between its passes.
//
//   auto timer = GpuTimer::create(device);          // Unsupported where the queue has no timestamps
//   timer->begin(commands);                         // resets the pool, writes the first timestamp
//   ... record a pass ...;  timer->mark(commands, "shadows");
//   ... record a pass ...;  timer->mark(commands, "ids");
//   submit, wait;  auto spans = timer->read();      // {"shadows", ms}, {"ids", ms}, ...
//
// Each mark's span is the GPU time from the previous mark (or begin) to it, in milliseconds. Marks
// may be written inside a rendering instance. For benchmarks and profiles, not for shots: on Mesa's
// lavapipe a timestamp flushes the work recorded before it, so a timed frame is a little slower
// than an untimed one and the spans sum to a little more. read() is valid only after the command
// buffer completed; a timer holds one command buffer's marks at a time. Owns its query pool
// (render::Owned: deferred destruction through the Device); move-only.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "render/device.h"
#include "render/owned.h"

namespace twinshoot::render {

class GpuTimer {
public:
    static Result<GpuTimer> create(Device& device, uint32_t capacity = 32);

    void begin(VkCommandBuffer commands);
    // Asserts when more marks are written than the capacity given to create().
    void mark(VkCommandBuffer commands, std::string label);
    Result<std::vector<std::pair<std::string, double>>> read() const;

private:
    GpuTimer(Device& device, Owned<VkQueryPool> pool, uint32_t capacity, double ns_per_tick, uint64_t valid_mask)
        : m_device(&device), m_pool(std::move(pool)), m_capacity(capacity), m_ns_per_tick(ns_per_tick), m_valid_mask(valid_mask) {}

    Device* m_device = nullptr;
    Owned<VkQueryPool> m_pool;  // move-only, destroyed once the GPU is done with it
    uint32_t m_capacity = 0;
    double m_ns_per_tick = 1.0;
    uint64_t m_valid_mask = ~0ull;
    std::vector<std::string> m_labels;  // one per timestamp after the first
};

}  // namespace twinshoot::render
