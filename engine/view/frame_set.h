// FrameSet: descriptor set 0 of the PBR pass — the frame uniforms (camera, pre-exposed lights,
// tone mapper) and the image-based lighting maps of the frame's environment — and what makes them:
// the IBL baker, the BRDF lookup table (baked once), and the baked environments in use.
//
// update() writes the uniforms for one frame and (re)binds the environment the lighting names:
// the generated studio, a uniform colour, or an .hdr file (errors name the file: missing, not a
// panorama, corrupt). A file is normalised to a mean radiance of 1, as the studio is, so the
// environment's luminance in nits sets its brightness. Baked environments are kept in memory (the last few) and on disk (IblBaker).
// The caller must not update() while a frame that reads the set is in flight (the offscreen
// renderer waits for each frame).
#pragma once

#include <filesystem>
#include <list>
#include <optional>
#include <string>

#include "render/buffer.h"
#include "scene/camera.h"
#include "scene/lighting.h"
#include "view/ibl_baker.h"
#include "view/shadow_pass.h"

namespace twinshoot::view {

class FrameSet {
public:
    // `cache`: folder for baked IBL data (default_cache_folder()), nullopt: no disk cache.
    // The shadow maps are bound once here: `shadows` must outlive the FrameSet.
    static Result<FrameSet> create(render::Device& device, VkDescriptorSetLayout layout,
                                   std::optional<std::filesystem::path> cache, const ShadowPass& shadows);

    Status update(const scene::Camera& camera, const scene::Lighting& lighting, float aspect,
                  const ShadowFrame& shadow = {});
    VkDescriptorSet set() const { return m_set; }
    // Points the set's TS_BINDING_BACKDROP_LIGHT at the BackdropLight target's image (when the
    // target is made or remade; not while a frame that reads the set is in flight).
    void bind_backdrop_light(VkImageView irradiance);

    const BakeStats& lut_stats() const { return m_lut_stats; }
    // Stats of the last environment that had to be baked or loaded (not of in-memory hits).
    const BakeStats& environment_stats() const { return m_environment_stats; }

private:
    struct Baked {
        std::string key;
        EnvironmentMaps maps;
    };
    Result<const Baked*> environment(const scene::Environment& environment);

    render::Device* m_device = nullptr;
    std::optional<IblBaker> m_baker;
    std::optional<std::filesystem::path> m_cache;
    render::Image m_lut;
    render::Sampler m_sampler;
    render::Buffer m_uniforms;
    render::DescriptorPool m_pool;
    VkDescriptorSet m_set = VK_NULL_HANDLE;
    std::list<Baked> m_environments;  // most recently used first
    std::string m_bound;              // key of the environment the set points at
    BakeStats m_lut_stats;
    BakeStats m_environment_stats;
};

}  // namespace twinshoot::view
