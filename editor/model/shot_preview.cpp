#include "shot_preview.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "core/stopwatch.h"

namespace twinshoot::editor {

Result<bool> ShotPreview::update(const ShotReview& review, view::RenderSize size) {
    // Staging depends on the shot (its size fixes the aspect), not on the pixels the viewport has.
    if (review.key == m_key) {
        if (!m_staged) return make_error(ErrorCode::Refused, m_problem);
        const bool resized = size.width != m_size.width || size.height != m_size.height;
        m_size = size;
        return resized;
    }
    m_size = size;
    m_key = review.key;
    drop_draw();  // it reads the staged shot about to go
    m_staged.reset();
    const Stopwatch timer;
    if (!review.shot) {
        m_problem = review.error;
        return make_error(ErrorCode::Invalid, m_problem);
    }
    const consent::Decision& decision = review.decision;
    if (!decision.granted()) {
        m_problem = "refused by its licence:";
        for (const auto& v : decision.violations()) m_problem += "\n- " + v.sentence + " [" + v.rule + "]";
        return make_error(ErrorCode::Refused, m_problem);
    }
    auto staged = m_shots.stage(decision.grant(), *review.shot, size);
    if (!staged) {
        m_problem = staged.error().message;
        return staged.error();
    }
    m_staged.emplace(std::move(*staged));
    m_problem.clear();
    m_stage_ms = timer.ms();
    return true;
}

ShotPreview::~ShotPreview() { drop_draw(); }

void ShotPreview::drop_draw() {
    if (drawing()) (void)collect();  // its image (or error) is of the old shot
}

Result<studio::RenderedShot> ShotPreview::draw(const ViewOrbit& orbit, float scale, bool moving) {
    TS_TRY(submit(orbit, scale, moving));
    return collect();
}

Status ShotPreview::submit(const ViewOrbit& orbit, float scale, bool moving) {
    assert(ready());
    assert(!drawing() && "collect() the draw in flight first");
    view::RenderSize size = m_size;
    if (scale < 1.0f) {
        scale = std::max(scale, 96.0f / float(std::min(size.width, size.height)));
        if (scale < 1.0f) size = {uint32_t(std::lround(float(size.width) * scale)), uint32_t(std::lround(float(size.height) * scale))};
    }
    studio::ShotRenderer& shots = moving && m_moving_shots ? *m_moving_shots : m_shots;
    if (orbit.is_shot_camera()) return shots.submit_draw(*m_staged, nullptr, size, moving);
    const scene::Camera view = orbit_camera(m_staged->camera(), orbit);
    return shots.submit_draw(*m_staged, &view, size, moving);
}

Result<studio::RenderedShot> ShotPreview::collect() {
    return m_moving_shots && m_moving_shots->drawing() ? m_moving_shots->collect_draw() : m_shots.collect_draw();
}

}  // namespace twinshoot::editor
