// Image: move-only owner of a VkImage, its sub-allocated memory and a view of all its mips and
// layers (2D, or CUBE for cube maps). mip_view() makes extra views of one mip (for storage writes).
// Destruction (view, image, memory) is deferred until the GPU has finished with it.
#pragma once

#include "render/owned.h"

namespace twinshoot::render {

struct ImageDesc {
    VkFormat format = VK_FORMAT_UNDEFINED;
    uint32_t width = 0;
    uint32_t height = 0;
    uint32_t mip_levels = 1;
    uint32_t layers = 1;   // 6 with `cube`
    bool cube = false;     // a cube map: six layers, the default view is VK_IMAGE_VIEW_TYPE_CUBE
    VkImageUsageFlags usage = 0;
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
    const char* name = "image";
};

class Image {
public:
    Image() = default;
    static Result<Image> create(Device& device, const ImageDesc& desc);
    Image(Image&& other) noexcept;
    Image& operator=(Image&& other) noexcept;
    Image(const Image&) = delete;
    Image& operator=(const Image&) = delete;
    ~Image() { reset(); }
    void reset();

    VkImage handle() const { return m_image; }
    VkImageView view() const { return m_view; }
    VkFormat format() const { return m_desc.format; }
    uint32_t width() const { return m_desc.width; }
    uint32_t height() const { return m_desc.height; }
    uint32_t mip_levels() const { return m_desc.mip_levels; }
    uint32_t layers() const { return m_desc.layers; }
    // A view of one mip level and every layer (2D_ARRAY for layered images), e.g. a compute
    // shader's storage image. The caller owns it.
    Result<Owned<VkImageView>> mip_view(uint32_t mip, const char* name) const;
    VkImageAspectFlags aspect() const;
    explicit operator bool() const { return m_image != VK_NULL_HANDLE; }

private:
    Device* m_device = nullptr;
    VkImage m_image = VK_NULL_HANDLE;
    VkImageView m_view = VK_NULL_HANDLE;
    Allocation m_allocation{};
    ImageDesc m_desc{};
};

bool is_depth_format(VkFormat format);
// Number of mips in a full chain for the given size (floor(log2(max)) + 1).
uint32_t full_mip_count(uint32_t width, uint32_t height);
// Bytes per texel of the colour formats the engine uploads or reads back (RGBA8, RGBA16F, RGBA32F).
uint32_t texel_bytes(VkFormat format);

}  // namespace twinshoot::render
