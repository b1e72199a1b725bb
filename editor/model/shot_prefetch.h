// ShotPrefetch: while a person works on one shot, a worker thread prepares the shoot's other looks
// and poses in the editor's AssetCache, so that switching to them shows them without the wait of a
// first wear. For each planned shot it loads the twin, binds the garments to it (the weight
// transfer, push-out and anchors of scene/garment_binding.h: 0.2-0.8 s a garment on 2 cores) and
// fits them to the pose into the binding's memo (studio::prefit), as a shoot does for its next shot.
//
// Nothing is rendered, decided or recorded here: the licence is judged when a shot is shown
// (ShotJudge), exactly as without a prefetch, and an edit that needs what the worker is making
// waits for that work instead of repeating it (the cache makes each entry once) — at the worker's
// priority, so on a machine busy with other work (a render-all in the background) that wait is
// longer than doing the work would have been. A shot that fails
// to prepare is skipped (it shows its error when opened). The worker runs at a lower priority than
// the window's thread (nice +19, its OpenMP team too) and stops between two shots when the plan is
// replaced or the prefetch is destroyed.
//
// The plan (plan_prefetch), first to last: the looks of the current shot's twin in the current
// pose (so a look change is quick first), each garment of the library that twin can wear
// (scene::garment_wear), alone in the current pose (its binding then serves any look it joins), the
// shoot's shots as they are, then each look of that twin in each of its poses in the shoot; at most
// kMaxPlanned, each (twin, look, pose) once.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>
#include <vector>

#include "asset_library.h"
#include "studio/asset_cache.h"
#include "studio/shoot_file.h"
#include "studio/twin_shot.h"

namespace twinshoot::editor {

inline constexpr size_t kMaxPlanned = 64;

// What to prepare while `current` is shown, in order (see above): `shots` is the shot list being
// edited, `shoot` supplies what every shot shares (brand, date, poses); `library` (optional) the
// garments a person may pick (the editor leaves out those its licence review disables).
std::vector<studio::ShotSpec> plan_prefetch(const studio::Shoot& shoot, const std::vector<studio::ShootShot>& shots,
                                            const studio::ShootShot& current, const AssetLibrary* library = nullptr);

class ShotPrefetch {
public:
    explicit ShotPrefetch(studio::AssetCache& cache);  // the cache outlives this
    ~ShotPrefetch();                                    // stops after the shot in hand, and joins
    ShotPrefetch(const ShotPrefetch&) = delete;
    ShotPrefetch& operator=(const ShotPrefetch&) = delete;

    // Replaces the plan: the worker finishes the shot in hand, then starts on `plan`.
    void start(std::vector<studio::ShotSpec> plan);
    // Shots of the current plan prepared (or skipped on error) so far, and whether all are.
    size_t done() const;
    bool finished() const;
    // Blocks until the current plan is done (tests and benchmarks).
    void wait() const;

private:
    void run();

    studio::AssetCache& m_cache;
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_changed;
    std::vector<studio::ShotSpec> m_plan;
    size_t m_next = 0, m_done = 0;
    uint64_t m_generation = 0;  // bumped by start(): work of an older plan is not counted
    bool m_stop = false;
    std::thread m_worker;
};

}  // namespace twinshoot::editor
