// Wall-clock timing and process memory figures for benchmarks and progress reports.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// Milliseconds spent in each named stage of one piece of work (a shot: "decide", "pose", "dress",
// ...), in the order the stages first ran; a stage that runs twice adds up.
class StageTimes {
public:
    void add(std::string_view stage, double ms);
    void add(const StageTimes& other);  // every stage of `other`
    double ms(std::string_view stage) const;  // 0 for a stage that never ran
    const std::vector<std::pair<std::string, double>>& stages() const { return m_stages; }

private:
    std::vector<std::pair<std::string, double>> m_stages;
};

// Peak resident set size of this process in bytes (VmHWM), or 0 where it cannot be read.
uint64_t peak_rss_bytes();

}  // namespace twinshoot
