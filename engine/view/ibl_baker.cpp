#include "view/ibl_baker.h"

#include <glm/gtc/packing.hpp>

#include <cstdlib>
#include <cstring>

#include "core/file_io.h"
#include "core/sha256.h"
#include "core/stopwatch.h"
#include "embedded_shaders.h"
#include "ibl_interface.h"
#include "render/barriers.h"
#include "render/pipeline.h"
#include "render/readback.h"
#include "render/uploader.h"
#include "render/vk_check.h"

namespace twinshoot::view {
using namespace render;

namespace {

static_assert(sizeof(EnvironmentMaps::sh) == sizeof(gpu::IblSh));
constexpr uint32_t kCacheVersion = 1;
constexpr char kMagic[8] = {'T', 'S', 'I', 'B', 'L', '0', '0', '1'};
constexpr VkFormat kFormat = VK_FORMAT_R16G16B16A16_SFLOAT;
const char* const kShaders[] = {"ibl_equirect_to_cube.comp", "ibl_prefilter.comp", "ibl_irradiance_sh.comp",
                                "ibl_brdf_lut.comp"};

uint32_t groups(uint32_t n) { return (n + TS_IBL_WORKGROUP - 1) / TS_IBL_WORKGROUP; }

// Hash of what a cached result depends on besides its input: the bake shaders and the constants.
Sha256 code_key(std::string_view what) {
    std::vector<uint8_t> bytes(what.begin(), what.end());
    const uint32_t constants[] = {kCacheVersion, gpu::kIblCubeSize, gpu::kIblSpecularMips, gpu::kIblShSourceMip,
                                  gpu::kIblLutSize, gpu::kIblPrefilterSamples, gpu::kIblLutSamples};
    bytes.insert(bytes.end(), reinterpret_cast<const uint8_t*>(constants),
                 reinterpret_cast<const uint8_t*>(constants) + sizeof constants);
    for (const char* name : kShaders) {
        const auto words = shaders::find(name);
        bytes.insert(bytes.end(), reinterpret_cast<const uint8_t*>(words.data()),
                     reinterpret_cast<const uint8_t*>(words.data() + words.size()));
    }
    return sha256(bytes);
}

// File: magic, key (32), payload SHA-256 (32), payload.
std::optional<std::vector<uint8_t>> read_cache(const std::filesystem::path& file, const Sha256& key, size_t size) {
    auto bytes = read_file(file);
    if (!bytes || bytes->size() != sizeof kMagic + 64 + size) return std::nullopt;
    const uint8_t* p = bytes->data();
    if (std::memcmp(p, kMagic, sizeof kMagic) != 0 || std::memcmp(p + 8, key.bytes.data(), 32) != 0) return std::nullopt;
    std::vector<uint8_t> payload(p + 72, p + 72 + size);
    if (std::memcmp(p + 40, sha256(payload).bytes.data(), 32) != 0) return std::nullopt;
    return payload;
}

bool write_cache(const std::filesystem::path& file, const Sha256& key, std::span<const uint8_t> payload) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    std::vector<uint8_t> bytes(kMagic, kMagic + sizeof kMagic);
    bytes.insert(bytes.end(), key.bytes.begin(), key.bytes.end());
    const Sha256 check = sha256(payload);
    bytes.insert(bytes.end(), check.bytes.begin(), check.bytes.end());
    bytes.insert(bytes.end(), payload.begin(), payload.end());
    return write_file_atomic(file, bytes).ok();
}

Result<Image> make_cube(Device& device, uint32_t mips, const char* name) {
    return Image::create(device, {.format = kFormat, .width = gpu::kIblCubeSize, .height = gpu::kIblCubeSize,
                                  .mip_levels = mips, .layers = 6, .cube = true,
                                  .usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_STORAGE_BIT |
                                           VK_IMAGE_USAGE_TRANSFER_SRC_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT,
                                  .name = name});
}

// Fills mips 1.. of every face from mip 0 (in TRANSFER_SRC) with linear blits; all mips end in
// SHADER_READ_ONLY_OPTIMAL.
void blit_mips(VkCommandBuffer commands, const Image& image) {
    int32_t size = int32_t(image.width());
    for (uint32_t level = 1; level < image.mip_levels(); ++level) {
        transition(commands, {.image = image.handle(), .from = VK_IMAGE_LAYOUT_UNDEFINED,
                              .to = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, .dst_stage = VK_PIPELINE_STAGE_2_BLIT_BIT,
                              .dst_access = VK_ACCESS_2_TRANSFER_WRITE_BIT, .base_mip = level, .mip_count = 1});
        const int32_t next = std::max(1, size / 2);
        VkImageBlit blit{.srcSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, level - 1, 0, 6},
                         .srcOffsets = {{0, 0, 0}, {size, size, 1}},
                         .dstSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, level, 0, 6},
                         .dstOffsets = {{0, 0, 0}, {next, next, 1}}};
        vkCmdBlitImage(commands, image.handle(), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, image.handle(),
                       VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &blit, VK_FILTER_LINEAR);
        transition(commands, {.image = image.handle(), .from = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                              .to = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, .src_stage = VK_PIPELINE_STAGE_2_BLIT_BIT,
                              .src_access = VK_ACCESS_2_TRANSFER_WRITE_BIT, .dst_stage = VK_PIPELINE_STAGE_2_BLIT_BIT,
                              .dst_access = VK_ACCESS_2_TRANSFER_READ_BIT, .base_mip = level, .mip_count = 1});
        size = next;
    }
    transition(commands, {.image = image.handle(), .from = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                          .to = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, .src_stage = VK_PIPELINE_STAGE_2_BLIT_BIT,
                          .src_access = VK_ACCESS_2_TRANSFER_WRITE_BIT,
                          .dst_stage = VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                          .dst_access = VK_ACCESS_2_SHADER_SAMPLED_READ_BIT});
}

