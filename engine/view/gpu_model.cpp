#include "view/gpu_model.h"

#include <atomic>
#include <cassert>

#include <cstring>
#include <span>

#include "pbr_interface.h"
#include "render/uploader.h"
#include "render/vk_check.h"
#include "skinning_interface.h"
#include "view/pbr_pass.h"
#include "view/skinning_pass.h"

namespace twinshoot::view {
using namespace render;

namespace {

// How far past the terminator light wraps on skin (n.l down to -kSkinWrap), see pbr.frag.
constexpr float kSkinWrap = 0.5f;

template <typename T>
std::span<const uint8_t> bytes_of(const std::vector<T>& v) {
    return {reinterpret_cast<const uint8_t*>(v.data()), v.size() * sizeof(T)};
}

struct ImageKey {
    int32_t image;
    bool srgb;
    auto operator<=>(const ImageKey&) const = default;
};

class ModelUploader {
public:
    ModelUploader(Device& device, const PbrPass& pass, const SkinningPass& skinning, const asset::Model& model,
                  std::span<const std::vector<uint32_t>> coarse)
        : m_device(device), m_pass(pass), m_skinning(skinning), m_model(model), m_coarse(coarse), m_uploader(device) {
        assert(coarse.empty() || coarse.size() == model.meshes.size());
    }

    Result<GpuModel> run() {
        GpuModel out;
        out.instances = m_model.instances;
        out.bounds = m_model.bounds();
        for (size_t m = 0; m < m_model.meshes.size(); ++m) {
            const asset::Mesh& mesh = m_model.meshes[m];
            const std::span<const uint32_t> coarse = m_coarse.empty() ? std::span<const uint32_t>{} : m_coarse[m];
            GpuMesh gpu;
            // Vertices and indices are also storage buffers: the skinning pass reads the rest
            // vertices, and the visibility pass's shading reads a pixel's triangle back.
            TS_TRY_ASSIGN(gpu.vertices, Buffer::create(m_device, mesh.vertices.size() * sizeof(asset::Vertex),
                                                       VK_BUFFER_USAGE_VERTEX_BUFFER_BIT |
                                                           VK_BUFFER_USAGE_TRANSFER_DST_BIT |
                                                           VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                                                       MemoryUsage::GpuOnly, "mesh vertices"));
            gpu.vertex_count = static_cast<uint32_t>(mesh.vertices.size());
            for (const asset::Vertex& v : mesh.vertices) gpu.bounds.extend(v.position);
            if (mesh.skinned()) {
                TS_TRY_ASSIGN(gpu.skin_weights, Buffer::create(m_device, mesh.skin.size() * sizeof(asset::VertexSkin),
                                                               VK_BUFFER_USAGE_STORAGE_BUFFER_BIT |
                                                                   VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                                                               MemoryUsage::GpuOnly, "mesh skin weights"));
                TS_TRY_ASSIGN(gpu.skinned_vertices, Buffer::create(m_device, mesh.vertices.size() * sizeof(asset::Vertex),
                                                          VK_BUFFER_USAGE_STORAGE_BUFFER_BIT |
                                                              VK_BUFFER_USAGE_VERTEX_BUFFER_BIT |
                                                              VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                                                          MemoryUsage::GpuOnly, "skinned vertices"));
                TS_TRY(m_uploader.buffer(gpu.skin_weights, bytes_of(mesh.skin)));
            }
            TS_TRY_ASSIGN(gpu.indices, Buffer::create(m_device, (mesh.indices.size() + coarse.size()) * sizeof(uint32_t),
                                                      VK_BUFFER_USAGE_INDEX_BUFFER_BIT |
                                                          VK_BUFFER_USAGE_TRANSFER_DST_BIT |
                                                          VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                                                      MemoryUsage::GpuOnly, "mesh indices"));
            TS_TRY(m_uploader.buffer(gpu.vertices, bytes_of(mesh.vertices)));
            gpu.index_count = static_cast<uint32_t>(mesh.indices.size());
            if (coarse.empty()) {
                TS_TRY(m_uploader.buffer(gpu.indices, bytes_of(mesh.indices)));
            } else {
                std::vector<uint32_t> both(mesh.indices.begin(), mesh.indices.end());
                both.insert(both.end(), coarse.begin(), coarse.end());
                TS_TRY(m_uploader.buffer(gpu.indices, bytes_of(both)));
                gpu.coarse_first_index = gpu.index_count;
                gpu.coarse_index_count = static_cast<uint32_t>(coarse.size());
            }
            gpu.material = mesh.material;
            out.meshes.push_back(std::move(gpu));
        }
        TS_TRY(upload_materials(out));
        TS_TRY(prepare_skinning(out));
        TS_TRY_ASSIGN(out.ready_value, m_uploader.submit());
        out.images = std::move(m_images);
        for (auto& [key, sampler] : m_samplers) out.samplers.push_back(std::move(sampler));
        return out;
    }

private:
    // Normal maps need tangents: a material used by any mesh without them skips normal mapping.
    bool material_has_tangents(uint32_t material) const {
        for (const auto& mesh : m_model.meshes)
            if (mesh.material == material && !mesh.has_tangents) return false;
        return true;
    }

