#include "view/gpu_cloth.h"

#include <algorithm>
#include <cassert>
#include <cstring>

#include "cloth_interface.h"
#include "embedded_shaders.h"
#include "render/buffer.h"
#include "render/pipeline.h"
#include "render/vk_check.h"

namespace twinshoot::view {
using namespace render;

namespace {

constexpr uint32_t kBindings = 9;

void compute_barrier(VkCommandBuffer commands, VkPipelineStageFlags2 src, VkAccessFlags2 src_access,
                     VkPipelineStageFlags2 dst, VkAccessFlags2 dst_access) {
    const VkMemoryBarrier2 barrier{.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER_2,
                                   .srcStageMask = src,
                                   .srcAccessMask = src_access,
                                   .dstStageMask = dst,
                                   .dstAccessMask = dst_access};
    const VkDependencyInfo dep{.sType = VK_STRUCTURE_TYPE_DEPENDENCY_INFO, .memoryBarrierCount = 1,
                               .pMemoryBarriers = &barrier};
    vkCmdPipelineBarrier2(commands, &dep);
}

// One compute step's writes visible to the next step.
void step_barrier(VkCommandBuffer commands) {
    compute_barrier(commands, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT, VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT,
                    VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                    VK_ACCESS_2_SHADER_STORAGE_READ_BIT | VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT);
}

}  // namespace

Result<GpuClothSolver> GpuClothSolver::create(Device& device) {
    GpuClothSolver solver;
    solver.m_device = &device;
    VkDescriptorSetLayoutBinding bindings[kBindings];
    for (uint32_t i = 0; i < kBindings; ++i)
        bindings[i] = {i, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_COMPUTE_BIT, nullptr};
    static_assert(TS_CLOTH_BINDING_SIDES == kBindings - 1);
    TS_TRY_ASSIGN(solver.m_set_layout, create_descriptor_set_layout(device, bindings, "cloth set"));
    const VkDescriptorSetLayout sets[] = {solver.m_set_layout.get()};
    const VkPushConstantRange push{VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(gpu::ClothPushConstants)};
    TS_TRY_ASSIGN(solver.m_layout, create_pipeline_layout(device, sets, {&push, 1}, "cloth layout"));
    const auto spirv = shaders::find("cloth.comp");
    const auto pipeline = [&](uint32_t op, const char* name) {
        const uint32_t constants[] = {op};
        return create_compute_pipeline(device, spirv, solver.m_layout.get(), name, constants);
    };
    TS_TRY_ASSIGN(solver.m_predict, pipeline(TS_CLOTH_OP_PREDICT, "cloth predict"));
    TS_TRY_ASSIGN(solver.m_links, pipeline(TS_CLOTH_OP_LINKS, "cloth links"));
    TS_TRY_ASSIGN(solver.m_links_in_order, pipeline(TS_CLOTH_OP_LINKS_IN_ORDER, "cloth links in order"));
    TS_TRY_ASSIGN(solver.m_tethers, pipeline(TS_CLOTH_OP_TETHERS, "cloth tethers"));
    TS_TRY_ASSIGN(solver.m_anchors, pipeline(TS_CLOTH_OP_ANCHORS, "cloth anchors"));
    TS_TRY_ASSIGN(solver.m_finish, pipeline(TS_CLOTH_OP_FINISH, "cloth finish"));
    TS_TRY_ASSIGN(solver.m_hinges, pipeline(TS_CLOTH_OP_HINGES, "cloth hinges"));
    TS_TRY_ASSIGN(solver.m_hinges_in_order, pipeline(TS_CLOTH_OP_HINGES_IN_ORDER, "cloth hinges in order"));
    TS_TRY_ASSIGN(solver.m_sides, pipeline(TS_CLOTH_OP_SIDES, "cloth sides"));
    TS_TRY_ASSIGN(solver.m_sides_in_order, pipeline(TS_CLOTH_OP_SIDES_IN_ORDER, "cloth sides in order"));
    return solver;
}

Result<asset::ClothResult> GpuClothSolver::settle(const asset::ClothInput& input, const asset::ClothTopology& topology,
                                                  const asset::SurfaceIndex& body,
                                                  const asset::ClothOptions& options) const {
    Device& device = *m_device;
    const size_t n = input.start.size();
    const std::vector<uint32_t>& particle = topology.particle();
    assert(particle.size() == n && "the topology of this garment's rest mesh");
    asset::ClothResult result;
    if (n == 0) return result;
    const float thickness = options.thickness_m * options.metre;
    std::vector<uint32_t> particles;
    std::vector<float> anchor(n, 0.0f), clearance(n, thickness), held(n, thickness);
    for (size_t i = 0; i < n; ++i) {
        if (particle[i] == i) particles.push_back(uint32_t(i));
        if (i < input.anchor.size()) anchor[particle[i]] = std::max(anchor[particle[i]], input.anchor[i]);
    }
    const int substeps = std::max(1, options.substeps);
    const float dt = options.seconds / float(substeps);
    const glm::vec3 gravity = glm::normalize(options.down) * (9.81f * options.metre * options.gravity_scale);
    const float reach = options.contact_reach_m * options.metre;
    const float support_reach = asset::support_contact_reach(options);

    // Links: stretch, then tethers; each colour a range. Hinges in their own buffer.
    std::vector<gpu::ClothLink> links;
    const auto add_links = [&](const std::vector<asset::ClothTopology::Link>& from) {
        for (const auto& l : from) links.push_back({l.a, l.b, l.length, 0});
    };
    add_links(topology.stretch());
    const uint32_t tether_base = uint32_t(topology.stretch().size());
    if (options.tethers) add_links(topology.tethers());
    if (links.empty()) links.push_back({0, 0, 0.0f, 0});  // a buffer is never empty
    std::vector<gpu::ClothHinge> hinges;
    for (const auto& h : topology.hinges()) hinges.push_back({h.p, h.q, h.r, h.s, h.angle, 0, 0, 0});
    if (hinges.empty()) hinges.push_back({});
    // The sides as paired at rest; they follow the sheets at every refresh, as on the CPU.
    std::vector<asset::ClothSide> sides = topology.sides();
    std::vector<uint32_t> side_colours = topology.side_colours();
    const auto gpu_sides = [&] {
        std::vector<gpu::ClothSide> out;
        for (const auto& s : sides) out.push_back({s.p, s.a, s.b, s.c, s.gap, std::min(std::abs(s.gap), thickness), 0, 0});
        if (out.empty()) out.push_back({});
        return out;
    };

    // Buffers. The state lives on the GPU; inputs are host-visible; positions come back through a
    // readback buffer at each refresh.
    const VkBufferUsageFlags storage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
    const VkDeviceSize vec4s = VkDeviceSize(n) * sizeof(glm::vec4);
    TS_TRY_ASSIGN(Buffer x, Buffer::create(device, vec4s, storage | VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
                                                              VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                                           MemoryUsage::GpuOnly, "cloth positions"));
    TS_TRY_ASSIGN(Buffer prev, Buffer::create(device, vec4s, storage, MemoryUsage::GpuOnly, "cloth previous"));
    TS_TRY_ASSIGN(Buffer velocity, Buffer::create(device, vec4s, storage | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                                                  MemoryUsage::GpuOnly, "cloth velocities"));
    TS_TRY_ASSIGN(Buffer start, Buffer::create(device, vec4s, storage | VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                                               MemoryUsage::Upload, "cloth start"));
    TS_TRY_ASSIGN(Buffer contact, Buffer::create(device, 2 * vec4s, storage, MemoryUsage::Upload, "cloth contacts"));
    TS_TRY_ASSIGN(Buffer link_buffer, Buffer::create(device, links.size() * sizeof(gpu::ClothLink), storage,
                                                     MemoryUsage::Upload, "cloth links"));
    TS_TRY_ASSIGN(Buffer hinge_buffer, Buffer::create(device, hinges.size() * sizeof(gpu::ClothHinge), storage,
                                                      MemoryUsage::Upload, "cloth hinges"));
    TS_TRY_ASSIGN(Buffer side_buffer, Buffer::create(device, std::max<size_t>(1, sides.size()) * sizeof(gpu::ClothSide), storage,
                                                     MemoryUsage::Upload, "cloth sides"));
    TS_TRY_ASSIGN(Buffer particle_buffer, Buffer::create(device, std::max<size_t>(1, particles.size()) * sizeof(uint32_t),
                                                         storage, MemoryUsage::Upload, "cloth particles"));
    TS_TRY_ASSIGN(Buffer readback, Buffer::create(device, vec4s, VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage::Readback,
                                                  "cloth readback"));
    auto* start_data = reinterpret_cast<glm::vec4*>(start.mapped());
    const std::vector<glm::vec3> start_positions = asset::supported_start(input);
    for (size_t i = 0; i < n; ++i) start_data[i] = glm::vec4(start_positions[particle[i]], anchor[i]);
    std::memcpy(link_buffer.mapped(), links.data(), links.size() * sizeof(gpu::ClothLink));
    std::memcpy(hinge_buffer.mapped(), hinges.data(), hinges.size() * sizeof(gpu::ClothHinge));
    const auto upload_sides = [&] {
        const std::vector<gpu::ClothSide> data = gpu_sides();
        std::memcpy(side_buffer.mapped(), data.data(), data.size() * sizeof(gpu::ClothSide));
    };
    upload_sides();
    std::memcpy(particle_buffer.mapped(), particles.data(), particles.size() * sizeof(uint32_t));
    auto* contact_data = reinterpret_cast<glm::vec4*>(contact.mapped());
    std::memset(contact_data, 0, size_t(2 * vec4s));
    const auto* positions = reinterpret_cast<const glm::vec4*>(readback.mapped());

    // One descriptor set for the settle.
    const VkDescriptorPoolSize pool_size{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, kBindings};
    const VkDescriptorPoolCreateInfo pool_info{.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO,
                                               .maxSets = 1, .poolSizeCount = 1, .pPoolSizes = &pool_size};
    VkDescriptorPool raw_pool = VK_NULL_HANDLE;
    TS_VK_TRY(vkCreateDescriptorPool(device.handle(), &pool_info, nullptr, &raw_pool), "vkCreateDescriptorPool (cloth)");
    const DescriptorPool pool(device, raw_pool, "cloth");
    const VkDescriptorSetLayout layout = m_set_layout.get();
    const VkDescriptorSetAllocateInfo alloc{.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
                                            .descriptorPool = raw_pool, .descriptorSetCount = 1, .pSetLayouts = &layout};
    VkDescriptorSet set = VK_NULL_HANDLE;
    TS_VK_TRY(vkAllocateDescriptorSets(device.handle(), &alloc, &set), "vkAllocateDescriptorSets (cloth)");
    const Buffer* bound[kBindings] = {&x, &prev, &velocity, &start, &contact, &link_buffer, &particle_buffer, &hinge_buffer,
                                     &side_buffer};
    VkDescriptorBufferInfo infos[kBindings];
    VkWriteDescriptorSet writes[kBindings];
    for (uint32_t i = 0; i < kBindings; ++i) {
        infos[i] = {bound[i]->handle(), 0, VK_WHOLE_SIZE};
        writes[i] = {.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET, .dstSet = set, .dstBinding = i,
                     .descriptorCount = 1, .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, .pBufferInfo = &infos[i]};
    }
    vkUpdateDescriptorSets(device.handle(), kBindings, writes, 0, nullptr);

    gpu::ClothPushConstants push{};
    push.gravity = glm::vec4(gravity, dt);
    const float anchor_tilde = options.anchor_compliance / (dt * dt);
    push.contact = glm::vec4(options.friction, options.damping, options.max_speed_m_s * options.metre, 0.0f);
    const auto dispatch = [&](VkCommandBuffer commands, VkPipeline pipeline, uint32_t first, uint32_t count,
                              glm::vec4 tildes) {
        if (count == 0) return;
        vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline);
        push.range = glm::uvec4(first, count, 0, 0);
        push.tildes = tildes;
        vkCmdPushConstants(commands, m_layout.get(), VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof push, &push);
        const bool in_order = pipeline == m_links_in_order.get() || pipeline == m_hinges_in_order.get() ||
                              pipeline == m_sides_in_order.get();
        vkCmdDispatch(commands, in_order ? 1 : (count + TS_CLOTH_WORKGROUP - 1) / TS_CLOTH_WORKGROUP, 1, 1);
        step_barrier(commands);
    };
    const uint32_t particle_count = uint32_t(particles.size());
    const auto record_links = [&](VkCommandBuffer commands, const std::vector<uint32_t>& colours, uint32_t base,
                                  float tilde, float compressed_tilde) {
        for (size_t c = 0; c + 1 < colours.size(); ++c)
            dispatch(commands, c == 63 ? m_links_in_order.get() : m_links.get(), base + colours[c],
                     colours[c + 1] - colours[c], glm::vec4(tilde, compressed_tilde, anchor_tilde, 0.0f));
    };
    const float stretch_tilde = options.stretch_compliance / (dt * dt);
    const float compress_tilde = std::max(options.stretch_compliance, options.compress_compliance) / (dt * dt);
    const float bend_tilde = asset::hinge_tilde(options);
    const auto record_cloth = [&](VkCommandBuffer commands, int step) {
        const std::vector<uint32_t>& hinge_colours = topology.hinge_colours();
        for (size_t c = 0; asset::solves_hinges(options, step) && c + 1 < hinge_colours.size(); ++c)
            dispatch(commands, c == 63 ? m_hinges_in_order.get() : m_hinges.get(), hinge_colours[c],
                     hinge_colours[c + 1] - hinge_colours[c], glm::vec4(bend_tilde, 0.0f, anchor_tilde, 0.0f));
        record_links(commands, topology.stretch_colours(), 0, stretch_tilde, compress_tilde);
        if (options.tethers)
            dispatch(commands, m_tethers.get(), tether_base, uint32_t(topology.tethers().size()), glm::vec4(0.0f, 0.0f, anchor_tilde, 0.0f));
        for (size_t c = 0; options.keep_sides && c + 1 < side_colours.size(); ++c)
            dispatch(commands, c == 63 ? m_sides_in_order.get() : m_sides.get(), side_colours[c],
                     side_colours[c + 1] - side_colours[c], glm::vec4(0.0f, 0.0f, anchor_tilde, reach));
        dispatch(commands, m_anchors.get(), 0, particle_count, glm::vec4(0.0f, 0.0f, anchor_tilde, 0.0f));
    };
    const auto run = [&](auto&& record, const char* name) -> Status {
        TS_TRY_ASSIGN(VkCommandBuffer commands, device.begin_commands(name));
        vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_COMPUTE, m_layout.get(), 0, 1, &set, 0, nullptr);
        record(commands);
        const VkBufferCopy all{0, 0, vec4s};
        vkCmdCopyBuffer(commands, x.handle(), readback.handle(), 1, &all);
        compute_barrier(commands, VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT,
                        VK_PIPELINE_STAGE_2_HOST_BIT, VK_ACCESS_2_HOST_READ_BIT);
        TS_TRY_ASSIGN(uint64_t done, device.submit(commands));
        return device.wait(done);
    };

    // The start projected onto the constraints (no speed), as the CPU does.
    TS_TRY(run(
        [&](VkCommandBuffer commands) {
            const VkBufferCopy all{0, 0, vec4s};
            vkCmdCopyBuffer(commands, start.handle(), x.handle(), 1, &all);
            vkCmdFillBuffer(commands, velocity.handle(), 0, vec4s, 0);
            compute_barrier(commands, VK_PIPELINE_STAGE_2_COPY_BIT | VK_PIPELINE_STAGE_2_CLEAR_BIT,
                            VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                            VK_ACCESS_2_SHADER_STORAGE_READ_BIT | VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT);
            for (int it = 0; it < options.prestabilise; ++it) record_cloth(commands, it);
        },
        "cloth start"));
    const int refresh = std::max(1, options.contact_refresh);
    std::vector<glm::vec3> contact_point(n), contact_normal(n);
    std::vector<uint8_t> in_reach(n, 0);
    std::vector<glm::vec3> read(n);
    for (int step = 0; step < substeps; step += refresh) {
        if (options.keep_sides && !sides.empty()) {
            for (size_t i = 0; i < n; ++i) read[i] = glm::vec3(positions[i]);
            asset::follow_cloth_sides(read, topology.triangles(), sides);
            side_colours = asset::colour_cloth_sides(sides, n);
            upload_sides();
        }
        // Contacts from the positions read back (independent per particle, as on the CPU).
#pragma omp parallel for schedule(dynamic, 256)
        for (std::ptrdiff_t k = 0; k < std::ptrdiff_t(particles.size()); ++k) {
            const uint32_t i = particles[size_t(k)];
            const glm::vec3 p(positions[i]);
            const asset::ClothContact kind =
                asset::cloth_contact(p, body, input.layers, input.support, reach, support_reach, contact_point[i], contact_normal[i]);
            in_reach[i] = kind != asset::kNoContact;
            held[i] = asset::contact_clearance(kind, step, start_positions[i], contact_point[i], contact_normal[i],
                                               thickness, clearance[i]);
            contact_data[2 * i] = glm::vec4(contact_point[i], held[i]);
            contact_data[2 * i + 1] = glm::vec4(contact_normal[i], in_reach[i] ? 1.0f : 0.0f);
        }
        const int block = std::min(refresh, substeps - step);
        TS_TRY(run(
            [&](VkCommandBuffer commands) {
                compute_barrier(commands, VK_PIPELINE_STAGE_2_HOST_BIT, VK_ACCESS_2_HOST_WRITE_BIT,
                                VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT, VK_ACCESS_2_SHADER_STORAGE_READ_BIT);
                for (int s = 0; s < block; ++s) {
                    dispatch(commands, m_predict.get(), 0, particle_count, glm::vec4(0.0f));
                    record_cloth(commands, step + s);
                    dispatch(commands, m_finish.get(), 0, particle_count, glm::vec4(0.0f));
                }
            },
            "cloth substeps"));
    }
    result.positions.resize(n);
    for (size_t i = 0; i < n; ++i) result.positions[i] = glm::vec3(positions[particle[i]]);
    for (uint32_t i : particles)
        result.contacts += in_reach[i] && glm::dot(result.positions[i] - contact_point[i], contact_normal[i]) <
                                              1.5f * std::max(held[i], 1e-4f * options.metre);
    return result;
}

