// Calendar dates (UTC days) as licences state them: "YYYY-MM-DD", proleptic Gregorian.
// Validity periods are inclusive of both ends: a licence valid until 2026-12-31 allows a render
// dated 2026-12-31 and refuses one dated 2027-01-01.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace twinshoot::consent {

struct Date {
    int days = 0;  // since 1970-01-01

    // Exactly "YYYY-MM-DD" naming a real day between 1900 and 9999; anything else is nullopt.
    static std::optional<Date> parse(std::string_view text);
    static Date today_utc();
    std::string str() const;
    auto operator<=>(const Date&) const = default;
};

}  // namespace twinshoot::consent
