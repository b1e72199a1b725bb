#include "consent/date.h"

#include <chrono>
#include <cstdio>

namespace twinshoot::consent {

std::optional<Date> Date::parse(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    auto digits = [&](size_t from, size_t count) -> int {
        int v = 0;
        for (size_t i = from; i < from + count; ++i) {
            if (text[i] < '0' || text[i] > '9') return -1;
            v = v * 10 + (text[i] - '0');
        }
        return v;
    };
    const int y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
    if (y < 1900 || m < 1 || d < 1) return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(unsigned(m)),
                                          std::chrono::day(unsigned(d))};
    if (!ymd.ok()) return std::nullopt;
    return Date{int(std::chrono::sys_days(ymd).time_since_epoch().count())};
}

Date Date::today_utc() {
    const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    return Date{int(now.time_since_epoch().count())};
}

std::string Date::str() const {
    const std::chrono::year_month_day ymd{std::chrono::sys_days(std::chrono::days(days))};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
    return buf;
}

}  // namespace twinshoot::consent
