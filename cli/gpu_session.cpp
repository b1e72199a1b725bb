#include "gpu_session.h"

#include <cstdio>

namespace twinshoot::cli {

Result<GpuSession> open_gpu_session(std::optional<uint32_t> device_index, bool validation, bool quiet) {
    GpuSession session;
    TS_TRY_ASSIGN(session.instance, render::Instance::create({.validation = validation}));
    TS_TRY_ASSIGN(session.device, render::Device::create(session.instance, {.device_index = device_index}));
    if (!quiet)
        std::fprintf(stderr, "twinshoot: device %u: %s%s\n", session.device->info().index,
                     render::describe_device(session.device->info()).c_str(),
                     session.instance.validation_enabled() ? " (validation on)" : "");
    TS_TRY_ASSIGN(session.renderer, view::OffscreenRenderer::create(*session.device));
    return session;
}

}  // namespace twinshoot::cli
