#include "gpu_fixture.h"

#include <cstdlib>

namespace twinshoot::test {

namespace {
std::unique_ptr<TestGpu> g_gpu;

void destroy_gpu() {
    if (!g_gpu) return;
    g_gpu->renderer.reset();
    g_gpu->device.reset();
    g_gpu.reset();
}
}  // namespace

TestGpu& test_gpu() {
    if (!g_gpu) {
        auto gpu = std::make_unique<TestGpu>();
        auto instance = render::Instance::create({.validation = true});
        if (!instance) {
            ADD_FAILURE() << "Vulkan instance with validation: " << instance.error().message;
            std::abort();  // a test environment without Vulkan cannot test anything
        }
        gpu->instance = std::move(instance).value();
        auto device = render::Device::create(gpu->instance, {});
        if (!device) {
            ADD_FAILURE() << "Vulkan device: " << device.error().message;
            std::abort();
        }
        gpu->device = std::move(device).value();
        auto renderer = view::OffscreenRenderer::create(*gpu->device);
        if (!renderer) {
            ADD_FAILURE() << "renderer: " << renderer.error().message;
            std::abort();
        }
        gpu->renderer = std::move(renderer).value();
        g_gpu = std::move(gpu);
        std::atexit(destroy_gpu);
    }
    return *g_gpu;
}

void GpuTest::SetUp() {
    ASSERT_TRUE(test_gpu().instance.validation_enabled());
    m_messages_before = test_gpu().instance.validation_message_count();
}

void GpuTest::TearDown() {
    // Let deferred destruction run so that errors in it are attributed to this test.
    auto idle = device().wait_idle();
    EXPECT_TRUE(idle.ok()) << (idle ? "" : idle.error().message);
    const auto& instance = test_gpu().instance;
    const uint32_t after = instance.validation_message_count();
    if (after != m_messages_before) {
        std::string text;
        const auto messages = instance.validation_messages();
        for (size_t i = m_messages_before; i < messages.size(); ++i) text += "\n  " + messages[i];
        ADD_FAILURE() << (after - m_messages_before) << " Vulkan validation message(s):" << text;
    }
}

}  // namespace twinshoot::test
