#include "view/offscreen_renderer.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>

#include "pbr_interface.h"
#include "render/vk_check.h"

namespace twinshoot::view {
namespace {

float srgb_to_linear(uint8_t v) {
    static const std::array<float, 256> table = [] {
        std::array<float, 256> t{};
        for (int i = 0; i < 256; ++i) {
            const float c = float(i) / 255.0f;
            t[size_t(i)] = c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f);
        }
        return t;
    }();
    return table[v];
}

uint8_t linear_to_srgb(float linear) {
    const float c = std::clamp(linear, 0.0f, 1.0f);
    const float encoded = c <= 0.0031308f ? c * 12.92f : 1.055f * std::pow(c, 1.0f / 2.4f) - 0.055f;
    return uint8_t(std::lround(encoded * 255.0f));
}

// Box filter of factor x factor pixels, colour averaged in linear light (alpha linearly): what a
// camera's sensor integrates. A premultiplied image (over a transparent clear) stays premultiplied.
asset::ImageRgba8 downsample(const asset::ImageRgba8& large, uint32_t factor) {
    asset::ImageRgba8 out;
    out.width = large.width / factor;
    out.height = large.height / factor;
    out.pixels.resize(size_t(out.width) * out.height * 4);
    const float weight = 1.0f / float(factor * factor);
    for (uint32_t y = 0; y < out.height; ++y)
        for (uint32_t x = 0; x < out.width; ++x) {
            float sum[4] = {0, 0, 0, 0};
            for (uint32_t dy = 0; dy < factor; ++dy)
                for (uint32_t dx = 0; dx < factor; ++dx) {
                    const uint8_t* p = large.at(x * factor + dx, y * factor + dy);
                    for (int c = 0; c < 3; ++c) sum[c] += srgb_to_linear(p[c]);
                    sum[3] += float(p[3]);
                }
            uint8_t* o = &out.pixels[(size_t(y) * out.width + x) * 4];
            for (int c = 0; c < 3; ++c) o[c] = linear_to_srgb(sum[c] * weight);
            o[3] = uint8_t(std::lround(sum[3] * weight));
        }
    return out;
}

// Over a transparent clear, multisample resolve and blending leave edge pixels premultiplied by
// their coverage (colour averaged with transparent black). Divide it out, in linear light, so the
// PNG's straight alpha has no dark fringe.
void unpremultiply_srgb(asset::ImageRgba8& image) {
    for (size_t i = 0; i < image.pixels.size(); i += 4) {
        const uint8_t a = image.pixels[i + 3];
        if (a == 0 || a == 255) continue;
        const float alpha = float(a) / 255.0f;
        for (size_t c = 0; c < 3; ++c) image.pixels[i + c] = linear_to_srgb(srgb_to_linear(image.pixels[i + c]) / alpha);
    }
}

}  // namespace

using namespace render;

namespace {
constexpr VkFormat kColorFormat = VK_FORMAT_R8G8B8A8_SRGB;

bool has_backdrop(const GpuModel& model) {
    for (const asset::MeshInstance& instance : model.instances)
        if (model.materials[model.meshes[instance.mesh].material].backdrop) return true;
    return false;
}

// The pixels `box` (world) covers in a target of `width` x `height` seen through `clip_from_world`,
// with 2 pixels to spare; the whole target when a corner lies behind the camera.
VkRect2D screen_rect(const asset::Aabb& box, const glm::mat4& clip_from_world, uint32_t width, uint32_t height) {
    std::array<glm::vec3, 8> corners;
    for (int k = 0; k < 8; ++k)
        corners[size_t(k)] = glm::vec3((k & 1) ? box.max.x : box.min.x, (k & 2) ? box.max.y : box.min.y,
                                       (k & 4) ? box.max.z : box.min.z);
    return view::screen_rect(corners, clip_from_world, width, height, 2.0f).value_or(VkRect2D{{0, 0}, {width, height}});
}
}  // namespace

