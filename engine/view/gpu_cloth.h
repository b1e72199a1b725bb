// GpuClothSolver: the cloth settle (asset/cloth_settle.h) as Vulkan compute — the same XPBD steps in
// the same order, each link and hinge colour one dispatch (links or hinges of a colour share no
// particle, so they are solved side by side with the result of one after the other), tethers, anchors, and the
// per-particle prediction and contact steps one dispatch each (shaders/cloth.comp).
//
// The contact queries stay on the CPU: every ClothOptions::contact_refresh substeps the positions
// are read back, the closest points on the posed body are found (asset::SurfaceIndex, Embree) and
// sent back; between refreshes everything runs on the GPU. So a settle is a few submissions (one
// for the start's projection, one per refresh), not one per substep.
//
// Agreement: positions match asset::settle_cloth to float rounding, grown by the solve's
// iterations (a GPU may fuse multiply-adds and round lengths differently); a test holds them within
// 0.5 mm of each other on the demo dress (tests/view/gpu_cloth_test.cpp). Deterministic: no
// atomics, a fixed order of dispatches, so a device gives the same bits run after run.
//
// Thread rule: a Device's (render/device.h): one thread at a time. Buffers are made per settle.
#pragma once

#include <memory>
#include <mutex>
#include <optional>

#include "asset/cloth_settle.h"
#include "render/instance.h"
#include "render/owned.h"

namespace twinshoot::render {
class Device;
}

namespace twinshoot::view {

class GpuClothSolver {
public:
    static Result<GpuClothSolver> create(render::Device& device);

    // As asset::settle_cloth(input, topology, body, options). Errors are the device's (out of
    // memory, device lost), each with its Vulkan call.
    Result<asset::ClothResult> settle(const asset::ClothInput& input, const asset::ClothTopology& topology,
                                      const asset::SurfaceIndex& body, const asset::ClothOptions& options) const;

private:
    render::Device* m_device = nullptr;
    render::DescriptorSetLayout m_set_layout;
    render::PipelineLayout m_layout;
    render::Pipeline m_predict, m_links, m_links_in_order, m_hinges, m_hinges_in_order, m_sides,
        m_sides_in_order, m_tethers, m_anchors, m_finish;
};

// A GpuClothSolver on a Vulkan device of its own (its own queue, so settles on a worker thread never
// meet a renderer's submissions), usable as the settle of every dressing
// (scene::DressingOptions::solver). Settles are serialised. identity(): "vulkan: DEVICE (driver X)".
class GpuClothDevice final : public asset::ClothSolver {
public:
    struct Options {
        std::optional<uint32_t> device_index;  // unset: the device render::Device picks
        bool validation = false;               // also on with TWINSHOOT_VALIDATION=1
    };
    static Result<std::shared_ptr<GpuClothDevice>> open(const Options& options);
    ~GpuClothDevice() override;

    Result<asset::ClothResult> settle(const asset::ClothInput& input, const asset::ClothTopology& topology,
                                      const asset::SurfaceIndex& body, const asset::ClothOptions& options) const override;
    std::string identity() const override { return m_identity; }

private:
    GpuClothDevice() = default;
    render::Instance m_instance;
    std::unique_ptr<render::Device> m_device;
    std::optional<GpuClothSolver> m_solver;
    std::string m_identity;
    mutable std::mutex m_mutex;
};

}  // namespace twinshoot::view
