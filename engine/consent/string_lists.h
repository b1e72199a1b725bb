// Small helpers for the lists of ids, brands and codes that licences and decisions are made of.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace twinshoot::consent {

inline bool contains(const std::vector<std::string>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

// "a, b, c" (or with another separator)
inline std::string join(const std::vector<std::string>& list, std::string_view separator = ", ") {
    std::string out;
    for (size_t i = 0; i < list.size(); ++i) {
        if (i) out += separator;
        out += list[i];
    }
    return out;
}

}  // namespace twinshoot::consent