// Size of the specular cube's mips and faces as RGBA16F (what image_bytes() reports for it).
size_t specular_cube_bytes() {
    size_t total = 0;
    for (uint32_t mip = 0; mip < gpu::kIblSpecularMips; ++mip)
        total += size_t(gpu::kIblCubeSize >> mip) * (gpu::kIblCubeSize >> mip) * 6 * 8;
    return total;
}

void to_general(VkCommandBuffer commands, const Image& image) {
    transition(commands, {.image = image.handle(), .from = VK_IMAGE_LAYOUT_UNDEFINED, .to = VK_IMAGE_LAYOUT_GENERAL,
                          .dst_stage = VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                          .dst_access = VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT});
}

void general_to_sampled(VkCommandBuffer commands, const Image& image) {
    transition(commands, {.image = image.handle(), .from = VK_IMAGE_LAYOUT_GENERAL,
                          .to = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                          .src_stage = VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                          .src_access = VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT,
                          .dst_stage = VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT | VK_PIPELINE_STAGE_2_COPY_BIT,
                          .dst_access = VK_ACCESS_2_SHADER_SAMPLED_READ_BIT | VK_ACCESS_2_TRANSFER_READ_BIT});
}

}  // namespace

Result<IblBaker> IblBaker::create(Device& device) {
    IblBaker baker(device);
    const VkDescriptorSetLayoutBinding source{TS_IBL_BINDING_SOURCE, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1,
                                              VK_SHADER_STAGE_COMPUTE_BIT, nullptr};
    const VkDescriptorSetLayoutBinding target{TS_IBL_BINDING_TARGET, VK_DESCRIPTOR_TYPE_STORAGE_IMAGE, 1,
                                              VK_SHADER_STAGE_COMPUTE_BIT, nullptr};
    const VkDescriptorSetLayoutBinding sh{TS_IBL_BINDING_SH, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1,
                                          VK_SHADER_STAGE_COMPUTE_BIT, nullptr};
    const std::vector<VkDescriptorSetLayoutBinding> kinds[kKinds] = {{source, target}, {source, sh}, {target}};
    const VkPushConstantRange push{VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(gpu::IblPushConstants)};
    for (int k = 0; k < kKinds; ++k) {
        TS_TRY_ASSIGN(baker.m_set_layouts[k], create_descriptor_set_layout(device, kinds[k], "ibl bake set"));
        const VkDescriptorSetLayout sets[] = {baker.m_set_layouts[k].get()};
        TS_TRY_ASSIGN(baker.m_layouts[k], create_pipeline_layout(device, sets, {&push, 1}, "ibl bake layout"));
    }
    Pipeline* pipelines[] = {&baker.m_equirect, &baker.m_prefilter, &baker.m_sh, &baker.m_lut};
    const Kind pipeline_kinds[] = {kImageToImage, kImageToImage, kImageToSh, kToImage};
    for (size_t i = 0; i < 4; ++i) {
        TS_TRY_ASSIGN(*pipelines[i], create_compute_pipeline(device, shaders::find(kShaders[i]),
                                                             baker.m_layouts[pipeline_kinds[i]].get(), kShaders[i]));
    }
    VkSamplerCreateInfo sampler{
        .sType = VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO,
        .magFilter = VK_FILTER_LINEAR,
        .minFilter = VK_FILTER_LINEAR,
        .mipmapMode = VK_SAMPLER_MIPMAP_MODE_LINEAR,
        .addressModeU = VK_SAMPLER_ADDRESS_MODE_REPEAT,  // equirect wraps in longitude
        .addressModeV = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE,
        .addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE,
        .maxLod = VK_LOD_CLAMP_NONE,
    };
    VkSampler handle = VK_NULL_HANDLE;
    TS_VK_TRY(vkCreateSampler(device.handle(), &sampler, nullptr, &handle), "vkCreateSampler (ibl bake)");
    baker.m_sampler = Sampler(device, handle, "ibl bake sampler");
    return baker;
}

