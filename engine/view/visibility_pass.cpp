#include "view/visibility_pass.h"

#include <glm/gtc/matrix_inverse.hpp>

#include <algorithm>
#include <array>
#include <vector>

#include "embedded_shaders.h"
#include "pbr_interface.h"
#include "render/barriers.h"
#include "render/pipeline.h"
#include "render/rendering.h"
#include "render/vk_check.h"
#include "visibility_interface.h"

namespace twinshoot::view {
using namespace render;

namespace {

constexpr VkFormat kIdFormat = VK_FORMAT_R32_UINT;  // 4 bytes: frame_bytes()

// The draws the pass takes, in model order; the draw number of the k-th is k + 1.
std::vector<size_t> subject_draws(const GpuModel& model) {
    std::vector<size_t> draws;
    for (size_t i = 0; i < model.instances.size(); ++i) {
        const GpuMaterial& material = model.materials[model.meshes[model.instances[i].mesh].material];
        if (!material.backdrop && !material.blend) draws.push_back(i);
    }
    return draws;
}

bool mirrors(const glm::mat4& transform) { return glm::determinant(glm::mat3(transform)) < 0.0f; }

}  // namespace

bool VisibilityPass::supported(const Device& device, VkSampleCountFlagBits samples) {
    if (!device.primitive_id_in_fragment()) return false;
    // Multisampled, vis_evaluate.comp reads the draws' triangles by address.
    if (samples != VK_SAMPLE_COUNT_1_BIT && !device.buffer_device_address()) return false;
    const VkPhysicalDeviceLimits& limits = device.properties().limits;
    if (!(limits.sampledImageIntegerSampleCounts & samples) || !(limits.framebufferColorSampleCounts & samples))
        return false;
    VkFormatProperties props;
    vkGetPhysicalDeviceFormatProperties(device.physical(), kIdFormat, &props);
    const VkFormatFeatureFlags needed = VK_FORMAT_FEATURE_COLOR_ATTACHMENT_BIT | VK_FORMAT_FEATURE_SAMPLED_IMAGE_BIT;
    return (props.optimalTilingFeatures & needed) == needed;
}

bool VisibilityPass::accepts(const GpuModel& model) {
    const std::vector<size_t> draws = subject_draws(model);
    if (draws.size() > gpu::kVisMaxDraws) return false;
    for (size_t index : draws)
        if (model.meshes[model.instances[index].mesh].index_count / 3 > gpu::kVisPrimitiveMask) return false;
    return true;
}

bool VisibilityPass::buffers_fit(uint32_t draws, uint32_t width, uint32_t height, VkSampleCountFlagBits samples,
                                 uint64_t max_range) {
    const uint64_t pixels = uint64_t(width) * height;
    const uint64_t tiles = uint64_t((width + TS_VIS_TILE - 1) / TS_VIS_TILE) * ((height + TS_VIS_TILE - 1) / TS_VIS_TILE);
    const uint64_t pairs = sizeof(gpu::VisPixelListHeader) + pixels * (uint32_t(samples) - 1) * sizeof(uint32_t);
    const uint64_t tile_lists = 2 * uint64_t(std::max(draws, 1u)) * tiles * sizeof(uint32_t);
    return pixels * sizeof(uint32_t) <= max_range && pairs <= max_range && tile_lists <= max_range;
}

bool VisibilityPass::takes(const GpuModel& model, uint32_t width, uint32_t height) const {
    return fits(width, height, m_samples) &&
           buffers_fit(uint32_t(subject_draws(model).size()), width, height, m_samples,
                       m_device->properties().limits.maxStorageBufferRange);
}

Result<VisibilityPass> VisibilityPass::create(Device& device, VkDescriptorSetLayout frame_layout,
                                              VkDescriptorSetLayout material_layout, VkFormat color_format,
                                              VkFormat depth_format, VkSampleCountFlagBits samples) {
    if (samples != VK_SAMPLE_COUNT_1_BIT && !device.buffer_device_address())
        return make_error(ErrorCode::Unsupported, "the visibility pass needs buffer device addresses with multisampling");
    VisibilityPass pass;
    pass.m_device = &device;
    pass.m_samples = samples;
    const VkDescriptorSetLayoutBinding input_bindings[] = {
        {TS_VIS_BINDING_IDS, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
        {TS_VIS_BINDING_VERTICES, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
        {TS_VIS_BINDING_INDICES, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
        {TS_VIS_BINDING_TILES, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_VERTEX_BIT, nullptr},
        {TS_VIS_BINDING_FLAGS, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr},
    };
    TS_TRY_ASSIGN(pass.m_input_layout, create_descriptor_set_layout(device, input_bindings, "visibility input set"));

    const VkDescriptorSetLayout id_sets[] = {frame_layout, material_layout};
    const VkPushConstantRange id_push{VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0,
                                      sizeof(gpu::VisIdPushConstants)};
    TS_TRY_ASSIGN(pass.m_id_layout, create_pipeline_layout(device, id_sets, {&id_push, 1}, "visibility id layout"));
    const VkDescriptorSetLayout shade_sets[] = {frame_layout, material_layout, pass.m_input_layout.get()};
    const VkPushConstantRange shade_push{VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0,
                                         sizeof(gpu::VisShadePushConstants)};
    TS_TRY_ASSIGN(pass.m_shade_layout,
                  create_pipeline_layout(device, shade_sets, {&shade_push, 1}, "visibility shading layout"));

    const VkVertexInputBindingDescription binding{0, sizeof(asset::Vertex), VK_VERTEX_INPUT_RATE_VERTEX};
    const VkVertexInputAttributeDescription attributes[] = {
        {0, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(asset::Vertex, position)},
        {1, 0, VK_FORMAT_R32G32_SFLOAT, offsetof(asset::Vertex, uv)},
    };
    GraphicsPipelineDesc id{
        .vertex_spirv = shaders::find("vis_id.vert"),
        .fragment_spirv = shaders::find("vis_id.frag"),
        .vertex_bindings = {&binding, 1},
        .vertex_attributes = attributes,
        .layout = pass.m_id_layout.get(),
        .color_format = kIdFormat,
        .depth_format = depth_format,
        .samples = samples,
        .dynamic_cull = true,
        .name = "visibility ids",
    };
    TS_TRY_ASSIGN(pass.m_id_opaque, create_graphics_pipeline(device, id));
    const uint32_t masked[] = {1u};
    id.fragment_constants = masked;
    id.name = "visibility ids (masked)";
    TS_TRY_ASSIGN(pass.m_id_masked, create_graphics_pipeline(device, id));

    const bool multisampled = samples != VK_SAMPLE_COUNT_1_BIT;
    for (uint32_t group = 0; group < (multisampled ? 2u : 1u); ++group) {
        const uint32_t constants[] = {group, uint32_t(samples)};
        TS_TRY_ASSIGN(pass.m_shade[group],
                      create_graphics_pipeline(device, {.vertex_spirv = shaders::find("vis_shade.vert"),
                                                        .fragment_spirv = shaders::find(multisampled ? "vis_shade.frag"
                                                                                                     : "vis_shade_1x.frag"),
                                                        .layout = pass.m_shade_layout.get(),
                                                        .color_format = color_format,
                                                        .depth_format = depth_format,
                                                        .samples = samples,
                                                        .cull = VK_CULL_MODE_NONE,
                                                        .depth_test = false,
                                                        .depth_write = false,
                                                        .fragment_constants = constants,
                                                        .name = group == 0 ? "visibility shading (first surface)"
                                                                           : "visibility shading (second surface)"}));
    }

    const VkDescriptorSetLayoutBinding classify_bindings[] = {
        {TS_VIS_CLASSIFY_BINDING_IDS, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_COMPUTE_BIT, nullptr},
        {TS_VIS_CLASSIFY_BINDING_TILES, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_COMPUTE_BIT, nullptr},
        {TS_VIS_CLASSIFY_BINDING_COMMANDS, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_COMPUTE_BIT, nullptr},
        {TS_VIS_CLASSIFY_BINDING_FLAGS, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_COMPUTE_BIT, nullptr},
        {TS_VIS_CLASSIFY_BINDING_PIXELS, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_COMPUTE_BIT, nullptr},
        {TS_VIS_CLASSIFY_BINDING_DRAWS, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_COMPUTE_BIT, nullptr},
        {TS_VIS_CLASSIFY_BINDING_SECOND, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_COMPUTE_BIT, nullptr},
    };
    TS_TRY_ASSIGN(pass.m_classify_set_layout,
                  create_descriptor_set_layout(device, classify_bindings, "visibility classification set"));
    const VkDescriptorSetLayout classify_sets[] = {pass.m_classify_set_layout.get()};
    const VkPushConstantRange classify_push{VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(gpu::VisClassifyPushConstants)};
    TS_TRY_ASSIGN(pass.m_classify_layout, create_pipeline_layout(device, classify_sets, {&classify_push, 1},
                                                                 "visibility classification layout"));
    const uint32_t sample_count[] = {uint32_t(samples)};
    TS_TRY_ASSIGN(pass.m_classify,
                  create_compute_pipeline(device, shaders::find(multisampled ? "vis_classify.comp" : "vis_classify_1x.comp"),
                                          pass.m_classify_layout.get(), "visibility classification", sample_count));
    if (multisampled) {
        TS_TRY_ASSIGN(pass.m_evaluate, create_compute_pipeline(device, shaders::find("vis_evaluate.comp"),
                                                               pass.m_classify_layout.get(), "visibility evaluation",
                                                               sample_count));
    }

    VkSamplerCreateInfo sampler{
        .sType = VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO,
        .magFilter = VK_FILTER_NEAREST,
        .minFilter = VK_FILTER_NEAREST,
        .mipmapMode = VK_SAMPLER_MIPMAP_MODE_NEAREST,
        .addressModeU = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE,
        .addressModeV = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE,
        .addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE,
    };
    VkSampler nearest = VK_NULL_HANDLE;
    TS_VK_TRY(vkCreateSampler(device.handle(), &sampler, nullptr, &nearest), "vkCreateSampler (visibility ids)");
    pass.m_nearest = Sampler(device, nearest, "visibility id sampler");

    const VkDescriptorPoolSize sizes[] = {{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, gpu::kVisMaxDraws + 1},
                                          {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 4 * gpu::kVisMaxDraws + 6}};
    VkDescriptorPoolCreateInfo pool_info{.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO,
                                         .maxSets = gpu::kVisMaxDraws + 1,
                                         .poolSizeCount = 2,
                                         .pPoolSizes = sizes};
    VkDescriptorPool pool = VK_NULL_HANDLE;
    TS_VK_TRY(vkCreateDescriptorPool(device.handle(), &pool_info, nullptr, &pool), "vkCreateDescriptorPool (visibility)");
    pass.m_pool = DescriptorPool(device, pool, "visibility input sets");
    return pass;
}

Status VisibilityPass::prepare(const GpuModel& model, const OffscreenTarget& target) {
    assert(accepts(model) && target.samples() == m_samples && takes(model, target.width(), target.height()));
    if (!m_ids || m_ids.width() != target.width() || m_ids.height() != target.height()) {
        m_ids.reset();
        TS_TRY_ASSIGN(m_ids, Image::create(*m_device, {.format = kIdFormat,
                                                       .width = target.width(),
                                                       .height = target.height(),
                                                       .usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT |
                                                                VK_IMAGE_USAGE_SAMPLED_BIT,
                                                       .samples = m_samples,
                                                       .name = "visibility ids"}));
    }
    m_draw_instances = subject_draws(model);
    const std::vector<size_t>& draws = m_draw_instances;
    m_tiles_x = (target.width() + TS_VIS_TILE - 1) / TS_VIS_TILE;
    m_tiles_y = (target.height() + TS_VIS_TILE - 1) / TS_VIS_TILE;
    m_draws = uint32_t(draws.size());
    const uint32_t lists = 2 * std::max(m_draws, 1u);
    if (!m_tiles || m_capacity != m_tiles_x * m_tiles_y || m_tiles.size() < VkDeviceSize(lists) * m_capacity * 4) {
        m_capacity = m_tiles_x * m_tiles_y;
        m_tiles.reset();
        TS_TRY_ASSIGN(m_tiles, Buffer::create(*m_device, VkDeviceSize(lists) * m_capacity * sizeof(uint32_t),
                                              VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage::GpuOnly,
                                              "visibility tile lists"));
    }
    const VkDeviceSize pixels = VkDeviceSize(target.width()) * target.height();
    if (!m_flags || m_flags.size() != pixels * sizeof(uint32_t)) {
        m_flags.reset();
        m_pixels.reset();
        TS_TRY_ASSIGN(m_flags, Buffer::create(*m_device, pixels * sizeof(uint32_t), VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                                              MemoryUsage::GpuOnly, "visibility surface flags"));
        // Multisampled: at most samples - 1 pairs per pixel, each packing the pixel into 26 bits
        // (vis_pair(); fits() keeps targets below). Single-sampled the list stays empty.
        const bool multisampled = m_samples != VK_SAMPLE_COUNT_1_BIT;
        assert(!multisampled || pixels <= (1ull << 26));
        const VkDeviceSize pairs = multisampled ? pixels * (uint32_t(m_samples) - 1) : 1;
        TS_TRY_ASSIGN(m_pixels, Buffer::create(*m_device, sizeof(gpu::VisPixelListHeader) + pairs * sizeof(uint32_t),
                                               VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_INDIRECT_BUFFER_BIT |
                                                   VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                                               MemoryUsage::GpuOnly, "visibility pixel list"));
    }
    const VkDeviceSize second_bytes = VkDeviceSize(m_tiles_x) * m_tiles_y * 8 * sizeof(uint32_t);
    if (!m_second || m_second.size() != second_bytes) {
        m_second.reset();
        TS_TRY_ASSIGN(m_second, Buffer::create(*m_device, second_bytes,
                                               VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                                               MemoryUsage::GpuOnly, "visibility second-surface tiles"));
    }
    if (!m_draw_table) {
        TS_TRY_ASSIGN(m_draw_table, Buffer::create(*m_device, gpu::kVisMaxDraws * sizeof(gpu::VisDraw),
                                                   VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                                                   MemoryUsage::GpuOnly, "visibility draws"));
    }
    if (!m_commands || m_commands.size() < VkDeviceSize(lists) * sizeof(VkDrawIndirectCommand)) {
        m_commands.reset();
        TS_TRY_ASSIGN(m_commands, Buffer::create(*m_device, VkDeviceSize(lists) * sizeof(VkDrawIndirectCommand),
                                                 VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_INDIRECT_BUFFER_BIT |
                                                     VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                                                 MemoryUsage::GpuOnly, "visibility indirect draws"));
    }
    // The previous frame's sets are free: the renderer waited for that frame.
    TS_VK_TRY(vkResetDescriptorPool(m_device->handle(), m_pool.get(), 0), "vkResetDescriptorPool (visibility)");
    const VkDescriptorImageInfo ids{m_nearest.get(), m_ids.view(), VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
    m_sets.assign(draws.size(), VK_NULL_HANDLE);
    const VkDescriptorSetLayout layout = m_input_layout.get();
    for (size_t k = 0; k < draws.size(); ++k) {
        VkDescriptorSetAllocateInfo alloc{.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
                                          .descriptorPool = m_pool.get(),
                                          .descriptorSetCount = 1,
                                          .pSetLayouts = &layout};
        TS_VK_TRY(vkAllocateDescriptorSets(m_device->handle(), &alloc, &m_sets[k]), "vkAllocateDescriptorSets (visibility)");
        const GpuMesh& mesh = model.meshes[model.instances[draws[k]].mesh];
        const VkDescriptorBufferInfo vertices{mesh.draw_vertices().handle(), 0, VK_WHOLE_SIZE};
        const VkDescriptorBufferInfo indices{mesh.indices.handle(), 0, VK_WHOLE_SIZE};
        const VkDescriptorBufferInfo tiles{m_tiles.handle(), 0, VK_WHOLE_SIZE};
        const VkDescriptorBufferInfo flags{m_flags.handle(), 0, VK_WHOLE_SIZE};
        const VkWriteDescriptorSet writes[] = {
            {.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET, .dstSet = m_sets[k], .dstBinding = TS_VIS_BINDING_IDS,
             .descriptorCount = 1, .descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, .pImageInfo = &ids},
            {.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET, .dstSet = m_sets[k], .dstBinding = TS_VIS_BINDING_VERTICES,
             .descriptorCount = 1, .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, .pBufferInfo = &vertices},
            {.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET, .dstSet = m_sets[k], .dstBinding = TS_VIS_BINDING_INDICES,
             .descriptorCount = 1, .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, .pBufferInfo = &indices},
            {.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET, .dstSet = m_sets[k], .dstBinding = TS_VIS_BINDING_TILES,
             .descriptorCount = 1, .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, .pBufferInfo = &tiles},
            {.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET, .dstSet = m_sets[k], .dstBinding = TS_VIS_BINDING_FLAGS,
             .descriptorCount = 1, .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, .pBufferInfo = &flags},
        };
        vkUpdateDescriptorSets(m_device->handle(), 5, writes, 0, nullptr);
    }
    const VkDescriptorSetLayout classify_layout = m_classify_set_layout.get();
    VkDescriptorSetAllocateInfo alloc{.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
                                      .descriptorPool = m_pool.get(),
                                      .descriptorSetCount = 1,
                                      .pSetLayouts = &classify_layout};
    TS_VK_TRY(vkAllocateDescriptorSets(m_device->handle(), &alloc, &m_classify_set),
              "vkAllocateDescriptorSets (visibility classification)");
    const VkDescriptorBufferInfo tiles{m_tiles.handle(), 0, VK_WHOLE_SIZE};
    const VkDescriptorBufferInfo draw_commands{m_commands.handle(), 0, VK_WHOLE_SIZE};
    const VkDescriptorBufferInfo flags{m_flags.handle(), 0, VK_WHOLE_SIZE};
    const VkDescriptorBufferInfo pixel_list{m_pixels.handle(), 0, VK_WHOLE_SIZE};
    const VkDescriptorBufferInfo draw_table{m_draw_table.handle(), 0, VK_WHOLE_SIZE};
    const VkDescriptorBufferInfo second{m_second.handle(), 0, VK_WHOLE_SIZE};
    const auto storage = [&](uint32_t binding, const VkDescriptorBufferInfo* info) {
        return VkWriteDescriptorSet{.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET, .dstSet = m_classify_set,
                                    .dstBinding = binding, .descriptorCount = 1,
                                    .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, .pBufferInfo = info};
    };
    const VkWriteDescriptorSet writes[] = {
        {.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET, .dstSet = m_classify_set,
         .dstBinding = TS_VIS_CLASSIFY_BINDING_IDS, .descriptorCount = 1,
         .descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, .pImageInfo = &ids},
        {.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET, .dstSet = m_classify_set,
         .dstBinding = TS_VIS_CLASSIFY_BINDING_TILES, .descriptorCount = 1,
         .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, .pBufferInfo = &tiles},
        {.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET, .dstSet = m_classify_set,
         .dstBinding = TS_VIS_CLASSIFY_BINDING_COMMANDS, .descriptorCount = 1,
         .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, .pBufferInfo = &draw_commands},
        storage(TS_VIS_CLASSIFY_BINDING_FLAGS, &flags),
        storage(TS_VIS_CLASSIFY_BINDING_PIXELS, &pixel_list),
        storage(TS_VIS_CLASSIFY_BINDING_DRAWS, &draw_table),
        storage(TS_VIS_CLASSIFY_BINDING_SECOND, &second),
    };
    vkUpdateDescriptorSets(m_device->handle(), 7, writes, 0, nullptr);
    return {};
}

void VisibilityPass::record_ids(VkCommandBuffer commands, VkDescriptorSet frame_set, const GpuModel& model,
                                const OffscreenTarget& target, const glm::mat4& inverse_view_projection,
                                const std::function<void(const char* pass)>& mark,
                                const std::optional<VkRect2D>& backdrop_depth) const {
    transition(commands, {.image = m_ids.handle(),
                          .from = VK_IMAGE_LAYOUT_UNDEFINED,
                          .to = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                          .src_stage = VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                          .src_access = VK_ACCESS_2_NONE,
                          .dst_stage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                          .dst_access = VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT});
    VkRenderingAttachmentInfo color{
        .sType = VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO,
        .imageView = m_ids.view(),
        .imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
        .loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR,
        .storeOp = VK_ATTACHMENT_STORE_OP_STORE,
        .clearValue = {.color = {.uint32 = {0xFFFFFFFFu, 0u, 0u, 0u}}},
    };
    begin_rendering(commands, {.color = &color,
                               .depth_image = target.depth_image(),
                               .depth_view = target.depth_view(),
                               .store_depth = true,
                               .extent = {target.width(), target.height()}});
    vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, m_id_layout.get(), TS_SET_FRAME, 1, &frame_set,
                            0, nullptr);
    // Culling as the forward pass culls, then the mesh (its skinned vertices where skinned).
    const auto draw = [&](const asset::MeshInstance& instance, const GpuMesh& mesh, const GpuMaterial& material) {
        vkCmdSetCullMode(commands, material.double_sided ? VK_CULL_MODE_NONE : VK_CULL_MODE_BACK_BIT);
        vkCmdSetFrontFace(commands, mirrors(instance.transform) ? VK_FRONT_FACE_CLOCKWISE : VK_FRONT_FACE_COUNTER_CLOCKWISE);
        const VkDeviceSize offset = 0;
        const VkBuffer vertex_buffer = mesh.draw_vertices().handle();
        vkCmdBindVertexBuffers(commands, 0, 1, &vertex_buffer, &offset);
        vkCmdBindIndexBuffer(commands, mesh.indices.handle(), 0, VK_INDEX_TYPE_UINT32);
        vkCmdDrawIndexed(commands, mesh.index_count, 1, 0, 0, 0);
    };
    const std::vector<size_t>& draws = m_draw_instances;
    VkPipeline bound = VK_NULL_HANDLE;
    for (size_t k = 0; k < draws.size(); ++k) {
        const asset::MeshInstance& instance = model.instances[draws[k]];
        const GpuMesh& mesh = model.meshes[instance.mesh];
        const GpuMaterial& material = model.materials[mesh.material];
        const VkPipeline pipeline = material.mask ? m_id_masked.get() : m_id_opaque.get();
        if (pipeline != bound) vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline);
        bound = pipeline;
        // (The opaque variant leaves the material unread, but its shader still declares the set.)
        vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, m_id_layout.get(), TS_SET_MATERIAL, 1,
                                &material.descriptor_set, 0, nullptr);
        const uint32_t number = uint32_t(k + 1);
        const gpu::VisIdPushConstants push{instance.transform, {number, 0u, 0u, 0u}};
        vkCmdPushConstants(commands, m_id_layout.get(), VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0,
                           sizeof push, &push);
        draw(instance, mesh, material);
    }
    if (backdrop_depth) {
        // Draw 0 names no draw: these samples stay the background's, and their depth hides the
        // subject behind them. Only inside the subject's rectangle: elsewhere nothing is behind.
        vkCmdSetScissor(commands, 0, 1, &*backdrop_depth);
        if (bound != m_id_opaque.get()) vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, m_id_opaque.get());
        for (size_t i = 0; i < model.instances.size(); ++i) {
            const asset::MeshInstance& instance = model.instances[i];
            const GpuMesh& mesh = model.meshes[instance.mesh];
            const GpuMaterial& material = model.materials[mesh.material];
            if (!material.backdrop) continue;
            vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, m_id_layout.get(), TS_SET_MATERIAL, 1,
                                    &material.descriptor_set, 0, nullptr);
            const gpu::VisIdPushConstants push{instance.transform, {0u, 0u, 0u, 0u}};
            vkCmdPushConstants(commands, m_id_layout.get(), VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0,
                               sizeof push, &push);
            draw(instance, mesh, material);
        }
    }
    vkCmdEndRendering(commands);
    transition(commands, {.image = m_ids.handle(),
                          .from = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                          .to = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                          .src_stage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                          .src_access = VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                          .dst_stage = VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT | VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                          .dst_access = VK_ACCESS_2_SHADER_SAMPLED_READ_BIT});
    if (mark) mark("ids");

