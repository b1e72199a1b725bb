// A whole file mapped read-only into memory, its pages loaded in one call (MAP_POPULATE) rather
// than faulted in one at a time. Move-only; unmapped on destruction. For reading caches and other
// files written whole; the bytes must not be trusted more than the file (a file truncated by
// another process while mapped raises SIGBUS on access: use it only for files TwinShoot writes
// atomically, never for user data).
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>

#include "core/result.h"

namespace twinshoot {

class MappedFile {
public:
    static Result<MappedFile> open(const std::filesystem::path& path);

    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    std::span<const uint8_t> bytes() const { return {static_cast<const uint8_t*>(m_data), m_size}; }

private:
    MappedFile() = default;
    void* m_data = nullptr;
    size_t m_size = 0;
};

}  // namespace twinshoot
