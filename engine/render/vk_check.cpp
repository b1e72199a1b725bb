#include "render/vk_check.h"

#include <cstdio>
#include <string>

namespace twinshoot::render {

const char* vk_result_name(VkResult result) {
    switch (result) {
#define TS_CASE(x) case x: return #x;
        TS_CASE(VK_SUCCESS)
        TS_CASE(VK_NOT_READY)
        TS_CASE(VK_TIMEOUT)
        TS_CASE(VK_EVENT_SET)
        TS_CASE(VK_EVENT_RESET)
        TS_CASE(VK_INCOMPLETE)
        TS_CASE(VK_ERROR_OUT_OF_HOST_MEMORY)
        TS_CASE(VK_ERROR_OUT_OF_DEVICE_MEMORY)
        TS_CASE(VK_ERROR_INITIALIZATION_FAILED)
        TS_CASE(VK_ERROR_DEVICE_LOST)
        TS_CASE(VK_ERROR_MEMORY_MAP_FAILED)
        TS_CASE(VK_ERROR_LAYER_NOT_PRESENT)
        TS_CASE(VK_ERROR_EXTENSION_NOT_PRESENT)
        TS_CASE(VK_ERROR_FEATURE_NOT_PRESENT)
        TS_CASE(VK_ERROR_INCOMPATIBLE_DRIVER)
        TS_CASE(VK_ERROR_TOO_MANY_OBJECTS)
        TS_CASE(VK_ERROR_FORMAT_NOT_SUPPORTED)
        TS_CASE(VK_ERROR_FRAGMENTED_POOL)
        TS_CASE(VK_ERROR_UNKNOWN)
        TS_CASE(VK_ERROR_OUT_OF_POOL_MEMORY)
        TS_CASE(VK_ERROR_INVALID_EXTERNAL_HANDLE)
        TS_CASE(VK_ERROR_FRAGMENTATION)
        TS_CASE(VK_ERROR_INVALID_OPAQUE_CAPTURE_ADDRESS)
        TS_CASE(VK_PIPELINE_COMPILE_REQUIRED)
        TS_CASE(VK_ERROR_SURFACE_LOST_KHR)
        TS_CASE(VK_ERROR_NATIVE_WINDOW_IN_USE_KHR)
        TS_CASE(VK_SUBOPTIMAL_KHR)
        TS_CASE(VK_ERROR_OUT_OF_DATE_KHR)
        TS_CASE(VK_ERROR_VALIDATION_FAILED_EXT)
#undef TS_CASE
        default: return "VK_RESULT_UNKNOWN";
    }
}

Error vk_error(VkResult result, std::string_view what) {
    ErrorCode code = ErrorCode::Vulkan;
    if (result == VK_ERROR_FORMAT_NOT_SUPPORTED || result == VK_ERROR_FEATURE_NOT_PRESENT ||
        result == VK_ERROR_EXTENSION_NOT_PRESENT || result == VK_ERROR_LAYER_NOT_PRESENT)
        code = ErrorCode::Unsupported;
    return make_error(code, std::string(what) + " failed: " + vk_result_name(result) + " (" +
                                std::to_string(static_cast<int>(result)) + ")");
}

bool vk_log_failure(VkResult result, std::string_view what) {
    if (result == VK_SUCCESS) return true;
    std::fprintf(stderr, "twinshoot: vulkan: %.*s failed: %s\n", static_cast<int>(what.size()), what.data(),
                 vk_result_name(result));
    return false;
}

}  // namespace twinshoot::render