    // Classification: empty lists (six vertices per tile's quad, no instances yet), an empty pixel
    // list and no tile marked for a second surface, then one workgroup per tile.
    std::vector<VkDrawIndirectCommand> empty(2 * std::max(m_draws, 1u), VkDrawIndirectCommand{6, 0, 0, 0});
    vkCmdUpdateBuffer(commands, m_commands.handle(), 0, empty.size() * sizeof(VkDrawIndirectCommand), empty.data());
    const gpu::VisPixelListHeader no_pixels{{0u, 1u, 1u, 0u}};
    vkCmdUpdateBuffer(commands, m_pixels.handle(), 0, sizeof no_pixels, &no_pixels);
    vkCmdFillBuffer(commands, m_second.handle(), 0, VK_WHOLE_SIZE, 0u);
    if (m_evaluate) {
        // Where the evaluation reads each draw's triangles (skinned vertices where skinned).
        std::vector<gpu::VisDraw> table(m_draw_instances.size());
        for (size_t k = 0; k < table.size(); ++k) {
            const asset::MeshInstance& instance = model.instances[m_draw_instances[k]];
            const GpuMesh& mesh = model.meshes[instance.mesh];
            const VkDeviceAddress vertices = mesh.draw_vertices().device_address();
            const VkDeviceAddress indices = mesh.indices.device_address();
            table[k] = {instance.transform, {uint32_t(vertices), uint32_t(vertices >> 32), uint32_t(indices),
                                             uint32_t(indices >> 32)}};
        }
        if (!table.empty())
            vkCmdUpdateBuffer(commands, m_draw_table.handle(), 0, table.size() * sizeof(gpu::VisDraw), table.data());
    }
    memory_barrier(commands, VK_PIPELINE_STAGE_2_COPY_BIT | VK_PIPELINE_STAGE_2_CLEAR_BIT,
                   VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                   VK_ACCESS_2_SHADER_STORAGE_READ_BIT | VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT);
    vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE, m_classify.get());
    vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_COMPUTE, m_classify_layout.get(), 0, 1, &m_classify_set, 0,
                            nullptr);
    // The evaluation's workgroups stay within the device's limit in x (then y takes the rest).
    const uint32_t max_groups = std::min(m_device->properties().limits.maxComputeWorkGroupCount[0], 65535u);
    const gpu::VisClassifyPushConstants push{
        inverse_view_projection, {m_tiles_x, m_draws, m_capacity, 0u}, {target.width(), target.height(), max_groups, 0u}};
    vkCmdPushConstants(commands, m_classify_layout.get(), VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof push, &push);
    vkCmdDispatch(commands, m_tiles_x, m_tiles_y, 1);
    if (mark) mark("classify");
    if (m_evaluate) {
        // The pixels where a draw has two triangles: one invocation each, as many as were listed.
        memory_barrier(commands, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT, VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT,
                       VK_PIPELINE_STAGE_2_DRAW_INDIRECT_BIT | VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                       VK_ACCESS_2_INDIRECT_COMMAND_READ_BIT | VK_ACCESS_2_SHADER_STORAGE_READ_BIT |
                           VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT);
        vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE, m_evaluate.get());
        vkCmdDispatchIndirect(commands, m_pixels.handle(), 0);
    }
    memory_barrier(commands, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT, VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT,
                   VK_PIPELINE_STAGE_2_DRAW_INDIRECT_BIT | VK_PIPELINE_STAGE_2_VERTEX_SHADER_BIT |
                       VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                   VK_ACCESS_2_INDIRECT_COMMAND_READ_BIT | VK_ACCESS_2_SHADER_STORAGE_READ_BIT);
}

