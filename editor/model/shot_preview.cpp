#include "shot_preview.h"

#include "core/stopwatch.h"
#include "studio/shoot_writer.h"

namespace twinshoot::editor {

Result<bool> ShotPreview::update(ShotJudge& judge, const studio::Shoot& shoot, const studio::ShootShot& shot,
                                 view::RenderSize size) {
    studio::Shoot one = shoot;
    one.shots = {shot};
    const std::string key = studio::shoot_json(one, "x.json").dump() + "@" + std::to_string(size.width) + "x" +
                            std::to_string(size.height);
    if (key == m_key) {
        if (m_staged) return false;
        return make_error(ErrorCode::Refused, m_problem);
    }
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
    if (orbit.is_shot_camera()) return m_shots.draw(*m_staged);
    const scene::Camera view = orbit_camera(m_staged->camera(), orbit);
    return m_shots.draw(*m_staged, &view);
}

}  // namespace twinshoot::editor