Result<std::shared_ptr<GpuClothDevice>> GpuClothDevice::open(const Options& options) {
    std::shared_ptr<GpuClothDevice> out(new GpuClothDevice());
    TS_TRY_ASSIGN(out->m_instance, Instance::create({.validation = options.validation}));
    TS_TRY_ASSIGN(out->m_device, Device::create(out->m_instance, {.device_index = options.device_index}));
    TS_TRY_ASSIGN(GpuClothSolver solver, GpuClothSolver::create(*out->m_device));
    out->m_solver.emplace(std::move(solver));
    const VkPhysicalDeviceProperties& p = out->m_device->properties();
    // Appended piece by piece (GCC 12 warns falsely on "literal" + std::string: -Wrestrict, PR 105329).
    out->m_identity = "vulkan: ";
    out->m_identity += p.deviceName;
    out->m_identity += " (driver ";
    out->m_identity += std::to_string(p.driverVersion);
    out->m_identity += ')';
    return out;
}

GpuClothDevice::~GpuClothDevice() {
    m_solver.reset();  // before the device
    m_device.reset();
}

Result<asset::ClothResult> GpuClothDevice::settle(const asset::ClothInput& input, const asset::ClothTopology& topology,
                                                  const asset::SurfaceIndex& body, const asset::ClothOptions& options) const {
    std::lock_guard lock(m_mutex);
    return m_solver->settle(input, topology, body, options);
}

}  // namespace twinshoot::view
