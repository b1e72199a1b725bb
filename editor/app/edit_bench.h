// EditBench (--bench-edits): the editor's re-dress latency. Every few frames it makes one scripted
// edit of the current shot, the kind a person makes: a pose from the library, or a different set of
// garments (each look taken from the shoot's other shots of the same twin), in turn; and it times
// each from the edit to the end of the frame that presents the new shot (restage: pose, dress, stage;
// the viewport render; the UI frame and present). Issue 19's point 5 asks for <= 300 ms.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/stopwatch.h"
#include "studio/shoot_file.h"

namespace twinshoot::editor {

class EditBench {
public:
    struct Edit {
        std::string label;
        std::function<void(studio::ShootShot&)> change;
    };

    // Edits for `current`: its twin's poses and looks from `shots` (the shoot's shots); then, when
    // given, each of `library` worn alone (garments picked from the Library panel), once.
    EditBench(const studio::ShootShot& current, const std::vector<studio::ShootShot>& shots,
              const std::vector<studio::ShootGarment>& library = {});

    // The edit to make before frame `frame` is drawn, or none (one is still waiting to be shown,
    // or the last was shown fewer than a few frames ago). Starts its timer.
    std::optional<Edit> next(int frame);
    // Called after a frame that presented a newly rendered viewport image.
    void presented(int frame);
    // "editor: edit to shown, poses median … ms (max …) over N, garments median … (max …) over M, K not shown".
    void print() const;

private:
    struct Planned {
        std::string label;
        bool garments = false;
        studio::ShootShot look;  // the pose or the garments to take from it
    };
    std::vector<Planned> m_plan;
    size_t m_next = 0;
    std::optional<size_t> m_waiting;  // index into m_plan of the edit not yet shown
    int m_last_shown_frame = 0, m_waiting_since = 0, m_not_shown = 0;
    Stopwatch m_timer;
    std::vector<double> m_pose_ms, m_garment_ms;
};

}  // namespace twinshoot::editor
