// Vulkan layer tests on the real device (lavapipe in CI), validation on.
#include <gtest/gtest.h>

#include "gpu_fixture.h"
#include "render/buffer.h"
#include "render/offscreen_target.h"
#include "render/vk_check.h"

using namespace twinshoot;
using namespace twinshoot::render;
using twinshoot::test::GpuTest;

TEST_F(GpuTest, SubAllocatorSharesDeviceMemoryBlocks) {
    ASSERT_TRUE(device().wait_idle().ok());  // let earlier deferred destruction finish first
    const MemoryStats before = device().memory().stats();
    std::vector<Buffer> buffers;
    for (int i = 0; i < 200; ++i) {
        auto b = Buffer::create(device(), 64 * 1024, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, MemoryUsage::GpuOnly, "test");
        ASSERT_TRUE(b.ok()) << b.error().message;
        buffers.push_back(std::move(b).value());
    }
    const MemoryStats during = device().memory().stats();
    EXPECT_EQ(during.live_allocations - before.live_allocations, 200u);
    EXPECT_LE(during.device_allocations - before.device_allocations, 1u)
        << "200 x 64 KiB must share one 64 MiB block, not one vkAllocateMemory each";
    buffers.clear();
    ASSERT_TRUE(device().wait_idle().ok());
    EXPECT_EQ(device().memory().stats().live_allocations, before.live_allocations);
}

TEST_F(GpuTest, DestructionWaitsForTheSubmissionThatUsesTheObject) {
    auto buffer = Buffer::create(device(), 4096, VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage::GpuOnly, "in flight");
    ASSERT_TRUE(buffer.ok());
    auto commands = device().begin_commands("fill");
    ASSERT_TRUE(commands.ok());
    vkCmdFillBuffer(*commands, buffer->handle(), 0, VK_WHOLE_SIZE, 0xdeadbeef);
    auto value = device().submit(*commands);
    ASSERT_TRUE(value.ok());
    const size_t pending_before = device().pending_destructions();
    buffer->reset();  // the GPU may still be writing it
    EXPECT_EQ(device().pending_destructions(), pending_before + 1) << "must be deferred, not destroyed now";
    ASSERT_TRUE(device().wait(*value).ok());
    EXPECT_EQ(device().pending_destructions(), 0u) << "destroyed once its submission completed";
}

TEST_F(GpuTest, OffscreenTargetClearsToTheRequestedColour) {
    auto target = OffscreenTarget::create(device(), {.width = 64, .height = 48});
    ASSERT_TRUE(target.ok()) << target.error().message;
    auto commands = device().begin_commands("clear");
    ASSERT_TRUE(commands.ok());
    const float clear[4] = {1.0f, 0.0f, 0.5f, 1.0f};  // linear
    target->begin(*commands, clear);
    target->end(*commands);
    auto value = device().submit(*commands);
    ASSERT_TRUE(value.ok());
    ASSERT_TRUE(device().wait(*value).ok());
    const auto pixels = target->read_pixels();
    ASSERT_EQ(pixels.size(), 64u * 48u * 4u);
    for (size_t i = 0; i < pixels.size(); i += 4) {
        ASSERT_EQ(pixels[i + 0], 255);
        ASSERT_EQ(pixels[i + 1], 0);
        ASSERT_NEAR(pixels[i + 2], 188, 1);  // sRGB encoding of linear 0.5
        ASSERT_EQ(pixels[i + 3], 255);
    }
}

TEST_F(GpuTest, InvalidTargetSizeIsAnErrorNotACrash) {
    auto zero = OffscreenTarget::create(device(), {.width = 0, .height = 10});
    ASSERT_FALSE(zero.ok());
    EXPECT_EQ(zero.error().code, ErrorCode::Invalid);
}

TEST(VkCheck, NamesTheResult) {
    const Error e = vk_error(VK_ERROR_OUT_OF_DEVICE_MEMORY, "vkAllocateMemory");
    EXPECT_EQ(e.message, "vkAllocateMemory failed: VK_ERROR_OUT_OF_DEVICE_MEMORY (-2)");
}

// The guard the whole suite relies on: an invalid Vulkan call must be seen by our messenger.
TEST(Validation, AnInvalidCallIsCaughtAndCounted) {
    auto instance = Instance::create({.validation = true});
    ASSERT_TRUE(instance.ok()) << instance.error().message;
    ASSERT_TRUE(instance->validation_enabled());
    auto device = Device::create(*instance, {});
    ASSERT_TRUE(device.ok()) << device.error().message;
    VkBufferCreateInfo bad{.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO,
                           .size = 0,  // VUID-VkBufferCreateInfo-size-00912: size must be > 0
                           .usage = VK_BUFFER_USAGE_VERTEX_BUFFER_BIT};
    VkBuffer buffer = VK_NULL_HANDLE;
    std::fprintf(stderr, "(the validation error below is expected)\n");
    (void)vkCreateBuffer((*device)->handle(), &bad, nullptr, &buffer);
    if (buffer != VK_NULL_HANDLE) vkDestroyBuffer((*device)->handle(), buffer, nullptr);
    EXPECT_GE(instance->validation_message_count(), 1u);
    ASSERT_FALSE(instance->validation_messages().empty());
    EXPECT_NE(instance->validation_messages()[0].find("00912"), std::string::npos) << instance->validation_messages()[0];
}
