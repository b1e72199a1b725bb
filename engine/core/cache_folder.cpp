#include "core/cache_folder.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "core/file_io.h"

namespace twinshoot {

std::optional<std::filesystem::path> default_cache_folder() {
    if (const char* own = std::getenv("TWINSHOOT_CACHE_DIR")) {
        if (*own == '\0') return std::nullopt;
        return std::filesystem::path(own);
    }
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::filesystem::path(xdg) / "twinshoot";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".cache" / "twinshoot";
    return std::nullopt;
}

void trim_cache_folder(const std::filesystem::path& folder, std::string_view extension, uint64_t max_bytes) {
    namespace fs = std::filesystem;
    struct Entry {
        fs::path path;
        fs::file_time_type used;
        uint64_t size;
    };
    std::vector<Entry> entries;
    uint64_t total = 0;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().extension() != extension) continue;
        std::error_code e1, e2;
        const uint64_t size = it->file_size(e1);
        const auto used = it->last_write_time(e2);
        if (e1 || e2) continue;  // removed meanwhile by another process
        entries.push_back({it->path(), used, size});
        total += size;
    }
    if (total <= max_bytes) return;
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.used < b.used; });
    for (const Entry& e : entries) {
        if (total <= max_bytes / 4 * 3) break;
        if (fs::remove(e.path, ec)) total -= e.size;
    }
}

Status store_cache_entry(const std::filesystem::path& folder, const std::filesystem::path& file,
                         std::span<const uint8_t> bytes, uint64_t max_bytes) {
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) return make_error(ErrorCode::Io, folder.string() + ": " + ec.message());
    TS_TRY(write_file_atomic(file, bytes));
    trim_cache_folder(folder, file.extension().string(), max_bytes);
    return {};
}

void mark_cache_entry_used(const std::filesystem::path& file) {
    std::error_code ec;
    std::filesystem::last_write_time(file, std::filesystem::file_time_type::clock::now(), ec);
}

}  // namespace twinshoot
