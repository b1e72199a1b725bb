#include "view/shadow_pass.h"

#include <glm/gtc/matrix_transform.hpp>

#include <algorithm>
#include <tuple>

#include "embedded_shaders.h"
#include "render/barriers.h"
#include "render/pipeline.h"
#include "render/vk_check.h"

namespace twinshoot::view {
using namespace render;

namespace {

// Texture coordinates from clip space: xy from [-1, 1] to [0, 1], depth unchanged.
const glm::mat4 kClipToTexture{0.5f, 0.0f, 0.0f, 0.0f,  //
                               0.0f, 0.5f, 0.0f, 0.0f,  //
                               0.0f, 0.0f, 1.0f, 0.0f,  //
                               0.5f, 0.5f, 0.0f, 1.0f};

constexpr float kSoftRadius = 0.006f;    // metres: the key light's penumbra half-width (a softbox)
constexpr float kContactFade = 0.20f;    // metres above the floor over which the contact shadow fades
constexpr float kContactRadius = 0.12f;  // metres: how far from a sole the floor darkens
constexpr float kContactStrength = 0.85f;
constexpr float kFloorBelow = 0.05f;  // the overhead map reaches this far below the lowest caster
constexpr float kContactMargin = 0.05f;  // ... and this far above the fade (its far plane)
// Depth bias of the maps, in depth-buffer units: a constant of a few steps plus the slope term that
// grazing receivers need; the shader's normal offset does the rest.
constexpr float kBiasConstant = 2.0f, kBiasSlope = 1.5f;

Result<Sampler> make_sampler(Device& device, VkFilter filter, bool compare, const char* name) {
    VkSamplerCreateInfo info{
        .sType = VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO,
        .magFilter = filter,
        .minFilter = filter,
        .mipmapMode = VK_SAMPLER_MIPMAP_MODE_NEAREST,
        .addressModeU = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_BORDER,
        .addressModeV = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_BORDER,
        .addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_BORDER,
        .compareEnable = compare ? VK_TRUE : VK_FALSE,
        .compareOp = VK_COMPARE_OP_LESS_OR_EQUAL,
        .maxLod = 0.0f,
        .borderColor = VK_BORDER_COLOR_FLOAT_OPAQUE_WHITE,  // outside the map: nothing in the way
    };
    VkSampler sampler = VK_NULL_HANDLE;
    TS_VK_TRY(vkCreateSampler(device.handle(), &info, nullptr, &sampler),
              std::string("vkCreateSampler (") + name + ")");
    return Sampler(device, sampler, name);
}

void to_attachment(VkCommandBuffer commands, const Image& map, VkImageLayout from) {
    transition(commands, {.image = map.handle(),
                          .aspect = VK_IMAGE_ASPECT_DEPTH_BIT,
                          .from = from,
                          .to = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
                          .src_stage = VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                          .src_access = VK_ACCESS_2_NONE,
                          .dst_stage = VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT |
                                       VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
                          .dst_access = VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT |
                                        VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT});
}

void to_sampled(VkCommandBuffer commands, const Image& map) {
    transition(commands, {.image = map.handle(),
                          .aspect = VK_IMAGE_ASPECT_DEPTH_BIT,
                          .from = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
                          .to = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                          .src_stage = VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
                          .src_access = VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT,
                          .dst_stage = VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                          .dst_access = VK_ACCESS_2_SHADER_SAMPLED_READ_BIT});
}

void begin_depth(VkCommandBuffer commands, const Image& map) {
    VkRenderingAttachmentInfo depth{
        .sType = VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO,
        .imageView = map.view(),
        .imageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
        .loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR,
        .storeOp = VK_ATTACHMENT_STORE_OP_STORE,
        .clearValue = {.depthStencil = {1.0f, 0}},
    };
    VkRenderingInfo info{
        .sType = VK_STRUCTURE_TYPE_RENDERING_INFO,
        .renderArea = {{0, 0}, {map.width(), map.height()}},
        .layerCount = 1,
        .pDepthAttachment = &depth,
    };
    vkCmdBeginRendering(commands, &info);
    const VkViewport viewport{0.0f, 0.0f, float(map.width()), float(map.height()), 0.0f, 1.0f};
    const VkRect2D scissor{{0, 0}, {map.width(), map.height()}};
    vkCmdSetViewport(commands, 0, 1, &viewport);
    vkCmdSetScissor(commands, 0, 1, &scissor);
}

}  // namespace

Result<PipelineLayout> create_depth_layout(Device& device) {
    const VkPushConstantRange push{VK_SHADER_STAGE_VERTEX_BIT, 0, sizeof(glm::mat4)};
    return create_pipeline_layout(device, {}, {&push, 1}, "depth layout");
}

Result<Pipeline> create_depth_pipeline(Device& device, VkPipelineLayout layout, VkFormat depth_format,
                                       VkSampleCountFlagBits samples, float bias_constant, float bias_slope,
                                       const char* name) {
    const VkVertexInputBindingDescription binding{0, sizeof(asset::Vertex), VK_VERTEX_INPUT_RATE_VERTEX};
    const VkVertexInputAttributeDescription position{0, 0, VK_FORMAT_R32G32B32_SFLOAT,
                                                     offsetof(asset::Vertex, position)};
    return create_graphics_pipeline(device, {.vertex_spirv = shaders::find("depth.vert"),
                                             .vertex_bindings = {&binding, 1},
                                             .vertex_attributes = {&position, 1},
                                             .layout = layout,
                                             .depth_format = depth_format,
                                             .samples = samples,
                                             .dynamic_cull = true,
                                             .depth_bias_constant = bias_constant,
                                             .depth_bias_slope = bias_slope,
                                             .name = name});
}

namespace {

// One instance's draw into a depth map: cull state, push constant, buffers.
void draw_depth(VkCommandBuffer commands, VkPipelineLayout layout, const GpuMesh& mesh, const GpuMaterial& material,
                const glm::mat4& transform, const glm::mat4& clip_from_world, DepthDraw what) {
    const glm::mat4 clip_from_model = clip_from_world * transform;
    vkCmdPushConstants(commands, layout, VK_SHADER_STAGE_VERTEX_BIT, 0, sizeof clip_from_model, &clip_from_model);
    const bool mirrored = glm::determinant(glm::mat3(transform)) < 0.0f;
    const bool y_up = what != DepthDraw::Floor;
    const bool both_faces = what == DepthDraw::Contact || material.double_sided;
    vkCmdSetCullMode(commands, both_faces ? VK_CULL_MODE_NONE : VK_CULL_MODE_BACK_BIT);
    vkCmdSetFrontFace(commands, mirrored != y_up ? VK_FRONT_FACE_CLOCKWISE : VK_FRONT_FACE_COUNTER_CLOCKWISE);
    const VkDeviceSize offset = 0;
    const VkBuffer vertex_buffer = mesh.draw_vertices().handle();
    vkCmdBindVertexBuffers(commands, 0, 1, &vertex_buffer, &offset);
    vkCmdBindIndexBuffer(commands, mesh.indices.handle(), 0, VK_INDEX_TYPE_UINT32);
    vkCmdDrawIndexed(commands, mesh.index_count, 1, 0, 0, 0);
}

}  // namespace

void record_depth(VkCommandBuffer commands, VkPipelineLayout layout, VkPipeline pipeline,
                  const GpuModel& model, const glm::mat4& clip_from_world, DepthDraw what) {
    vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline);
    const bool casters_only = what != DepthDraw::Floor;
    for (const auto& instance : model.instances) {
        const GpuMesh& mesh = model.meshes[instance.mesh];
        const GpuMaterial& material = model.materials[mesh.material];
        if (casters_only && (material.backdrop || material.blend || material.mask)) continue;
        draw_depth(commands, layout, mesh, material, instance.transform, clip_from_world, what);
    }
}

