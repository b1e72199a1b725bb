// twinshoot-import: the child process of asset/import_process.h. Internal; not for people.
//
//   twinshoot-import --address-space BYTES --cpu SECONDS --files N -- MODEL
//
// Limits itself, imports MODEL with asset::import_model and writes the model's binary form
// (asset/model_codec.h) to stdout. Exit codes are asset/import_process.h's.
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <new>
#include <string>

#include <CLI/CLI.hpp>

#include "asset/import_process.h"
#include "asset/importer.h"
#include "asset/model_codec.h"
#include "asset/twin_marker.h"

#if defined(__SANITIZE_ADDRESS__)
#define TWINSHOOT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TWINSHOOT_ASAN 1
#endif
#endif

namespace {

void limit(int resource, rlim_t soft, rlim_t hard) {
    const rlimit value{soft, hard};
    setrlimit(resource, &value);
}

bool write_all(const std::vector<uint8_t>& bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(1, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += size_t(n);
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace twinshoot;
    // Nothing of the parent's but stdin/out/err: no Vulkan device, ledger or output file handle.
    syscall(SYS_close_range, 3u, ~0u, 0u);
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // the parent gone, stop
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);

    CLI::App app{"twinshoot-import: imports one model file for twinshoot in a limited process (internal)"};
    uint64_t address_space = 0;
    uint32_t cpu = 0, files = 0;
    std::string model;
    app.add_option("--address-space", address_space, "RLIMIT_AS in bytes (0: none)")->required();
    app.add_option("--cpu", cpu, "RLIMIT_CPU in seconds (0: none)")->required();
    app.add_option("--files", files, "RLIMIT_NOFILE (0: none)")->required();
    app.add_option("model", model, "the model file")->required();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return asset::kImportChildUsage;
    }

    limit(RLIMIT_CORE, 0, 0);    // a crash leaves no core file behind
    limit(RLIMIT_FSIZE, 0, 0);   // it writes no file (stdout is a pipe)
    if (files) limit(RLIMIT_NOFILE, files, files);
    if (cpu) limit(RLIMIT_CPU, cpu, cpu + 2);  // SIGXCPU at the soft limit, SIGKILL two seconds later
#ifndef TWINSHOOT_ASAN
    if (address_space) limit(RLIMIT_AS, address_space, address_space);
#endif

    try {
        auto imported = asset::import_model(model);
        if (!imported) {
            const std::string& message = imported.error().message;
            if (message.find("bad_alloc") != std::string::npos) return asset::kImportChildOutOfMemory;
            std::fprintf(stderr, "%s\n", message.c_str());
            return asset::kImportChildErrorBase + int(imported.error().code);
        }
        imported->source = model;
        // The file's own marker only: the folder's twin.json is the parent's to read (the answer
        // may be cached and reused for the same bytes in another folder).
        imported->twin_id = asset::embedded_twin_of(model).value_or("");
        if (!write_all(asset::encode_model(*imported))) return asset::kImportChildUsage;
        return 0;
    } catch (const std::bad_alloc&) {
        return asset::kImportChildOutOfMemory;
    }
}
