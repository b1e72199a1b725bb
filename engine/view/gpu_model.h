// GpuModel: an asset::Model uploaded for drawing — vertex/index buffers per mesh, textures with
// mips, samplers, and one descriptor set per material (layout from shaders/shared/pbr_interface.h).
// Move-only; every GPU object in it is destroyed through the Device's deferred destruction, so a
// GpuModel may be dropped while a frame that draws it is still in flight.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "asset/model.h"
#include "render/buffer.h"
#include "render/image.h"
#include "render/owned.h"

namespace twinshoot::view {

class PbrPass;

struct GpuMesh {
    render::Buffer vertices;
    render::Buffer indices;
    uint32_t index_count = 0;
    uint32_t material = 0;
};

struct GpuMaterial {
    VkDescriptorSet descriptor_set = VK_NULL_HANDLE;  // freed with GpuModel::descriptor_pool
    bool blend = false;
    bool double_sided = false;
};

struct GpuModel {
    std::vector<GpuMesh> meshes;
    std::vector<GpuMaterial> materials;
    std::vector<asset::MeshInstance> instances;
    asset::Aabb bounds;
    render::Buffer material_uniforms;
    std::vector<render::Image> images;
    std::vector<render::Sampler> samplers;
    render::DescriptorPool descriptor_pool;
    uint64_t ready_value = 0;  // timeline value after which the upload has completed
};

// Uploads `model` (one submission; does not wait). Errors come from the device (memory, limits).
Result<GpuModel> upload_model(render::Device& device, const PbrPass& pass, const asset::Model& model);

}  // namespace twinshoot::view
