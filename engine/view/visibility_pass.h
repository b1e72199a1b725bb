// VisibilityPass: opaque and alpha-tested surfaces shaded once per pixel and surface, whatever the
// triangle count (a visibility buffer, Burns & Hunt 2013).
//
// The forward pass shades a pixel once for every triangle that covers one of its samples; with the
// ~3-pixel triangles of a 100k-triangle figure at 4x MSAA that is several times per pixel, and a
// CPU device (lavapipe) pays it in full. Here:
//   1. record_ids(): each opaque or masked draw of the subject (not backdrops, not blended surfaces)
//      writes, per sample, its draw number and triangle (4 bytes) into an id image, with the depth
//      test into the target's depth. Masked materials run their alpha test here. A compute pass
//      (vis_classify.glsl) then lists, per draw, the 8x8-pixel tiles holding its samples, and the
//      pairs of samples where one draw has two triangles in a pixel; a second one
//      (vis_evaluate.comp) compares each pair's triangles at the pixel centre and, where they are
//      two surfaces, flags the pixel's samples of the second and lists the tile for that draw's
//      second surface.
//   2. In the target's own pass (begun with keep_depth), record_shading() draws, per draw and
//      group, one quad per listed tile (indirect); the fragment shader groups the pixel's samples of
//      the draw into at most two surfaces by those flags, reads the triangle back, and shades it
//      with the forward pass's own code (surface.glsl) into that group's samples (gl_SampleMask).
//      The MSAA resolve, backdrops, the environment background and blended surfaces stay as in the
//      forward pass.
// A CPU device runs a fragment shader for every 4x4 block a primitive covers, whatever the depth or
// stencil test or a discard decide (llvmpipe does not skip a block whose samples all fail), so
// the tiles, not a test, are what keep each draw's shading to its own pixels.
// Differences from the forward pass, by construction: a third surface of one draw inside one pixel
// takes the second one's colour (rare: three layers of one mesh in a pixel); texture footprints are
// computed per pixel from the triangle (a GPU's forward pass takes them per 2x2 quad).
//
// Needs the geometryShader feature (gl_PrimitiveID in a fragment shader) and, multisampled,
// bufferDeviceAddress (vis_evaluate.comp reads triangles by address); OffscreenRenderer falls back
// to the forward pass without them, and for models and targets it does not take(). Not thread-safe; the renderer waits for each frame before the next (the per-frame
// descriptor sets are reused).
#pragma once

#include <functional>
#include <optional>

#include <glm/glm.hpp>

#include <vector>

#include "render/buffer.h"
#include "render/image.h"
#include "render/offscreen_target.h"
#include "render/owned.h"
#include "view/gpu_model.h"

namespace twinshoot::view {

class VisibilityPass {
public:
    // Whether the device can run it: gl_PrimitiveID in fragment shaders, a multisampled
    // unsigned-integer image it can draw into and sample, and (multisampled) buffer device addresses.
    static bool supported(const render::Device& device, VkSampleCountFlagBits samples);

    // Pipelines for a target of `color_format` and `depth_format` at `samples`; the
    // frame and material set layouts are PbrPass's.
    static Result<VisibilityPass> create(render::Device& device, VkDescriptorSetLayout frame_layout,
                                         VkDescriptorSetLayout material_layout, VkFormat color_format,
                                         VkFormat depth_format, VkSampleCountFlagBits samples);

    // Whether `model` can go through it: at most kVisMaxDraws opaque or masked subject draws, each of
    // fewer than 2^24 triangles. Otherwise draw it with the forward pass alone.
    static bool accepts(const GpuModel& model);

