// PosedGarments: the garments of one binding fitted to the poses asked for most recently, so that the
// shots of one look in one pose (several formats, framings, backdrops or colourways) fit them once
// per run instead of once per shot. Keyed by the pose's skin matrices, bit for bit (the same pose
// file on the same twin gives the same matrices); keeps the kKept most recently used poses, so memory
// stays flat over a long shoot. Fit measures are not kept (scene::FitMeasures::Skip).
// With a FitCache (studio/fit_cache.h), a pose not in memory is looked for on disk before it is
// fitted, and a pose fitted is stored there, for later runs.
//
// Thread-safe, and a pose is fitted once even when asked for from two threads at a time: the second
// asker waits for the first's fit. A shoot uses that to fit the next shot's garments on a worker
// while the current shot renders (studio/staging.h, prefit).
#pragma once

#include <future>
#include <list>
#include <memory>
#include <optional>
#include <mutex>
#include <span>
#include <utility>
#include <vector>

#include <glm/mat4x4.hpp>

#include "scene/dressing.h"
#include "studio/fit_cache.h"

namespace twinshoot::studio {

class PosedGarments {
public:
    static constexpr size_t kKept = 16;

    explicit PosedGarments(std::optional<FitCache> disk = std::nullopt) : m_disk(std::move(disk)) {}

    // `dressing` posed with `skin`, from memory when this pose was fitted (or is being fitted) recently.
    std::shared_ptr<const scene::PosedDressing> pose(const scene::Dressing& dressing, std::span<const glm::mat4> skin);

    size_t fitted() const;     // poses fitted so far (missed in memory and on disk)
    size_t from_disk() const;  // poses read from the disk cache

private:
    using Fit = std::shared_future<std::shared_ptr<const scene::PosedDressing>>;
    mutable std::mutex m_mutex;
    std::list<std::pair<std::vector<glm::mat4>, Fit>> m_recent;  // newest first
    size_t m_fitted = 0;
    size_t m_from_disk = 0;
    std::optional<FitCache> m_disk;
};

}  // namespace twinshoot::studio
