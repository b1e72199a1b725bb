// ShotRenderer: the only engine call that draws a twin. It takes the consent::Grant the policy
// evaluator made for this shot's request; a grant for any other request (another twin, avatar file,
// brand, use, territory, date, garment or pose) is refused with ErrorCode::Refused and the
// differences, before anything is drawn. Bare models that are not twins render through
// view::OffscreenRenderer directly; twins' avatars are refused there (asset/twin_marker.h).
//
// render() dresses the posed twin (fitting each garment), frames it by its posed bounds for the
// shot's camera, lights it with the shot's rig, and returns the image and the fit report. Where the
// grant carries a disclosure duty, the licence's label is drawn into the image here, so no client
// can deliver without it. Not thread-safe (one GPU queue).
#pragma once

#include <optional>

#include "asset/image_rgba8.h"
#include "asset/text_raster.h"
#include "consent/policy.h"
#include "studio/twin_shot.h"
#include "view/offscreen_renderer.h"

namespace twinshoot::studio {

struct RenderedShot {
    asset::ImageRgba8 image;
    std::vector<scene::GarmentFitReport> fit;
    size_t triangles = 0;
    std::optional<asset::LabelBox> label;  // where the disclosure label was drawn, if the licence asks for one
};

class ShotRenderer {
public:
    explicit ShotRenderer(view::OffscreenRenderer& renderer) : m_renderer(renderer) {}

    Result<RenderedShot> render(const consent::Grant& grant, const TwinShot& shot, view::RenderSize size);

private:
    view::OffscreenRenderer& m_renderer;
};

}  // namespace twinshoot::studio
