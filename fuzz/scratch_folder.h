// A fuzz target's own temporary folder: one per process (libFuzzer's fork mode runs many), named
// after the target and the process id, created on first use and removed when the process that made
// it exits normally (a crash, a timeout or an out-of-memory exit leaves it, with the input).
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace twinshoot::fuzz {

class ScratchFolder {
public:
    explicit ScratchFolder(const std::string& target)
        : m_path(std::filesystem::temp_directory_path() / ("twinshoot-" + target + "-" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(m_path);
        std::filesystem::create_directories(m_path);
    }
    ~ScratchFolder() {
        if (::getpid() != m_owner) return;  // a forked child leaves its parent's folder alone
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;

    const std::filesystem::path& path() const { return m_path; }

private:
    pid_t m_owner = ::getpid();
    std::filesystem::path m_path;
};

}  // namespace twinshoot::fuzz
