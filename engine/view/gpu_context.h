// GpuContext: everything needed to render headless — the Vulkan instance, the chosen device and an
// offscreen renderer — created together and destroyed in the right order (renderer, device,
// instance). The CLI, the benchmark and the tests all open one through here.
#pragma once

#include <cassert>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "render/device.h"
#include "render/instance.h"
#include "view/offscreen_renderer.h"

namespace twinshoot::view {

struct GpuContextOptions {
    std::optional<uint32_t> device_index;  // unset: best device by type ranking
    bool validation = false;               // also enabled by TWINSHOOT_VALIDATION=1
    uint32_t msaa = 4;                     // samples per pixel (1, 2, 4, 8; clamped to the device)
    uint32_t supersample = 1;              // OffscreenRenderer::set_supersample (1..4)
    // For a window (the editor): instance extensions for its surface, and VK_KHR_swapchain on the device.
    std::vector<std::string> instance_extensions;
    bool swapchain = false;
    // false: the instance and device only (the editor's window device, which draws its UI and
    // presents while the viewport renders on a context of its own).
    bool offscreen_renderer = true;
};

class GpuContext {
public:
    static Result<std::unique_ptr<GpuContext>> open(const GpuContextOptions& options);
    GpuContext(const GpuContext&) = delete;
    GpuContext& operator=(const GpuContext&) = delete;
    ~GpuContext();

    render::Instance& instance() { return m_instance; }
    render::Device& device() { return *m_device; }
    OffscreenRenderer& renderer() {  // precondition: opened with offscreen_renderer
        assert(m_renderer && "this context was opened without an offscreen renderer");
        return *m_renderer;
    }

private:
    GpuContext() = default;
    render::Instance m_instance;
    std::unique_ptr<render::Device> m_device;
    std::unique_ptr<OffscreenRenderer> m_renderer;
};

}  // namespace twinshoot::view