void VisibilityPass::record_shading(VkCommandBuffer commands, VkDescriptorSet frame_set, const GpuModel& model) const {
    const std::vector<size_t>& draws = m_draw_instances;
    assert(draws.size() == m_sets.size() && draws.size() == m_draws);
    const VkShaderStageFlags stages = VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT;
    vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, m_shade_layout.get(), TS_SET_FRAME, 1,
                            &frame_set, 0, nullptr);
    std::vector<glm::mat4> normal_matrices(m_draws);
    for (uint32_t k = 0; k < m_draws; ++k) normal_matrices[k] = glm::inverseTranspose(model.instances[draws[k]].transform);
    for (uint32_t group = 0; group < 2 && m_shade[group]; ++group) {
        vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, m_shade[group].get());
        uint32_t bound_material = UINT32_MAX;
        for (uint32_t k = 0; k < m_draws; ++k) {
            const asset::MeshInstance& instance = model.instances[draws[k]];
            const GpuMesh& mesh = model.meshes[instance.mesh];
            if (mesh.material != bound_material) {
                vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, m_shade_layout.get(), TS_SET_MATERIAL,
                                        1, &model.materials[mesh.material].descriptor_set, 0, nullptr);
                bound_material = mesh.material;
            }
            vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_GRAPHICS, m_shade_layout.get(), TS_VIS_SET_INPUT,
                                    1, &m_sets[k], 0, nullptr);
            const glm::mat4& normal = normal_matrices[k];
            const uint32_t list = group * m_draws + k;
            const float width = float(m_ids.width()), height = float(m_ids.height());
            const gpu::VisShadePushConstants push{
                instance.transform,
                {glm::vec4(glm::vec3(normal[0]), width), glm::vec4(glm::vec3(normal[1]), height), glm::vec4(glm::vec3(normal[2]), 0.0f)},
                {k + 1, mirrors(instance.transform) ? 1u : 0u, list * m_capacity, m_tiles_x}};
            vkCmdPushConstants(commands, m_shade_layout.get(), stages, 0, sizeof push, &push);
            vkCmdDrawIndirect(commands, m_commands.handle(), VkDeviceSize(list) * sizeof(VkDrawIndirectCommand), 1,
                              sizeof(VkDrawIndirectCommand));
        }
    }
}

}  // namespace twinshoot::view
