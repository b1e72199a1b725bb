#include <gtest/gtest.h>

#include "render/physical_device.h"

using namespace twinshoot::render;

namespace {
PhysicalDeviceInfo dev(uint32_t index, VkPhysicalDeviceType type, bool suitable = true) {
    PhysicalDeviceInfo d;
    d.index = index;
    d.name = std::string("dev") + std::to_string(index);
    d.type = type;
    d.api_version = VK_API_VERSION_1_3;
    d.suitable = suitable;
    if (!suitable) d.unsuitable_reason = "supports only Vulkan 1.1, 1.3 is required";
    return d;
}
}  // namespace

TEST(DeviceChoice, PrefersDiscreteThenIntegratedThenVirtualThenCpu) {
    std::vector<PhysicalDeviceInfo> all = {dev(0, VK_PHYSICAL_DEVICE_TYPE_CPU),
                                           dev(1, VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU),
                                           dev(2, VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU),
                                           dev(3, VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU)};
    EXPECT_EQ(*choose_device(all, std::nullopt), 3u);
    all.pop_back();
    EXPECT_EQ(*choose_device(all, std::nullopt), 2u);
    all.pop_back();
    EXPECT_EQ(*choose_device(all, std::nullopt), 1u);
    all.pop_back();
    EXPECT_EQ(*choose_device(all, std::nullopt), 0u);
}

TEST(DeviceChoice, SkipsUnsuitableAndExplainsWhenNoneFits) {
    std::vector<PhysicalDeviceInfo> all = {dev(0, VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU, false),
                                           dev(1, VK_PHYSICAL_DEVICE_TYPE_CPU)};
    EXPECT_EQ(*choose_device(all, std::nullopt), 1u);
    all[1].suitable = false;
    all[1].unsuitable_reason = "lacks dynamicRendering";
    auto none = choose_device(all, std::nullopt);
    ASSERT_FALSE(none.ok());
    EXPECT_NE(none.error().message.find("lacks dynamicRendering"), std::string::npos);
    EXPECT_FALSE(choose_device({}, std::nullopt).ok());
}

TEST(DeviceChoice, ExplicitIndexOverridesRankingButNotSuitability) {
    std::vector<PhysicalDeviceInfo> all = {dev(0, VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU),
                                           dev(1, VK_PHYSICAL_DEVICE_TYPE_CPU),
                                           dev(2, VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU, false)};
    EXPECT_EQ(*choose_device(all, 1u), 1u);
    auto unsuitable = choose_device(all, 2u);
    ASSERT_FALSE(unsuitable.ok());
    EXPECT_NE(unsuitable.error().message.find("device 2"), std::string::npos);
    auto missing = choose_device(all, 7u);
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("does not exist"), std::string::npos);
}
