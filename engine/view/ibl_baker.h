// IblBaker: turns an equirectangular environment into the maps image-based lighting reads, on the
// GPU with compute shaders (shaders/ibl_*.comp, layouts in shaders/shared/ibl_interface.h):
// a GGX-prefiltered specular cube and 9 SH coefficients of irradiance; and, once per device, the
// split-sum BRDF lookup table.
//
// Disk cache: with a cache folder, results are stored as `ibl-<key>.bin` / `brdf-lut-<key>.bin`,
// where the key is the SHA-256 of the input pixels, the bake shaders' SPIR-V and the format version,
// so a changed shader or environment can never load stale maps. Each file carries a SHA-256 of its
// payload; an unreadable, truncated or corrupt cache file is ignored and rewritten (never an error).
// Failing to write the cache is not an error either: BakeStats says what happened.
#pragma once

#include <filesystem>
#include <optional>

#include "asset/hdr_image.h"
#include "core/cache_folder.h"
#include <array>

#include <glm/glm.hpp>

#include "render/buffer.h"
#include "render/image.h"
#include "render/owned.h"

namespace twinshoot::view {

struct EnvironmentMaps {
    render::Image specular;  // cube, RGBA16F, gpu::kIblSpecularMips mips, SHADER_READ_ONLY_OPTIMAL
    std::array<glm::vec4, 9> sh{};  // irradiance / pi as SH (gpu::IblSh in shaders/shared/ibl_interface.h)
};

struct BakeStats {
    bool from_cache = false;
    bool cache_written = false;
    double milliseconds = 0.0;  // wall time of bake() / brdf_lut(), including cache I/O
};

class IblBaker {
public:
    static Result<IblBaker> create(render::Device& device);

    Result<EnvironmentMaps> bake(const asset::HdrImage& equirect, const std::optional<std::filesystem::path>& cache,
                                 BakeStats* stats = nullptr);
    // RGBA16F kIblLutSize^2: R, G split-sum scale and bias, B Charlie sheen albedo.
    Result<render::Image> brdf_lut(const std::optional<std::filesystem::path>& cache, BakeStats* stats = nullptr);

private:
    explicit IblBaker(render::Device& device) : m_device(&device) {}
    Result<EnvironmentMaps> bake_on_gpu(const asset::HdrImage& equirect);
    // One layout per kind of pass, holding exactly the bindings it uses (every binding written).
    enum Kind { kImageToImage, kImageToSh, kToImage, kKinds };
    Result<VkDescriptorSet> make_set(Kind kind, VkImageView sampled, VkImageView storage, VkBuffer buffer);

    render::Device* m_device;
    render::DescriptorSetLayout m_set_layouts[kKinds];
    render::PipelineLayout m_layouts[kKinds];
    render::Pipeline m_equirect;
    render::Pipeline m_prefilter;
    render::Pipeline m_sh;
    render::Pipeline m_lut;
    render::Sampler m_sampler;
    render::DescriptorPool m_pool;  // per bake; reset at the start of the next
};

// The cache folder is core's (core/cache_folder.h), shared with the imported-model cache.
using twinshoot::default_cache_folder;

}  // namespace twinshoot::view
