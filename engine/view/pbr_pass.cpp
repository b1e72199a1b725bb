#include "view/pbr_pass.h"

#include <glm/gtc/matrix_inverse.hpp>

#include <algorithm>
#include <array>
#include <vector>

#include "embedded_shaders.h"
#include "pbr_interface.h"
#include "render/pipeline.h"
#include "render/uploader.h"
#include "render/vk_check.h"
#include "view/backdrop_light.h"

namespace twinshoot::view {
using namespace render;

namespace {

VkSamplerAddressMode address_mode(asset::WrapMode mode) {
    switch (mode) {
        case asset::WrapMode::ClampToEdge: return VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE;
        case asset::WrapMode::MirroredRepeat: return VK_SAMPLER_ADDRESS_MODE_MIRRORED_REPEAT;
        default: return VK_SAMPLER_ADDRESS_MODE_REPEAT;
    }
}

Result<Image> make_pixel(Device& device, Uploader& uploader, VkFormat format, std::array<uint8_t, 4> rgba,
                         const char* name) {
    TS_TRY_ASSIGN(Image image, Image::create(device, {.format = format, .width = 1, .height = 1,
                                                      .usage = VK_IMAGE_USAGE_SAMPLED_BIT |
                                                               VK_IMAGE_USAGE_TRANSFER_DST_BIT,
                                                      .name = name}));
    TS_TRY(uploader.image(image, rgba));
    return image;
}

}  // namespace

Result<Sampler> create_material_sampler(Device& device, asset::WrapMode u, asset::WrapMode v) {
    // Anisotropic filtering is nearly free in GPU hardware; on a CPU device (lavapipe) it cost a quarter
    // of a 1080x1350 frame (Michelle, 4x MSAA: 580 -> 439 ms; 4x or 2x instead of 8x saved only 6%), so
    // there the material textures are filtered trilinearly.
    const bool anisotropy = device.sampler_anisotropy() && device.properties().deviceType != VK_PHYSICAL_DEVICE_TYPE_CPU;
    VkSamplerCreateInfo info{
        .sType = VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO,
        .magFilter = VK_FILTER_LINEAR,
        .minFilter = VK_FILTER_LINEAR,
        .mipmapMode = VK_SAMPLER_MIPMAP_MODE_LINEAR,
        .addressModeU = address_mode(u),
        .addressModeV = address_mode(v),
        .addressModeW = VK_SAMPLER_ADDRESS_MODE_REPEAT,
        .anisotropyEnable = anisotropy ? VK_TRUE : VK_FALSE,
        .maxAnisotropy = anisotropy ? std::min(8.0f, device.properties().limits.maxSamplerAnisotropy) : 1.0f,
        .maxLod = VK_LOD_CLAMP_NONE,
    };
    VkSampler sampler = VK_NULL_HANDLE;
    TS_VK_TRY(vkCreateSampler(device.handle(), &info, nullptr, &sampler), "vkCreateSampler (material)");
    return Sampler(device, sampler, "material sampler");
}

Result<PbrPass> PbrPass::create(Device& device, VkFormat color_format, VkFormat depth_format, VkSampleCountFlagBits samples) {
    PbrPass pass;
    const VkDescriptorSetLayoutBinding frame_bindings[] = {
        {TS_BINDING_FRAME, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, 1,
         VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
        {TS_BINDING_ENV_SPECULAR, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
        {TS_BINDING_BRDF_LUT, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
        {TS_BINDING_SHADOW_MAP, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
        {TS_BINDING_CONTACT_MAP, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
        {TS_BINDING_BACKDROP_LIGHT, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
    };
    TS_TRY_ASSIGN(pass.m_frame_layout, create_descriptor_set_layout(device, frame_bindings, "pbr frame set"));
    std::array<VkDescriptorSetLayoutBinding, 1 + gpu::kMaterialTextureCount> material_bindings{};
    material_bindings[0] = {TS_BINDING_MATERIAL, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, 1, VK_SHADER_STAGE_FRAGMENT_BIT,
                            nullptr};
    const uint32_t texture_bindings[] = {TS_BINDING_BASE_COLOR_TEX, TS_BINDING_METAL_ROUGH_TEX, TS_BINDING_NORMAL_TEX,
                                         TS_BINDING_OCCLUSION_TEX, TS_BINDING_EMISSIVE_TEX};
    for (uint32_t i = 0; i < gpu::kMaterialTextureCount; ++i)
        material_bindings[1 + i] = {texture_bindings[i], VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1,
                                    VK_SHADER_STAGE_FRAGMENT_BIT, nullptr};
    TS_TRY_ASSIGN(pass.m_material_layout,
                  create_descriptor_set_layout(device, material_bindings, "pbr material set"));

    const VkDescriptorSetLayout sets[] = {pass.m_frame_layout.get(), pass.m_material_layout.get()};
    const VkPushConstantRange push{VK_SHADER_STAGE_VERTEX_BIT, 0, sizeof(gpu::DrawPushConstants)};
    TS_TRY_ASSIGN(pass.m_layout, create_pipeline_layout(device, sets, {&push, 1}, "pbr layout"));

    const VkVertexInputBindingDescription binding{0, sizeof(asset::Vertex), VK_VERTEX_INPUT_RATE_VERTEX};
    const VkVertexInputAttributeDescription attributes[] = {
        {0, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(asset::Vertex, position)},
        {1, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(asset::Vertex, normal)},
        {2, 0, VK_FORMAT_R32G32B32A32_SFLOAT, offsetof(asset::Vertex, tangent)},
        {3, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(asset::Vertex, uv)},
    };
    GraphicsPipelineDesc desc{
        .vertex_spirv = shaders::find("pbr.vert"),
        .fragment_spirv = shaders::find("pbr.frag"),
        .vertex_bindings = {&binding, 1},
        .vertex_attributes = attributes,
        .layout = pass.m_layout.get(),
        .color_format = color_format,
        .depth_format = depth_format,
        .samples = samples,
        .dynamic_cull = true,
        .name = "pbr opaque",
    };
    TS_TRY_ASSIGN(pass.m_opaque, create_graphics_pipeline(device, desc));
    const uint32_t backdrop_variant[] = {1u};
    desc.fragment_constants = backdrop_variant;
    desc.name = "pbr backdrop";
    TS_TRY_ASSIGN(pass.m_backdrop, create_graphics_pipeline(device, desc));
    desc.fragment_constants = {};
    GraphicsPipelineDesc light = desc;
    light.fragment_spirv = shaders::find("backdrop_light.frag");
    light.color_format = BackdropLight::kFormat;
    light.samples = VK_SAMPLE_COUNT_1_BIT;
    light.name = "backdrop light";
    for (uint32_t variant = 0; variant < 4; ++variant) {
        const uint32_t shadows[] = {variant & 1u, (variant >> 1) & 1u};  // key light, contact
        light.fragment_constants = shadows;
        TS_TRY_ASSIGN(pass.m_backdrop_light[variant], create_graphics_pipeline(device, light));
    }
    desc.blend = BlendMode::AlphaBlend;
    desc.depth_write = false;
    desc.name = "pbr blend";
    TS_TRY_ASSIGN(pass.m_blend, create_graphics_pipeline(device, desc));
    // The environment behind the subject: a screen-covering triangle at the far plane, drawn after
    // the opaque surfaces so the depth test leaves only the uncovered pixels to shade.
    TS_TRY_ASSIGN(pass.m_background, create_graphics_pipeline(device, {.vertex_spirv = shaders::find("background.vert"),
                                                                       .fragment_spirv = shaders::find("background.frag"),
                                                                       .layout = pass.m_layout.get(),
                                                                       .color_format = color_format,
                                                                       .depth_format = depth_format,
                                                                       .samples = samples,
                                                                       .cull = VK_CULL_MODE_NONE,
                                                                       .depth_write = false,
                                                                       .name = "environment background"}));

    TS_TRY_ASSIGN(pass.m_backdrop_under,
                  create_graphics_pipeline(device, {.vertex_spirv = shaders::find("background.vert"),
                                                    .fragment_spirv = shaders::find("backdrop_under.frag"),
                                                    .layout = pass.m_layout.get(),
                                                    .color_format = color_format,
                                                    .samples = VK_SAMPLE_COUNT_1_BIT,
                                                    .cull = VK_CULL_MODE_NONE,
                                                    .depth_test = false,
                                                    .depth_write = false,
                                                    .blend = BlendMode::Under,
                                                    .name = "backdrop under"}));

    Uploader uploader(device);
    TS_TRY_ASSIGN(pass.m_white_srgb, make_pixel(device, uploader, VK_FORMAT_R8G8B8A8_SRGB, {255, 255, 255, 255},
                                                "fallback white srgb"));
    TS_TRY_ASSIGN(pass.m_white_linear, make_pixel(device, uploader, VK_FORMAT_R8G8B8A8_UNORM, {255, 255, 255, 255},
                                                  "fallback white linear"));
    TS_TRY_ASSIGN(pass.m_flat_normal, make_pixel(device, uploader, VK_FORMAT_R8G8B8A8_UNORM, {128, 128, 255, 255},
                                                 "fallback flat normal"));
    TS_TRY_ASSIGN(pass.m_ready_value, uploader.submit());
    TS_TRY_ASSIGN(pass.m_default_sampler,
                  create_material_sampler(device, asset::WrapMode::Repeat, asset::WrapMode::Repeat));
    return pass;
}

void PbrPass::draw_instance(VkCommandBuffer commands, const GpuModel& model, size_t index,
                            uint32_t& bound_material, bool coarse) const {
    const asset::MeshInstance& instance = model.instances[index];
    const GpuMesh& mesh = model.meshes[instance.mesh];
    const GpuMaterial& material = model.materials[mesh.material];
    if (mesh.material != bound_material) {
        vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, m_layout.get(), TS_SET_MATERIAL, 1,
                                &material.descriptor_set, 0, nullptr);
        bound_material = mesh.material;
    }
    gpu::DrawPushConstants push{instance.transform, glm::inverseTranspose(instance.transform)};
    vkCmdPushConstants(commands, m_layout.get(), VK_SHADER_STAGE_VERTEX_BIT, 0, sizeof push, &push);
    // A mirroring transform (negative determinant) reverses the winding of its triangles.
    const bool mirrored = glm::determinant(glm::mat3(instance.transform)) < 0.0f;
    vkCmdSetCullMode(commands, material.double_sided ? VK_CULL_MODE_NONE : VK_CULL_MODE_BACK_BIT);
    vkCmdSetFrontFace(commands, mirrored ? VK_FRONT_FACE_CLOCKWISE : VK_FRONT_FACE_COUNTER_CLOCKWISE);
    const VkDeviceSize offset = 0;
    const VkBuffer vertex_buffer = mesh.draw_vertices().handle();
    vkCmdBindVertexBuffers(commands, 0, 1, &vertex_buffer, &offset);
    vkCmdBindIndexBuffer(commands, mesh.indices.handle(), 0, VK_INDEX_TYPE_UINT32);
    if (coarse && mesh.coarse_index_count > 0) vkCmdDrawIndexed(commands, mesh.coarse_index_count, 1, mesh.coarse_first_index, 0, 0);
    else vkCmdDrawIndexed(commands, mesh.index_count, 1, 0, 0, 0);
}

void PbrPass::record_backdrop_under(VkCommandBuffer commands, VkDescriptorSet frame_set) const {
    vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, m_layout.get(), TS_SET_FRAME, 1, &frame_set,
                            0, nullptr);
    vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, m_backdrop_under.get());
    vkCmdDraw(commands, 3, 1, 0, 0);
}

void PbrPass::record_backdrop_light(VkCommandBuffer commands, VkDescriptorSet frame_set, const GpuModel& model,
                                    const BackdropShadowRects& rects, VkExtent2D extent) const {
    std::vector<size_t> backdrops;
    for (size_t i = 0; i < model.instances.size(); ++i)
        if (model.materials[model.meshes[model.instances[i].mesh].material].backdrop) backdrops.push_back(i);
    if (backdrops.empty()) return;
    vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, m_layout.get(), TS_SET_FRAME, 1, &frame_set,
                            0, nullptr);
    // Cut the target along both rectangles' edges: each cell lies wholly inside or outside each.
    std::vector<uint32_t> xs = {0, extent.width}, ys = {0, extent.height};
    for (const std::optional<VkRect2D>& r : {rects.key, rects.contact}) {
        if (!r) continue;
        xs.insert(xs.end(), {uint32_t(r->offset.x), uint32_t(r->offset.x) + r->extent.width});
        ys.insert(ys.end(), {uint32_t(r->offset.y), uint32_t(r->offset.y) + r->extent.height});
    }
    for (std::vector<uint32_t>* edges : {&xs, &ys}) {
        for (uint32_t& e : *edges) e = std::min(e, edges == &xs ? extent.width : extent.height);
        std::sort(edges->begin(), edges->end());
        edges->erase(std::unique(edges->begin(), edges->end()), edges->end());
    }
    const auto covers = [](const std::optional<VkRect2D>& r, uint32_t x, uint32_t y) {
        return !r || (int64_t(x) >= r->offset.x && int64_t(x) < int64_t(r->offset.x) + r->extent.width &&
                      int64_t(y) >= r->offset.y && int64_t(y) < int64_t(r->offset.y) + r->extent.height);
    };
    uint32_t bound_material = UINT32_MAX;
    VkPipeline bound = VK_NULL_HANDLE;
    for (size_t j = 0; j + 1 < ys.size(); ++j)
        for (size_t i = 0; i + 1 < xs.size(); ++i) {
            const uint32_t variant = (covers(rects.key, xs[i], ys[j]) ? 1u : 0u) | (covers(rects.contact, xs[i], ys[j]) ? 2u : 0u);
            const VkPipeline pipeline = m_backdrop_light[variant].get();
            if (pipeline != bound) vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline);
            bound = pipeline;
            const VkRect2D cell{{int32_t(xs[i]), int32_t(ys[j])}, {xs[i + 1] - xs[i], ys[j + 1] - ys[j]}};
            vkCmdSetScissor(commands, 0, 1, &cell);
            for (size_t index : backdrops) draw_instance(commands, model, index, bound_material);
        }
}

void PbrPass::record(VkCommandBuffer commands, VkDescriptorSet frame_set, const GpuModel& model, const glm::vec3& eye,
                     bool environment_background, const std::function<void()>& shade_opaque, bool coarse,
                     bool draw_backdrops) const {
    if (shade_opaque) shade_opaque();
    vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, m_layout.get(), TS_SET_FRAME, 1, &frame_set,
                            0, nullptr);
    // Opaque and masked in model order (grouped by material), then backdrops (mostly hidden behind
    // the subject, so the depth test spares them); blended from the farthest to the nearest.
    std::vector<std::pair<float, size_t>> blended;
    std::vector<size_t> opaque, backdrops;
    for (size_t i = 0; i < model.instances.size(); ++i) {
        const asset::MeshInstance& instance = model.instances[i];
        const GpuMesh& mesh = model.meshes[instance.mesh];
        const GpuMaterial& material = model.materials[mesh.material];
        if (material.backdrop) {
            if (draw_backdrops) backdrops.push_back(i);
        } else if (!material.blend) {
            opaque.push_back(i);
        } else {
            const glm::vec3 centre = glm::vec3(instance.transform * glm::vec4(mesh.bounds.center(), 1.0f));
            blended.emplace_back(glm::distance(centre, eye), i);
        }
    }
    std::stable_sort(blended.begin(), blended.end(), [](const auto& a, const auto& b) { return a.first > b.first; });

    uint32_t bound_material = UINT32_MAX;
    auto draw = [&](size_t index) { draw_instance(commands, model, index, bound_material, coarse); };
    if (!shade_opaque) {
        vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, m_opaque.get());
        for (size_t index : opaque) draw(index);
    }
    if (!backdrops.empty()) {
        vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, m_backdrop.get());
        for (size_t index : backdrops) draw(index);
    }
    if (environment_background) {
        vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, m_background.get());
        vkCmdDraw(commands, 3, 1, 0, 0);
    }
    if (!blended.empty()) {
        vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, m_blend.get());
        for (const auto& [distance, index] : blended) draw(index);
    }
}

}  // namespace twinshoot::view