Result<VkDescriptorSet> IblBaker::make_set(Kind kind, VkImageView sampled, VkImageView storage, VkBuffer buffer) {
    if (!m_pool) {
        const VkDescriptorPoolSize sizes[] = {{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 16},
                                              {VK_DESCRIPTOR_TYPE_STORAGE_IMAGE, 16},
                                              {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 4}};
        VkDescriptorPoolCreateInfo info{.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO, .maxSets = 16,
                                        .poolSizeCount = 3, .pPoolSizes = sizes};
        VkDescriptorPool pool = VK_NULL_HANDLE;
        TS_VK_TRY(vkCreateDescriptorPool(m_device->handle(), &info, nullptr, &pool), "vkCreateDescriptorPool (ibl bake)");
        m_pool = DescriptorPool(*m_device, pool, "ibl bake");
    }
    const VkDescriptorSetLayout layout = m_set_layouts[kind].get();
    VkDescriptorSetAllocateInfo alloc{.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
                                      .descriptorPool = m_pool.get(), .descriptorSetCount = 1, .pSetLayouts = &layout};
    VkDescriptorSet set = VK_NULL_HANDLE;
    TS_VK_TRY(vkAllocateDescriptorSets(m_device->handle(), &alloc, &set), "vkAllocateDescriptorSets (ibl bake)");
    const VkDescriptorImageInfo sampled_info{m_sampler.get(), sampled, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
    const VkDescriptorImageInfo storage_info{VK_NULL_HANDLE, storage, VK_IMAGE_LAYOUT_GENERAL};
    const VkDescriptorBufferInfo buffer_info{buffer, 0, sizeof(gpu::IblSh)};
    std::vector<VkWriteDescriptorSet> writes;
    if (sampled)
        writes.push_back({.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET, .dstSet = set,
                          .dstBinding = TS_IBL_BINDING_SOURCE, .descriptorCount = 1,
                          .descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, .pImageInfo = &sampled_info});
    if (storage)
        writes.push_back({.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET, .dstSet = set,
                          .dstBinding = TS_IBL_BINDING_TARGET, .descriptorCount = 1,
                          .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_IMAGE, .pImageInfo = &storage_info});
    if (buffer)
        writes.push_back({.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET, .dstSet = set,
                          .dstBinding = TS_IBL_BINDING_SH, .descriptorCount = 1,
                          .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, .pBufferInfo = &buffer_info});
    vkUpdateDescriptorSets(m_device->handle(), uint32_t(writes.size()), writes.data(), 0, nullptr);
    return set;
}

Result<EnvironmentMaps> IblBaker::bake_on_gpu(const asset::HdrImage& equirect) {
    Device& device = *m_device;
    m_pool.reset();  // the previous bake's sets: its submission has completed (bakes wait)
    // Upload as RGBA16F with a full mip chain (the cube pass reads the mip matching its density).
    std::vector<uint16_t> halves(size_t(equirect.width) * equirect.height * 4);
    for (size_t i = 0, n = size_t(equirect.width) * equirect.height; i < n; ++i) {
        for (size_t c = 0; c < 3; ++c)
            halves[i * 4 + c] = glm::packHalf1x16(std::min(equirect.rgb[i * 3 + c], 65000.0f));
        halves[i * 4 + 3] = glm::packHalf1x16(1.0f);
    }
    TS_TRY_ASSIGN(Image source_2d, Image::create(device, {.format = kFormat, .width = equirect.width,
                                                          .height = equirect.height,
                                                          .mip_levels = full_mip_count(equirect.width, equirect.height),
                                                          .usage = VK_IMAGE_USAGE_SAMPLED_BIT |
                                                                   VK_IMAGE_USAGE_TRANSFER_SRC_BIT |
                                                                   VK_IMAGE_USAGE_TRANSFER_DST_BIT,
                                                          .name = "environment equirect"}));
    Uploader uploader(device);
    TS_TRY(uploader.image(source_2d, {reinterpret_cast<const uint8_t*>(halves.data()), halves.size() * 2}));
    TS_TRY_ASSIGN(uint64_t uploaded, uploader.submit());
    TS_TRY(device.wait(uploaded));

    TS_TRY_ASSIGN(Image cube, make_cube(device, full_mip_count(gpu::kIblCubeSize, gpu::kIblCubeSize), "environment source cube"));
    EnvironmentMaps maps;
    TS_TRY_ASSIGN(maps.specular, make_cube(device, gpu::kIblSpecularMips, "environment specular cube"));
    TS_TRY_ASSIGN(Buffer sh, Buffer::create(device, sizeof(gpu::IblSh), VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                                            MemoryUsage::Readback, "environment sh"));
    TS_TRY_ASSIGN(ImageView cube_mip0, cube.mip_view(0, "environment source cube mip 0"));
    std::vector<ImageView> specular_mips;
    for (uint32_t mip = 0; mip < gpu::kIblSpecularMips; ++mip) {
        TS_TRY_ASSIGN(ImageView view, maps.specular.mip_view(mip, "environment specular mip"));
        specular_mips.push_back(std::move(view));
    }

    TS_TRY_ASSIGN(VkCommandBuffer commands, device.begin_commands("ibl bake"));
    auto dispatch = [&](const Pipeline& pipeline, Kind kind, VkDescriptorSet set, glm::vec4 params, uint32_t x,
                        uint32_t y, uint32_t z) {
        const VkPipelineLayout layout = m_layouts[kind].get();
        vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline.get());
        vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_COMPUTE, layout, 0, 1, &set, 0, nullptr);
        const gpu::IblPushConstants push{params};
        vkCmdPushConstants(commands, layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof push, &push);
        vkCmdDispatch(commands, x, y, z);
    };
    // 1. equirect -> cube mip 0, then its mip chain.
    to_general(commands, cube);
    const float equirect_lod =
        std::max(0.0f, std::log2(float(equirect.width) / (4.0f * float(gpu::kIblCubeSize))));
    auto fail = [&](Error error) {
        device.discard_commands(commands);
        return error;
    };
    auto set = make_set(kImageToImage, source_2d.view(), cube_mip0.get(), VK_NULL_HANDLE);
    if (!set) return fail(set.error());
    dispatch(m_equirect, kImageToImage, *set, {equirect_lod, 0, gpu::kIblCubeSize, 0}, groups(gpu::kIblCubeSize),
             groups(gpu::kIblCubeSize), 6);
    transition(commands, {.image = cube.handle(), .from = VK_IMAGE_LAYOUT_GENERAL,
                          .to = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                          .src_stage = VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                          .src_access = VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT, .dst_stage = VK_PIPELINE_STAGE_2_BLIT_BIT,
                          .dst_access = VK_ACCESS_2_TRANSFER_READ_BIT, .base_mip = 0, .mip_count = 1});
    blit_mips(commands, cube);
    // 2. GGX prefilter, one dispatch per specular mip.
    to_general(commands, maps.specular);
    for (uint32_t mip = 0; mip < gpu::kIblSpecularMips; ++mip) {
        const uint32_t size = gpu::kIblCubeSize >> mip;
        const float roughness = float(mip) / float(gpu::kIblSpecularMips - 1);
        auto mip_set = make_set(kImageToImage, cube.view(), specular_mips[mip].get(), VK_NULL_HANDLE);
        if (!mip_set) return fail(mip_set.error());
        dispatch(m_prefilter, kImageToImage, *mip_set, {roughness, float(gpu::kIblCubeSize), float(size), 0}, groups(size),
                 groups(size), 6);
    }
    // 3. Irradiance SH from a low mip.
    auto sh_set = make_set(kImageToSh, cube.view(), VK_NULL_HANDLE, sh.handle());
    if (!sh_set) return fail(sh_set.error());
    dispatch(m_sh, kImageToSh, *sh_set, {float(gpu::kIblShSourceMip), 0, float(gpu::kIblCubeSize >> gpu::kIblShSourceMip), 0}, 1,
             1, 1);
    general_to_sampled(commands, maps.specular);
    memory_barrier(commands, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT, VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT,
                   VK_PIPELINE_STAGE_2_HOST_BIT, VK_ACCESS_2_HOST_READ_BIT);
    TS_TRY_ASSIGN(uint64_t done, device.submit(commands));
    TS_TRY(device.wait(done));
    std::memcpy(&maps.sh, sh.mapped(), sizeof maps.sh);
    return maps;
}

