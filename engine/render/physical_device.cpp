#include "render/physical_device.h"

#include <cstring>

#include "render/vk_check.h"

namespace twinshoot::render {

const char* device_type_name(VkPhysicalDeviceType type) {
    switch (type) {
        case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return "discrete";
        case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return "integrated";
        case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return "virtual";
        case VK_PHYSICAL_DEVICE_TYPE_CPU: return "cpu";
        default: return "other";
    }
}

int device_type_rank(VkPhysicalDeviceType type) {
    switch (type) {
        case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return 4;
        case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return 3;
        case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return 2;
        case VK_PHYSICAL_DEVICE_TYPE_CPU: return 1;
        default: return 0;
    }
}

std::string describe_device(const PhysicalDeviceInfo& info) {
    std::string s = info.name + " [" + device_type_name(info.type) + ", Vulkan " +
                    std::to_string(VK_API_VERSION_MAJOR(info.api_version)) + "." +
                    std::to_string(VK_API_VERSION_MINOR(info.api_version)) + "." +
                    std::to_string(VK_API_VERSION_PATCH(info.api_version));
    if (!info.driver.empty()) s += ", " + info.driver;
    return s + "]";
}

namespace {

bool has_extension(VkPhysicalDevice device, const char* name) {
    uint32_t count = 0;
    if (vkEnumerateDeviceExtensionProperties(device, nullptr, &count, nullptr) != VK_SUCCESS) return false;
    std::vector<VkExtensionProperties> extensions(count);
    if (vkEnumerateDeviceExtensionProperties(device, nullptr, &count, extensions.data()) != VK_SUCCESS) return false;
    for (const auto& e : extensions)
        if (std::strcmp(e.extensionName, name) == 0) return true;
    return false;
}

PhysicalDeviceInfo inspect(VkPhysicalDevice device, uint32_t index, bool need_swapchain) {
    VkPhysicalDeviceDriverProperties driver{.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES};
    VkPhysicalDeviceProperties2 props{.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2, .pNext = &driver};
    vkGetPhysicalDeviceProperties2(device, &props);

    PhysicalDeviceInfo info;
    info.index = index;
    info.handle = device;
    info.name = props.properties.deviceName;
    info.type = props.properties.deviceType;
    info.api_version = props.properties.apiVersion;
    info.driver = std::string(driver.driverName) + (driver.driverInfo[0] ? std::string(" ") + driver.driverInfo : "");

    uint32_t family_count = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(device, &family_count, nullptr);
    std::vector<VkQueueFamilyProperties> families(family_count);
    vkGetPhysicalDeviceQueueFamilyProperties(device, &family_count, families.data());
    for (uint32_t i = 0; i < family_count; ++i) {
        if (families[i].queueFlags & VK_QUEUE_GRAPHICS_BIT) {
            info.graphics_queue_family = i;
            break;
        }
    }

    if (info.api_version < VK_API_VERSION_1_3) {
        info.unsuitable_reason = "supports only Vulkan " + std::to_string(VK_API_VERSION_MAJOR(info.api_version)) +
                                 "." + std::to_string(VK_API_VERSION_MINOR(info.api_version)) + ", 1.3 is required";
        return info;
    }
    if (info.graphics_queue_family == UINT32_MAX) {
        info.unsuitable_reason = "has no graphics queue";
        return info;
    }
    VkPhysicalDeviceVulkan13Features f13{.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES};
    VkPhysicalDeviceVulkan12Features f12{.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES,
                                         .pNext = &f13};
    VkPhysicalDeviceFeatures2 features{.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2, .pNext = &f12};
    vkGetPhysicalDeviceFeatures2(device, &features);
    if (!f13.dynamicRendering) info.unsuitable_reason = "lacks dynamicRendering";
    else if (!f13.synchronization2) info.unsuitable_reason = "lacks synchronization2";
    else if (!f12.timelineSemaphore) info.unsuitable_reason = "lacks timelineSemaphore";
    else if (!f13.maintenance4) info.unsuitable_reason = "lacks maintenance4";
    else if (need_swapchain && !has_extension(device, VK_KHR_SWAPCHAIN_EXTENSION_NAME))
        info.unsuitable_reason = "lacks VK_KHR_swapchain";
    info.suitable = info.unsuitable_reason.empty();
    return info;
}

}  // namespace

Result<std::vector<PhysicalDeviceInfo>> enumerate_physical_devices(VkInstance instance, bool need_swapchain) {
    uint32_t count = 0;
    TS_VK_TRY(vkEnumeratePhysicalDevices(instance, &count, nullptr), "vkEnumeratePhysicalDevices");
    std::vector<VkPhysicalDevice> handles(count);
    TS_VK_TRY(vkEnumeratePhysicalDevices(instance, &count, handles.data()), "vkEnumeratePhysicalDevices");
    std::vector<PhysicalDeviceInfo> devices;
    for (uint32_t i = 0; i < count; ++i) devices.push_back(inspect(handles[i], i, need_swapchain));
    return devices;
}

Result<size_t> choose_device(const std::vector<PhysicalDeviceInfo>& devices, std::optional<uint32_t> requested) {
    if (devices.empty())
        return make_error(ErrorCode::NoDevice, "no Vulkan device found (install mesa-vulkan-drivers for lavapipe)");
    if (requested) {
        for (size_t i = 0; i < devices.size(); ++i) {
            if (devices[i].index != *requested) continue;
            if (!devices[i].suitable)
                return make_error(ErrorCode::NoDevice, "device " + std::to_string(*requested) + " (" +
                                                           devices[i].name + ") " + devices[i].unsuitable_reason);
            return i;
        }
        return make_error(ErrorCode::Invalid, "device " + std::to_string(*requested) + " does not exist (" +
                                                  std::to_string(devices.size()) +
                                                  " found; see `twinshoot devices`)");
    }
    std::optional<size_t> best;
    for (size_t i = 0; i < devices.size(); ++i) {
        if (!devices[i].suitable) continue;
        if (!best || device_type_rank(devices[i].type) > device_type_rank(devices[*best].type)) best = i;
    }
    if (!best) {
        std::string reasons;
        for (const auto& d : devices) reasons += "; " + d.name + " " + d.unsuitable_reason;
        return make_error(ErrorCode::NoDevice, "no suitable Vulkan 1.3 device" + reasons);
    }
    return *best;
}

}  // namespace twinshoot::render
