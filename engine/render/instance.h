// Instance: the VkInstance, and when asked the Khronos validation layer with a debug messenger.
//
// Validation messages of warning or error severity are printed to stderr and counted; tests fail
// when the count moves (tests/support/vulkan_env.h). Validation is enabled when options.validation
// is true or the environment sets TWINSHOOT_VALIDATION=1. Asking for validation where the layer is
// not installed is an error that says which package to install.
// Move-only; destroying it destroys the messenger and instance (destroy every Device first).
#pragma once

#include <vulkan/vulkan.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"

namespace twinshoot::render {

struct InstanceOptions {
    bool validation = false;
    // Instance extensions a caller needs (e.g. from glfwGetRequiredInstanceExtensions).
    std::vector<std::string> extensions;
};

class Instance {
public:
    static Result<Instance> create(const InstanceOptions& options);
    Instance() = default;  // empty: owns nothing, like a moved-from Instance

    Instance(Instance&& other) noexcept;
    Instance& operator=(Instance&& other) noexcept;
    Instance(const Instance&) = delete;
    Instance& operator=(const Instance&) = delete;
    ~Instance();

    VkInstance handle() const { return m_instance; }
    bool validation_enabled() const { return m_validation; }
    // True when VK_EXT_debug_utils is on, so objects can carry debug names.
    bool debug_utils_enabled() const { return m_debug_utils; }

    // Validation warnings and errors seen since creation.
    uint32_t validation_message_count() const;
    std::vector<std::string> validation_messages() const;

    struct MessengerState {
        std::atomic<uint32_t> count{0};
        mutable std::mutex mutex;
        std::vector<std::string> messages;
    };

private:
    void destroy();

    VkInstance m_instance = VK_NULL_HANDLE;
    VkDebugUtilsMessengerEXT m_messenger = VK_NULL_HANDLE;
    bool m_validation = false;
    bool m_debug_utils = false;
    std::unique_ptr<MessengerState> m_state;
};

}  // namespace twinshoot::render
