#include "core/stopwatch.h"

#include <fstream>
#include <string>

namespace twinshoot {

uint64_t peak_rss_bytes() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;  // value is in kB
    }
    return 0;
}

}  // namespace twinshoot