Result<std::unique_ptr<OffscreenRenderer>> OffscreenRenderer::create(Device& device, uint32_t msaa,
                                                                     std::optional<std::filesystem::path> cache) {
    const VkSampleCountFlagBits samples = supported_samples(device, msaa);
    // The visibility pass is made wherever it can run. It is used by default on CPU devices with
    // multisampling, where it was measured faster (docs/rendering.md: at 1x the forward pass shades
    // little more than once per pixel, and the ids cost more than they save), and on request.
    bool use_visibility = device.properties().deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU && samples != VK_SAMPLE_COUNT_1_BIT;
    if (const char* path = std::getenv("TWINSHOOT_RENDER_PATH"); path && *path) {
        if (std::strcmp(path, "visibility") != 0 && std::strcmp(path, "forward") != 0)
            return make_error(ErrorCode::Invalid, std::string("TWINSHOOT_RENDER_PATH is '") + path +
                                                      "': it must be 'visibility' or 'forward'");
        use_visibility = std::strcmp(path, "visibility") == 0;
    }
    const bool visibility = VisibilityPass::supported(device, samples);
    TS_TRY_ASSIGN(VkFormat depth_format, choose_depth_format(device));
    TS_TRY_ASSIGN(PbrPass pass, PbrPass::create(device, kColorFormat, depth_format, samples));
    TS_TRY_ASSIGN(SkinningPass skinning, SkinningPass::create(device));
    TS_TRY_ASSIGN(ShadowPass shadows, ShadowPass::create(device, depth_format, pass.material_layout()));
    std::unique_ptr<OffscreenRenderer> renderer(
        new OffscreenRenderer(device, std::move(pass), std::move(skinning), std::move(shadows)));
    renderer->m_samples = samples;
    if (visibility) {
        // The pass is an optimisation: a driver that cannot build it leaves the forward pass, which
        // draws everything, and says why when asked (visibility_unavailable_reason()).
        auto vis = VisibilityPass::create(device, renderer->m_pass.frame_layout(), renderer->m_pass.material_layout(),
                                          kColorFormat, depth_format, samples);
        if (vis) renderer->m_visibility.emplace(std::move(vis).value());
        else renderer->m_visibility_error = vis.error().message;
    } else {
        renderer->m_visibility_error = "the device offers no gl_PrimitiveID in fragment shaders, no sampled "
                                       "multisampled integer image at this sample count, or (multisampled) no "
                                       "buffer device addresses";
    }
    renderer->m_use_visibility = use_visibility;
    TS_TRY_ASSIGN(renderer->m_depth_layout, create_depth_layout(device));
    TS_TRY_ASSIGN(renderer->m_depth_pipeline, create_depth_pipeline(device, renderer->m_depth_layout.get(), depth_format,
                                                                    samples, 0.0f, 0.0f, "depth only"));
    TS_TRY_ASSIGN(FrameSet frame, FrameSet::create(device, renderer->m_pass.frame_layout(), std::move(cache),
                                                   renderer->m_shadows));
    renderer->m_frame.emplace(std::move(frame));
    return renderer;
}

Result<GpuModel> OffscreenRenderer::upload(const asset::Model& model) {
    if (!model.twin_id.empty())
        return make_error(ErrorCode::Refused, model.source + ": is the avatar of twin '" + model.twin_id +
                                                  "'; a twin renders only as a licensed shot (render --twin, with a licence that grants it)");
    return upload_any(model);
}

Result<GpuModel> OffscreenRenderer::upload(const asset::Model& model, const TwinAccess&) { return upload_any(model); }

Result<GpuModel> OffscreenRenderer::upload_any(const asset::Model& model) {
    if (!m_coarse_levels) return upload_model(m_device, m_pass, m_skinning, model);
    const std::vector<std::vector<uint32_t>> coarse = m_coarse_levels->levels(model);
    return upload_model(m_device, m_pass, m_skinning, model, coarse);
}

void OffscreenRenderer::set_coarse_levels(std::optional<asset::CoarseOptions> options) {
    if (!options) m_coarse_levels.reset();
    else m_coarse_levels.emplace(*options);
}

Status OffscreenRenderer::ensure_target(RenderSize size) {
    if (m_target && m_target->width() == size.width && m_target->height() == size.height) return {};
    m_target.reset();
    TS_TRY_ASSIGN(auto target, OffscreenTarget::create(m_device, {.width = size.width, .height = size.height,
                                                                  .color_format = kColorFormat,
                                                                  .samples = m_samples}));
    m_target.emplace(std::move(target));
    m_backdrop_light.reset();
    TS_TRY_ASSIGN(auto light, BackdropLight::create(m_device, m_target->depth_format(), size.width, size.height));
    m_backdrop_light.emplace(std::move(light));
    m_frame->bind_backdrop_light(m_backdrop_light->view());
    return {};
}

