// ShadowPass: the depth maps behind the key light's soft shadow and the contact shadow on the
// backdrop, and depth-only drawing of a model (also the benchmark's depth floor).
//
//   ShadowFrame frame = shadow_pass.plan(lighting, casters);   // fit the maps around the subject
//   shadow_pass.record(commands, model, frame);                 // before the PBR pass, same buffer
//
// Key light: a 2048² orthographic depth map fitted to the bounding sphere of the casters (metres,
// world space), drawn with slope-scaled bias; the PBR shader filters it (12-tap Poisson PCF with
// bilinear comparisons, receiver-plane depth bias) and offsets receivers along their normal. Contact:
// a 512² depth map looking straight up from 5 cm below the casters' lowest point (the floor the
// backdrop stands on) to 25 cm above it, so it holds the underside of what is close above each
// floor point (the rest of the figure is clipped away: it would darken nothing); backdrop
// materials darken where something is close above them.
// Casters are the model's opaque and masked instances that are not backdrops (masked ones through
// their alpha test, with the material's base colour alpha and cutoff; blended ones cast nothing). With no light marked casts_shadow the maps are left as they
// are and ShadowFrame::params.x is -1. Both maps stay in SHADER_READ_ONLY layout between frames.
#pragma once

#include <glm/glm.hpp>

#include "asset/model.h"
#include "render/image.h"
#include "render/owned.h"
#include "scene/lighting.h"
#include "view/gpu_model.h"

namespace twinshoot::view {

// The shadow part of the frame uniforms (pbr_interface.h FrameUniforms, same meanings).
struct ShadowFrame {
    glm::mat4 shadow_matrix{1.0f};
    glm::mat4 contact_matrix{1.0f};
    glm::vec4 shadow_params{-1.0f, 0.0f, 0.0f, 0.0f};
    glm::vec4 contact_params{0.0f};
    float depth_bias = 0.0f;                  // map depth units (FrameUniforms.params.z)
    glm::mat4 key_clip_from_world{1.0f};      // for drawing the key map
    glm::mat4 contact_clip_from_world{1.0f};  // for drawing the overhead map
    bool casts() const { return shadow_params.x >= 0.0f; }
};

enum class DepthDraw {
    Floor,     // everything, culled like the PBR pass (the benchmark's depth floor); clip space Y down
    KeyLight,  // casters only (no backdrops, no blended materials), culled like the PBR pass: a
               // single-sided surface casts from its front only, as it is seen only from there
    Contact,   // casters only, both faces (the underside of a hem is the inside of a skirt)
};

class ShadowPass {
public:
    static constexpr uint32_t kKeyMapSize = 2048;
    static constexpr uint32_t kContactMapSize = 512;

    // `depth_format`: any depth format the device can sample (render::choose_depth_format);
    // `material_layout`: PbrPass::material_layout(), the masked casters' material sets.
    static Result<ShadowPass> create(render::Device& device, VkFormat depth_format, VkDescriptorSetLayout material_layout);

    // Fits both maps around `casters` (world-space bounds) for the first light that casts.
    ShadowFrame plan(const scene::Lighting& lighting, const asset::Aabb& casters) const;
    // Records both maps (when frame.casts()); they end in SHADER_READ_ONLY for the fragment shader.
    void record(VkCommandBuffer commands, const GpuModel& model, const ShadowFrame& frame) const;

    VkImageView key_map() const { return m_key_map.view(); }
    VkImageView contact_map() const { return m_contact_map.view(); }
    VkSampler compare_sampler() const { return m_compare_sampler.get(); }
    VkSampler depth_sampler() const { return m_depth_sampler.get(); }
    uint64_t ready_value() const { return m_ready_value; }

private:
    void record_masked(VkCommandBuffer commands, const GpuModel& model, const glm::mat4& clip_from_world,
                       DepthDraw what) const;

    render::PipelineLayout m_layout;
    render::Pipeline m_pipeline;
    render::PipelineLayout m_masked_layout;
    render::Pipeline m_masked_pipeline;
    render::Image m_key_map;
    render::Image m_contact_map;
    render::Sampler m_compare_sampler;
    render::Sampler m_depth_sampler;
    uint64_t m_ready_value = 0;
};

// Depth-only drawing of a model (no colour), into a shadow map or the benchmark's depth floor. The
// caller has begun rendering with a depth attachment only and set viewport and scissor. The layout
// is the one of create_depth_layout (a 64-byte clip_from_model push constant, shaders/depth.vert).
Result<render::PipelineLayout> create_depth_layout(render::Device& device);
Result<render::Pipeline> create_depth_pipeline(render::Device& device, VkPipelineLayout layout,
                                               VkFormat depth_format, VkSampleCountFlagBits samples,
                                               float bias_constant, float bias_slope, const char* name);
// The shadow maps' clip spaces are Y up (no flip), which mirrors the winding the culling sees.
// For the shadow maps this draws the opaque casters; ShadowPass::record adds the masked ones.
void record_depth(VkCommandBuffer commands, VkPipelineLayout layout, VkPipeline pipeline,
                  const GpuModel& model, const glm::mat4& clip_from_world, DepthDraw what);

}  // namespace twinshoot::view
