// OffscreenRenderer: renders an uploaded model headless into an RGBA8 sRGB image.
//
//   auto renderer = OffscreenRenderer::create(device);
//   auto gpu = renderer->upload(model);
//   auto image = renderer->render(*gpu, camera, lighting, {1080, 1350});
//
// upload() refuses twins' avatars (see asset/twin_marker.h): a twin is drawn only through
// studio::ShotRenderer with a licence grant. render() records, submits and waits for one frame
// (skinning pre-pass, key-light and contact shadow maps, PBR pass into 4x multisampled targets by
// default, the environment background if asked, blended surfaces back to front, resolve, copy out), then
// reads the pixels back (render() is submit() then collect(): see there to overlap the CPU's work with a frame); with FrameSettings::transparent the background is alpha 0 and the pixels
// come back with straight alpha. Pose a skinned model with view::set_skin_matrices before render(). The colour and
// depth targets are kept between calls of the same size. Not thread-safe (see render::Device).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "asset/image_rgba8.h"
#include "core/stopwatch.h"
#include "render/buffer.h"
#include "render/gpu_timer.h"
#include "render/offscreen_target.h"
#include "scene/camera.h"
#include "scene/lighting.h"
#include "view/backdrop_light.h"
#include "view/coarse_levels.h"
#include "view/frame_set.h"
#include "view/pbr_pass.h"
#include "view/shadow_pass.h"
#include "view/skinning_pass.h"
#include "view/visibility_pass.h"

namespace twinshoot::studio {
class ShotRenderer;
}

namespace twinshoot::view {

// Permission to upload a twin's avatar: only the licence-checked shot renderer can make one.
class TwinAccess {
    friend class studio::ShotRenderer;
    TwinAccess() = default;
};

struct RenderSize {
    uint32_t width = 1080;   // default: Instagram portrait 4:5
    uint32_t height = 1350;
    float aspect() const { return float(width) / float(height); }
};

struct FrameSettings {
    glm::vec4 clear_color{0.93f, 0.93f, 0.94f, 1.0f};  // linear RGBA background
    // Cut-out: the background is transparent (alpha 0) and the image comes back with straight
    // (un-premultiplied) alpha, ready for a PNG; clear_color is ignored.
    bool transparent = false;
    // Draw the lighting's environment behind the subject (exposed and tone mapped like it); ignored
    // when transparent.
    bool environment_background = false;
    // World-space bounds of what casts shadows (posed); default: the uploaded model's bounds. They
    // also bound the subject where a backdrop is drawn under it (the visibility pass: its depth is
    // drawn only over their pixels), so they must hold every surface that is not a backdrop.
    std::optional<asset::Aabb> shadow_casters;
    // Keep the skinning pre-pass and the shadow maps of the previous render() when it drew this same
    // upload, in the same pose, with the same key-light shadow plan (only the camera moved: the
    // editor's orbit). Ignored, and everything redrawn, when any of those differs.
    bool reuse_shadows = false;
    // Draw the coarse level of each mesh that has one (GpuMesh::coarse_index_count; uploaded after
    // OffscreenRenderer::set_coarse_levels) where the frame goes through the forward pass: for views
    // that move. Where the visibility pass draws it (by default lavapipe with MSAA, see
    // set_visibility), every triangle is drawn: it was faster so. Shadow maps are always drawn from
    // every triangle.
    bool coarse = false;
};

class OffscreenRenderer {
public:
    // `msaa`: samples per pixel requested (1, 2, 4, 8); the device's largest supported count not above
    // it is used (render::supported_samples), see samples().
    // Baked image-based lighting is cached in `cache` (default_cache_folder(); nullopt: no disk cache).
    static Result<std::unique_ptr<OffscreenRenderer>> create(render::Device& device, uint32_t msaa = 4,
                                                             std::optional<std::filesystem::path> cache =
                                                                 default_cache_folder());

    // Refuses a twin's avatar (Model::twin_id set) with ErrorCode::Refused: twins render only
    // through studio::ShotRenderer, which needs a licence grant.
    Result<GpuModel> upload(const asset::Model& model);
    Result<GpuModel> upload(const asset::Model& model, const TwinAccess&);
    Result<asset::ImageRgba8> render(const GpuModel& model, const scene::Camera& camera,
                                     const scene::Lighting& lighting, RenderSize size,
                                     const FrameSettings& settings = {});

    // render() in two halves, so the caller's CPU work overlaps the frame (the editor's next UI frame
    // while the viewport draws): submit() records and submits the frame and returns without waiting;
    // collect() waits for it and reads the pixels back (errors of either are render()'s). One frame at
    // a time: while one is in flight (in_flight()), calling submit(), render(), render_depth_only() or
    // set_pass_timing() is a programmer error (asserted), and `model` must stay alive and unposed
    // (no set_skin_matrices) until collect() returns. Uploads and other submissions on the device may
    // go on meanwhile.
    Status submit(const GpuModel& model, const scene::Camera& camera, const scene::Lighting& lighting, RenderSize size,
                  const FrameSettings& settings = {});
    bool in_flight() const { return m_in_flight.has_value(); }
    Result<asset::ImageRgba8> collect();

    // The benchmark's floor: skinning and a depth-only pass of the same geometry, same size and
    // samples, nothing read back. Waits for the GPU.
    Status render_depth_only(const GpuModel& model, const scene::Camera& camera, RenderSize size);

