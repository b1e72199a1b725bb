// File input/output that never leaves half-written files behind.
//
// read_file: whole file into memory; errors name the path and the OS reason.
// AtomicFile: opens a temporary file beside the destination at create() (so an unwritable
// destination fails before any expensive work), takes writes, and on commit() fsyncs, renames over
// the destination and fsyncs the folder. If it is destroyed without commit(), the temporary file is
// removed and the destination is untouched. The file gets `mode` (default 0666) less the process
// umask; secrets pass 0600.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace twinshoot {

Result<std::vector<uint8_t>> read_file(const std::filesystem::path& path);

class AtomicFile {
public:
    // Creates the temporary file. Does not create missing parent folders: a missing folder is
    // reported as an error naming the destination.
    static Result<AtomicFile> create(const std::filesystem::path& destination, unsigned mode = 0666);

    AtomicFile(AtomicFile&& other) noexcept;
    AtomicFile& operator=(AtomicFile&& other) noexcept;
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    Status write(std::span<const uint8_t> bytes);
    // Makes the written bytes the destination's content, durably. The object is spent afterwards.
    Status commit();

    const std::filesystem::path& destination() const { return m_destination; }
    const std::filesystem::path& temp_path() const { return m_temp; }

private:
    AtomicFile() = default;
    void discard();

    std::filesystem::path m_destination;
    std::filesystem::path m_temp;
    int m_fd = -1;
};

// Renames `from` over `to` (same folder) and fsyncs the folder, so the rename survives a crash.
Status rename_durably(const std::filesystem::path& from, const std::filesystem::path& to);
// fsyncs the folder holding `file` (best effort).
void sync_folder_of(const std::filesystem::path& file);

// Writes `bytes` to `destination` through an AtomicFile.
Status write_file_atomic(const std::filesystem::path& destination, std::span<const uint8_t> bytes,
                         unsigned mode = 0666);
// The same for text (JSON documents, keys).
Status write_text_atomic(const std::filesystem::path& destination, std::string_view text, unsigned mode = 0666);

// `p` made absolute and normalised, or `p` itself where the working folder cannot be read: the
// form run and farm records keep paths in.
std::filesystem::path absolute_or_same(const std::filesystem::path& p);

}  // namespace twinshoot
