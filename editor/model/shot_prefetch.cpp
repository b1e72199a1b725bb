#include "shot_prefetch.h"

#include <sys/resource.h>
#include <unistd.h>

#include <new>
#include <set>
#include <string>

namespace twinshoot::editor {
namespace {

std::string look_key(const studio::ShootShot& shot) {
    std::string key;
    for (const studio::ShootGarment& g : shot.garments) key += g.folder.string() + '@' + std::to_string(g.layer.value_or(-1)) + '\n';
    return key;
}

}  // namespace

std::vector<studio::ShotSpec> plan_prefetch(const studio::Shoot& shoot, const std::vector<studio::ShootShot>& shots,
                                            const studio::ShootShot& current, const AssetLibrary* library) {
    std::vector<studio::ShotSpec> plan;
    std::set<std::string> planned;
    auto add = [&](const studio::ShootShot& shot) {
        if (plan.size() >= kMaxPlanned) return;
        const std::string key = shot.twin_folder.string() + '\n' + shot.pose + '\n' + look_key(shot);
        if (!planned.insert(key).second) return;
        plan.push_back(studio::shot_spec(shoot, shot));
    };
    std::vector<const studio::ShootShot*> same_twin;
    for (const studio::ShootShot& s : shots)
        if (s.twin_folder == current.twin_folder) same_twin.push_back(&s);
    planned.insert(current.twin_folder.string() + '\n' + current.pose + '\n' + look_key(current));  // being shown
    for (const studio::ShootShot* s : same_twin) {  // each look, in the pose shown
        studio::ShootShot look = current;
        look.garments = s->garments;
        add(look);
    }
    if (library)  // each garment the twin can wear, alone: its binding serves every look it joins
        for (const LibraryGarment& g : library->garments) {
            if (!scene::garment_wear(g.package, current.twin_id)) continue;
            studio::ShootShot alone = current;
            alone.garments = {studio::ShootGarment{.id = g.package.id, .colourway = g.package.default_colourway,
                                                   .layer = std::nullopt, .folder = g.package.folder}};
            add(alone);
        }
    for (const studio::ShootShot& s : shots) add(s);
    for (const studio::ShootShot* s : same_twin)
        for (const studio::ShootShot* p : same_twin) {
            studio::ShootShot combination = current;
            combination.garments = s->garments;
            combination.pose = p->pose;
            add(combination);
        }
    return plan;
}

ShotPrefetch::ShotPrefetch(studio::AssetCache& cache) : m_cache(cache) {}

ShotPrefetch::~ShotPrefetch() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    if (m_worker.joinable()) m_worker.join();
}

void ShotPrefetch::start(std::vector<studio::ShotSpec> plan) {
    {
        std::lock_guard lock(m_mutex);
        m_plan = std::move(plan);
        m_next = m_done = 0;
        ++m_generation;
    }
    m_changed.notify_all();
    if (!m_worker.joinable()) {
        try {
            m_worker = std::thread([this] { run(); });
        } catch (const std::system_error&) {  // no thread: the shots are prepared when shown, as before
            std::lock_guard lock(m_mutex);
            m_plan.clear();
        }
    }
}

size_t ShotPrefetch::done() const {
    std::lock_guard lock(m_mutex);
    return m_done;
}

bool ShotPrefetch::finished() const {
    std::lock_guard lock(m_mutex);
    return m_done == m_plan.size();
}

void ShotPrefetch::wait() const {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_done == m_plan.size() || m_stop; });
}

void ShotPrefetch::run() {
    // Below the window's thread; threads this one starts (its OpenMP team) inherit it.
    (void)::setpriority(PRIO_PROCESS, id_t(::gettid()), 19);
    while (true) {
        studio::ShotSpec spec;
        uint64_t generation = 0;
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [&] { return m_stop || m_next < m_plan.size(); });
            if (m_stop) return;
            generation = m_generation;
            try {
                spec = m_plan[m_next];
            } catch (const std::bad_alloc&) {  // skipped: an empty spec fails to prepare below
            }
            ++m_next;
        }
        // Errors are left for the shot's own preparation to report when it is shown.
        try {
            auto shot = studio::TwinShot::prepare(spec, m_cache);
            if (shot && shot->bound_garments()) studio::prefit(*shot->bound_garments(), shot->staging());
        } catch (...) {  // out of memory in the worker: the window's own preparation reports it
        }
        {
            std::lock_guard lock(m_mutex);
            if (generation == m_generation) ++m_done;
        }
        m_changed.notify_all();
    }
}

}  // namespace twinshoot::editor
