#include "asset/confined_folder.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

namespace twinshoot::asset {
namespace fs = std::filesystem;

namespace {

bool looks_absolute(std::string_view ref) {
    if (ref.empty()) return false;
    if (ref[0] == '/' || ref[0] == '\\') return true;
    // "C:..." (a Windows drive) or a URI scheme such as "file:" (a data URI never reaches here).
    const size_t colon = ref.find(':');
    if (colon != std::string_view::npos && colon > 0 &&
        std::all_of(ref.begin(), ref.begin() + long(colon), [](unsigned char c) { return std::isalnum(c) || c == '+' || c == '.' || c == '-'; }))
        return true;
    return false;
}

// -1 with errno ENOSYS when the kernel has no openat2.
int open_beneath(int dir_fd, const std::string& relative) {
    open_how how{};
    how.flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    long fd;
    do fd = syscall(SYS_openat2, dir_fd, relative.c_str(), &how, sizeof how);
    while (fd < 0 && errno == EAGAIN);  // RESOLVE_CACHED is not asked, but retry a racing rename
    return int(fd);
}

bool inside(const fs::path& root, const fs::path& candidate) {
    const fs::path rel = candidate.lexically_relative(root);
    return !rel.empty() && *rel.begin() != "..";
}

}  // namespace

std::string normalise_reference(std::string_view reference) {
    std::string ref(reference);
    std::replace(ref.begin(), ref.end(), '\\', '/');
    std::string out = fs::path(ref).lexically_normal().generic_string();
    if (out == ".") out.clear();
    return out;
}

bool ConfinedFolder::escapes(std::string_view reference) {
    if (looks_absolute(reference)) return true;
    const std::string norm = normalise_reference(reference);
    return norm == ".." || norm.rfind("../", 0) == 0;
}

Result<ConfinedFolder> ConfinedFolder::open(const fs::path& model_path) {
    ConfinedFolder folder;
    folder.m_model = model_path;
    folder.m_folder = model_path.parent_path().empty() ? fs::path(".") : model_path.parent_path();
    folder.m_dir_fd = ::open(folder.m_folder.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (folder.m_dir_fd < 0)
        return make_error(ErrorCode::Io, model_path.string() + ": cannot open its folder (" + std::strerror(errno) + ")");
    folder.m_read = std::make_unique<std::vector<std::string>>();
    return folder;
}

ConfinedFolder::ConfinedFolder(ConfinedFolder&& other) noexcept
    : m_model(std::move(other.m_model)), m_folder(std::move(other.m_folder)), m_dir_fd(std::exchange(other.m_dir_fd, -1)),
      m_read(std::move(other.m_read)) {}

ConfinedFolder& ConfinedFolder::operator=(ConfinedFolder&& other) noexcept {
    if (this != &other) {
        if (m_dir_fd >= 0) ::close(m_dir_fd);
        m_model = std::move(other.m_model);
        m_folder = std::move(other.m_folder);
        m_dir_fd = std::exchange(other.m_dir_fd, -1);
        m_read = std::move(other.m_read);
    }
    return *this;
}

ConfinedFolder::~ConfinedFolder() {
    if (m_dir_fd >= 0) ::close(m_dir_fd);
}

Result<ConfinedFolder::Opened> ConfinedFolder::open_file(std::string_view reference) const {
    const std::string where = m_model.string() + ": ";
    const std::string quoted = "'" + std::string(reference) + "'";
    if (escapes(reference))
        return make_error(ErrorCode::Invalid, where + "refused reference " + quoted + ": outside the model's folder");
    const std::string relative = normalise_reference(reference);
    if (relative.empty()) return make_error(ErrorCode::Invalid, where + "reference " + quoted + " names no file");

    int fd = open_beneath(m_dir_fd, relative);
    if (fd < 0 && errno == ENOSYS) {
        // No openat2: check the canonical path (symlinks resolved) before opening it.
        std::error_code ec;
        const fs::path root = fs::canonical(m_folder, ec);
        const fs::path target = fs::weakly_canonical(m_folder / relative, ec);
        if (ec || !inside(root, target))
            return make_error(ErrorCode::Invalid, where + "refused reference " + quoted + ": outside the model's folder");
        fd = ::open(target.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    }
    if (fd < 0) {
        if (errno == EXDEV || errno == ELOOP)  // RESOLVE_BENEATH's answers for a path leading out
            return make_error(ErrorCode::Invalid, where + "refused reference " + quoted + ": outside the model's folder");
        return make_error(ErrorCode::Io, where + "cannot open " + quoted + " (" + std::strerror(errno) + ")");
    }
    struct stat st{};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return make_error(ErrorCode::Invalid, where + quoted + " is not a regular file");
    }
    return Opened{fd, uint64_t(st.st_size), relative};
}

Result<uint64_t> ConfinedFolder::size_of(std::string_view reference) const {
    TS_TRY_ASSIGN(Opened file, open_file(reference));
    ::close(file.fd);
    return file.size;
}

Result<std::vector<uint8_t>> ConfinedFolder::read(std::string_view reference, uint64_t max_bytes) const {
    TS_TRY_ASSIGN(Opened file, open_file(reference));
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{file.fd};
    const std::string quoted = "'" + std::string(reference) + "'";
    if (file.size > max_bytes)
        return make_error(ErrorCode::Unsupported, m_model.string() + ": " + quoted + " is " + std::to_string(file.size) +
                                                      " bytes, over the limit of " + std::to_string(max_bytes));
    std::vector<uint8_t> bytes(size_t(file.size));
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::read(file.fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            return make_error(ErrorCode::Io, m_model.string() + ": cannot read " + quoted + " (" + std::strerror(errno) + ")");
        if (n == 0) break;  // shrank while reading: keep what is there; the parser will judge it
        done += size_t(n);
    }
    bytes.resize(done);
    if (std::find(m_read->begin(), m_read->end(), file.relative) == m_read->end()) m_read->push_back(file.relative);
    return bytes;
}

bool ConfinedFolder::exists(std::string_view reference) const {
    auto file = open_file(reference);
    if (!file) return false;
    ::close(file->fd);
    return true;
}

}  // namespace twinshoot::asset
