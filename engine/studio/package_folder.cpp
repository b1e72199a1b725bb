#include "studio/package_folder.h"

#include <random>

namespace twinshoot::studio {
namespace fs = std::filesystem;

bool valid_package_id(const std::string& id) {
    if (id.empty() || id.size() > 64 || id.front() == '-' || id.back() == '-') return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

Status build_package_folder(const fs::path& out_dir, const std::function<Status(const fs::path& folder)>& build) {
    std::error_code ec;
    if (fs::exists(out_dir, ec) && !fs::is_empty(out_dir, ec))
        return make_error(ErrorCode::Invalid, out_dir.string() + ": exists and is not empty (a package is never replaced)");
    const fs::path parent = out_dir.has_parent_path() ? out_dir.parent_path() : fs::path(".");
    if (!fs::is_directory(parent, ec)) return make_error(ErrorCode::Io, parent.string() + ": no such folder");
    const fs::path temp = parent / (out_dir.filename().string() + ".tmp-" + std::to_string(std::random_device{}()));
    fs::create_directory(temp, ec);
    if (ec) return make_error(ErrorCode::Io, temp.string() + ": cannot create (" + ec.message() + ")");
    Status result = build(temp);
    if (result) {
        fs::remove(out_dir, ec);  // an empty folder given as the destination
        fs::rename(temp, out_dir, ec);
        if (ec) result = make_error(ErrorCode::Io, out_dir.string() + ": cannot move the package into place (" + ec.message() + ")");
    }
    if (!result) fs::remove_all(temp, ec);
    return result;
}

}  // namespace twinshoot::studio
