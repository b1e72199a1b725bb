#include "render/instance.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/version.h"
#include "render/vk_check.h"

namespace twinshoot::render {
namespace {

constexpr const char* kValidationLayer = "VK_LAYER_KHRONOS_validation";

VKAPI_ATTR VkBool32 VKAPI_CALL on_debug_message(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                                VkDebugUtilsMessageTypeFlagsEXT /*types*/,
                                                const VkDebugUtilsMessengerCallbackDataEXT* data,
                                                void* user) {
    if (severity < VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT) return VK_FALSE;
    auto* state = static_cast<Instance::MessengerState*>(user);
    const char* level = severity >= VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT ? "error" : "warning";
    std::string text = std::string("vulkan validation ") + level + ": " +
                       (data && data->pMessage ? data->pMessage : "(no message)");
    std::fprintf(stderr, "%s\n", text.c_str());
    state->count.fetch_add(1);
    std::lock_guard lock(state->mutex);
    state->messages.push_back(std::move(text));
    return VK_FALSE;
}

bool layer_available(const char* name) {
    uint32_t count = 0;
    if (vkEnumerateInstanceLayerProperties(&count, nullptr) != VK_SUCCESS) return false;
    std::vector<VkLayerProperties> layers(count);
    if (vkEnumerateInstanceLayerProperties(&count, layers.data()) != VK_SUCCESS) return false;
    for (const auto& layer : layers)
        if (std::strcmp(layer.layerName, name) == 0) return true;
    return false;
}

bool extension_available(const char* name) {
    uint32_t count = 0;
    if (vkEnumerateInstanceExtensionProperties(nullptr, &count, nullptr) != VK_SUCCESS) return false;
    std::vector<VkExtensionProperties> extensions(count);
    if (vkEnumerateInstanceExtensionProperties(nullptr, &count, extensions.data()) != VK_SUCCESS) return false;
    for (const auto& e : extensions)
        if (std::strcmp(e.extensionName, name) == 0) return true;
    return false;
}

bool env_validation_requested() {
    const char* v = std::getenv("TWINSHOOT_VALIDATION");
    return v && *v && std::strcmp(v, "0") != 0;
}

}  // namespace

Result<Instance> Instance::create(const InstanceOptions& options) {
    uint32_t loader_version = 0;
    if (vkEnumerateInstanceVersion(&loader_version) != VK_SUCCESS || loader_version < VK_API_VERSION_1_3)
        return make_error(ErrorCode::NoDevice, "the Vulkan loader does not support Vulkan 1.3 "
                                               "(install libvulkan1 1.3 or newer)");

    Instance instance;
    instance.m_state = std::make_unique<MessengerState>();
    instance.m_validation = options.validation || env_validation_requested();
    if (instance.m_validation && !layer_available(kValidationLayer))
        return make_error(ErrorCode::Unsupported, std::string("validation was requested but ") + kValidationLayer +
                                                      " is not installed (Debian package vulkan-validationlayers)");
    instance.m_debug_utils = extension_available(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);

    std::vector<const char*> extensions;
    for (const auto& e : options.extensions) extensions.push_back(e.c_str());
    if (instance.m_debug_utils) extensions.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
    std::vector<const char*> layers;
    if (instance.m_validation) layers.push_back(kValidationLayer);

    VkApplicationInfo app{
        .sType = VK_STRUCTURE_TYPE_APPLICATION_INFO,
        .pApplicationName = "TwinShoot",
        .applicationVersion = VK_MAKE_VERSION(0, 1, 0),
        .pEngineName = kRendererName,
        .engineVersion = VK_MAKE_VERSION(0, 1, 0),
        .apiVersion = VK_API_VERSION_1_3,
    };
    VkDebugUtilsMessengerCreateInfoEXT messenger_info{
        .sType = VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT,
        .messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT |
                           VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT,
        .messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT |
                       VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                       VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT,
        .pfnUserCallback = on_debug_message,
        .pUserData = instance.m_state.get(),
    };
    const bool use_messenger = instance.m_validation && instance.m_debug_utils;
    VkInstanceCreateInfo info{
        .sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO,
        .pNext = use_messenger ? &messenger_info : nullptr,  // also covers create/destroy
        .pApplicationInfo = &app,
        .enabledLayerCount = static_cast<uint32_t>(layers.size()),
        .ppEnabledLayerNames = layers.data(),
        .enabledExtensionCount = static_cast<uint32_t>(extensions.size()),
        .ppEnabledExtensionNames = extensions.data(),
    };
    VkResult result = vkCreateInstance(&info, nullptr, &instance.m_instance);
    if (result == VK_ERROR_INCOMPATIBLE_DRIVER)
        return make_error(ErrorCode::NoDevice, "no Vulkan driver found (install mesa-vulkan-drivers for lavapipe)");
    TS_VK_TRY(result, "vkCreateInstance");

    if (use_messenger) {
        auto create_messenger = reinterpret_cast<PFN_vkCreateDebugUtilsMessengerEXT>(
            vkGetInstanceProcAddr(instance.m_instance, "vkCreateDebugUtilsMessengerEXT"));
        if (!create_messenger) return make_error(ErrorCode::Vulkan, "vkCreateDebugUtilsMessengerEXT is missing");
        TS_VK_TRY(create_messenger(instance.m_instance, &messenger_info, nullptr, &instance.m_messenger),
                  "vkCreateDebugUtilsMessengerEXT");
    }
    return instance;
}

Instance::Instance(Instance&& other) noexcept { *this = std::move(other); }

Instance& Instance::operator=(Instance&& other) noexcept {
    if (this != &other) {
        destroy();
        m_instance = std::exchange(other.m_instance, VK_NULL_HANDLE);
        m_messenger = std::exchange(other.m_messenger, VK_NULL_HANDLE);
        m_validation = other.m_validation;
        m_debug_utils = other.m_debug_utils;
        m_state = std::move(other.m_state);
    }
    return *this;
}

Instance::~Instance() { destroy(); }

void Instance::destroy() {
    if (m_messenger != VK_NULL_HANDLE) {
        auto destroy_messenger = reinterpret_cast<PFN_vkDestroyDebugUtilsMessengerEXT>(
            vkGetInstanceProcAddr(m_instance, "vkDestroyDebugUtilsMessengerEXT"));
        if (destroy_messenger) destroy_messenger(m_instance, m_messenger, nullptr);
        m_messenger = VK_NULL_HANDLE;
    }
    if (m_instance != VK_NULL_HANDLE) vkDestroyInstance(m_instance, nullptr);
    m_instance = VK_NULL_HANDLE;
}

uint32_t Instance::validation_message_count() const { return m_state ? m_state->count.load() : 0; }

std::vector<std::string> Instance::validation_messages() const {
    if (!m_state) return {};
    std::lock_guard lock(m_state->mutex);
    return m_state->messages;
}

}  // namespace twinshoot::render
