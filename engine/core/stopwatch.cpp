#include "core/stopwatch.h"

#include <fstream>
#include <string>

namespace twinshoot {

void StageTimes::add(std::string_view stage, double ms) {
    for (auto& [name, total] : m_stages)
        if (name == stage) {
            total += ms;
            return;
        }
    m_stages.emplace_back(std::string(stage), ms);
}

void StageTimes::add(const StageTimes& other) {
    for (const auto& [name, ms] : other.m_stages) add(name, ms);
}

double StageTimes::ms(std::string_view stage) const {
    for (const auto& [name, total] : m_stages)
        if (name == stage) return total;
    return 0.0;
}

uint64_t peak_rss_bytes() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;  // value is in kB
    }
    return 0;
}

}  // namespace twinshoot
