// Every VkResult is checked, in every build, with a message saying what failed.
//
//   TS_VK_TRY(vkCreateSampler(...), "create sampler 'linear'");   // returns an Error on failure
//   vk_log_failure(vkDeviceWaitIdle(dev), "wait idle");          // where no error can be returned
#pragma once

#include <vulkan/vulkan.h>

#include <string_view>

#include "core/result.h"

namespace twinshoot::render {

const char* vk_result_name(VkResult result);

// "<what> failed: VK_ERROR_OUT_OF_DEVICE_MEMORY"
Error vk_error(VkResult result, std::string_view what);

// For destructors and other places that cannot return: prints to stderr when result is not
// VK_SUCCESS. Returns true on success.
bool vk_log_failure(VkResult result, std::string_view what);

}  // namespace twinshoot::render

#define TS_VK_TRY(call, what)                                                     \
    do {                                                                          \
        VkResult ts_vk_result_ = (call);                                          \
        if (ts_vk_result_ != VK_SUCCESS) return ::twinshoot::render::vk_error(ts_vk_result_, what); \
    } while (0)
