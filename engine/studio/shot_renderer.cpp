#include "studio/shot_renderer.h"

#include <cassert>
#include <cmath>
#include <utility>

#include "core/stopwatch.h"
#include "asset/text_raster.h"
#include "scene/light_rig.h"
#include "scene/shot_camera.h"

namespace twinshoot::studio {

Result<RenderedShot> ShotRenderer::render(const consent::Grant& grant, const TwinShot& shot, view::RenderSize size) {
    TS_TRY_ASSIGN(StagedShot staged, stage(grant, shot, size));
    TS_TRY_ASSIGN(RenderedShot out, draw(staged));
    StageTimes times = staged.m_times;  // staging first, then drawing
    times.add(out.times);
    out.times = std::move(times);
    return out;
}

Result<StagedShot> ShotRenderer::stage(const consent::Grant& grant, const TwinShot& shot, view::RenderSize size) {
    const std::vector<std::string> mismatches = consent::grant_mismatches(grant, shot.request());
    if (!mismatches.empty()) {
        std::string message = "the grant from licence " + grant.licence_id() + " does not cover this shot of twin '" +
                              shot.twin().id + "'";
        for (const std::string& m : mismatches) message += "; " + m;
        return make_error(ErrorCode::Refused, message);
    }
    // A licence's disclosure duty is part of the image: without the font there is no delivery.
    std::optional<asset::Font> font;
    if (grant.disclosure_label()) {
        TS_TRY_ASSIGN(font, asset::Font::standard());
    }
    const Staging& staging = shot.staging();
    StageTimes times;
    Stopwatch timer;
    Dressed dressed;
    if (const BoundGarments* bound = shot.bound_garments()) {
        TS_TRY_ASSIGN(dressed, dress(*bound, shot.garments(), staging, scene::FitMeasures::Skip));
    }
    times.add("dress", timer.ms());
    timer.restart();
    asset::Model model = dressed.meshes.empty() ? shot.model() : with_garments(shot.model(), dressed);
    const size_t subject_triangles = model.triangle_count();
    // Framing and shadows follow the posed, dressed subject (not the backdrop).
    const asset::Aabb bounds = staging.skin.empty() ? model.bounds() : model.bounds(staging.skin);
    // What a seated twin sits on, on the floor under it: framed with the figure, casting its shadow
    // (unless the shot leaves it out).
    const ShotSpec& spec = shot.spec();
    const asset::Aabb casters = add_seat(model, staging, spec.seat, bounds);
    const glm::vec3 facing = staging.framing.direction;
    scene::Camera camera = scene::frame_shot(bounds, size.aspect(), spec.camera, facing);
    const scene::Lighting lighting = scene::face_lighting(spec.lighting, facing);
    view::FrameSettings settings{.clear_color = glm::vec4(spec.backdrop.color, 1.0f), .shadow_casters = casters};
    switch (spec.backdrop.kind) {
        case scene::BackdropKind::Transparent: settings.transparent = true; break;
        case scene::BackdropKind::Environment: settings.environment_background = true; break;
        case scene::BackdropKind::Cyclorama:
            scene::add_cyclorama(model, spec.backdrop, camera, size.aspect(), bounds);
            break;
        case scene::BackdropKind::Colour: break;
    }
    TS_TRY_ASSIGN(view::GpuModel uploaded, m_renderer.upload(model, view::TwinAccess{}));
    if (!staging.skin.empty()) view::set_skin_matrices(uploaded, staging.skin);
    times.add("upload", timer.ms());
    StagedShot staged;
    staged.m_model.emplace(std::move(uploaded));
    staged.m_camera = camera;
    staged.m_lighting = lighting;
    staged.m_settings = settings;
    staged.m_size = size;
    staged.m_bounds = bounds;
    staged.m_label = grant.disclosure_label();
    staged.m_font = std::move(font);
    staged.m_triangles = subject_triangles;
    staged.m_skeleton = posed_skeleton(shot.model(), staging, shot.twin().bone_map);
    staged.m_times = std::move(times);
    return staged;
}

Result<RenderedShot> ShotRenderer::draw(const StagedShot& staged, const scene::Camera* view,
                                        std::optional<view::RenderSize> size) {
    TS_TRY(submit_draw(staged, view, size));
    return collect_draw();
}

Status ShotRenderer::submit_draw(const StagedShot& staged, const scene::Camera* view, std::optional<view::RenderSize> size,
                                 bool coarse) {
    assert((!size || std::abs(size->aspect() / staged.m_size.aspect() - 1.0f) < 0.03f) && "draw at the staged aspect");
    assert(!m_drawing && "collect_draw() the draw in flight first");
    view::FrameSettings settings = staged.m_settings;
    settings.reuse_shadows = true;  // the renderer redraws them unless its last frame was this staged shot
    settings.coarse = coarse;
    TS_TRY(m_renderer.submit(*staged.m_model, view ? *view : staged.m_camera, staged.m_lighting,
                             size.value_or(staged.m_size), settings));
    m_drawing = &staged;
    return {};
}

Result<RenderedShot> ShotRenderer::collect_draw() {
    assert(m_drawing && "submit_draw() before collect_draw()");
    const StagedShot& staged = *std::exchange(m_drawing, nullptr);
    RenderedShot out;
    TS_TRY_ASSIGN(out.image, m_renderer.collect());
    out.times = m_renderer.last_times();
    Stopwatch timer;
    if (staged.m_label) out.label = asset::draw_label(out.image, *staged.m_label, *staged.m_font);
    out.times.add("label", timer.ms());
    out.triangles = staged.m_triangles;
    return out;
}

}  // namespace twinshoot::studio
