#include "core/cache_folder.h"

#include <cstdlib>

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

}  // namespace twinshoot
