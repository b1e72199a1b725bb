#include "studio/posed_garments.h"

#include <cstring>

namespace twinshoot::studio {

std::shared_ptr<const scene::PosedDressing> PosedGarments::pose(const scene::Dressing& dressing,
                                                                std::span<const glm::mat4> skin) {
    const auto same = [&](const std::vector<glm::mat4>& key) {
        return key.size() == skin.size() && std::memcmp(key.data(), skin.data(), skin.size_bytes()) == 0;
    };
    {
        std::lock_guard lock(m_mutex);
        for (auto it = m_recent.begin(); it != m_recent.end(); ++it)
            if (same(it->first)) {
                m_recent.splice(m_recent.begin(), m_recent, it);
                return m_recent.front().second;
            }
    }
    // Fitted outside the lock: two threads asking for one new pose both fit it (same result).
    auto posed = std::make_shared<const scene::PosedDressing>(dressing.pose(skin, scene::FitMeasures::Skip));
    std::lock_guard lock(m_mutex);
    ++m_fitted;
    m_recent.emplace_front(std::vector<glm::mat4>(skin.begin(), skin.end()), posed);
    if (m_recent.size() > kKept) m_recent.pop_back();
    return posed;
}

}  // namespace twinshoot::studio