Result<EnvironmentMaps> IblBaker::bake(const asset::HdrImage& equirect, const std::optional<std::filesystem::path>& cache,
                                       BakeStats* stats) {
    Stopwatch clock;
    BakeStats local;
    BakeStats& s = stats ? *stats : local;
    s = {};
    std::optional<std::filesystem::path> file;
    Sha256 key{};
    if (cache) {
        std::vector<uint8_t> input(reinterpret_cast<const uint8_t*>(equirect.rgb.data()),
                                   reinterpret_cast<const uint8_t*>(equirect.rgb.data() + equirect.rgb.size()));
        const uint32_t dims[] = {equirect.width, equirect.height};
        input.insert(input.end(), reinterpret_cast<const uint8_t*>(dims), reinterpret_cast<const uint8_t*>(dims) + 8);
        const Sha256 code = code_key("environment");
        input.insert(input.end(), code.bytes.begin(), code.bytes.end());
        key = sha256(input);
        file = *cache / ("ibl-" + key.hex().substr(0, 32) + ".bin");
        if (auto payload = read_cache(*file, key, sizeof(gpu::IblSh) + specular_cube_bytes())) {
            EnvironmentMaps maps;
            TS_TRY_ASSIGN(maps.specular, make_cube(*m_device, gpu::kIblSpecularMips, "environment specular cube"));
            std::memcpy(&maps.sh, payload->data(), sizeof maps.sh);
            Uploader uploader(*m_device);
            TS_TRY(uploader.image_levels(maps.specular, std::span(*payload).subspan(sizeof(gpu::IblSh))));
            TS_TRY_ASSIGN(uint64_t done, uploader.submit());
            TS_TRY(m_device->wait(done));
            s.from_cache = true;
            s.milliseconds = clock.ms();
            return maps;
        }
    }
    TS_TRY_ASSIGN(EnvironmentMaps maps, bake_on_gpu(equirect));
    assert(image_bytes(maps.specular) == specular_cube_bytes());
    if (file) {
        TS_TRY_ASSIGN(std::vector<uint8_t> pixels,
                      read_image(*m_device, maps.specular, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL));
        std::vector<uint8_t> payload(reinterpret_cast<const uint8_t*>(&maps.sh),
                                     reinterpret_cast<const uint8_t*>(&maps.sh) + sizeof maps.sh);
        payload.insert(payload.end(), pixels.begin(), pixels.end());
        s.cache_written = write_cache(*file, key, payload);
    }
    s.milliseconds = clock.ms();
    return maps;
}

