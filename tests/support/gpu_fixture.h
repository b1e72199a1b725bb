// GpuTest: a GoogleTest fixture with a Vulkan device created with the Khronos validation layer
// (required: a missing layer fails the test). Any validation warning or error printed while a test
// runs fails that test in TearDown, listing the messages.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "view/gpu_context.h"

namespace twinshoot::test {

// Created on first use (validation on), shared by the tests of one process, destroyed at exit.
view::GpuContext& test_gpu();

class GpuTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    render::Device& device() { return test_gpu().device(); }
    view::OffscreenRenderer& renderer() { return test_gpu().renderer(); }

private:
    uint32_t m_messages_before = 0;
};

}  // namespace twinshoot::test
