#include "render/gpu_timer.h"

#include <cassert>

#include "render/vk_check.h"

namespace twinshoot::render {

Result<GpuTimer> GpuTimer::create(Device& device, uint32_t capacity) {
    assert(capacity >= 2 && "a timer needs a start and at least one mark");
    uint32_t families = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(device.physical(), &families, nullptr);
    std::vector<VkQueueFamilyProperties> props(families);
    vkGetPhysicalDeviceQueueFamilyProperties(device.physical(), &families, props.data());
    const uint32_t bits = device.queue_family() < families ? props[device.queue_family()].timestampValidBits : 0;
    if (bits == 0)
        return make_error(ErrorCode::Unsupported, std::string(device.properties().deviceName) +
                                                      ": its graphics queue writes no timestamps");
    VkQueryPoolCreateInfo info{
        .sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO,
        .queryType = VK_QUERY_TYPE_TIMESTAMP,
        .queryCount = capacity,
    };
    VkQueryPool pool = VK_NULL_HANDLE;
    TS_VK_TRY(vkCreateQueryPool(device.handle(), &info, nullptr, &pool), "create timestamp query pool");
    const uint64_t mask = bits >= 64 ? ~0ull : (1ull << bits) - 1;
    return GpuTimer(device, Owned<VkQueryPool>(device, pool, "gpu timer"), capacity,
                    double(device.properties().limits.timestampPeriod), mask);
}

void GpuTimer::begin(VkCommandBuffer commands) {
    m_labels.clear();
    vkCmdResetQueryPool(commands, m_pool.get(), 0, m_capacity);
    vkCmdWriteTimestamp2(commands, VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, m_pool.get(), 0);
}

void GpuTimer::mark(VkCommandBuffer commands, std::string label) {
    assert(m_labels.size() + 1 < m_capacity && "more marks than the timer was created for");
    m_labels.push_back(std::move(label));
    vkCmdWriteTimestamp2(commands, VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, m_pool.get(), uint32_t(m_labels.size()));
}

Result<std::vector<std::pair<std::string, double>>> GpuTimer::read() const {
    std::vector<std::pair<std::string, double>> out;
    if (m_labels.empty()) return out;
    std::vector<uint64_t> ticks(m_labels.size() + 1);
    TS_VK_TRY(vkGetQueryPoolResults(m_device->handle(), m_pool.get(), 0, uint32_t(ticks.size()), ticks.size() * sizeof(uint64_t),
                                    ticks.data(), sizeof(uint64_t), VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT),
              "read GPU timestamps");
    for (size_t i = 0; i < m_labels.size(); ++i) {
        const uint64_t span = ((ticks[i + 1] & m_valid_mask) - (ticks[i] & m_valid_mask)) & m_valid_mask;
        out.emplace_back(m_labels[i], double(span) * m_ns_per_tick * 1e-6);
    }
    return out;
}

}  // namespace twinshoot::render
