#include "view/offscreen_renderer.h"

#include <cmath>

#include <algorithm>

#include <array>

#include <cstring>

#include "pbr_interface.h"
#include "render/vk_check.h"

namespace twinshoot::view {
namespace {

// Over a transparent clear, multisample resolve and blending leave edge pixels premultiplied by
// their coverage (colour averaged with transparent black). Divide it out, in linear light, so the
// PNG's straight alpha has no dark fringe.
void unpremultiply_srgb(asset::ImageRgba8& image) {
    static const std::array<float, 256> to_linear = [] {
        std::array<float, 256> t{};
        for (int i = 0; i < 256; ++i) {
            const float c = float(i) / 255.0f;
            t[size_t(i)] = c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f);
        }
        return t;
    }();
    for (size_t i = 0; i < image.pixels.size(); i += 4) {
        const uint8_t a = image.pixels[i + 3];
        if (a == 0 || a == 255) continue;
        const float alpha = float(a) / 255.0f;
        for (size_t c = 0; c < 3; ++c) {
            const float linear = std::min(1.0f, to_linear[image.pixels[i + c]] / alpha);
            const float encoded = linear <= 0.0031308f ? linear * 12.92f : 1.055f * std::pow(linear, 1.0f / 2.4f) - 0.055f;
            image.pixels[i + c] = uint8_t(std::lround(std::clamp(encoded, 0.0f, 1.0f) * 255.0f));
        }
    }
}

}  // namespace

using namespace render;

namespace {
constexpr VkFormat kColorFormat = VK_FORMAT_R8G8B8A8_SRGB;
}

Result<std::unique_ptr<OffscreenRenderer>> OffscreenRenderer::create(Device& device, uint32_t msaa,
                                                                     std::optional<std::filesystem::path> cache) {
    TS_TRY_ASSIGN(VkFormat depth_format, choose_depth_format(device));
    const VkSampleCountFlagBits samples = supported_samples(device, msaa);
    TS_TRY_ASSIGN(PbrPass pass, PbrPass::create(device, kColorFormat, depth_format, samples));
    TS_TRY_ASSIGN(SkinningPass skinning, SkinningPass::create(device));
    TS_TRY_ASSIGN(ShadowPass shadows, ShadowPass::create(device, depth_format, pass.material_layout()));
    std::unique_ptr<OffscreenRenderer> renderer(
        new OffscreenRenderer(device, std::move(pass), std::move(skinning), std::move(shadows)));
    renderer->m_samples = samples;
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
    return upload_model(m_device, m_pass, m_skinning, model);
}

Result<GpuModel> OffscreenRenderer::upload(const asset::Model& model, const TwinAccess&) {
    return upload_model(m_device, m_pass, m_skinning, model);
}

Status OffscreenRenderer::ensure_target(RenderSize size) {
    if (m_target && m_target->width() == size.width && m_target->height() == size.height) return {};
    m_target.reset();
    TS_TRY_ASSIGN(auto target, OffscreenTarget::create(m_device, {.width = size.width, .height = size.height,
                                                                  .color_format = kColorFormat, .samples = m_samples}));
    m_target.emplace(std::move(target));
    return {};
}

Result<asset::ImageRgba8> OffscreenRenderer::render(const GpuModel& model, const scene::Camera& camera,
                                                    const scene::Lighting& lighting, RenderSize size,
                                                    const FrameSettings& settings) {
    TS_TRY(ensure_target(size));
    // The frame set is rewritten here: the previous frame that read it has completed, because every
    // render() waits for its own submission below.
    const ShadowFrame shadow = m_shadows.plan(lighting, settings.shadow_casters.value_or(model.bounds));
    TS_TRY(m_frame->update(camera, lighting, size.aspect(), shadow));

    TS_TRY_ASSIGN(VkCommandBuffer commands, m_device.begin_commands("offscreen frame"));
    const glm::vec4 background = settings.transparent ? glm::vec4(0.0f) : settings.clear_color;
    const float clear[4] = {background.r, background.g, background.b, background.a};
    m_skinning.record(commands, model);
    m_shadows.record(commands, model, shadow);
    m_target->begin(commands, clear);
    m_pass.record(commands, m_frame->set(), model, camera.position,
                  settings.environment_background && !settings.transparent);
    m_target->end(commands);
    TS_TRY_ASSIGN(uint64_t done, m_device.submit(commands));
    TS_TRY(m_device.wait(done));

    asset::ImageRgba8 image;
    image.width = size.width;
    image.height = size.height;
    image.pixels = m_target->read_pixels();
    if (settings.transparent) unpremultiply_srgb(image);
    return image;
}

Status OffscreenRenderer::render_depth_only(const GpuModel& model, const scene::Camera& camera, RenderSize size) {
    TS_TRY(ensure_target(size));
    TS_TRY_ASSIGN(VkCommandBuffer commands, m_device.begin_commands("depth-only frame"));
    m_skinning.record(commands, model);
    m_target->begin_depth_only(commands);
    record_depth(commands, m_depth_layout.get(), m_depth_pipeline.get(), model,
                 camera.projection(size.aspect()) * camera.view(), DepthDraw::Floor);
    vkCmdEndRendering(commands);
    TS_TRY_ASSIGN(uint64_t done, m_device.submit(commands));
    return m_device.wait(done);
}

}  // namespace twinshoot::view
