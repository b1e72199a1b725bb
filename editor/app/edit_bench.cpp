#include "edit_bench.h"

#include <algorithm>
#include <cstdio>

namespace twinshoot::editor {
namespace {

double median(std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

bool same_garments(const studio::ShootShot& a, const studio::ShootShot& b) {
    if (a.garments.size() != b.garments.size()) return false;
    for (size_t i = 0; i < a.garments.size(); ++i)
        if (a.garments[i].id != b.garments[i].id || a.garments[i].colourway != b.garments[i].colourway) return false;
    return true;
}

}  // namespace

EditBench::EditBench(const studio::ShootShot& current, const std::vector<studio::ShootShot>& shots,
                     const std::vector<studio::ShootGarment>& library) {
    // Alternate: a pose of another shot of this twin, then another shot's garments, and so on; each
    // planned edit differs from the state the one before it leaves.
    studio::ShootShot state = current;
    std::vector<const studio::ShootShot*> same_twin;
    for (const studio::ShootShot& s : shots)
        if (s.twin_id == current.twin_id) same_twin.push_back(&s);
    for (int round = 0; round < 3; ++round)
        for (const studio::ShootShot* s : same_twin) {
            if (!s->pose.empty() && s->pose != state.pose) {
                m_plan.push_back({"pose " + s->pose, false, *s});
                state.pose = s->pose;
            }
            if (!s->garments.empty() && !same_garments(*s, state)) {
                std::string label = "garments";
                for (const studio::ShootGarment& g : s->garments) label += " " + g.id + ":" + g.colourway;
                m_plan.push_back({label, true, *s});
                state.garments = s->garments;
            }
        }
    for (const studio::ShootGarment& g : library) {
        studio::ShootShot alone = state;
        alone.garments = {g};
        if (same_garments(alone, state)) continue;
        m_plan.push_back({"library garment " + g.id, true, alone});
        state.garments = alone.garments;
    }
}

std::optional<EditBench::Edit> EditBench::next(int frame) {
    // An edit not shown within 60 frames was refused (the licence, or the twin cannot wear it): the
    // preview says why; it is counted apart and the script goes on.
    if (m_waiting && frame > m_waiting_since + 60) {
        std::printf("editor: edit '%s' was not shown (refused?)\n", m_plan[*m_waiting].label.c_str());
        ++m_not_shown;
        m_waiting.reset();
        m_last_shown_frame = frame;
    }
    // A few frames between edits, so each is timed from a settled viewport.
    if (m_waiting || m_next >= m_plan.size() || frame < m_last_shown_frame + 4) return std::nullopt;
    m_waiting_since = frame;
    const Planned& planned = m_plan[m_next];
    m_waiting = m_next++;
    m_timer = Stopwatch();
    if (planned.garments) {
        std::vector<studio::ShootGarment> garments = planned.look.garments;
        return Edit{planned.label, [garments](studio::ShootShot& s) { s.garments = garments; }};
    }
    const std::string pose = planned.look.pose;
    return Edit{planned.label, [pose](studio::ShootShot& s) { s.pose = pose; }};
}

void EditBench::presented(int frame) {
    if (!m_waiting) return;
    const double ms = m_timer.ms();
    (m_plan[*m_waiting].garments ? m_garment_ms : m_pose_ms).push_back(ms);
    std::printf("editor: edit '%s' shown after %.0f ms\n", m_plan[*m_waiting].label.c_str(), ms);
    m_waiting.reset();
    m_last_shown_frame = frame;
}

void EditBench::print() const {
    auto worst = [](const std::vector<double>& v) { return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()); };
    std::printf("editor: edit to shown, poses median %.0f ms (max %.0f) over %zu, garments median %.0f ms (max %.0f) over %zu, "
                "%d not shown%s\n",
                median(m_pose_ms), worst(m_pose_ms), m_pose_ms.size(), median(m_garment_ms), worst(m_garment_ms),
                m_garment_ms.size(), m_not_shown, m_waiting ? " (the last still waiting at exit)" : "");
}

}  // namespace twinshoot::editor