    Result<VkImageView> image_view(int32_t index, bool srgb) {
        if (auto it = m_image_index.find({index, srgb}); it != m_image_index.end()) return m_images[it->second].view();
        const asset::ImageRgba8& source = m_model.images[size_t(index)];
        const VkFormat format = srgb ? VK_FORMAT_R8G8B8A8_SRGB : VK_FORMAT_R8G8B8A8_UNORM;
        const uint32_t mips = supports_linear_blit(m_device, format) ? full_mip_count(source.width, source.height) : 1;
        TS_TRY_ASSIGN(Image image, Image::create(m_device, {.format = format,
                                                            .width = source.width,
                                                            .height = source.height,
                                                            .mip_levels = mips,
                                                            .usage = VK_IMAGE_USAGE_SAMPLED_BIT |
                                                                     VK_IMAGE_USAGE_TRANSFER_SRC_BIT |
                                                                     VK_IMAGE_USAGE_TRANSFER_DST_BIT,
                                                            .name = "material texture"}));
        TS_TRY(m_uploader.image(image, source.pixels));
        m_image_index[{index, srgb}] = m_images.size();
        m_images.push_back(std::move(image));
        return m_images.back().view();
    }

    Result<VkSampler> sampler(asset::WrapMode u, asset::WrapMode v) {
        const auto key = std::make_pair(u, v);
        if (auto it = m_samplers.find(key); it != m_samplers.end()) return it->second.get();
        TS_TRY_ASSIGN(Sampler s, create_material_sampler(m_device, u, v));
        VkSampler handle = s.get();
        m_samplers.emplace(key, std::move(s));
        return handle;
    }

