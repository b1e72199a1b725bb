// Reading typed fields out of a parsed JSON document with errors that name the file and the JSON
// path ("licence.json: $.licence.permissions[0].uses[1]: unknown use \"tv\" (one of: ...)").
// Used by the licence, key and revocation-list readers. Every accessor returns an Error for a
// missing required field, a wrong type or a value out of its set; none throws or asserts on data.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "consent/date.h"
#include "core/result.h"

namespace twinshoot::consent {

class JsonFields {
public:
    // `object` must outlive this reader; `path` is its JSON path ("$.licence").
    JsonFields(const nlohmann::json& object, std::string path, std::string source)
        : m_object(object), m_path(std::move(path)), m_source(std::move(source)) {}

    // Fails unless the value is an object whose keys are all in `allowed`.
    Status expect_object(std::initializer_list<std::string_view> allowed) const;

    bool has(const char* key) const { return m_object.is_object() && m_object.contains(key); }
    const nlohmann::json& at(const char* key) const { return m_object.at(key); }
    std::string path(const char* key) const { return m_path + "." + key; }
    JsonFields child(const char* key) const { return {m_object.at(key), path(key), m_source}; }
    const std::string& source() const { return m_source; }

    Result<std::string> string(const char* key, bool required = true) const;  // non-empty
    Result<std::vector<std::string>> strings(const char* key, bool required = true) const;
    Result<bool> boolean(const char* key, bool fallback) const;
    Result<int64_t> integer(const char* key, int64_t min, int64_t max) const;
    Result<double> number(const char* key, double min, double max) const;  // integer or fraction
    Result<Date> date(const char* key) const;
    // Elements of an array field as readers ("$.x[3]"); missing and not required gives none.
    Result<std::vector<JsonFields>> objects(const char* key, bool required) const;

    Error fail(const std::string& path, const std::string& reason) const;

private:
    const nlohmann::json& m_object;
    std::string m_path;
    std::string m_source;
};

}  // namespace twinshoot::consent
