#include "asset/import_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "asset/model_codec.h"
#include "core/page_populate.h"

extern char** environ;

namespace twinshoot::asset {
namespace fs = std::filesystem;

namespace {

struct Fd {
    int fd = -1;
    Fd() = default;
    explicit Fd(int f) : fd(f) {}
    Fd(Fd&& o) noexcept : fd(std::exchange(o.fd, -1)) {}
    Fd& operator=(Fd&& o) noexcept {
        reset();
        fd = std::exchange(o.fd, -1);
        return *this;
    }
    ~Fd() { reset(); }
    void reset() {
        if (fd >= 0) ::close(fd);
        fd = -1;
    }
};

std::string signal_name(int sig) {
    switch (sig) {
        case SIGSEGV: return "SIGSEGV";
        case SIGBUS: return "SIGBUS";
        case SIGILL: return "SIGILL";
        case SIGFPE: return "SIGFPE";
        case SIGABRT: return "SIGABRT";
        case SIGKILL: return "SIGKILL";
        case SIGXCPU: return "SIGXCPU";
        case SIGSYS: return "SIGSYS";
        default: return "signal " + std::to_string(sig);
    }
}

// The last non-empty line of what the child printed on stderr.
std::string last_line(const std::string& text) {
    size_t end = text.find_last_not_of("\n\r ");
    if (end == std::string::npos) return {};
    const size_t start = text.rfind('\n', end);
    return text.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1);
}

}  // namespace

Result<fs::path> import_helper_path() {
    if (const char* own = std::getenv("TWINSHOOT_IMPORTER"); own && *own) {
        if (::access(own, X_OK) != 0)
            return make_error(ErrorCode::Io, std::string(own) + " ($TWINSHOOT_IMPORTER): not an executable file");
        return fs::path(own);
    }
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path beside = self.parent_path() / "twinshoot-import";
        if (::access(beside.c_str(), X_OK) == 0) return beside;
    }
#ifdef TWINSHOOT_IMPORT_HELPER_BUILD_PATH
    if (::access(TWINSHOOT_IMPORT_HELPER_BUILD_PATH, X_OK) == 0) return fs::path(TWINSHOOT_IMPORT_HELPER_BUILD_PATH);
#endif
    return make_error(ErrorCode::Io, "twinshoot-import (the model import helper) was not found beside " +
                                         (ec ? std::string("the program") : self.string()) +
                                         " or in the build tree; set $TWINSHOOT_IMPORTER to its path");
}

