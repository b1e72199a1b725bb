// Pipeline building blocks: shader modules from SPIR-V, descriptor-set and pipeline layouts, and
// graphics pipelines for dynamic rendering (no VkRenderPass). Viewport and scissor are dynamic.
// Layout bindings are not written here: callers pass them from the one header shared with GLSL
// (shaders/shared/*.h), so C++ and shaders cannot drift apart.
#pragma once

#include <span>
#include <vector>

#include "render/owned.h"

namespace twinshoot::render {

Result<ShaderModule> create_shader_module(Device& device, std::span<const uint32_t> spirv, const char* name);

Result<DescriptorSetLayout> create_descriptor_set_layout(Device& device,
                                                         std::span<const VkDescriptorSetLayoutBinding> bindings,
                                                         const char* name);

Result<PipelineLayout> create_pipeline_layout(Device& device, std::span<const VkDescriptorSetLayout> sets,
                                              std::span<const VkPushConstantRange> push_constants, const char* name);

// AlphaBlend: straight colour over the target (colour src-alpha / one-minus-src-alpha, alpha one /
// one-minus-src-alpha, so alpha accumulates as coverage). Under: the fragment goes behind what the
// target holds, which must be premultiplied (colour and alpha: one-minus-dst-alpha / one).
enum class BlendMode { Opaque, AlphaBlend, Under };

struct GraphicsPipelineDesc {
    std::span<const uint32_t> vertex_spirv;
    std::span<const uint32_t> fragment_spirv;  // empty: no fragment stage (depth-only passes)
    std::span<const VkVertexInputBindingDescription> vertex_bindings;
    std::span<const VkVertexInputAttributeDescription> vertex_attributes;
    VkPipelineLayout layout = VK_NULL_HANDLE;
    VkFormat color_format = VK_FORMAT_UNDEFINED;  // UNDEFINED: no colour attachment (depth only)
    VkFormat depth_format = VK_FORMAT_UNDEFINED;  // UNDEFINED: no depth attachment
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
    VkCullModeFlags cull = VK_CULL_MODE_BACK_BIT;
    VkFrontFace front_face = VK_FRONT_FACE_COUNTER_CLOCKWISE;
    // Cull mode and front face set per draw with vkCmdSetCullMode / vkCmdSetFrontFace (core 1.3),
    // so double-sided materials and mirrored instances need no extra pipelines.
    bool dynamic_cull = false;
    bool depth_test = true;
    bool depth_write = true;
    // Slope-scaled depth bias (shadow maps): depth += constant * r + slope * max slope.
    float depth_bias_constant = 0.0f;
    float depth_bias_slope = 0.0f;
    BlendMode blend = BlendMode::Opaque;
    // Fragment-shader specialization constants 0, 1, ... (32 bits each): compile-time variants of one
    // shader. (Branches on uniforms are no substitute on a CPU device, which runs both sides.)
    std::span<const uint32_t> fragment_constants;
    const char* name = "pipeline";
};

Result<Pipeline> create_graphics_pipeline(Device& device, const GraphicsPipelineDesc& desc);

// `constants`: specialization constants 0, 1, ... (32 bits each), as for graphics pipelines.
Result<Pipeline> create_compute_pipeline(Device& device, std::span<const uint32_t> spirv, VkPipelineLayout layout,
                                         const char* name, std::span<const uint32_t> constants = {});

}  // namespace twinshoot::render
