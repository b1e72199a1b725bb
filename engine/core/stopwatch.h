// Wall-clock timing and process memory figures for benchmarks and progress reports.
#pragma once

#include <chrono>
#include <cstdint>

namespace twinshoot {

class Stopwatch {
public:
    Stopwatch() : m_start(std::chrono::steady_clock::now()) {}
    void restart() { m_start = std::chrono::steady_clock::now(); }
    // Milliseconds since construction or the last restart().
    double ms() const {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_start).count();
    }

private:
    std::chrono::steady_clock::time_point m_start;
};

// Peak resident set size of this process in bytes (VmHWM), or 0 where it cannot be read.
uint64_t peak_rss_bytes();

}  // namespace twinshoot