    // What the pass holds per target, in bytes: the id image (4 bytes per sample: draw and
    // triangle), a flags word per pixel and, multisampled, room for samples - 1 pairs per pixel
    // (32 bytes per pixel at 4x MSAA). Targets that would need more than kMaxBytes (a supersampled
    // print frame: 4x of 1080x1350 at 4x MSAA is 746 MB) are drawn forward.
    static constexpr uint64_t kMaxBytes = 512ull << 20;
    static uint64_t frame_bytes(uint32_t width, uint32_t height, VkSampleCountFlagBits samples) {
        const uint64_t s = uint32_t(samples);
        return uint64_t(width) * height * (4u * s + 4u + (s > 1 ? 4u * (s - 1) : 0u));
    }
    static bool fits(uint32_t width, uint32_t height, VkSampleCountFlagBits samples) {
        return frame_bytes(width, height, samples) <= kMaxBytes;
    }
    // Whether each storage buffer the pass binds for `draws` draws on such a target stays within
    // `max_range` (the device's maxStorageBufferRange: 128 MiB on lavapipe).
    static bool buffers_fit(uint32_t draws, uint32_t width, uint32_t height, VkSampleCountFlagBits samples,
                            uint64_t max_range);
    // fits() and buffers_fit() for `model` on this device.
    bool takes(const GpuModel& model, uint32_t width, uint32_t height) const;

    // Before recording a frame of `model` into `target`: (re)makes the id image and tile lists for
    // the target's size and the model's draws, and writes this frame's descriptor sets (the
    // previous frame's must have completed).
    Status prepare(const GpuModel& model, const render::OffscreenTarget& target);

    // Records the id pass into `target`'s depth (cleared, then stored for the target's own pass,
    // which must begin with keep_depth) and the id image, then the classification. Uses the frame
    // set for the camera; `inverse_view_projection` is the frame's (the pixels' rays, for telling
    // surfaces apart). The skinning pass must have run. `mark`, when given,
    // is called with "ids" after the id pass and with "classify" after the classification, before the
    // evaluation of the listed pairs (a profiler's marks). With `backdrop_depth`, the model's
    // backdrop instances are drawn too, after the subject (which wins ties) and within that rectangle
    // (pixels), into the depth only: their samples keep no draw, and the subject's samples behind
    // them (a sole below the floor) are hidden, for a frame whose backdrop is drawn under it later
    // (PbrPass::record_backdrop_under). The rectangle must hold every subject pixel.
    void record_ids(VkCommandBuffer commands, VkDescriptorSet frame_set, const GpuModel& model,
                    const render::OffscreenTarget& target, const glm::mat4& inverse_view_projection,
                    const std::function<void(const char* pass)>& mark = {},
                    const std::optional<VkRect2D>& backdrop_depth = std::nullopt) const;

    // Inside the target's pass: shades every sample record_ids() gave to a draw. Both record the
    // `model` given to the last prepare().
    void record_shading(VkCommandBuffer commands, VkDescriptorSet frame_set, const GpuModel& model) const;

private:
    render::Device* m_device = nullptr;
    VkSampleCountFlagBits m_samples = VK_SAMPLE_COUNT_1_BIT;
    render::DescriptorSetLayout m_input_layout;
    render::PipelineLayout m_id_layout;
    render::PipelineLayout m_shade_layout;
    render::Pipeline m_id_opaque;
    render::Pipeline m_id_masked;
    render::Pipeline m_shade[2];  // the pixel's first surface, its second (multisampled only)
    render::DescriptorSetLayout m_classify_set_layout;
    render::PipelineLayout m_classify_layout;
    render::Pipeline m_classify;
    render::Pipeline m_evaluate;  // multisampled only
    render::Sampler m_nearest;
    render::DescriptorPool m_pool;  // this frame's sets, reset by prepare()
    std::vector<size_t> m_draw_instances;  // this frame's draws (model instances), set by prepare()
    std::vector<VkDescriptorSet> m_sets;   // one per draw
    VkDescriptorSet m_classify_set = VK_NULL_HANDLE;
    render::Image m_ids;
    render::Buffer m_tiles;     // per (group, draw): up to m_capacity tile numbers
    render::Buffer m_commands;  // per (group, draw): a VkDrawIndirectCommand
    render::Buffer m_flags;       // per pixel: the samples of a second surface (TS_VIS_BINDING_FLAGS)
    render::Buffer m_pixels;      // VisPixelListHeader, then the pixels to evaluate
    render::Buffer m_second;      // per tile: 256 bits, the draws whose second list holds it
    render::Buffer m_draw_table;  // VisDraw per draw, rewritten each frame
    uint32_t m_tiles_x = 0, m_tiles_y = 0, m_capacity = 0, m_draws = 0;
};

}  // namespace twinshoot::view
