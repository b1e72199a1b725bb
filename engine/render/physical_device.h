// Physical-device discovery and choice.
//
// A device is suitable when it offers Vulkan 1.3, a graphics queue, dynamic rendering,
// synchronization2, maintenance4 and timeline semaphores (plus VK_KHR_swapchain when a window is wanted). Among
// suitable devices the choice is discrete > integrated > virtual > CPU, first index on ties;
// an explicit index overrides the ranking but must still be suitable.
// choose_device() is a pure function of the list so it is testable without a GPU.
#pragma once

#include <vulkan/vulkan.h>

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace twinshoot::render {

struct PhysicalDeviceInfo {
    uint32_t index = 0;  // position in vkEnumeratePhysicalDevices order; what --device takes
    VkPhysicalDevice handle = VK_NULL_HANDLE;
    std::string name;
    VkPhysicalDeviceType type = VK_PHYSICAL_DEVICE_TYPE_OTHER;
    uint32_t api_version = 0;
    std::string driver;             // driver name and info, e.g. "llvmpipe Mesa 22.3.6"
    uint32_t graphics_queue_family = UINT32_MAX;
    bool suitable = false;
    std::string unsuitable_reason;  // empty when suitable
};

const char* device_type_name(VkPhysicalDeviceType type);
// discrete 4, integrated 3, virtual 2, CPU 1, other 0.
int device_type_rank(VkPhysicalDeviceType type);
std::string describe_device(const PhysicalDeviceInfo& info);  // "llvmpipe (...) [cpu, Vulkan 1.3.230]"

Result<std::vector<PhysicalDeviceInfo>> enumerate_physical_devices(VkInstance instance, bool need_swapchain);

// Index into `devices` of the chosen one. `requested` is a PhysicalDeviceInfo::index.
Result<size_t> choose_device(const std::vector<PhysicalDeviceInfo>& devices, std::optional<uint32_t> requested);

}  // namespace twinshoot::render