Result<asset::ImageRgba8> OffscreenRenderer::render(const GpuModel& model, const scene::Camera& camera,
                                                    const scene::Lighting& lighting, RenderSize size,
                                                    const FrameSettings& settings) {
    TS_TRY(submit(model, camera, lighting, size, settings));
    return collect();
}

Status OffscreenRenderer::submit(const GpuModel& model, const scene::Camera& camera, const scene::Lighting& lighting,
                                 RenderSize size, const FrameSettings& settings) {
    assert(!m_in_flight && "collect() the frame in flight before submitting another");
    const RenderSize drawn{size.width * m_supersample, size.height * m_supersample};
    const uint32_t largest = m_device.properties().limits.maxImageDimension2D;
    if (drawn.width > largest || drawn.height > largest)
        return make_error(ErrorCode::Unsupported, std::to_string(size.width) + "x" + std::to_string(size.height) +
                                                      " supersampled " + std::to_string(m_supersample) + "x is " +
                                                      std::to_string(drawn.width) + "x" + std::to_string(drawn.height) +
                                                      ", larger than this device's largest image (" +
                                                      std::to_string(largest) + ")");
    TS_TRY(ensure_target(drawn));
    m_last_times = {};
    Stopwatch timer;
    // The frame set is rewritten here: the previous frame that read it has completed, because it was
    // collected (one frame in flight at a time).
    const ShadowFrame shadow = m_shadows.plan(lighting, settings.shadow_casters.value_or(model.bounds));
    TS_TRY(m_frame->update(camera, lighting, size.aspect(), shadow));
    const bool visibility = m_visibility && m_use_visibility && VisibilityPass::accepts(model) &&
                            m_visibility->takes(model, drawn.width, drawn.height);
    // Coarse levels only where the frame is drawn forward: the visibility pass shades once per pixel
    // and was faster drawing every triangle than the forward pass drawing a quarter of them
    // (lavapipe, MSAA 4: bench/README.md, "Dragged views from coarse levels of detail").
    const bool coarse = settings.coarse && !visibility;
    if (visibility) TS_TRY(m_visibility->prepare(model, *m_target));
    m_last_visibility = visibility;

    // The backdrop under the subject: with the visibility pass, the subject is drawn over a
    // transparent clear and the backdrop goes under it after the resolve, once per pixel, instead of
    // into every uncovered sample (its depth still hides what is behind it; record_ids).
    const bool backdrop_under =
        visibility && !settings.transparent && !settings.environment_background && has_backdrop(model);
    TS_TRY_ASSIGN(VkCommandBuffer commands, m_device.begin_commands("offscreen frame"));
    const glm::vec4 background =
        settings.transparent || backdrop_under ? glm::vec4(0.0f) : settings.clear_color;
    const float clear[4] = {background.r, background.g, background.b, background.a};
    const auto same_frame = [](const ShadowFrame& a, const ShadowFrame& b) {
        return a.shadow_matrix == b.shadow_matrix && a.contact_matrix == b.contact_matrix &&
               a.shadow_params == b.shadow_params && a.contact_params == b.contact_params && a.depth_bias == b.depth_bias &&
               a.key_clip_from_world == b.key_clip_from_world && a.contact_clip_from_world == b.contact_clip_from_world;
    };
    const bool reuse = settings.reuse_shadows && m_shadow_key && m_shadow_key->serial == model.serial &&
                       m_shadow_key->skin_revision == model.skin_revision && same_frame(m_shadow_key->frame, shadow);
    m_shadow_key.reset();  // until this frame completes
    const auto mark = [&](const char* pass) {
        if (m_timer) m_timer->mark(commands, pass);
    };
    if (m_timer) m_timer->begin(commands);
    if (!reuse) {
        m_skinning.record(commands, model);
        m_shadows.record(commands, model, shadow);
        mark("skinning + shadow maps");
    }
    // The backdrop's light at half resolution first (an empty pass without a backdrop: the frame set's
    // binding must be readable either way).
    const float backdrop_clear[3] = {settings.clear_color.r, settings.clear_color.g, settings.clear_color.b};
    m_backdrop_light->begin(commands, backdrop_clear);
    const glm::mat4 clip_from_world = camera.projection(size.aspect()) * camera.view();
    m_pass.record_backdrop_light(commands, m_frame->set(), model, m_backdrop_light->shadow_rects(shadow, clip_from_world),
                                 m_backdrop_light->extent());
    m_backdrop_light->end(commands);
    mark("backdrop light");
    if (visibility) {
        std::optional<VkRect2D> backdrop_depth;
        if (backdrop_under)
            backdrop_depth = screen_rect(settings.shadow_casters.value_or(model.bounds), clip_from_world, drawn.width,
                                         drawn.height);
        m_visibility->record_ids(commands, m_frame->set(), model, *m_target, glm::inverse(clip_from_world), mark,
                                 backdrop_depth);
        mark("evaluate");
    }
    m_target->begin(commands, clear, visibility);
    std::function<void()> shade_opaque;
    if (visibility)
        shade_opaque = [&] {
            m_visibility->record_shading(commands, m_frame->set(), model);
            mark("shading");
        };
    m_pass.record(commands, m_frame->set(), model, camera.position,
                  settings.environment_background && !settings.transparent, shade_opaque, coarse, !backdrop_under);
    mark(visibility ? "backdrop + blended" : "shading, backdrop + blended");
    if (backdrop_under) m_target->end(commands, [&] { m_pass.record_backdrop_under(commands, m_frame->set()); });
    else m_target->end(commands);
    mark("resolve + copy out");
    TS_TRY_ASSIGN(uint64_t done, m_device.submit(commands));
    m_in_flight = InFlight{.done = done,
                           .drawn = drawn,
                           .supersample = m_supersample,
                           .transparent = settings.transparent,
                           .shadow_key = ShadowKey{model.serial, model.skin_revision, shadow},
                           .submitted = timer};
    return {};
}

