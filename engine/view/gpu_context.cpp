#include "view/gpu_context.h"

namespace twinshoot::view {

Result<std::unique_ptr<GpuContext>> GpuContext::open(const GpuContextOptions& options) {
    std::unique_ptr<GpuContext> context(new GpuContext());
    TS_TRY_ASSIGN(context->m_instance, render::Instance::create({.validation = options.validation, .extensions = options.instance_extensions}));
    TS_TRY_ASSIGN(context->m_device, render::Device::create(context->m_instance, {.device_index = options.device_index, .swapchain = options.swapchain}));
    if (!options.offscreen_renderer) return context;
    TS_TRY_ASSIGN(context->m_renderer, OffscreenRenderer::create(*context->m_device, options.msaa));
    context->m_renderer->set_supersample(options.supersample);
    return context;
}

GpuContext::~GpuContext() {
    m_renderer.reset();
    m_device.reset();
}

}  // namespace twinshoot::view
