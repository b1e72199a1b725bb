// GpuModel: an asset::Model uploaded for drawing — vertex/index buffers per mesh, textures with
// mips, samplers, and one descriptor set per material (layout from shaders/shared/pbr_interface.h).
// Move-only; every GPU object in it is destroyed through the Device's deferred destruction, so a
// GpuModel may be dropped while a frame that draws it is still in flight.
#pragma once

#include <map>
#include <span>
#include <memory>
#include <vector>

#include "asset/model.h"
#include "render/buffer.h"
#include "render/image.h"
#include "render/owned.h"

namespace twinshoot::view {

class PbrPass;
class SkinningPass;

struct GpuMesh {
    render::Buffer vertices;  // rest vertices (asset::Vertex)
    render::Buffer indices;
    uint32_t index_count = 0;
    uint32_t vertex_count = 0;
    // The coarse level of detail (view/coarse_levels.h), when the upload was given one: its triangle
    // list follows the full one in `indices`, from coarse_first_index. 0: none (draw the full list).
    uint32_t coarse_first_index = 0;
    uint32_t coarse_index_count = 0;
    uint32_t material = 0;
    asset::Aabb bounds;  // of the rest vertices, mesh space (sorting blended draws)
    // Skinned meshes only: per-vertex skins, the skinning pass's output and its descriptor set.
    render::Buffer skin_weights;
    render::Buffer skinned_vertices;
    VkDescriptorSet skin_set = VK_NULL_HANDLE;

    bool skinned() const { return bool(skinned_vertices); }
    const render::Buffer& draw_vertices() const { return skinned_vertices ? skinned_vertices : vertices; }
};

struct GpuMaterial {
    VkDescriptorSet descriptor_set = VK_NULL_HANDLE;  // freed with GpuModel::descriptor_pool
    bool blend = false;
    bool mask = false;  // alpha-tested: casts through its alpha test (ShadowPass)
    bool double_sided = false;
    bool backdrop = false;
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
    // Skinning: joint matrices (world * inverse bind) in host-visible memory, written by
    // set_skin_matrices() before a frame. The offscreen renderer has one frame in flight at most and
    // the model must not be re-posed until it is collected, so one copy suffices; a renderer with
    // several frames in flight would need one buffer per frame.
    render::Buffer joint_matrices;
    uint32_t joint_count = 0;
    render::DescriptorPool skin_pool;
    uint64_t ready_value = 0;  // timeline value after which the upload has completed
    // Identity of what is drawn, for renderers that keep work between frames: a process-unique
    // number per upload, and a count of set_skin_matrices() calls (a new pose).
    uint64_t serial = 0;
    uint64_t skin_revision = 0;
};

// Uploads `model` (one submission; does not wait), with its skeleton in the rest pose. `coarse`:
// empty, or one triangle list per mesh (empty: none) over that mesh's vertices, uploaded as its
// coarse level. Errors come from the device (memory, limits).
Result<GpuModel> upload_model(render::Device& device, const PbrPass& pass, const SkinningPass& skinning,
                              const asset::Model& model, std::span<const std::vector<uint32_t>> coarse = {});

// Sets the pose of a skinned model: one matrix per skeleton joint (asset::Skeleton::skin_matrices).
void set_skin_matrices(GpuModel& model, std::span<const glm::mat4> skin_matrices);

}  // namespace twinshoot::view