Result<asset::ImageRgba8> OffscreenRenderer::collect() {
    assert(m_in_flight && "submit() a frame before collecting it");
    const InFlight frame = *m_in_flight;
    m_in_flight.reset();
    // Whatever happens below, the frame set and targets are free again once the fence is waited.
    TS_TRY(m_device.wait(frame.done));
    if (m_timer) {
        TS_TRY_ASSIGN(m_last_pass_times, m_timer->read());
    }
    m_shadow_key = frame.shadow_key;
    m_last_times.add("render", frame.submitted.ms());
    Stopwatch timer;

    asset::ImageRgba8 image;
    image.width = frame.drawn.width;
    image.height = frame.drawn.height;
    image.pixels = m_target->read_pixels();
    if (frame.supersample > 1) image = downsample(image, frame.supersample);
    if (frame.transparent) unpremultiply_srgb(image);
    m_last_times.add("readback", timer.ms());
    return image;
}

Status OffscreenRenderer::set_pass_timing(bool on) {
    assert(!m_in_flight && "collect() the frame in flight first");
    m_last_pass_times.clear();
    if (!on) {
        m_timer.reset();
        return {};
    }
    if (!m_timer) {
        TS_TRY_ASSIGN(render::GpuTimer timer, render::GpuTimer::create(m_device));
        m_timer.emplace(std::move(timer));
    }
    return {};
}

void OffscreenRenderer::set_supersample(uint32_t factor) {
    assert(factor >= 1 && factor <= 4 && "supersampling is 1x to 4x");
    m_supersample = factor;
}

Status OffscreenRenderer::render_depth_only(const GpuModel& model, const scene::Camera& camera, RenderSize size) {
    assert(!m_in_flight && "collect() the frame in flight first");
    TS_TRY(ensure_target(size));
    TS_TRY_ASSIGN(VkCommandBuffer commands, m_device.begin_commands("depth-only frame"));
    m_shadow_key.reset();
    m_skinning.record(commands, model);
    m_target->begin_depth_only(commands);
    record_depth(commands, m_depth_layout.get(), m_depth_pipeline.get(), model,
                 camera.projection(size.aspect()) * camera.view(), DepthDraw::Floor);
    vkCmdEndRendering(commands);
    TS_TRY_ASSIGN(uint64_t done, m_device.submit(commands));
    return m_device.wait(done);
}

}  // namespace twinshoot::view
