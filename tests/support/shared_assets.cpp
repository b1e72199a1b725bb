#include "shared_assets.h"

#include <cstdlib>

namespace twinshoot::test {

std::filesystem::path shared_dir() {
    if (const char* env = std::getenv("TWINSHOOT_SHARED_DIR"); env && *env) return env;
    return TWINSHOOT_SHARED_DIR;
}

std::filesystem::path reference_asset(const std::string& relative) { return shared_dir() / "assets-ref" / relative; }

bool shared_assets_present() {
    std::error_code ec;
    return std::filesystem::is_directory(shared_dir() / "assets-ref", ec);
}

}  // namespace twinshoot::test
