#include "view/skinning_pass.h"

#include "embedded_shaders.h"
#include "render/pipeline.h"
#include "skinning_interface.h"
#include "view/gpu_model.h"

namespace twinshoot::view {
using namespace render;

Result<SkinningPass> SkinningPass::create(Device& device) {
    SkinningPass pass;
    VkDescriptorSetLayoutBinding bindings[4];
    const uint32_t numbers[] = {TS_SKIN_BINDING_JOINTS, TS_SKIN_BINDING_SOURCE, TS_SKIN_BINDING_WEIGHTS,
                                TS_SKIN_BINDING_TARGET};
    for (int i = 0; i < 4; ++i)
        bindings[i] = {numbers[i], VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_COMPUTE_BIT, nullptr};
    TS_TRY_ASSIGN(pass.m_set_layout, create_descriptor_set_layout(device, bindings, "skinning set"));
    const VkDescriptorSetLayout sets[] = {pass.m_set_layout.get()};
    const VkPushConstantRange push{VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(gpu::SkinPushConstants)};
    TS_TRY_ASSIGN(pass.m_layout, create_pipeline_layout(device, sets, {&push, 1}, "skinning layout"));
    TS_TRY_ASSIGN(pass.m_pipeline,
                  create_compute_pipeline(device, shaders::find("skinning.comp"), pass.m_layout.get(), "skinning"));
    return pass;
}

void SkinningPass::record(VkCommandBuffer commands, const GpuModel& model) const {
    bool any = false;
    for (const auto& mesh : model.meshes) any |= mesh.skinned();
    if (!any) return;
    // Earlier draws of the skinned buffers (previous frames) finish before they are overwritten,
    // and the host's joint-matrix writes are visible to the shader.
    VkMemoryBarrier2 before{
        .sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER_2,
        .srcStageMask = VK_PIPELINE_STAGE_2_VERTEX_ATTRIBUTE_INPUT_BIT | VK_PIPELINE_STAGE_2_HOST_BIT,
        .srcAccessMask = VK_ACCESS_2_HOST_WRITE_BIT,
        .dstStageMask = VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
        .dstAccessMask = VK_ACCESS_2_SHADER_STORAGE_READ_BIT | VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT,
    };
    VkDependencyInfo dep_before{.sType = VK_STRUCTURE_TYPE_DEPENDENCY_INFO, .memoryBarrierCount = 1,
                                .pMemoryBarriers = &before};
    vkCmdPipelineBarrier2(commands, &dep_before);
    vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE, m_pipeline.get());
    for (const auto& mesh : model.meshes) {
        if (!mesh.skinned()) continue;
        vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_COMPUTE, m_layout.get(), 0, 1, &mesh.skin_set, 0,
                                nullptr);
        const gpu::SkinPushConstants push{{mesh.vertex_count, model.joint_count, 0, 0}};
        vkCmdPushConstants(commands, m_layout.get(), VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof push, &push);
        vkCmdDispatch(commands, (mesh.vertex_count + TS_SKIN_WORKGROUP - 1) / TS_SKIN_WORKGROUP, 1, 1);
    }
    VkMemoryBarrier2 after{
        .sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER_2,
        .srcStageMask = VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
        .srcAccessMask = VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT,
        // Drawn as vertices, copied out, and read back by the visibility pass's evaluation (compute)
        // and shading.
        .dstStageMask = VK_PIPELINE_STAGE_2_VERTEX_ATTRIBUTE_INPUT_BIT | VK_PIPELINE_STAGE_2_COPY_BIT |
                        VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
        .dstAccessMask = VK_ACCESS_2_VERTEX_ATTRIBUTE_READ_BIT | VK_ACCESS_2_TRANSFER_READ_BIT |
                         VK_ACCESS_2_SHADER_STORAGE_READ_BIT,
    };
    VkDependencyInfo dep_after{.sType = VK_STRUCTURE_TYPE_DEPENDENCY_INFO, .memoryBarrierCount = 1,
                               .pMemoryBarriers = &after};
    vkCmdPipelineBarrier2(commands, &dep_after);
}

}  // namespace twinshoot::view