void ShadowPass::record_masked(VkCommandBuffer commands, const GpuModel& model, const glm::mat4& clip_from_world,
                               DepthDraw what) const {
    bool bound = false;
    for (const auto& instance : model.instances) {
        const GpuMesh& mesh = model.meshes[instance.mesh];
        const GpuMaterial& material = model.materials[mesh.material];
        if (!material.mask || material.backdrop) continue;
        if (!bound) vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, m_masked_pipeline.get());
        bound = true;
        vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, m_masked_layout.get(), 0, 1,
                                &material.descriptor_set, 0, nullptr);
        draw_depth(commands, m_masked_layout.get(), mesh, material, instance.transform, clip_from_world, what);
    }
}

Result<ShadowPass> ShadowPass::create(Device& device, VkFormat depth_format, VkDescriptorSetLayout material_layout) {
    ShadowPass pass;
    TS_TRY_ASSIGN(pass.m_layout, create_depth_layout(device));
    // Masked casters: the material's set as set 0, for the alpha test.
    const VkPushConstantRange push{VK_SHADER_STAGE_VERTEX_BIT, 0, sizeof(glm::mat4)};
    TS_TRY_ASSIGN(pass.m_masked_layout, create_pipeline_layout(device, {&material_layout, 1}, {&push, 1}, "masked depth layout"));
    const VkVertexInputBindingDescription binding{0, sizeof(asset::Vertex), VK_VERTEX_INPUT_RATE_VERTEX};
    const VkVertexInputAttributeDescription attributes[] = {
        {0, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(asset::Vertex, position)},
        {1, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(asset::Vertex, uv)},
    };
    TS_TRY_ASSIGN(pass.m_masked_pipeline, create_graphics_pipeline(device, {.vertex_spirv = shaders::find("depth_masked.vert"),
                                                                            .fragment_spirv = shaders::find("depth_masked.frag"),
                                                                            .vertex_bindings = {&binding, 1},
                                                                            .vertex_attributes = attributes,
                                                                            .layout = pass.m_masked_layout.get(),
                                                                            .depth_format = depth_format,
                                                                            .dynamic_cull = true,
                                                                            .depth_bias_constant = kBiasConstant,
                                                                            .depth_bias_slope = kBiasSlope,
                                                                            .name = "shadow depth (masked)"}));
    TS_TRY_ASSIGN(pass.m_pipeline, create_depth_pipeline(device, pass.m_layout.get(), depth_format,
                                                         VK_SAMPLE_COUNT_1_BIT, kBiasConstant, kBiasSlope, "shadow depth"));
    const VkImageUsageFlags usage = VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT;
    TS_TRY_ASSIGN(pass.m_key_map, Image::create(device, {.format = depth_format,
                                                         .width = kKeyMapSize,
                                                         .height = kKeyMapSize,
                                                         .usage = usage,
                                                         .name = "key light shadow map"}));
    TS_TRY_ASSIGN(pass.m_contact_map, Image::create(device, {.format = depth_format,
                                                             .width = kContactMapSize,
                                                             .height = kContactMapSize,
                                                             .usage = usage,
                                                             .name = "contact shadow map"}));
    VkFormatProperties props;
    vkGetPhysicalDeviceFormatProperties(device.physical(), depth_format, &props);
    const bool linear = props.optimalTilingFeatures & VK_FORMAT_FEATURE_SAMPLED_IMAGE_FILTER_LINEAR_BIT;
    TS_TRY_ASSIGN(pass.m_compare_sampler, make_sampler(device, linear ? VK_FILTER_LINEAR : VK_FILTER_NEAREST,
                                                       true, "shadow compare sampler"));
    TS_TRY_ASSIGN(pass.m_depth_sampler,
                  make_sampler(device, linear ? VK_FILTER_LINEAR : VK_FILTER_NEAREST, false, "contact depth sampler"));

    // Both maps start cleared to the far plane (nothing casts) and in their sampled layout.
    TS_TRY_ASSIGN(VkCommandBuffer commands, device.begin_commands("shadow maps: initial clear"));
    for (const Image* map : {&pass.m_key_map, &pass.m_contact_map}) {
        to_attachment(commands, *map, VK_IMAGE_LAYOUT_UNDEFINED);
        begin_depth(commands, *map);
        vkCmdEndRendering(commands);
        to_sampled(commands, *map);
    }
    TS_TRY_ASSIGN(pass.m_ready_value, device.submit(commands));
    return pass;
}

