#include "view/frame_set.h"

#include <cstring>

#include "ibl_interface.h"
#include "pbr_interface.h"
#include "render/vk_check.h"
#include "scene/studio_environment.h"

namespace twinshoot::view {
using namespace render;

namespace {

constexpr size_t kKeptEnvironments = 3;

std::string environment_key(const scene::Environment& e) {
    switch (e.source) {
        case scene::EnvironmentSource::Uniform:
            return "uniform:" + std::to_string(e.color.r) + "," + std::to_string(e.color.g) + "," +
                   std::to_string(e.color.b);
        case scene::EnvironmentSource::File: return "file:" + e.hdr_path.string();
        default: return "studio";
    }
}

uint32_t tone_mapper_code(scene::ToneMapper mapper) {
    switch (mapper) {
        case scene::ToneMapper::Aces: return gpu::kToneMapAces;
        case scene::ToneMapper::Linear: return gpu::kToneMapLinear;
        default: return gpu::kToneMapPbrNeutral;
    }
}

}  // namespace

Result<FrameSet> FrameSet::create(Device& device, VkDescriptorSetLayout layout,
                                  std::optional<std::filesystem::path> cache, const ShadowPass& shadows) {
    FrameSet f;
    f.m_device = &device;
    f.m_cache = std::move(cache);
    TS_TRY_ASSIGN(IblBaker baker, IblBaker::create(device));
    f.m_baker.emplace(std::move(baker));
    TS_TRY_ASSIGN(f.m_lut, f.m_baker->brdf_lut(f.m_cache, &f.m_lut_stats));
    VkSamplerCreateInfo sampler{
        .sType = VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO,
        .magFilter = VK_FILTER_LINEAR,
        .minFilter = VK_FILTER_LINEAR,
        .mipmapMode = VK_SAMPLER_MIPMAP_MODE_LINEAR,
        .addressModeU = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE,
        .addressModeV = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE,
        .addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE,
        .maxLod = VK_LOD_CLAMP_NONE,
    };
    VkSampler handle = VK_NULL_HANDLE;
    TS_VK_TRY(vkCreateSampler(device.handle(), &sampler, nullptr, &handle), "vkCreateSampler (environment)");
    f.m_sampler = Sampler(device, handle, "environment sampler");
    TS_TRY_ASSIGN(f.m_uniforms, Buffer::create(device, sizeof(gpu::FrameUniforms), VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT,
                                               MemoryUsage::Upload, "frame uniforms"));
    const VkDescriptorPoolSize sizes[] = {{VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, 1},
                                          {VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 5}};
    VkDescriptorPoolCreateInfo pool_info{.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO, .maxSets = 1,
                                         .poolSizeCount = 2, .pPoolSizes = sizes};
    VkDescriptorPool pool = VK_NULL_HANDLE;
    TS_VK_TRY(vkCreateDescriptorPool(device.handle(), &pool_info, nullptr, &pool), "vkCreateDescriptorPool (frame)");
    f.m_pool = DescriptorPool(device, pool, "frame");
    VkDescriptorSetAllocateInfo alloc{.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
                                      .descriptorPool = pool, .descriptorSetCount = 1, .pSetLayouts = &layout};
    TS_VK_TRY(vkAllocateDescriptorSets(device.handle(), &alloc, &f.m_set), "vkAllocateDescriptorSets (frame)");
    const VkDescriptorBufferInfo buffer{f.m_uniforms.handle(), 0, sizeof(gpu::FrameUniforms)};
    const VkDescriptorImageInfo lut{f.m_sampler.get(), f.m_lut.view(), VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
    const VkDescriptorImageInfo key_map{shadows.compare_sampler(), shadows.key_map(),
                                        VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
    const VkDescriptorImageInfo contact_map{shadows.depth_sampler(), shadows.contact_map(),
                                            VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
    const VkWriteDescriptorSet writes[] = {
        {.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET, .dstSet = f.m_set, .dstBinding = TS_BINDING_FRAME,
         .descriptorCount = 1, .descriptorType = VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, .pBufferInfo = &buffer},
        {.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET, .dstSet = f.m_set, .dstBinding = TS_BINDING_BRDF_LUT,
         .descriptorCount = 1, .descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, .pImageInfo = &lut},
        {.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET, .dstSet = f.m_set, .dstBinding = TS_BINDING_SHADOW_MAP,
         .descriptorCount = 1, .descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, .pImageInfo = &key_map},
        {.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET, .dstSet = f.m_set, .dstBinding = TS_BINDING_CONTACT_MAP,
         .descriptorCount = 1, .descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, .pImageInfo = &contact_map},
    };
    vkUpdateDescriptorSets(device.handle(), 4, writes, 0, nullptr);
    return f;
}

void FrameSet::bind_backdrop_light(VkImageView irradiance) {
    const VkDescriptorImageInfo image{m_sampler.get(), irradiance, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
    const VkWriteDescriptorSet write{.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET, .dstSet = m_set,
                                     .dstBinding = TS_BINDING_BACKDROP_LIGHT, .descriptorCount = 1,
                                     .descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, .pImageInfo = &image};
    vkUpdateDescriptorSets(m_device->handle(), 1, &write, 0, nullptr);
}

Result<const FrameSet::Baked*> FrameSet::environment(const scene::Environment& environment) {
    const std::string key = environment_key(environment);
    for (auto it = m_environments.begin(); it != m_environments.end(); ++it)
        if (it->key == key) {
            m_environments.splice(m_environments.begin(), m_environments, it);
            return &m_environments.front();
        }
    asset::HdrImage image;
    switch (environment.source) {
        case scene::EnvironmentSource::Uniform: image = scene::make_uniform_environment(environment.color); break;
        case scene::EnvironmentSource::File: {
            TS_TRY_ASSIGN(image, asset::load_hdr(environment.hdr_path));
            // Normalised to a mean radiance of 1 like the studio, so Environment::luminance (the
            // rig's nits) sets its brightness whatever units the file was saved in.
            const float mean = scene::mean_radiance(image).g;
            if (mean > 0.0f)
                for (float& v : image.rgb) v /= mean;
            break;
        }
        default: image = scene::make_studio_environment(); break;
    }
    TS_TRY_ASSIGN(EnvironmentMaps maps, m_baker->bake(image, m_cache, &m_environment_stats));
    m_environments.push_front({key, std::move(maps)});
    if (m_environments.size() > kKeptEnvironments) {
        if (m_environments.back().key == m_bound) m_bound.clear();
        m_environments.pop_back();  // its images are destroyed once no frame uses them (deferred)
    }
    return &m_environments.front();
}

Status FrameSet::update(const scene::Camera& camera, const scene::Lighting& lighting, float aspect,
                        const ShadowFrame& shadow) {
    assert(lighting.lights.size() <= scene::Lighting::kMaxLights);
    TS_TRY_ASSIGN(const Baked* env, environment(lighting.environment));
    if (env->key != m_bound) {
        const VkDescriptorImageInfo image{m_sampler.get(), env->maps.specular.view(),
                                          VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
        const VkWriteDescriptorSet write{.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET, .dstSet = m_set,
                                         .dstBinding = TS_BINDING_ENV_SPECULAR, .descriptorCount = 1,
                                         .descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER,
                                         .pImageInfo = &image};
        vkUpdateDescriptorSets(m_device->handle(), 1, &write, 0, nullptr);
        m_bound = env->key;
    }
    const float exposure = lighting.exposure();
    const glm::mat4 view = camera.view(), projection = camera.projection(aspect);
    gpu::FrameUniforms frame{
        .view = view,
        .projection = projection,
        .inverse_view_projection = glm::inverse(projection * view),
        .camera_position = glm::vec4(camera.position, 1.0f),
        .light_direction = {},
        .light_color = {},
        .environment = glm::vec4(lighting.environment.luminance * exposure, std::cos(lighting.environment.rotation),
                                 std::sin(lighting.environment.rotation), float(gpu::kIblSpecularMips - 1)),
        .environment_sh = {},
        .params = glm::vec4(float(lighting.lights.size()), float(tone_mapper_code(lighting.tone_mapper)),
                            shadow.depth_bias, 0.0f),
        .shadow_matrix = shadow.shadow_matrix,
        .contact_matrix = shadow.contact_matrix,
        .shadow_params = shadow.shadow_params,
        .contact_params = shadow.contact_params,
    };
    for (size_t i = 0; i < lighting.lights.size(); ++i) {
        const scene::DirectionalLight& l = lighting.lights[i];
        frame.light_direction[i] = glm::vec4(-glm::normalize(l.direction), l.casts_shadow ? 1.0f : 0.0f);
        frame.light_color[i] = glm::vec4(l.color * l.illuminance * exposure, 0.0f);
    }
    for (size_t k = 0; k < 9; ++k) frame.environment_sh[k] = env->maps.sh[k];
    std::memcpy(m_uniforms.mapped(), &frame, sizeof frame);
    return {};
}

}  // namespace twinshoot::view
