#include "render/image.h"

#include <algorithm>
#include <bit>
#include <utility>

#include "render/vk_check.h"

namespace twinshoot::render {

bool is_depth_format(VkFormat format) {
    switch (format) {
        case VK_FORMAT_D16_UNORM:
        case VK_FORMAT_D32_SFLOAT:
        case VK_FORMAT_D24_UNORM_S8_UINT:
        case VK_FORMAT_D32_SFLOAT_S8_UINT:
        case VK_FORMAT_X8_D24_UNORM_PACK32: return true;
        default: return false;
    }
}

uint32_t full_mip_count(uint32_t width, uint32_t height) {
    return static_cast<uint32_t>(std::bit_width(std::max(width, height)));
}

uint32_t texel_bytes(VkFormat format) {
    switch (format) {
        case VK_FORMAT_R16G16B16A16_SFLOAT: return 8;
        case VK_FORMAT_R32G32B32A32_SFLOAT: return 16;
        case VK_FORMAT_R8G8B8A8_SRGB:
        case VK_FORMAT_R8G8B8A8_UNORM:
        case VK_FORMAT_B8G8R8A8_SRGB:
        case VK_FORMAT_B8G8R8A8_UNORM: return 4;
        default: assert(false && "texel_bytes: format not used for uploads"); return 4;
    }
}

Result<Owned<VkImageView>> Image::mip_view(uint32_t mip, const char* name) const {
    assert(mip < m_desc.mip_levels);
    VkImageViewCreateInfo info{
        .sType = VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO,
        .image = m_image,
        .viewType = m_desc.layers > 1 ? VK_IMAGE_VIEW_TYPE_2D_ARRAY : VK_IMAGE_VIEW_TYPE_2D,
        .format = m_desc.format,
        .subresourceRange = {aspect(), mip, 1, 0, m_desc.layers},
    };
    VkImageView view = VK_NULL_HANDLE;
    TS_VK_TRY(vkCreateImageView(m_device->handle(), &info, nullptr, &view), std::string("vkCreateImageView '") + name + "'");
    return Owned<VkImageView>(*m_device, view, name);
}

VkImageAspectFlags Image::aspect() const {
    return is_depth_format(m_desc.format) ? VK_IMAGE_ASPECT_DEPTH_BIT : VK_IMAGE_ASPECT_COLOR_BIT;
}

Result<Image> Image::create(Device& device, const ImageDesc& desc) {
    assert(desc.width > 0 && desc.height > 0 && desc.mip_levels > 0);
    Image image;
    image.m_device = &device;
    image.m_desc = desc;
    const std::string name = desc.name ? desc.name : "image";
    assert(!desc.cube || desc.layers == 6);
    VkImageCreateInfo info{
        .sType = VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO,
        .flags = desc.cube ? VkImageCreateFlags(VK_IMAGE_CREATE_CUBE_COMPATIBLE_BIT) : 0u,
        .imageType = VK_IMAGE_TYPE_2D,
        .format = desc.format,
        .extent = {desc.width, desc.height, 1},
        .mipLevels = desc.mip_levels,
        .arrayLayers = desc.layers,
        .samples = desc.samples,
        .tiling = VK_IMAGE_TILING_OPTIMAL,
        .usage = desc.usage,
        .sharingMode = VK_SHARING_MODE_EXCLUSIVE,
        .initialLayout = VK_IMAGE_LAYOUT_UNDEFINED,
    };
    TS_VK_TRY(vkCreateImage(device.handle(), &info, nullptr, &image.m_image), "vkCreateImage '" + name + "'");
    VkMemoryRequirements requirements;
    vkGetImageMemoryRequirements(device.handle(), image.m_image, &requirements);
    auto allocation = device.memory().allocate(requirements, MemoryUsage::GpuOnly, ResourceTiling::Optimal);
    if (!allocation) return allocation.error().with_context("image '" + name + "'");
    image.m_allocation = *allocation;
    TS_VK_TRY(vkBindImageMemory(device.handle(), image.m_image, allocation->memory, allocation->offset),
              "vkBindImageMemory '" + name + "'");
    VkImageViewCreateInfo view{
        .sType = VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO,
        .image = image.m_image,
        .viewType = desc.cube ? VK_IMAGE_VIEW_TYPE_CUBE
                    : desc.layers > 1 ? VK_IMAGE_VIEW_TYPE_2D_ARRAY
                                      : VK_IMAGE_VIEW_TYPE_2D,
        .format = desc.format,
        .subresourceRange = {image.aspect(), 0, desc.mip_levels, 0, desc.layers},
    };
    TS_VK_TRY(vkCreateImageView(device.handle(), &view, nullptr, &image.m_view),
              "vkCreateImageView '" + name + "'");
    device.set_name(image.m_image, VK_OBJECT_TYPE_IMAGE, name.c_str());
    device.set_name(image.m_view, VK_OBJECT_TYPE_IMAGE_VIEW, name.c_str());
    return image;
}

Image::Image(Image&& other) noexcept { *this = std::move(other); }

Image& Image::operator=(Image&& other) noexcept {
    if (this != &other) {
        reset();
        m_device = std::exchange(other.m_device, nullptr);
        m_image = std::exchange(other.m_image, VK_NULL_HANDLE);
        m_view = std::exchange(other.m_view, VK_NULL_HANDLE);
        m_allocation = std::exchange(other.m_allocation, Allocation{});
        m_desc = other.m_desc;
    }
    return *this;
}

void Image::reset() {
    if (m_view != VK_NULL_HANDLE)
        m_device->destroy_deferred({.type = VK_OBJECT_TYPE_IMAGE_VIEW, .handle = reinterpret_cast<uint64_t>(m_view)});
    if (m_image != VK_NULL_HANDLE || m_allocation)
        m_device->destroy_deferred({.type = VK_OBJECT_TYPE_IMAGE,
                                    .handle = reinterpret_cast<uint64_t>(m_image),
                                    .allocation = m_allocation});
    m_view = VK_NULL_HANDLE;
    m_image = VK_NULL_HANDLE;
    m_allocation = {};
}

}  // namespace twinshoot::render
