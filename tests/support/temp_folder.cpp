#include "temp_folder.h"

#include <unistd.h>

#include <cassert>
#include <mutex>
#include <set>
#include <system_error>

namespace twinshoot::test {
namespace fs = std::filesystem;
namespace {

class MadeFolders {
public:
    void add(const fs::path& folder) {
        const std::lock_guard lock(m_mutex);
        m_folders.insert(folder);
    }
    ~MadeFolders() {
        if (::getpid() != m_owner) return;  // a forked child (a death test) leaves its parent's folders alone
        for (const fs::path& folder : m_folders) {
            std::error_code ignored;
            fs::remove_all(folder, ignored);
        }
    }

private:
    const pid_t m_owner = ::getpid();
    std::mutex m_mutex;
    std::set<fs::path> m_folders;
};

MadeFolders& made_folders() {
    static MadeFolders folders;
    return folders;
}

}  // namespace

fs::path temp_folder(const std::string& name) {
    assert(!name.empty() && name.find('/') == std::string::npos);
    const fs::path folder = fs::temp_directory_path() / ("twinshoot-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(folder);
    fs::create_directories(folder);
    made_folders().add(folder);
    return folder;
}

}  // namespace twinshoot::test
