// A model's folder: the only place the files a model names may be read from.
//
// glTF buffer and image URIs, OBJ `mtllib` and `map_*`, and FBX external textures are references
// written by whoever made the file. They resolve beneath the model's folder and nowhere else: an
// absolute path, a `..` that climbs out of the folder or a symlink that points out of it is refused
// (ErrorCode::Invalid, "refused reference 'X': outside the model's folder"). The kernel enforces the
// rule at open time (openat2 with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS from a descriptor of the
// folder, so there is no window between a check and the open); where openat2 is missing (Linux < 5.6)
// the same rule is checked on the canonical path just before opening. Data URIs are not files and
// never come here. Files are read whole, up to a size limit given per call.
//
// The folder is the one holding the model file as named (not the target of a symlinked model).
// Files read are remembered (relative to the folder, normalised) so a cache can check them later.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace twinshoot::asset {

class ConfinedFolder {
public:
    // `model_path` is the model file; its folder becomes the root. Fails (Io) when the folder cannot be opened.
    static Result<ConfinedFolder> open(const std::filesystem::path& model_path);

    ConfinedFolder(ConfinedFolder&&) noexcept;
    ConfinedFolder& operator=(ConfinedFolder&&) noexcept;
    ~ConfinedFolder();

    // Reads the file `reference` names ('/' or '\\' separators, relative to the folder). Errors name
    // the model file and the reference: Invalid when it leads outside the folder, Io when it is
    // missing or unreadable, Unsupported when it is larger than `max_bytes`.
    Result<std::vector<uint8_t>> read(std::string_view reference, uint64_t max_bytes) const;
    // The size of the file `reference` names, with read()'s errors (nothing is read or remembered).
    Result<uint64_t> size_of(std::string_view reference) const;
    // Whether `reference` names a regular file inside the folder (false for anything outside).
    bool exists(std::string_view reference) const;
    // True when `reference` cannot lead inside the folder whatever is on disk (absolute, or
    // climbing out with `..` after normalisation).
    static bool escapes(std::string_view reference);

    const std::filesystem::path& folder() const { return m_folder; }
    const std::filesystem::path& model_path() const { return m_model; }
    // Every reference read so far, normalised and relative to the folder, without repeats.
    const std::vector<std::string>& files_read() const { return *m_read; }

private:
    ConfinedFolder() = default;
    // An open descriptor of the regular file `reference` names, and its size.
    struct Opened {
        int fd = -1;
        uint64_t size = 0;
        std::string relative;
    };
    Result<Opened> open_file(std::string_view reference) const;

    std::filesystem::path m_model;
    std::filesystem::path m_folder;
    int m_dir_fd = -1;
    std::unique_ptr<std::vector<std::string>> m_read;
};

// Normalises a reference as written in a file: '\\' becomes '/', "./" and repeated '/' go.
std::string normalise_reference(std::string_view reference);

}  // namespace twinshoot::asset