    Result<VkDescriptorImageInfo> slot_info(const asset::TextureSlot& slot, bool srgb, const Image& fallback) {
        if (!slot.present()) {
            return VkDescriptorImageInfo{m_pass.default_sampler(), fallback.view(),
                                         VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
        }
        TS_TRY_ASSIGN(VkImageView view, image_view(slot.image, srgb));
        TS_TRY_ASSIGN(VkSampler s, sampler(slot.wrap_u, slot.wrap_v));
        return VkDescriptorImageInfo{s, view, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
    }

    Status upload_materials(GpuModel& out) {
        const auto& materials = m_model.materials;
        const uint32_t count = static_cast<uint32_t>(materials.size());
        const VkDeviceSize align = std::max<VkDeviceSize>(
            16, m_device.properties().limits.minUniformBufferOffsetAlignment);
        const VkDeviceSize stride = (sizeof(gpu::MaterialUniforms) + align - 1) / align * align;
        std::vector<uint8_t> uniforms(stride * count);
        TS_TRY_ASSIGN(out.material_uniforms,
                      Buffer::create(m_device, uniforms.size(),
                                     VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                                     MemoryUsage::GpuOnly, "material uniforms"));

        const VkDescriptorPoolSize sizes[] = {
            {VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, count},
            {VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, count * gpu::kMaterialTextureCount},
        };
        VkDescriptorPoolCreateInfo pool_info{
            .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO,
            .maxSets = count,
            .poolSizeCount = 2,
            .pPoolSizes = sizes,
        };
        VkDescriptorPool pool = VK_NULL_HANDLE;
        TS_VK_TRY(vkCreateDescriptorPool(m_device.handle(), &pool_info, nullptr, &pool), "vkCreateDescriptorPool (materials)");
        out.descriptor_pool = DescriptorPool(m_device, pool, "model materials");

        for (uint32_t i = 0; i < count; ++i) {
            const asset::Material& m = materials[i];
            uint32_t flags = 0;
            if (m.normal_texture.present() && material_has_tangents(i)) flags |= gpu::kMaterialNormalMap;
            if (m.alpha_mode == asset::AlphaMode::Mask) flags |= gpu::kMaterialAlphaMask;
            if (m.alpha_mode == asset::AlphaMode::Blend) flags |= gpu::kMaterialAlphaBlend;
            if (m.double_sided) flags |= gpu::kMaterialDoubleSided;
            if (m.backdrop) flags |= gpu::kMaterialBackdrop;
            if (m.base_color_texture.present()) flags |= gpu::kMaterialBaseColorTex;
            if (m.metallic_roughness_texture.present()) flags |= gpu::kMaterialMetalRoughTex;
            if (m.occlusion_texture.present()) flags |= gpu::kMaterialOcclusionTex;
            if (m.emissive_texture.present()) flags |= gpu::kMaterialEmissiveTex;
            const bool sheen = glm::any(glm::greaterThan(m.sheen_color, glm::vec3(0.0f)));
            if (sheen) flags |= gpu::kMaterialSheen;
            if (m.skin) flags |= gpu::kMaterialSkin;
            gpu::MaterialUniforms u{
                .base_color = m.base_color,
                .emissive = glm::vec4(m.emissive, 0.0f),
                .params = {m.metallic, m.roughness, m.normal_scale, m.occlusion_strength},
                .alpha = {m.alpha_cutoff, float(flags), 0.0f, 0.0f},
                .sheen = glm::vec4(m.sheen_color, m.sheen_roughness),
                .scatter = glm::vec4(m.scatter_color, m.skin ? kSkinWrap : 0.0f),
            };
            std::memcpy(uniforms.data() + stride * i, &u, sizeof u);

            VkDescriptorSetLayout layout = m_pass.material_layout();
            VkDescriptorSetAllocateInfo alloc{
                .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
                .descriptorPool = pool,
                .descriptorSetCount = 1,
                .pSetLayouts = &layout,
            };
            GpuMaterial gm{.blend = m.alpha_mode == asset::AlphaMode::Blend,
                           .mask = m.alpha_mode == asset::AlphaMode::Mask,
                           .double_sided = m.double_sided,
                           .backdrop = m.backdrop};
            TS_VK_TRY(vkAllocateDescriptorSets(m_device.handle(), &alloc, &gm.descriptor_set),
                      "vkAllocateDescriptorSets (material)");
            m_device.set_name(gm.descriptor_set, VK_OBJECT_TYPE_DESCRIPTOR_SET, m.name.c_str());

            const VkDescriptorBufferInfo buffer_info{out.material_uniforms.handle(), stride * i,
                                                     sizeof(gpu::MaterialUniforms)};
            std::array<VkDescriptorImageInfo, gpu::kMaterialTextureCount> images{};
            TS_TRY_ASSIGN(images[0], slot_info(m.base_color_texture, true, m_pass.white_srgb()));
            TS_TRY_ASSIGN(images[1], slot_info(m.metallic_roughness_texture, false, m_pass.white_linear()));
            TS_TRY_ASSIGN(images[2], slot_info(m.normal_texture, false, m_pass.flat_normal()));
            TS_TRY_ASSIGN(images[3], slot_info(m.occlusion_texture, false, m_pass.white_linear()));
            TS_TRY_ASSIGN(images[4], slot_info(m.emissive_texture, true, m_pass.white_srgb()));
            const uint32_t texture_bindings[] = {TS_BINDING_BASE_COLOR_TEX, TS_BINDING_METAL_ROUGH_TEX,
                                                 TS_BINDING_NORMAL_TEX, TS_BINDING_OCCLUSION_TEX,
                                                 TS_BINDING_EMISSIVE_TEX};
            std::array<VkWriteDescriptorSet, 1 + gpu::kMaterialTextureCount> writes{};
            writes[0] = {.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,
                         .dstSet = gm.descriptor_set,
                         .dstBinding = TS_BINDING_MATERIAL,
                         .descriptorCount = 1,
                         .descriptorType = VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER,
                         .pBufferInfo = &buffer_info};
            for (uint32_t t = 0; t < gpu::kMaterialTextureCount; ++t)
                writes[1 + t] = {.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,
                                 .dstSet = gm.descriptor_set,
                                 .dstBinding = texture_bindings[t],
                                 .descriptorCount = 1,
                                 .descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER,
                                 .pImageInfo = &images[t]};
            vkUpdateDescriptorSets(m_device.handle(), uint32_t(writes.size()), writes.data(), 0, nullptr);
            out.materials.push_back(gm);
        }
        return m_uploader.buffer(out.material_uniforms, uniforms);
    }

    Status prepare_skinning(GpuModel& out) {
        uint32_t skinned_count = 0;
        for (const auto& mesh : out.meshes) skinned_count += mesh.skinned();
        if (skinned_count == 0) return {};
        const auto& skeleton = m_model.skeleton;
        out.joint_count = static_cast<uint32_t>(skeleton.joints.size());
        TS_TRY_ASSIGN(out.joint_matrices, Buffer::create(m_device, sizeof(glm::mat4) * out.joint_count,
                                                         VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, MemoryUsage::Upload,
                                                         "joint matrices"));
        set_skin_matrices(out, skeleton.rest_skin_matrices());

        const VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 4 * skinned_count};
        VkDescriptorPoolCreateInfo pool_info{.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO,
                                             .maxSets = skinned_count,
                                             .poolSizeCount = 1,
                                             .pPoolSizes = &size};
        VkDescriptorPool pool = VK_NULL_HANDLE;
        TS_VK_TRY(vkCreateDescriptorPool(m_device.handle(), &pool_info, nullptr, &pool), "vkCreateDescriptorPool (skin)");
        out.skin_pool = DescriptorPool(m_device, pool, "model skinning");
        VkDescriptorSetLayout layout = m_skinning.layout();
        for (auto& mesh : out.meshes) {
            if (!mesh.skinned()) continue;
            VkDescriptorSetAllocateInfo alloc{.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
                                              .descriptorPool = pool,
                                              .descriptorSetCount = 1,
                                              .pSetLayouts = &layout};
            TS_VK_TRY(vkAllocateDescriptorSets(m_device.handle(), &alloc, &mesh.skin_set), "vkAllocateDescriptorSets (skin)");
            const VkDescriptorBufferInfo infos[] = {
                {out.joint_matrices.handle(), 0, VK_WHOLE_SIZE},
                {mesh.vertices.handle(), 0, VK_WHOLE_SIZE},
                {mesh.skin_weights.handle(), 0, VK_WHOLE_SIZE},
                {mesh.skinned_vertices.handle(), 0, VK_WHOLE_SIZE},
            };
            const uint32_t bindings[] = {TS_SKIN_BINDING_JOINTS, TS_SKIN_BINDING_SOURCE, TS_SKIN_BINDING_WEIGHTS,
                                         TS_SKIN_BINDING_TARGET};
            VkWriteDescriptorSet writes[4];
            for (int i = 0; i < 4; ++i)
                writes[i] = {.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,
                             .dstSet = mesh.skin_set,
                             .dstBinding = bindings[i],
                             .descriptorCount = 1,
                             .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
                             .pBufferInfo = &infos[i]};
            vkUpdateDescriptorSets(m_device.handle(), 4, writes, 0, nullptr);
        }
        return {};
    }

    Device& m_device;
    const PbrPass& m_pass;
    const SkinningPass& m_skinning;
    const asset::Model& m_model;
    std::span<const std::vector<uint32_t>> m_coarse;
    Uploader m_uploader;
    std::vector<Image> m_images;
    std::map<ImageKey, size_t> m_image_index;
    std::map<std::pair<asset::WrapMode, asset::WrapMode>, Sampler> m_samplers;
};

}  // namespace

Result<GpuModel> upload_model(Device& device, const PbrPass& pass, const SkinningPass& skinning,
                              const asset::Model& model, std::span<const std::vector<uint32_t>> coarse) {
    if (model.meshes.empty() || model.instances.empty())
        return make_error(ErrorCode::Invalid, model.source + ": nothing to draw");
    static std::atomic<uint64_t> next_serial{1};
    TS_TRY_ASSIGN(GpuModel uploaded, ModelUploader(device, pass, skinning, model, coarse).run());
    uploaded.serial = next_serial++;
    return uploaded;
}

void set_skin_matrices(GpuModel& model, std::span<const glm::mat4> skin_matrices) {
    assert(skin_matrices.size() == model.joint_count && "one matrix per skeleton joint");
    if (model.joint_count == 0) return;
    std::memcpy(model.joint_matrices.mapped(), skin_matrices.data(), skin_matrices.size_bytes());
    ++model.skin_revision;
}

}  // namespace twinshoot::view
