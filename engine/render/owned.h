// Owned<T>: move-only owner of one non-dispatchable Vulkan handle (sampler, pipeline, layout,
// descriptor pool, shader module, semaphore, fence, query pool). Its destructor hands the handle to the
// Device's deferred destruction, so it is safe to drop while the GPU may still use it.
#pragma once

#include <utility>

#include "render/device.h"

namespace twinshoot::render {

template <typename T> struct ObjectTypeOf;
#define TS_OBJECT_TYPE(T, E) template <> struct ObjectTypeOf<T> { static constexpr VkObjectType value = E; };
TS_OBJECT_TYPE(VkSampler, VK_OBJECT_TYPE_SAMPLER)
TS_OBJECT_TYPE(VkPipeline, VK_OBJECT_TYPE_PIPELINE)
TS_OBJECT_TYPE(VkPipelineLayout, VK_OBJECT_TYPE_PIPELINE_LAYOUT)
TS_OBJECT_TYPE(VkDescriptorSetLayout, VK_OBJECT_TYPE_DESCRIPTOR_SET_LAYOUT)
TS_OBJECT_TYPE(VkDescriptorPool, VK_OBJECT_TYPE_DESCRIPTOR_POOL)
TS_OBJECT_TYPE(VkShaderModule, VK_OBJECT_TYPE_SHADER_MODULE)
TS_OBJECT_TYPE(VkImageView, VK_OBJECT_TYPE_IMAGE_VIEW)
TS_OBJECT_TYPE(VkSemaphore, VK_OBJECT_TYPE_SEMAPHORE)
TS_OBJECT_TYPE(VkFence, VK_OBJECT_TYPE_FENCE)
TS_OBJECT_TYPE(VkFramebuffer, VK_OBJECT_TYPE_FRAMEBUFFER)
TS_OBJECT_TYPE(VkRenderPass, VK_OBJECT_TYPE_RENDER_PASS)
TS_OBJECT_TYPE(VkQueryPool, VK_OBJECT_TYPE_QUERY_POOL)
#undef TS_OBJECT_TYPE

template <typename T>
class Owned {
public:
    Owned() = default;
    Owned(Device& device, T handle, const char* name = nullptr) : m_device(&device), m_handle(handle) {
        device.set_name(handle, ObjectTypeOf<T>::value, name);
    }
    Owned(Owned&& other) noexcept
        : m_device(std::exchange(other.m_device, nullptr)), m_handle(std::exchange(other.m_handle, VK_NULL_HANDLE)) {}
    Owned& operator=(Owned&& other) noexcept {
        if (this != &other) {
            reset();
            m_device = std::exchange(other.m_device, nullptr);
            m_handle = std::exchange(other.m_handle, VK_NULL_HANDLE);
        }
        return *this;
    }
    Owned(const Owned&) = delete;
    Owned& operator=(const Owned&) = delete;
    ~Owned() { reset(); }

    void reset() {
        if (m_handle != VK_NULL_HANDLE)
            m_device->destroy_deferred({.type = ObjectTypeOf<T>::value, .handle = reinterpret_cast<uint64_t>(m_handle)});
        m_handle = VK_NULL_HANDLE;
    }
    T get() const { return m_handle; }
    explicit operator bool() const { return m_handle != VK_NULL_HANDLE; }

private:
    Device* m_device = nullptr;
    T m_handle = VK_NULL_HANDLE;
};

using Sampler = Owned<VkSampler>;
using Pipeline = Owned<VkPipeline>;
using PipelineLayout = Owned<VkPipelineLayout>;
using DescriptorSetLayout = Owned<VkDescriptorSetLayout>;
using DescriptorPool = Owned<VkDescriptorPool>;
using ShaderModule = Owned<VkShaderModule>;
using ImageView = Owned<VkImageView>;

}  // namespace twinshoot::render
