#include "shot_preview.h"

#include "core/stopwatch.h"
#include "studio/shoot_writer.h"

namespace twinshoot::editor {

Result<bool> ShotPreview::update(ShotJudge& judge, const studio::Shoot& shoot, const studio::ShootShot& shot,
                                 view::RenderSize size) {
    studio::Shoot one = shoot;
    one.shots = {shot};
    // Staging depends on the shot (its size fixes the aspect), not on the pixels the viewport has.
    const std::string key = studio::shoot_json(one, "x.json").dump();
    if (key == m_key) {
        if (!m_staged) return make_error(ErrorCode::Refused, m_problem);
        const bool resized = size.width != m_size.width || size.height != m_size.height;
        m_size = size;
        return resized;
    }
    m_size = size;
    m_key = key;
    m_staged.reset();
    const Stopwatch timer;
    auto prepared = judge.prepare(shoot, shot);
    if (!prepared) {
        m_problem = prepared.error().message;
        return prepared.error();
    }
    const consent::Decision decision = judge.decide(*prepared);
    if (!decision.granted()) {
        m_problem = "refused by its licence:";
        for (const auto& v : decision.violations()) m_problem += "\n- " + v.sentence + " [" + v.rule + "]";
        return make_error(ErrorCode::Refused, m_problem);
    }
    auto staged = m_shots.stage(decision.grant(), *prepared, size);
    if (!staged) {
        m_problem = staged.error().message;
        return staged.error();
    }
    m_staged.emplace(std::move(*staged));
    m_problem.clear();
    m_stage_ms = timer.ms();
    return true;
}

Result<studio::RenderedShot> ShotPreview::draw(const ViewOrbit& orbit) {
    assert(ready());
    if (orbit.is_shot_camera()) return m_shots.draw(*m_staged, nullptr, m_size);
    const scene::Camera view = orbit_camera(m_staged->camera(), orbit);
    return m_shots.draw(*m_staged, &view, m_size);
}

}  // namespace twinshoot::editor