    // Opaque and masked surfaces go through the visibility pass (view/visibility_pass.h: shaded once
    // per pixel and surface) when it is enabled, the device supports it and the model fits it, else
    // through the forward pass. Enabled by default on CPU devices (lavapipe, where it was measured:
    // docs/rendering.md) with multisampling, not at 1x and not on GPUs;
    // TWINSHOOT_RENDER_PATH=visibility|forward in the
    // environment chooses for every device (create() refuses another value), set_visibility() for
    // this renderer (A/B figures, tests).
    void set_visibility(bool on) { m_use_visibility = on; }
    bool visibility_enabled() const { return m_use_visibility; }
    bool visibility_available() const { return m_visibility.has_value(); }
    // Why the pass is not available (empty when it is).
    const std::string& visibility_unavailable_reason() const { return m_visibility_error; }
    // Whether the last render() went through the visibility pass.
    bool last_used_visibility() const { return m_last_visibility; }

    // Supersampling for batch quality: each render() draws `factor` times wider and taller (on top
    // of MSAA) and box-filters down to the requested size in linear light. 1 (default) to 4; the
    // enlarged size must fit the device's largest image, else render() fails saying so.
    void set_supersample(uint32_t factor);
    uint32_t supersample() const { return m_supersample; }

    // Levels of detail for views that move (the editor's dragged viewport). After set_coarse_levels,
    // upload() also uploads each mesh's coarse level (view/coarse_levels.h: made once per mesh content
    // and kept by this renderer; a mesh's coarse triangles are new triangles over a subset of its own
    // vertices); nullopt (the default) stops it. FrameSettings::coarse draws them (any renderer on the
    // same device may draw this one's uploads).
    void set_coarse_levels(std::optional<asset::CoarseOptions> options);
    const CoarseLevels* coarse_levels() const { return m_coarse_levels ? &*m_coarse_levels : nullptr; }

    // Where the last render() (or collect()) spent its time: "render" (recording the frame, submitting
    // it and waiting for its fence; after submit(), until collect() has waited, the caller's work in
    // between included) and "readback" (copying the pixels out, downsampling, unpremultiplying).
    const StageTimes& last_times() const { return m_last_times; }
    // GPU time per pass of each following render(), from timestamps (render/gpu_timer.h): for
    // benchmarks. Fails with Unsupported where the device writes no timestamps. The spans, in
    // recording order: "skinning + shadow maps", "backdrop light", then with the visibility pass
    // "ids", "classify", "evaluate", "shading" (its tiles) and "backdrop + blended", without it "shading,
    // backdrop + blended"; last "resolve + copy out" (with a backdrop drawn under the subject, also
    // that). On lavapipe a mark inside a pass does not split its work: the whole main pass lands in
    // its first span and "backdrop + blended" reads ~0 (docs/rendering.md, "Where a frame's time goes").
    Status set_pass_timing(bool on);
    const std::vector<std::pair<std::string, double>>& last_pass_times() const { return m_last_pass_times; }

    render::Device& device() { return m_device; }
    VkSampleCountFlagBits samples() const { return m_samples; }
    const FrameSet& frame_set() const { return *m_frame; }

private:
    OffscreenRenderer(render::Device& device, PbrPass pass, SkinningPass skinning, ShadowPass shadows)
        : m_device(device), m_pass(std::move(pass)), m_skinning(std::move(skinning)), m_shadows(std::move(shadows)) {}
    Status ensure_target(RenderSize size);
    Result<GpuModel> upload_any(const asset::Model& model);  // upload()'s work, either kind

    render::Device& m_device;
    PbrPass m_pass;
    SkinningPass m_skinning;
    ShadowPass m_shadows;
    render::PipelineLayout m_depth_layout;
    render::Pipeline m_depth_pipeline;
    VkSampleCountFlagBits m_samples = VK_SAMPLE_COUNT_1_BIT;
    uint32_t m_supersample = 1;
    std::optional<render::OffscreenTarget> m_target;
    std::optional<BackdropLight> m_backdrop_light;  // same drawn size as m_target
    std::optional<VisibilityPass> m_visibility;     // when the device supports it
    bool m_use_visibility = true;
    std::string m_visibility_error;
    bool m_last_visibility = false;
    std::optional<CoarseLevels> m_coarse_levels;  // made for uploads, when set
    struct ShadowKey {
        uint64_t serial = 0, skin_revision = 0;
        ShadowFrame frame;
    };
    std::optional<ShadowKey> m_shadow_key;  // what the skinned vertices and shadow maps hold
    struct InFlight {  // a submitted frame, until collect()
        uint64_t done = 0;  // timeline value
        RenderSize drawn;
        uint32_t supersample = 1;
        bool transparent = false;
        ShadowKey shadow_key;  // what the frame leaves in the skinned vertices and shadow maps
        Stopwatch submitted;   // since the frame's recording began
    };
    std::optional<InFlight> m_in_flight;
    std::optional<FrameSet> m_frame;
    StageTimes m_last_times;
    std::optional<render::GpuTimer> m_timer;  // while pass timing is on
    std::vector<std::pair<std::string, double>> m_last_pass_times;
};

}  // namespace twinshoot::view
