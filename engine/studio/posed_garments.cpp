#include "studio/posed_garments.h"

#include <cstring>
#include <new>

namespace twinshoot::studio {

std::shared_ptr<const scene::PosedDressing> PosedGarments::pose(const scene::Dressing& dressing,
                                                                std::span<const glm::mat4> skin) {
    const auto same = [&](const std::vector<glm::mat4>& key) {
        return key.size() == skin.size() && std::memcmp(key.data(), skin.data(), skin.size_bytes()) == 0;
    };
    std::promise<std::shared_ptr<const scene::PosedDressing>> promise;
    {
        std::unique_lock lock(m_mutex);
        for (auto it = m_recent.begin(); it != m_recent.end(); ++it)
            if (same(it->first)) {
                m_recent.splice(m_recent.begin(), m_recent, it);
                Fit fit = m_recent.front().second;
                lock.unlock();
                return fit.get();  // waits while another thread is still fitting it
            }
        m_recent.emplace_front(std::vector<glm::mat4>(skin.begin(), skin.end()), promise.get_future().share());
        if (m_recent.size() > kKept) m_recent.pop_back();
    }
    // Read or fitted outside the lock; whoever asks for this pose meanwhile waits for this one.
    const Sha256 key = m_disk ? FitCache::key(dressing, skin) : Sha256{};
    std::shared_ptr<const scene::PosedDressing> posed;
    bool fit = false;
    try {
        std::optional<scene::PosedDressing> stored = m_disk ? m_disk->find(key, dressing) : std::nullopt;
        fit = !stored;
        if (fit) stored = dressing.pose(skin, scene::FitMeasures::Skip);
        posed = std::make_shared<const scene::PosedDressing>(std::move(*stored));
    } catch (...) {  // out of memory: the waiters get it too; the entry is dropped
        promise.set_exception(std::current_exception());
        std::lock_guard lock(m_mutex);
        m_recent.remove_if([&](const auto& entry) { return same(entry.first); });
        throw;
    }
    {
        std::lock_guard lock(m_mutex);
        ++(fit ? m_fitted : m_from_disk);
    }
    promise.set_value(posed);
    if (fit && m_disk) {
        try {
            (void)m_disk->store(key, *posed);  // best effort: a later run fits again
        } catch (const std::bad_alloc&) {
        }
    }
    return posed;
}

size_t PosedGarments::fitted() const {
    std::lock_guard lock(m_mutex);
    return m_fitted;
}

size_t PosedGarments::from_disk() const {
    std::lock_guard lock(m_mutex);
    return m_from_disk;
}

}  // namespace twinshoot::studio