ShadowFrame ShadowPass::plan(const scene::Lighting& lighting, const asset::Aabb& casters) const {
    ShadowFrame frame;
    int key = -1;
    for (size_t i = 0; i < lighting.lights.size(); ++i)
        if (lighting.lights[i].casts_shadow) {
            key = int(i);
            break;
        }
    if (key < 0 || !casters.valid()) return frame;

    const glm::vec3 centre = casters.center();
    const float radius = std::max(0.5f * glm::length(casters.max - casters.min), 0.05f) * 1.05f;
    // Key light: an orthographic box around the casters' sphere, looking along the light.
    const glm::vec3 to_light = -glm::normalize(lighting.lights[size_t(key)].direction);
    const glm::vec3 up =
        std::abs(to_light.y) > 0.99f ? glm::vec3(0.0f, 0.0f, 1.0f) : glm::vec3(0.0f, 1.0f, 0.0f);
    const glm::mat4 light_view = glm::lookAt(centre + to_light * (2.0f * radius), centre, up);
    // Far enough behind the casters to hold the shadow they throw on the floor and wall.
    const glm::mat4 light_projection =
        glm::orthoRH_ZO(-radius, radius, -radius, radius, radius, 6.0f * radius);
    frame.key_clip_from_world = light_projection * light_view;
    frame.shadow_matrix = kClipToTexture * frame.key_clip_from_world;
    const float map_width = 2.0f * radius;
    const float texel = map_width / float(kKeyMapSize);
    frame.shadow_params =
        glm::vec4(float(key), std::max(kSoftRadius, 1.5f * texel) / map_width, 1.5f * texel, 1.0f);

    // Contact: looking straight up from just below the floor, so the map holds the underside of
    // whatever is nearest above each floor point (a sole, a hem), not its top.
    const float half = 0.5f * std::max(casters.max.x - casters.min.x, casters.max.z - casters.min.z) + kContactRadius * 2.0f;
    // Only what is within kContactFade of the floor darkens it (lighting.glsl contact_visibility):
    // the map ends a little above that, so the rasteriser clips the rest of the figure away.
    const float bottom = casters.min.y - kFloorBelow;
    const float range = std::min(casters.max.y + 0.1f, casters.min.y + kContactFade + kContactMargin) - bottom;
    const glm::vec3 eye(centre.x, bottom, centre.z);
    const glm::mat4 up_view = glm::lookAt(eye, eye + glm::vec3(0.0f, 1.0f, 0.0f), glm::vec3(0.0f, 0.0f, 1.0f));
    frame.contact_clip_from_world = glm::orthoRH_ZO(-half, half, -half, half, 0.0f, range) * up_view;
    frame.contact_matrix = kClipToTexture * frame.contact_clip_from_world;
    frame.contact_params = glm::vec4(kContactFade, kContactRadius / (2.0f * half), range, kContactStrength);
    return frame;
}

void ShadowPass::record(VkCommandBuffer commands, const GpuModel& model, const ShadowFrame& frame) const {
    if (!frame.casts()) return;
    const std::tuple<const Image*, const glm::mat4*, DepthDraw> maps[] = {
        {&m_key_map, &frame.key_clip_from_world, DepthDraw::KeyLight},
        {&m_contact_map, &frame.contact_clip_from_world, DepthDraw::Contact}};
    for (const auto& [map, clip_from_world, what] : maps) {
        to_attachment(commands, *map, VK_IMAGE_LAYOUT_UNDEFINED);  // the previous contents are not needed
        begin_depth(commands, *map);
        record_depth(commands, m_layout.get(), m_pipeline.get(), model, *clip_from_world, what);
        record_masked(commands, model, *clip_from_world, what);
        vkCmdEndRendering(commands);
        to_sampled(commands, *map);
    }
}

}  // namespace twinshoot::view
