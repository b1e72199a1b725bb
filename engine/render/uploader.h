// Uploader: batches CPU -> GPU copies through staging buffers into one submission.
//
//   Uploader up(device);
//   up.buffer(vertex_buffer, bytes);
//   up.image(texture, rgba8_pixels);     // fills mip 0, builds the rest by blits, ends shader-readable
//   TS_TRY_ASSIGN(uint64_t done, up.submit());   // staging memory is reclaimed once `done` signals
//
// Staging buffers are sub-allocated Upload memory, released through deferred destruction.
// An Uploader that is destroyed without submit() frees its command buffer and records nothing.
#pragma once

#include <span>
#include <vector>

#include "render/buffer.h"
#include "render/image.h"

namespace twinshoot::render {

class Uploader {
public:
    explicit Uploader(Device& device) : m_device(device) {}
    Uploader(const Uploader&) = delete;
    Uploader& operator=(const Uploader&) = delete;
    ~Uploader();

    Status buffer(const Buffer& destination, std::span<const uint8_t> bytes, VkDeviceSize offset = 0);
    // `pixels` is mip 0, tightly packed, in the image's format (4 bytes per pixel for RGBA8 formats).
    // Mips 1.. are generated with linear blits; the image ends in SHADER_READ_ONLY_OPTIMAL.
    Status image(const Image& destination, std::span<const uint8_t> pixels);
    // `bytes` holds every mip (largest first) and within each mip every layer, tightly packed in
    // the image's format (see image_bytes). No mips are generated; ends SHADER_READ_ONLY_OPTIMAL.
    Status image_levels(const Image& destination, std::span<const uint8_t> bytes);
    Result<uint64_t> submit();
    bool empty() const { return m_commands == VK_NULL_HANDLE; }

private:
    Result<Buffer*> stage(std::span<const uint8_t> bytes);
    Status ensure_commands();

    Device& m_device;
    VkCommandBuffer m_commands = VK_NULL_HANDLE;
    std::vector<Buffer> m_staging;
};

// Size of every mip and layer of `image`, tightly packed (what image_levels and read_image use).
size_t image_bytes(const Image& image);

// True when the format can be the source and destination of a linear-filtered blit (mip generation).
bool supports_linear_blit(const Device& device, VkFormat format);

}  // namespace twinshoot::render
