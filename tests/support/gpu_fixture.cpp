#include "gpu_fixture.h"

#include <cstdlib>

namespace twinshoot::test {

namespace {
std::unique_ptr<view::GpuContext> g_gpu;
void destroy_gpu() { g_gpu.reset(); }
}  // namespace

view::GpuContext& test_gpu() {
    if (!g_gpu) {
        auto gpu = view::GpuContext::open({.validation = true});
        if (!gpu) {
            std::fprintf(stderr, "test GPU (validation required): %s\n", gpu.error().message.c_str());
            std::abort();  // a test environment without Vulkan and its validation layer cannot test anything
        }
        g_gpu = std::move(gpu).value();
        std::atexit(destroy_gpu);
    }
    return *g_gpu;
}

void GpuTest::SetUp() {
    // The first test of a process also owns the messages printed while the context (device,
    // pipelines) was created: its baseline is zero.
    const bool created_now = !g_gpu;
    ASSERT_TRUE(test_gpu().instance().validation_enabled());
    m_messages_before = created_now ? 0 : test_gpu().instance().validation_message_count();
}

void GpuTest::TearDown() {
    // Let deferred destruction run so that errors in it are attributed to this test.
    auto idle = device().wait_idle();
    EXPECT_TRUE(idle.ok()) << (idle ? "" : idle.error().message);
    const auto& instance = test_gpu().instance();
    const uint32_t after = instance.validation_message_count();
    if (after != m_messages_before) {
        std::string text;
        const auto messages = instance.validation_messages();
        for (size_t i = m_messages_before; i < messages.size(); ++i) text += "\n  " + messages[i];
        ADD_FAILURE() << (after - m_messages_before) << " Vulkan validation message(s):" << text;
    }
}

}  // namespace twinshoot::test
