// PbrPass: the forward metallic-roughness pass — descriptor layouts (from pbr_interface.h),
// pipelines for opaque and alpha-blended materials, the 1x1 fallback textures, and draw recording.
// Pipelines are built for one colour and one depth format, fixed at creation.
#pragma once

#include <functional>

#include <array>

#include "render/image.h"
#include "render/owned.h"
#include "view/backdrop_light.h"
#include "view/gpu_model.h"

namespace twinshoot::view {

class PbrPass {
public:
    // `samples`: the colour/depth attachments' sample count (MSAA) the pipelines draw into.
    static Result<PbrPass> create(render::Device& device, VkFormat color_format, VkFormat depth_format,
                                  VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT);

    // Records draws of every instance: opaque and masked first, then (with `environment_background`)
    // the environment behind them at the far plane, then blended ones sorted back to front from
    // `eye` (world position) by the centres of their bounds. The frame descriptor set (set 0) must be
    // bound-compatible with frame_layout().
    // With `shade_opaque`, the opaque and masked surfaces are not drawn here: it is called first
    // instead (the visibility pass's shading, view/visibility_pass.h), and may bind what it likes.
    // With `coarse`, meshes that have a coarse level (GpuMesh::coarse_index_count) draw it.
    // Without `backdrops`, backdrop instances are left out (record_backdrop_under draws them).
    void record(VkCommandBuffer commands, VkDescriptorSet frame_set, const GpuModel& model, const glm::vec3& eye,
                bool environment_background = false, const std::function<void()>& shade_opaque = {},
                bool coarse = false, bool backdrops = true) const;

    // Records the backdrop instances' colour into a BackdropLight target of `extent` pixels (between
    // its begin() and end()); the backdrop variant of record() and record_backdrop_under() read it
    // back through the frame set. The target is drawn in rectangles cut along the edges of `rects`,
    // each with the shader variant that takes the shadows that can fall there.
    void record_backdrop_light(VkCommandBuffer commands, VkDescriptorSet frame_set, const GpuModel& model,
                               const BackdropShadowRects& rects, VkExtent2D extent) const;

    // Records the backdrop under what a single-sample rendering pass on a target of the colour format
    // holds, as premultiplied colour (backdrop_under.frag): a frame drawn without its backdrops over
    // a transparent clear, after its MSAA resolve. One screen-covering triangle, no depth.
    void record_backdrop_under(VkCommandBuffer commands, VkDescriptorSet frame_set) const;

    VkDescriptorSetLayout frame_layout() const { return m_frame_layout.get(); }
    VkDescriptorSetLayout material_layout() const { return m_material_layout.get(); }
    // Fallback textures for absent slots: white (sRGB), white (linear), flat normal (0.5, 0.5, 1).
    const render::Image& white_srgb() const { return m_white_srgb; }
    const render::Image& white_linear() const { return m_white_linear; }
    const render::Image& flat_normal() const { return m_flat_normal; }
    VkSampler default_sampler() const { return m_default_sampler.get(); }
    uint64_t ready_value() const { return m_ready_value; }

private:
    // Binds the instance's material set (unless `bound_material` already is it), pushes its
    // transforms, sets its culling and draws it (its coarse level when `coarse` and it has one).
    void draw_instance(VkCommandBuffer commands, const GpuModel& model, size_t index, uint32_t& bound_material,
                       bool coarse = false) const;

    render::DescriptorSetLayout m_frame_layout;
    render::DescriptorSetLayout m_material_layout;
    render::PipelineLayout m_layout;
    render::Pipeline m_opaque;
    render::Pipeline m_backdrop;
    render::Pipeline m_blend;
    // BackdropLight's pass (half resolution, RGBA16F), by the shadows it takes: [key + 2 * contact].
    std::array<render::Pipeline, 4> m_backdrop_light;
    render::Pipeline m_background;
    render::Pipeline m_backdrop_under;  // one sample, no depth, BlendMode::Under
    render::Image m_white_srgb;
    render::Image m_white_linear;
    render::Image m_flat_normal;
    render::Sampler m_default_sampler;
    uint64_t m_ready_value = 0;
};

// Creates a trilinear sampler with the given wrap modes (anisotropic where the device allows).
Result<render::Sampler> create_material_sampler(render::Device& device, asset::WrapMode u, asset::WrapMode v);

}  // namespace twinshoot::view
