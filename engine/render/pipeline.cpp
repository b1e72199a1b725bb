#include "render/pipeline.h"

#include <string>
#include <vector>

#include "render/vk_check.h"

namespace twinshoot::render {

Result<ShaderModule> create_shader_module(Device& device, std::span<const uint32_t> spirv, const char* name) {
    assert(!spirv.empty() && "shader not embedded: check shaders/CMakeLists.txt");
    VkShaderModuleCreateInfo info{
        .sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO,
        .codeSize = spirv.size_bytes(),
        .pCode = spirv.data(),
    };
    VkShaderModule module = VK_NULL_HANDLE;
    TS_VK_TRY(vkCreateShaderModule(device.handle(), &info, nullptr, &module),
              std::string("vkCreateShaderModule '") + name + "'");
    return ShaderModule(device, module, name);
}

Result<DescriptorSetLayout> create_descriptor_set_layout(Device& device,
                                                         std::span<const VkDescriptorSetLayoutBinding> bindings,
                                                         const char* name) {
    VkDescriptorSetLayoutCreateInfo info{
        .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO,
        .bindingCount = static_cast<uint32_t>(bindings.size()),
        .pBindings = bindings.data(),
    };
    VkDescriptorSetLayout layout = VK_NULL_HANDLE;
    TS_VK_TRY(vkCreateDescriptorSetLayout(device.handle(), &info, nullptr, &layout),
              std::string("vkCreateDescriptorSetLayout '") + name + "'");
    return DescriptorSetLayout(device, layout, name);
}

Result<PipelineLayout> create_pipeline_layout(Device& device, std::span<const VkDescriptorSetLayout> sets,
                                              std::span<const VkPushConstantRange> push_constants, const char* name) {
    VkPipelineLayoutCreateInfo info{
        .sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO,
        .setLayoutCount = static_cast<uint32_t>(sets.size()),
        .pSetLayouts = sets.data(),
        .pushConstantRangeCount = static_cast<uint32_t>(push_constants.size()),
        .pPushConstantRanges = push_constants.data(),
    };
    VkPipelineLayout layout = VK_NULL_HANDLE;
    TS_VK_TRY(vkCreatePipelineLayout(device.handle(), &info, nullptr, &layout),
              std::string("vkCreatePipelineLayout '") + name + "'");
    return PipelineLayout(device, layout, name);
}

Result<Pipeline> create_graphics_pipeline(Device& device, const GraphicsPipelineDesc& desc) {
    TS_TRY_ASSIGN(ShaderModule vs, create_shader_module(device, desc.vertex_spirv, desc.name));
    ShaderModule fs;
    if (!desc.fragment_spirv.empty()) {
        TS_TRY_ASSIGN(fs, create_shader_module(device, desc.fragment_spirv, desc.name));
    }
    std::vector<VkSpecializationMapEntry> constant_entries;
    for (uint32_t i = 0; i < desc.fragment_constants.size(); ++i)
        constant_entries.push_back({i, uint32_t(i * sizeof(uint32_t)), sizeof(uint32_t)});
    const VkSpecializationInfo constants{
        .mapEntryCount = static_cast<uint32_t>(constant_entries.size()),
        .pMapEntries = constant_entries.data(),
        .dataSize = desc.fragment_constants.size_bytes(),
        .pData = desc.fragment_constants.data(),
    };
    VkPipelineShaderStageCreateInfo stages[] = {
        {.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
         .stage = VK_SHADER_STAGE_VERTEX_BIT, .module = vs.get(), .pName = "main"},
        {.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
         .stage = VK_SHADER_STAGE_FRAGMENT_BIT, .module = fs.get(), .pName = "main",
         .pSpecializationInfo = constant_entries.empty() ? nullptr : &constants},
    };
    VkPipelineVertexInputStateCreateInfo vertex_input{
        .sType = VK_STRUCTURE_TYPE_PIPELINE_VERTEX_INPUT_STATE_CREATE_INFO,
        .vertexBindingDescriptionCount = static_cast<uint32_t>(desc.vertex_bindings.size()),
        .pVertexBindingDescriptions = desc.vertex_bindings.data(),
        .vertexAttributeDescriptionCount = static_cast<uint32_t>(desc.vertex_attributes.size()),
        .pVertexAttributeDescriptions = desc.vertex_attributes.data(),
    };
    VkPipelineInputAssemblyStateCreateInfo input_assembly{
        .sType = VK_STRUCTURE_TYPE_PIPELINE_INPUT_ASSEMBLY_STATE_CREATE_INFO,
        .topology = VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST,
    };
    VkPipelineViewportStateCreateInfo viewport{
        .sType = VK_STRUCTURE_TYPE_PIPELINE_VIEWPORT_STATE_CREATE_INFO, .viewportCount = 1, .scissorCount = 1};
    VkPipelineRasterizationStateCreateInfo raster{
        .sType = VK_STRUCTURE_TYPE_PIPELINE_RASTERIZATION_STATE_CREATE_INFO,
        .polygonMode = VK_POLYGON_MODE_FILL,
        .cullMode = desc.cull,
        .frontFace = desc.front_face,
        .depthBiasEnable = desc.depth_bias_constant != 0.0f || desc.depth_bias_slope != 0.0f,
        .depthBiasConstantFactor = desc.depth_bias_constant,
        .depthBiasSlopeFactor = desc.depth_bias_slope,
        .lineWidth = 1.0f,
    };
    VkPipelineMultisampleStateCreateInfo multisample{
        .sType = VK_STRUCTURE_TYPE_PIPELINE_MULTISAMPLE_STATE_CREATE_INFO,
        .rasterizationSamples = desc.samples,
    };
    const bool has_depth = desc.depth_format != VK_FORMAT_UNDEFINED;
    VkPipelineDepthStencilStateCreateInfo depth{
        .sType = VK_STRUCTURE_TYPE_PIPELINE_DEPTH_STENCIL_STATE_CREATE_INFO,
        .depthTestEnable = has_depth && desc.depth_test,
        .depthWriteEnable = has_depth && desc.depth_write,
        .depthCompareOp = VK_COMPARE_OP_LESS_OR_EQUAL,
    };
    const bool under = desc.blend == BlendMode::Under;
    VkPipelineColorBlendAttachmentState attachment{
        .blendEnable = desc.blend != BlendMode::Opaque,
        .srcColorBlendFactor = under ? VK_BLEND_FACTOR_ONE_MINUS_DST_ALPHA : VK_BLEND_FACTOR_SRC_ALPHA,
        .dstColorBlendFactor = under ? VK_BLEND_FACTOR_ONE : VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA,
        .colorBlendOp = VK_BLEND_OP_ADD,
        .srcAlphaBlendFactor = under ? VK_BLEND_FACTOR_ONE_MINUS_DST_ALPHA : VK_BLEND_FACTOR_ONE,
        .dstAlphaBlendFactor = under ? VK_BLEND_FACTOR_ONE : VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA,
        .alphaBlendOp = VK_BLEND_OP_ADD,
        .colorWriteMask = VK_COLOR_COMPONENT_R_BIT | VK_COLOR_COMPONENT_G_BIT | VK_COLOR_COMPONENT_B_BIT |
                          VK_COLOR_COMPONENT_A_BIT,
    };
    const bool has_color = desc.color_format != VK_FORMAT_UNDEFINED;
    VkPipelineColorBlendStateCreateInfo blend{
        .sType = VK_STRUCTURE_TYPE_PIPELINE_COLOR_BLEND_STATE_CREATE_INFO,
        .attachmentCount = has_color ? 1u : 0u,
        .pAttachments = &attachment,
    };
    const VkDynamicState dynamic_states[] = {VK_DYNAMIC_STATE_VIEWPORT, VK_DYNAMIC_STATE_SCISSOR,
                                             VK_DYNAMIC_STATE_CULL_MODE, VK_DYNAMIC_STATE_FRONT_FACE};
    VkPipelineDynamicStateCreateInfo dynamic{
        .sType = VK_STRUCTURE_TYPE_PIPELINE_DYNAMIC_STATE_CREATE_INFO,
        .dynamicStateCount = desc.dynamic_cull ? 4u : 2u,
        .pDynamicStates = dynamic_states,
    };
    VkPipelineRenderingCreateInfo rendering{
        .sType = VK_STRUCTURE_TYPE_PIPELINE_RENDERING_CREATE_INFO,
        .colorAttachmentCount = has_color ? 1u : 0u,
        .pColorAttachmentFormats = has_color ? &desc.color_format : nullptr,
        .depthAttachmentFormat = desc.depth_format,
    };
    VkGraphicsPipelineCreateInfo info{
        .sType = VK_STRUCTURE_TYPE_GRAPHICS_PIPELINE_CREATE_INFO,
        .pNext = &rendering,
        .stageCount = fs ? 2u : 1u,
        .pStages = stages,
        .pVertexInputState = &vertex_input,
        .pInputAssemblyState = &input_assembly,
        .pViewportState = &viewport,
        .pRasterizationState = &raster,
        .pMultisampleState = &multisample,
        .pDepthStencilState = &depth,
        .pColorBlendState = &blend,
        .pDynamicState = &dynamic,
        .layout = desc.layout,
    };
    VkPipeline pipeline = VK_NULL_HANDLE;
    TS_VK_TRY(vkCreateGraphicsPipelines(device.handle(), VK_NULL_HANDLE, 1, &info, nullptr, &pipeline),
              std::string("vkCreateGraphicsPipelines '") + desc.name + "'");
    return Pipeline(device, pipeline, desc.name);
}

Result<Pipeline> create_compute_pipeline(Device& device, std::span<const uint32_t> spirv, VkPipelineLayout layout,
                                         const char* name, std::span<const uint32_t> constants) {
    TS_TRY_ASSIGN(ShaderModule module, create_shader_module(device, spirv, name));
    std::vector<VkSpecializationMapEntry> entries;
    for (uint32_t i = 0; i < constants.size(); ++i) entries.push_back({i, uint32_t(i * sizeof(uint32_t)), sizeof(uint32_t)});
    const VkSpecializationInfo specialization{
        .mapEntryCount = uint32_t(entries.size()),
        .pMapEntries = entries.data(),
        .dataSize = constants.size_bytes(),
        .pData = constants.data(),
    };
    VkComputePipelineCreateInfo info{
        .sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO,
        .stage = {.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
                  .stage = VK_SHADER_STAGE_COMPUTE_BIT,
                  .module = module.get(),
                  .pName = "main",
                  .pSpecializationInfo = constants.empty() ? nullptr : &specialization},
        .layout = layout,
    };
    VkPipeline pipeline = VK_NULL_HANDLE;
    TS_VK_TRY(vkCreateComputePipelines(device.handle(), VK_NULL_HANDLE, 1, &info, nullptr, &pipeline),
              std::string("vkCreateComputePipelines '") + name + "'");
    return Pipeline(device, pipeline, name);
}

}  // namespace twinshoot::render
