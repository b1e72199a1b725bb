#include "core/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

namespace twinshoot {
namespace fs = std::filesystem;

namespace {
Error io_error(const fs::path& path, const std::string& what, int err) {
    return make_error(ErrorCode::Io, path.string() + ": " + what + " (" + std::strerror(err) + ")");
}
}  // namespace

Result<std::vector<uint8_t>> read_file(const fs::path& path) {
    std::error_code ec;
    auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) return make_error(ErrorCode::Io, path.string() + ": file not found");
    if (fs::is_directory(status)) return make_error(ErrorCode::Io, path.string() + ": is a folder, not a file");
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return io_error(path, "cannot open", errno);
    std::vector<uint8_t> bytes;
    uint8_t chunk[1 << 16];
    for (;;) {
        ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0) {
            if (errno == EINTR) continue;
            int err = errno;
            ::close(fd);
            return io_error(path, "read failed", err);
        }
        if (n == 0) break;
        bytes.insert(bytes.end(), chunk, chunk + n);
    }
    ::close(fd);
    return bytes;
}

namespace {

// The process's umask, read without changing it: umask() can only be read by setting it, and a
// set-and-restore on one thread while another thread creates files (the editor's prefetch worker
// writes model-cache entries beside the window's saves) can leave the process at umask 0, every
// later file world-writable. Linux reports it in /proc/self/status (since 4.7); elsewhere, read
// once by the first caller.
mode_t process_umask() {
    if (std::FILE* status = std::fopen("/proc/self/status", "re")) {
        char line[256];
        unsigned mask = 0;
        bool found = false;
        while (!found && std::fgets(line, sizeof line, status)) found = std::sscanf(line, "Umask: %o", &mask) == 1;
        std::fclose(status);
        if (found) return mode_t(mask);
    }
    static const mode_t once = [] {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        return mask;
    }();
    return once;
}

}  // namespace

Result<AtomicFile> AtomicFile::create(const fs::path& destination, unsigned mode) {
    if (destination.empty()) return make_error(ErrorCode::Invalid, "empty output path");
    fs::path parent = destination.parent_path();
    if (parent.empty()) parent = ".";
    std::error_code ec;
    if (fs::is_directory(destination, ec))
        return make_error(ErrorCode::Io, destination.string() + ": cannot write: is a folder");
    std::string temp_name = ".";  // appended, not "." + s: GCC 12 warns falsely (-Wrestrict, PR 105329)
    temp_name += destination.filename().string();
    temp_name += ".tmp-XXXXXX";
    std::string pattern = (parent / temp_name).string();
    int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (fd < 0) return io_error(destination, "cannot write", errno);
    // mkostemp creates 0600; give the file the mode an ordinary create would (0666 less umask).
    ::fchmod(fd, mode_t(mode) & ~process_umask());
    AtomicFile file;
    file.m_destination = destination;
    file.m_temp = pattern;
    file.m_fd = fd;
    return file;
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : m_destination(std::move(other.m_destination)), m_temp(std::move(other.m_temp)), m_fd(other.m_fd) {
    other.m_fd = -1;
    other.m_temp.clear();
}

AtomicFile& AtomicFile::operator=(AtomicFile&& other) noexcept {
    if (this != &other) {
        discard();
        m_destination = std::move(other.m_destination);
        m_temp = std::move(other.m_temp);
        m_fd = other.m_fd;
        other.m_fd = -1;
        other.m_temp.clear();
    }
    return *this;
}

AtomicFile::~AtomicFile() { discard(); }

void AtomicFile::discard() {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
    if (!m_temp.empty()) ::unlink(m_temp.c_str());
    m_temp.clear();
}

Status AtomicFile::write(std::span<const uint8_t> bytes) {
    assert(m_fd >= 0 && "write on a committed or moved-from AtomicFile");
    size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(m_fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return io_error(m_destination, "write failed", errno);
        }
        done += static_cast<size_t>(n);
    }
    return {};
}

Status AtomicFile::commit() {
    assert(m_fd >= 0 && "commit on a committed or moved-from AtomicFile");
    if (::fsync(m_fd) != 0) return io_error(m_destination, "fsync failed", errno);
    if (::close(m_fd) != 0) {
        m_fd = -1;
        return io_error(m_destination, "close failed", errno);
    }
    m_fd = -1;
    if (::rename(m_temp.c_str(), m_destination.c_str()) != 0) return io_error(m_destination, "rename failed", errno);
    m_temp.clear();
    sync_folder_of(m_destination);
    return {};
}

void sync_folder_of(const fs::path& file) {
    fs::path parent = file.parent_path();
    if (parent.empty()) parent = ".";
    int dir = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {  // Folder fsync makes a rename durable; failure to open it is not fatal.
        ::fsync(dir);
        ::close(dir);
    }
}

Status rename_durably(const fs::path& from, const fs::path& to) {
    if (::rename(from.c_str(), to.c_str()) != 0) return io_error(to, "rename from " + from.filename().string() + " failed", errno);
    sync_folder_of(to);
    return {};
}

Status write_file_atomic(const fs::path& destination, std::span<const uint8_t> bytes, unsigned mode) {
    TS_TRY_ASSIGN(AtomicFile file, AtomicFile::create(destination, mode));
    TS_TRY(file.write(bytes));
    return file.commit();
}

Status write_text_atomic(const std::filesystem::path& destination, std::string_view text, unsigned mode) {
    return write_file_atomic(destination, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size()), mode);
}

std::filesystem::path absolute_or_same(const std::filesystem::path& p) {
    std::error_code ec;
    const std::filesystem::path a = std::filesystem::absolute(p, ec);
    return ec ? p : a.lexically_normal();
}

}  // namespace twinshoot
