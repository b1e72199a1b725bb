// GpuSession: the Vulkan instance, device and offscreen renderer a CLI command renders with.
// Prints the chosen device to stderr ("twinshoot: device 0: llvmpipe [...]").
#pragma once

#include <memory>
#include <optional>

#include "render/device.h"
#include "render/instance.h"
#include "view/offscreen_renderer.h"

namespace twinshoot::cli {

struct GpuSession {
    render::Instance instance;
    std::unique_ptr<render::Device> device;
    std::unique_ptr<view::OffscreenRenderer> renderer;

    GpuSession() = default;
    GpuSession(GpuSession&&) = default;
    GpuSession& operator=(GpuSession&&) = default;
    ~GpuSession() {  // renderer before device, device before instance
        renderer.reset();
        device.reset();
    }
};

Result<GpuSession> open_gpu_session(std::optional<uint32_t> device_index, bool validation, bool quiet);

}  // namespace twinshoot::cli