Result<Image> IblBaker::brdf_lut(const std::optional<std::filesystem::path>& cache, BakeStats* stats) {
    Stopwatch clock;
    BakeStats local;
    BakeStats& s = stats ? *stats : local;
    s = {};
    TS_TRY_ASSIGN(Image lut, Image::create(*m_device, {.format = kFormat, .width = gpu::kIblLutSize,
                                                       .height = gpu::kIblLutSize,
                                                       .usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_STORAGE_BIT |
                                                                VK_IMAGE_USAGE_TRANSFER_SRC_BIT |
                                                                VK_IMAGE_USAGE_TRANSFER_DST_BIT,
                                                       .name = "brdf lut"}));
    const Sha256 key = code_key("brdf-lut");
    std::optional<std::filesystem::path> file;
    if (cache) {
        file = *cache / ("brdf-lut-" + key.hex().substr(0, 32) + ".bin");
        if (auto payload = read_cache(*file, key, image_bytes(lut))) {
            Uploader uploader(*m_device);
            TS_TRY(uploader.image_levels(lut, *payload));
            TS_TRY_ASSIGN(uint64_t done, uploader.submit());
            TS_TRY(m_device->wait(done));
            s.from_cache = true;
            s.milliseconds = clock.ms();
            return lut;
        }
    }
    m_pool.reset();
    TS_TRY_ASSIGN(ImageView target, lut.mip_view(0, "brdf lut storage"));
    TS_TRY_ASSIGN(VkDescriptorSet set, make_set(kToImage, VK_NULL_HANDLE, target.get(), VK_NULL_HANDLE));
    TS_TRY_ASSIGN(VkCommandBuffer commands, m_device->begin_commands("brdf lut"));
    to_general(commands, lut);
    vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE, m_lut.get());
    vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_COMPUTE, m_layouts[kToImage].get(), 0, 1, &set, 0,
                            nullptr);
    const gpu::IblPushConstants push{};
    vkCmdPushConstants(commands, m_layouts[kToImage].get(), VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof push, &push);
    vkCmdDispatch(commands, groups(gpu::kIblLutSize), groups(gpu::kIblLutSize), 1);
    general_to_sampled(commands, lut);
    TS_TRY_ASSIGN(uint64_t done, m_device->submit(commands));
    TS_TRY(m_device->wait(done));
    if (file) {
        TS_TRY_ASSIGN(std::vector<uint8_t> pixels, read_image(*m_device, lut, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL));
        s.cache_written = write_cache(*file, key, pixels);
    }
    s.milliseconds = clock.ms();
    return lut;
}

}  // namespace twinshoot::view
