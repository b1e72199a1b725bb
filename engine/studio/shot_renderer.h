// ShotRenderer: the only engine call that draws a twin. It takes the consent::Grant the policy
// evaluator made for this shot's request; a grant for any other request (another twin, avatar file,
// brand, use, territory, date, garment or pose) is refused with ErrorCode::Refused and the
// differences, before anything is drawn. Bare models that are not twins render through
// view::OffscreenRenderer directly; twins' avatars are refused there (asset/twin_marker.h).
//
// render() dresses the posed twin (fitting each garment), frames it by its posed bounds for the
// shot's camera, lights it with the shot's rig, and returns the image (fit measures: `twinshoot fit`,
// studio::dress with scene::FitMeasures::Compute). Where the
// grant carries a disclosure duty, the licence's label is drawn into the image here, so no client
// can deliver without it. Not thread-safe (one GPU queue).
//
// render() is stage() then draw(). The editor stages a shot once per edit (dressing, framing and the
// upload are the costly part) and draws it every frame, from the shot's camera or a viewing camera
// of its own (orbiting does not change what the licence judges). A staged shot is only made here,
// from a grant, so a twin on the GPU is always a licensed one.
#pragma once

#include <optional>

#include "asset/image_rgba8.h"
#include "asset/text_raster.h"
#include "consent/policy.h"
#include "studio/skeleton_overlay.h"
#include "studio/twin_shot.h"
#include "view/offscreen_renderer.h"

namespace twinshoot::studio {

struct RenderedShot {
    asset::ImageRgba8 image;
    size_t triangles = 0;
    std::optional<asset::LabelBox> label;  // where the disclosure label was drawn, if the licence asks for one
    // Where the time went: "dress" and "upload" (render() only: staging), "render" (recording to
    // the fence: view::OffscreenRenderer::last_times), "readback" and "label".
    StageTimes times;
};

// A shot dressed, framed, lit and uploaded for one image size. Move-only (owns GPU buffers).
class StagedShot {
public:
    const scene::Camera& camera() const { return m_camera; }  // the shot's camera, for size()
    view::RenderSize size() const { return m_size; }
    const asset::Aabb& subject_bounds() const { return m_bounds; }  // posed and dressed, model space
    size_t triangles() const { return m_triangles; }
    // The posed skeleton (studio/skeleton_overlay.h), model space: for the editor's overlay.
    const std::vector<OverlayBone>& skeleton() const { return m_skeleton; }
    const StageTimes& times() const { return m_times; }  // "dress" and "upload"

private:
    friend class ShotRenderer;
    StagedShot() = default;

    std::optional<view::GpuModel> m_model;
    scene::Camera m_camera;
    scene::Lighting m_lighting;
    view::FrameSettings m_settings;
    view::RenderSize m_size;
    asset::Aabb m_bounds;
    std::optional<std::string> m_label;
    std::optional<asset::Font> m_font;
    size_t m_triangles = 0;
    std::vector<OverlayBone> m_skeleton;
    StageTimes m_times;
};

class ShotRenderer {
public:
    explicit ShotRenderer(view::OffscreenRenderer& renderer) : m_renderer(renderer) {}
    ShotRenderer(const ShotRenderer&) = delete;  // a draw in flight belongs to one
    ShotRenderer& operator=(const ShotRenderer&) = delete;

    Result<RenderedShot> render(const consent::Grant& grant, const TwinShot& shot, view::RenderSize size);

    Result<StagedShot> stage(const consent::Grant& grant, const TwinShot& shot, view::RenderSize size);
    // The staged shot from its own camera, or from `view`, at its size or at `size` (the same aspect
    // within 3%: the framing and backdrop were placed for it).
    Result<RenderedShot> draw(const StagedShot& staged, const scene::Camera* view = nullptr,
                              std::optional<view::RenderSize> size = std::nullopt);
    // draw() in two halves (view::OffscreenRenderer::submit/collect): submit_draw() submits the frame
    // and returns; collect_draw() waits for it, reads it back and labels it. One draw at a time
    // (asserted); `staged` must stay alive, unmoved, until collect_draw() returns. `coarse`: draw the
    // meshes' coarse levels where the upload made them (view::FrameSettings::coarse): a view that moves.
    Status submit_draw(const StagedShot& staged, const scene::Camera* view = nullptr,
                       std::optional<view::RenderSize> size = std::nullopt, bool coarse = false);
    bool drawing() const { return m_drawing != nullptr; }
    Result<RenderedShot> collect_draw();

private:
    view::OffscreenRenderer& m_renderer;
    const StagedShot* m_drawing = nullptr;  // submitted, not yet collected
};

}  // namespace twinshoot::studio
