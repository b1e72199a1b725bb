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

Result<std::unique_ptr<OffscreenRenderer>> OffscreenRenderer::create(Device& device, uint32_t msaa) {
    TS_TRY_ASSIGN(VkFormat depth_format, choose_depth_format(device));
    const VkSampleCountFlagBits samples = supported_samples(device, msaa);
    TS_TRY_ASSIGN(PbrPass pass, PbrPass::create(device, kColorFormat, depth_format, samples));
    TS_TRY_ASSIGN(SkinningPass skinning, SkinningPass::create(device));
    std::unique_ptr<OffscreenRenderer> renderer(new OffscreenRenderer(device, std::move(pass), std::move(skinning)));
    renderer->m_samples = samples;

    TS_TRY_ASSIGN(renderer->m_frame_uniforms,
                  Buffer::create(device, sizeof(gpu::FrameUniforms), VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT,
                                 MemoryUsage::Upload, "frame uniforms"));
    const VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, 1};
    VkDescriptorPoolCreateInfo pool_info{
        .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO, .maxSets = 1, .poolSizeCount = 1, .pPoolSizes = &size};
    VkDescriptorPool pool = VK_NULL_HANDLE;
    TS_VK_TRY(vkCreateDescriptorPool(device.handle(), &pool_info, nullptr, &pool), "vkCreateDescriptorPool (frame)");
    renderer->m_frame_pool = DescriptorPool(device, pool, "frame");
    VkDescriptorSetLayout layout = renderer->m_pass.frame_layout();
    VkDescriptorSetAllocateInfo alloc{.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
                                      .descriptorPool = pool,
                                      .descriptorSetCount = 1,
                                      .pSetLayouts = &layout};
    TS_VK_TRY(vkAllocateDescriptorSets(device.handle(), &alloc, &renderer->m_frame_set),
              "vkAllocateDescriptorSets (frame)");
    const VkDescriptorBufferInfo buffer{renderer->m_frame_uniforms.handle(), 0, sizeof(gpu::FrameUniforms)};
    VkWriteDescriptorSet write{.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,
                               .dstSet = renderer->m_frame_set,
                               .dstBinding = TS_BINDING_FRAME,
                               .descriptorCount = 1,
                               .descriptorType = VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER,
                               .pBufferInfo = &buffer};
    vkUpdateDescriptorSets(device.handle(), 1, &write, 0, nullptr);
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
    // The frame uniforms are rewritten here: the previous frame that read them has completed,
    // because every render() waits for its own submission below.
    const glm::vec3 to_light = -glm::normalize(lighting.key.direction);
    gpu::FrameUniforms frame{
        .view = camera.view(),
        .projection = camera.projection(size.aspect()),
        .camera_position = glm::vec4(camera.position, 1.0f),
        .light_direction = glm::vec4(to_light, 0.0f),
        .light_color = glm::vec4(lighting.key.color * lighting.key.illuminance, 0.0f),
        .ambient = glm::vec4(lighting.ambient.color * lighting.ambient.intensity, lighting.exposure),
    };
    std::memcpy(m_frame_uniforms.mapped(), &frame, sizeof frame);

    TS_TRY_ASSIGN(VkCommandBuffer commands, m_device.begin_commands("offscreen frame"));
    const glm::vec4 background = settings.transparent ? glm::vec4(0.0f) : settings.clear_color;
    const float clear[4] = {background.r, background.g, background.b, background.a};
    m_skinning.record(commands, model);
    m_target->begin(commands, clear);
    m_pass.record(commands, m_frame_set, model);
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

}  // namespace twinshoot::view
