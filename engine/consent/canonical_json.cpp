#include "consent/canonical_json.h"

#include <cassert>
#include <cstdio>
#include <set>
#include <vector>

namespace twinshoot::consent {
namespace {

using json = nlohmann::json;

constexpr size_t kMaxBytes = 1u << 20;
constexpr size_t kMaxDepth = 32;
constexpr int64_t kMaxSafeInteger = int64_t(1) << 53;

// Finds the first problem in a parsed tree that the canonical form cannot express.
std::string check_values(const json& value, const std::string& path) {
    switch (value.type()) {
    case json::value_t::number_float:
        return path + ": numbers must be integers (write fractions as strings, e.g. \"12.50\")";
    case json::value_t::number_unsigned:
        if (value.get<uint64_t>() > uint64_t(kMaxSafeInteger)) return path + ": integer out of range";
        return {};
    case json::value_t::number_integer: {
        const int64_t v = value.get<int64_t>();
        if (v > kMaxSafeInteger || v < -kMaxSafeInteger) return path + ": integer out of range";
        return {};
    }
    case json::value_t::array:
        for (size_t i = 0; i < value.size(); ++i)
            if (auto e = check_values(value[i], path + "[" + std::to_string(i) + "]"); !e.empty()) return e;
        return {};
    case json::value_t::object:
        for (const auto& [key, member] : value.items())
            if (auto e = check_values(member, path + "." + key); !e.empty()) return e;
        return {};
    default:
        return {};
    }
}

void write_string(std::string& out, const std::string& s) {
    out.push_back('"');
    for (unsigned char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(c));
                out += buf;
            } else {
                out.push_back(char(c));
            }
        }
    }
    out.push_back('"');
}

void write_value(std::string& out, const json& value) {
    switch (value.type()) {
    case json::value_t::null: out += "null"; break;
    case json::value_t::boolean: out += value.get<bool>() ? "true" : "false"; break;
    case json::value_t::number_integer: out += std::to_string(value.get<int64_t>()); break;
    case json::value_t::number_unsigned: out += std::to_string(value.get<uint64_t>()); break;
    case json::value_t::string: write_string(out, value.get_ref<const std::string&>()); break;
    case json::value_t::array: {
        out.push_back('[');
        for (size_t i = 0; i < value.size(); ++i) {
            if (i) out.push_back(',');
            write_value(out, value[i]);
        }
        out.push_back(']');
        break;
    }
    case json::value_t::object: {
        // nlohmann's object is a std::map<std::string, ...>: iteration is already byte-wise key order.
        out.push_back('{');
        bool first = true;
        for (const auto& [key, member] : value.items()) {
            if (!first) out.push_back(',');
            first = false;
            write_string(out, key);
            out.push_back(':');
            write_value(out, member);
        }
        out.push_back('}');
        break;
    }
    default:
        assert(false && "canonical_json: value not accepted by parse_json_strict");
    }
}

}  // namespace

Result<json> parse_json_strict(std::string_view text, const std::string& source) {
    if (text.size() > kMaxBytes)
        return make_error(ErrorCode::Parse, source + ": larger than 1 MiB, not a licence document");
    // Track keys per open object to refuse duplicates (nlohmann silently keeps the last one).
    std::vector<std::set<std::string>> open_objects;
    std::string problem;
    auto callback = [&](int depth, json::parse_event_t event, json& parsed) {
        if (!problem.empty()) return false;
        if (size_t(depth) > kMaxDepth) {
            problem = "nested deeper than " + std::to_string(kMaxDepth) + " levels";
            return false;
        }
        switch (event) {
        case json::parse_event_t::object_start: open_objects.emplace_back(); break;
        case json::parse_event_t::object_end:
            if (!open_objects.empty()) open_objects.pop_back();
            break;
        case json::parse_event_t::key: {
            const std::string& key = parsed.get_ref<const std::string&>();
            if (!open_objects.empty() && !open_objects.back().insert(key).second) {
                problem = "duplicate key \"" + key + "\"";
                return false;
            }
            break;
        }
        default: break;
        }
        return true;
    };
    json doc;
    try {
        doc = json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/true, /*ignore_comments=*/false);
    } catch (const json::exception& e) {
        if (!problem.empty()) return make_error(ErrorCode::Parse, source + ": " + problem);
        return make_error(ErrorCode::Parse, source + ": not valid JSON (" + std::string(e.what()) + ")");
    }
    if (!problem.empty()) return make_error(ErrorCode::Parse, source + ": " + problem);
    if (auto e = check_values(doc, "$"); !e.empty()) return make_error(ErrorCode::Parse, source + ": " + e);
    return doc;
}

std::string canonical_json(const json& value) {
    std::string out;
    write_value(out, value);
    return out;
}

}  // namespace twinshoot::consent