Result<Model> import_model_isolated(const fs::path& path, const IsolationLimits& isolation, const ImportLimits& limits) {
    const std::string where = path.string();
    TS_TRY_ASSIGN(const fs::path helper, import_helper_path());

    int out_pipe[2], err_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) != 0) return make_error(ErrorCode::Io, "cannot create a pipe for the importer: " + std::string(std::strerror(errno)));
    Fd out_read(out_pipe[0]), out_write(out_pipe[1]);
    if (pipe2(err_pipe, O_CLOEXEC) != 0) return make_error(ErrorCode::Io, "cannot create a pipe for the importer: " + std::string(std::strerror(errno)));
    Fd err_read(err_pipe[0]), err_write(err_pipe[1]);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_write.fd, 1);
    posix_spawn_file_actions_adddup2(&actions, err_write.fd, 2);
    std::vector<std::string> args = {helper.string(),
                                     "--address-space", std::to_string(isolation.address_space_bytes),
                                     "--cpu", std::to_string(isolation.cpu_seconds),
                                     "--files", std::to_string(isolation.open_files),
                                     "--", path.string()};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    // The child's environment is ours, with malloc asked for transparent huge pages and to serve big
    // blocks from its heap (reused once freed) rather than fresh mappings: an import touches tens of
    // MiB once, and on virtual machines a page fault costs tens of microseconds (bench/README.md).
    // No top_pad: a heap reserved ahead at start-up would sit outside RLIMIT_AS, set later. A
    // GLIBC_TUNABLES the user set is kept as it is.
    std::vector<std::string> env_storage;
    bool has_tunables = false;
    for (char** e = environ; *e; ++e) {
        env_storage.emplace_back(*e);
        has_tunables = has_tunables || env_storage.back().rfind("GLIBC_TUNABLES=", 0) == 0;
    }
    if (!has_tunables)
        env_storage.emplace_back("GLIBC_TUNABLES=glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=1073741824");
    std::vector<char*> envp;
    for (auto& e : env_storage) envp.push_back(e.data());
    envp.push_back(nullptr);
    pid_t pid = -1;
    const int spawned = posix_spawn(&pid, helper.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    out_write.reset();
    err_write.reset();
    if (spawned != 0)
        return make_error(ErrorCode::Io, helper.string() + ": cannot start the importer (" + std::strerror(spawned) + ")");

    std::vector<uint8_t> output;
    std::string errors;
    bool timed_out = false, runaway = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(isolation.wall_seconds);
    std::vector<uint8_t> chunk(1 << 16);
    while (out_read.fd >= 0 || err_read.fd >= 0) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) {
            timed_out = true;
            break;
        }
        pollfd fds[2] = {{out_read.fd, POLLIN, 0}, {err_read.fd, POLLIN, 0}};
        const int ready = ::poll(fds, 2, int(std::min<long long>(left, 1000)));
        if (ready < 0 && errno != EINTR) break;
        for (int i = 0; i < 2 && ready > 0; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const ssize_t n = ::read(fds[i].fd, chunk.data(), chunk.size());
            if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
            if (n <= 0) {
                (i == 0 ? out_read : err_read).reset();
                continue;
            }
            if (i == 0) {
                const size_t before = output.size();
                output.insert(output.end(), chunk.begin(), chunk.begin() + n);
                // The header (magic, version, flags, payload length) says how much follows: make room
                // for all of it at once, its pages mapped in one call.
                if (before < 24 && output.size() >= 24) {
                    uint64_t payload = 0;
                    std::memcpy(&payload, output.data() + 16, 8);
                    const uint64_t total = kModelCodecHeaderBytes + std::min<uint64_t>(payload, isolation.max_output_bytes);
                    output.reserve(size_t(total));
                    populate_for_write(output.data() + output.size(), size_t(total) - output.size());
                }
            }
            else if (errors.size() < (1u << 16)) errors.append(reinterpret_cast<const char*>(chunk.data()), size_t(n));
        }
        if (output.size() > isolation.max_output_bytes) {
            runaway = true;
            break;
        }
    }
    if (timed_out || runaway) ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}

    if (timed_out) {
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%g", isolation.wall_seconds);
        return make_error(ErrorCode::Parse, "the importer timed out after " + std::string(seconds) + " s on " + where);
    }
    if (runaway) return make_error(ErrorCode::Parse, "the importer's answer grew past " + std::to_string(isolation.max_output_bytes) + " bytes on " + where);
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        if (sig == SIGXCPU)
            return make_error(ErrorCode::Parse, "the importer timed out (used its " + std::to_string(isolation.cpu_seconds) + " s of CPU) on " + where);
        if (sig == SIGKILL)  // not ours: the kernel's out-of-memory killer, or the CPU hard limit
            return make_error(ErrorCode::Parse, "the importer was killed (out of memory or CPU time) on " + where);
        return make_error(ErrorCode::Parse, "the importer crashed (" + signal_name(sig) + ") on " + where);
    }
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code == kImportChildOutOfMemory)
        return make_error(ErrorCode::Parse, "the importer ran out of memory (limit " +
                                                std::to_string(isolation.address_space_bytes >> 20) + " MiB) on " + where);
    if (code >= kImportChildErrorBase && code <= kImportChildErrorBase + int(ErrorCode::Refused)) {
        std::string message = last_line(errors);
        if (message.empty()) message = where + ": the importer failed without a reason";
        return make_error(ErrorCode(code - kImportChildErrorBase), message);
    }
    if (code != 0) {
        const std::string detail = last_line(errors);
        return make_error(ErrorCode::Parse, "the importer crashed (exit " + std::to_string(code) + ") on " + where +
                                                (detail.empty() ? "" : ": " + detail));
    }
    TS_TRY_ASSIGN(Model model, decode_model(output, "the importer's answer for " + where, limits));
    model.source = where;
    return model;
}

}  // namespace twinshoot::asset
