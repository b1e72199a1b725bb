// SkinningPass: GPU skinning as a compute pre-pass. For each skinned mesh of a GpuModel it reads
// the rest vertices, the per-vertex skins and the model's joint matrices, and writes the skinned
// vertices that the PBR pass then draws (same layout as asset::Vertex). Matches
// asset::skin_vertices (the CPU reference) to float precision; tests/view/skinning_test.cpp checks.
#pragma once

#include "render/owned.h"

namespace twinshoot::view {

struct GpuModel;

class SkinningPass {
public:
    static Result<SkinningPass> create(render::Device& device);

    // Records the dispatches and the barrier that makes their output visible to vertex input.
    // Records nothing for a model without skinned meshes.
    void record(VkCommandBuffer commands, const GpuModel& model) const;

    VkDescriptorSetLayout layout() const { return m_set_layout.get(); }

private:
    render::DescriptorSetLayout m_set_layout;
    render::PipelineLayout m_layout;
    render::Pipeline m_pipeline;
};

}  // namespace twinshoot::view
