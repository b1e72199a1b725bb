#include "background_render.h"

#include "consent/ledger.h"
#include "consent/trust_store.h"
#include "core/version.h"
#include "studio/shoot_run.h"
#include "view/gpu_context.h"

namespace twinshoot::editor {

BackgroundRender::~BackgroundRender() {
    if (m_thread.joinable()) m_thread.join();
}

bool BackgroundRender::start(BackgroundRenderJob job) {
    {
        std::lock_guard lock(m_mutex);
        if (m_progress.running) return false;
        m_progress = {.running = true, .message = "starting"};
    }
    if (m_thread.joinable()) m_thread.join();
    m_thread = std::thread([this, job = std::move(job)] { run(job); });
    return true;
}

BackgroundProgress BackgroundRender::progress() const {
    std::lock_guard lock(m_mutex);
    return m_progress;
}

void BackgroundRender::run(BackgroundRenderJob job) {
    const auto fail = [this](const std::string& message) {
        std::lock_guard lock(m_mutex);
        m_progress.running = false;
        m_progress.finished = true;
        m_progress.message = message;
    };
    studio::AssetCache cache;
    auto shoot = studio::load_shoot(job.shoot_file, {.libraries = job.libraries}, cache);
    if (!shoot) return fail(shoot.error().message);
    auto trust = consent::TrustStore::load(job.trust);
    if (!trust) return fail(trust.error().message);
    std::error_code ec;
    std::filesystem::create_directories(job.ledger.parent_path(), ec);
    auto ledger = consent::Ledger::open(job.ledger);
    if (!ledger) return fail(ledger.error().message);
    auto run = studio::ShootRun::plan(*shoot, {.out_dir = job.out_dir, .creator_tool = std::string("TwinShoot editor ") + twinshoot::kVersion},
                                      *trust, *ledger, cache);
    if (!run) return fail(run.error().message);
    {
        std::lock_guard lock(m_mutex);
        m_progress.total = run->outcomes().size();
        m_progress.refused = run->count(studio::ShotState::Refused);
        m_progress.done = m_progress.refused;
    }
    auto gpu = view::GpuContext::open({.validation = job.validation, .msaa = job.msaa});
    if (!gpu) return fail(gpu.error().message);
    run->set_renderer(std::string(twinshoot::kRendererName) + " on " + (*gpu)->device().info().name);
    auto rendered = run->render((*gpu)->renderer(), [&](const studio::ShotOutcome& o) {
        std::lock_guard lock(m_mutex);
        ++m_progress.done;
        if (o.state == studio::ShotState::Delivered) ++m_progress.delivered;
        m_progress.message = shoot->shots[o.index].id + ": " + studio::shot_state_name(o.state);
    });
    if (!rendered) return fail(rendered.error().message);
    if (auto written = run->write_outputs(); !written) return fail(written.error().message);
    std::lock_guard lock(m_mutex);
    m_progress.running = false;
    m_progress.finished = true;
    m_progress.contact_sheet = job.out_dir / "contact-sheet.png";
    m_progress.message = std::to_string(m_progress.delivered) + " delivered, " + std::to_string(m_progress.refused) +
                         " refused, into " + job.out_dir.string();
}

}  // namespace twinshoot::editor
