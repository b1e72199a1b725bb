#include "consent/json_fields.h"

#include <cstdio>

namespace twinshoot::consent {

Error JsonFields::fail(const std::string& path, const std::string& reason) const {
    return make_error(ErrorCode::Parse, m_source + ": " + path + ": " + reason);
}

Status JsonFields::expect_object(std::initializer_list<std::string_view> allowed) const {
    if (!m_object.is_object()) return fail(m_path, "expected an object");
    for (const auto& [key, value] : m_object.items()) {
        bool known = false;
        for (std::string_view a : allowed) known = known || a == key;
        if (!known) return fail(m_path + "." + key, "unknown field");
    }
    return {};
}

Result<std::string> JsonFields::string(const char* key, bool required) const {
    if (!has(key)) {
        if (required) return fail(path(key), "required");
        return std::string();
    }
    const nlohmann::json& v = at(key);
    if (!v.is_string() || v.get_ref<const std::string&>().empty()) return fail(path(key), "expected a non-empty string");
    return v.get<std::string>();
}

Result<std::vector<std::string>> JsonFields::strings(const char* key, bool required) const {
    std::vector<std::string> out;
    if (!has(key)) {
        if (required) return fail(path(key), "required");
        return out;
    }
    const nlohmann::json& v = at(key);
    if (!v.is_array()) return fail(path(key), "expected an array of strings");
    for (size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_string() || v[i].get_ref<const std::string&>().empty())
            return fail(path(key) + "[" + std::to_string(i) + "]", "expected a non-empty string");
        out.push_back(v[i].get<std::string>());
    }
    return out;
}

Result<bool> JsonFields::boolean(const char* key, bool fallback) const {
    if (!has(key)) return fallback;
    if (!at(key).is_boolean()) return fail(path(key), "expected true or false");
    return at(key).get<bool>();
}

Result<int64_t> JsonFields::integer(const char* key, int64_t min, int64_t max) const {
    if (!has(key)) return fail(path(key), "required");
    const nlohmann::json& v = at(key);
    if (!v.is_number_integer()) return fail(path(key), "expected an integer");
    const int64_t value = v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(INT64_MAX) ? INT64_MAX : v.get<int64_t>();
    if (value < min || value > max)
        return fail(path(key), "expected an integer " + std::to_string(min) + ".." + std::to_string(max));
    return value;
}

Result<double> JsonFields::number(const char* key, double min, double max) const {
    if (!has(key)) return fail(path(key), "required");
    const nlohmann::json& v = at(key);
    if (!v.is_number()) return fail(path(key), "expected a number");
    const double value = v.get<double>();
    if (!(value >= min && value <= max)) {
        char range[64];
        std::snprintf(range, sizeof range, "%g..%g", min, max);
        return fail(path(key), std::string("expected a number ") + range);
    }
    return value;
}

Result<Date> JsonFields::date(const char* key) const {
    TS_TRY_ASSIGN(std::string text, string(key));
    const auto date = Date::parse(text);
    if (!date) return fail(path(key), "expected a date YYYY-MM-DD, got \"" + text + "\"");
    return *date;
}

Result<std::vector<JsonFields>> JsonFields::objects(const char* key, bool required) const {
    std::vector<JsonFields> out;
    if (!has(key)) {
        if (required) return fail(path(key), "required");
        return out;
    }
    const nlohmann::json& v = at(key);
    if (!v.is_array()) return fail(path(key), "expected an array");
    for (size_t i = 0; i < v.size(); ++i) out.emplace_back(v[i], path(key) + "[" + std::to_string(i) + "]", m_source);
    return out;
}

}  // namespace twinshoot::consent
