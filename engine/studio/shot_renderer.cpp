#include "studio/shot_renderer.h"

#include "scene/camera.h"
#include "scene/lighting.h"

namespace twinshoot::studio {

Result<RenderedShot> ShotRenderer::render(const consent::Grant& grant, const TwinShot& shot, view::RenderSize size) {
    const std::vector<std::string> mismatches = consent::grant_mismatches(grant, shot.request());
    if (!mismatches.empty()) {
        std::string message = "the grant from licence " + grant.licence_id() + " does not cover this shot of twin '" +
                              shot.twin().id + "'";
        for (const std::string& m : mismatches) message += "; " + m;
        return make_error(ErrorCode::Refused, message);
    }
    const Staging& staging = shot.staging();
    TS_TRY_ASSIGN(Dressed dressed, dress(shot.model(), shot.garments(), staging));
    const asset::Model model = dressed.meshes.empty() ? shot.model() : with_garments(shot.model(), dressed);
    TS_TRY_ASSIGN(view::GpuModel uploaded, m_renderer.upload(model, view::TwinAccess{}));
    if (!staging.skin.empty()) view::set_skin_matrices(uploaded, staging.skin);
    const asset::Aabb bounds = staging.skin.empty() ? uploaded.bounds : model.bounds(staging.skin);
    const scene::Camera camera = scene::frame_bounds(bounds, size.aspect(), staging.framing);
    RenderedShot out;
    TS_TRY_ASSIGN(out.image, m_renderer.render(uploaded, camera, scene::default_lighting(), size));
    out.fit = std::move(dressed.report);
    out.triangles = model.triangle_count();
    return out;
}

}  // namespace twinshoot::studio
