// ShotPreview: the editor viewport's rendering path. It is the batch path: the shot prepared and
// decided by ShotJudge's review (the CLI's evaluator) is staged by studio::ShotRenderer with the grant, and
// drawn by the same OffscreenRenderer, shaders and settings as `twinshoot shoot` — so at the
// same size, from the shot's camera, the viewport shows the image the batch would deliver
// (tests/editor/viewport_matches_shoot_test.cpp). A refused shot is not staged: the viewport
// shows the licence's reasons instead of the twin.
//
// update() restages only when the review is of another shot (ShotReview::key; a viewport resize only
// redraws: `size` must keep the shot's aspect, within 3%); draw() renders the staged shot at the last size asked, from the
// shot's camera or from a viewing orbit around it (viewport_camera.h). A view being dragged may be
// drawn by a second renderer on the same device (the editor's, without multisampling: a DCC
// viewport's navigation mode), from the meshes' coarse levels when `renderer` makes them
// (view::OffscreenRenderer::set_coarse_levels), then again by the batch's, with every triangle,
// when the drag stops. Not thread-safe.
#pragma once

#include <cassert>
#include <optional>
#include <string>

#include "shot_judge.h"
#include "studio/shot_renderer.h"
#include "viewport_camera.h"

namespace twinshoot::editor {

class ShotPreview {
public:
    // `moving`: draws frames asked with moving = true (a view being dragged); it must share
    // `renderer`'s device (it draws the models `renderer` uploaded). nullptr: `renderer` draws all.
    explicit ShotPreview(view::OffscreenRenderer& renderer, view::OffscreenRenderer* moving = nullptr)
        : m_renderer(renderer), m_shots(renderer) {
        set_moving(moving);
    }
    // Adds the moving renderer later (the editor makes it after its first frame). Not while it draws.
    void set_moving(view::OffscreenRenderer* moving) {
        assert((!moving || &moving->device() == &m_renderer.device()) && "the moving renderer shares the device");
        assert(!(m_moving_shots && m_moving_shots->drawing()) && "collect() first");
        m_moving_shots.reset();
        if (moving) m_moving_shots.emplace(*moving);
    }

    // Returns whether anything was restaged or resized (the image must be drawn again). An error means nothing can be drawn (refused: the
    // licence's reasons; else what failed); the last error stays readable in problem().
    Result<bool> update(const ShotReview& review, view::RenderSize size);
    bool ready() const { return m_staged.has_value(); }
    const std::string& problem() const { return m_problem; }
    const studio::StagedShot& staged() const { return *m_staged; }  // precondition: ready()

    // `scale` < 1 draws fewer pixels (at least 96 on the short side) for a view being dragged, and
    // `moving` draws it with the moving renderer (when there is one) and the coarse levels (when
    // made); the caller draws again at 1, not moving, when the drag ends.
    Result<studio::RenderedShot> draw(const ViewOrbit& orbit = {}, float scale = 1.0f, bool moving = false);
    // draw() in two halves, so the editor builds and presents its next UI frame while the viewport
    // draws (studio::ShotRenderer::submit_draw): submit() submits the frame and returns, collect() waits
    // for it and returns the image. One draw at a time (asserted). An update() that restages, and the
    // destructor, first wait for a draw in flight and drop it.
    Status submit(const ViewOrbit& orbit = {}, float scale = 1.0f, bool moving = false);
    bool drawing() const { return m_shots.drawing() || (m_moving_shots && m_moving_shots->drawing()); }
    Result<studio::RenderedShot> collect();
    ~ShotPreview();
    ShotPreview(const ShotPreview&) = delete;
    ShotPreview& operator=(const ShotPreview&) = delete;
    double stage_ms() const { return m_stage_ms; }  // last restage (dress, frame, upload), milliseconds

private:
    void drop_draw();

    view::OffscreenRenderer& m_renderer;
    studio::ShotRenderer m_shots;                        // stages, and draws still views
    std::optional<studio::ShotRenderer> m_moving_shots;  // draws moving views, when given
    std::string m_key;
    view::RenderSize m_size;
    std::optional<studio::StagedShot> m_staged;
    std::string m_problem;
    double m_stage_ms = 0.0;
};

}  // namespace twinshoot::editor
