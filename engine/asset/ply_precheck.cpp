#include "asset/ply_precheck.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string_view>
#include <vector>

namespace twinshoot::asset {
namespace {

struct PlyProperty {
    std::string type;        // scalar type, or the item type of a list
    std::string count_type;  // empty unless a list
    std::string name;
};
struct PlyElement {
    std::string name;
    uint64_t count = 0;
    std::vector<PlyProperty> properties;
};

bool is_signed(const std::string& type) {
    return type == "char" || type == "int8" || type == "short" || type == "int16" || type == "int" || type == "int32";
}

size_t scalar_size(const std::string& type) {
    if (type == "char" || type == "uchar" || type == "int8" || type == "uint8") return 1;
    if (type == "short" || type == "ushort" || type == "int16" || type == "uint16") return 2;
    if (type == "int" || type == "uint" || type == "float" || type == "int32" || type == "uint32" || type == "float32") return 4;
    if (type == "double" || type == "float64") return 8;
    return 0;
}

}  // namespace

Status precheck_ply(std::span<const uint8_t> file, const std::string& where, const ImportLimits& limits) {
    const size_t window = std::min<size_t>(file.size(), 64 * 1024);
    const std::string_view head(reinterpret_cast<const char*>(file.data()), window);
    // The header, strictly: printable ASCII lines, each one a keyword Assimp's reader knows, up to
    // a line that is exactly "end_header". (Assimp 5.2's PLY reader can loop on a garbled header.)
    size_t pos = 0, body = std::string_view::npos;
    std::string format, element;
    uint64_t vertices = 0, faces = 0, vertex_bytes = 0;
    bool fixed_vertex = true, first = true;
    std::vector<PlyElement> elements;
    while (pos < head.size()) {
        size_t eol = head.find('\n', pos);
        if (eol == std::string_view::npos) break;
        std::string_view raw = head.substr(pos, eol - pos);
        pos = eol + 1;
        if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
        for (char c : raw)
            if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || static_cast<unsigned char>(c) > 0x7e)
                return make_error(ErrorCode::Parse, where + ": PLY header holds a byte that is not printable text");
        const std::string line(raw);
        std::istringstream words(line);
        std::string word;
        words >> word;
        if (first) {
            if (word != "ply") return make_error(ErrorCode::Parse, where + ": not a PLY file (no 'ply' line)");
            first = false;
            continue;
        }
        if (word == "end_header") {
            body = pos;
            break;
        }
        if (word == "comment" || word == "obj_info") continue;
        if (word == "format") {
            words >> format;
            if (format != "ascii" && format != "binary_little_endian" && format != "binary_big_endian")
                return make_error(ErrorCode::Parse, where + ": unknown PLY format '" + format + "'");
        } else if (word == "element") {
            std::string count_text;
            words >> element >> count_text;
            uint64_t count = 0;
            const auto [p, ec] = std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
            if (element.empty() || ec != std::errc() || p != count_text.data() + count_text.size())
                return make_error(ErrorCode::Parse, where + ": PLY element '" + element + "' has a bad count '" + count_text + "'");
            if (element == "vertex") vertices = count;
            if (element == "face") faces = count;
            elements.push_back({element, count, {}});
        } else if (word == "property") {
            if (element.empty()) return make_error(ErrorCode::Parse, where + ": PLY property before any element");
            std::string type, name;
            words >> type;
            if (type == "list") {
                std::string count_type, item_type;
                words >> count_type >> item_type >> name;
                if (!scalar_size(count_type) || !scalar_size(item_type) || name.empty())
                    return make_error(ErrorCode::Parse, where + ": PLY list property '" + line + "' is malformed");
                if (element == "vertex") fixed_vertex = false;
                elements.back().properties.push_back({item_type, count_type, name});
            } else {
                words >> name;
                if (!scalar_size(type) || name.empty())
                    return make_error(ErrorCode::Parse, where + ": PLY property '" + line + "' is malformed");
                if (element == "vertex") vertex_bytes += scalar_size(type);
                elements.back().properties.push_back({type, "", name});
            }
        } else {
            return make_error(ErrorCode::Parse, where + ": unknown PLY header line '" + line.substr(0, 40) + "'");
        }
    }
    if (body == std::string_view::npos)
        return make_error(ErrorCode::Parse, where + ": PLY header not ended (no end_header line within 64 KiB)");
    if (format.empty()) return make_error(ErrorCode::Parse, where + ": PLY header has no format line");
    if (vertices > limits.max_vertices)
        return make_error(ErrorCode::Unsupported, where + ": declares " + std::to_string(vertices) + " vertices (limit " +
                                                      std::to_string(limits.max_vertices) + ")");
    if (faces * 3 > limits.max_indices)
        return make_error(ErrorCode::Unsupported, where + ": declares " + std::to_string(faces) + " faces (limit " +
                                                      std::to_string(limits.max_indices / 3) + ")");
    if (format != "ascii" && fixed_vertex && vertices * vertex_bytes > file.size() - std::min(body, file.size()))
        return make_error(ErrorCode::Parse, where + ": declares " + std::to_string(vertices) + " vertices of " +
                                                std::to_string(vertex_bytes) + " bytes, but the file has " +
                                                std::to_string(file.size() - std::min(body, file.size())) +
                                                " bytes after its header (truncated or lying)");
    // The body, walked element by element as declared: every list's length, every face's vertex
    // indices in range, and the data long enough (Assimp 5.2 aborts on a truncated face list).
    const bool ascii = format == "ascii", big = format == "binary_big_endian";
    size_t at = body;
    auto fail = [&](const std::string& what) { return make_error(ErrorCode::Parse, where + ": " + what); };
    auto read_binary = [&](const std::string& type, double& out) -> bool {
        const size_t n = scalar_size(type);
        if (at + n > file.size()) return false;
        uint64_t raw = 0;
        for (size_t i = 0; i < n; ++i) raw |= uint64_t(file[at + (big ? n - 1 - i : i)]) << (8 * i);
        at += n;
        if (type == "float" || type == "float32") {
            float f;
            const uint32_t r32 = uint32_t(raw);
            std::memcpy(&f, &r32, 4);
            out = f;
        } else if (type == "double" || type == "float64") {
            std::memcpy(&out, &raw, 8);
        } else if (is_signed(type)) {
            const int shift = int(64 - 8 * n);
            out = double(int64_t(raw << shift) >> shift);
        } else {
            out = double(raw);
        }
        return true;
    };
    auto read_ascii = [&](double& out) -> bool {
        while (at < file.size() && std::isspace(file[at])) ++at;
        const size_t start = at;
        while (at < file.size() && !std::isspace(file[at])) ++at;
        if (start == at) return false;
        const std::string token(reinterpret_cast<const char*>(file.data()) + start, at - start);
        char* end = nullptr;
        out = std::strtod(token.c_str(), &end);
        return end && *end == '\0';
    };
    auto read = [&](const std::string& type, double& out) { return ascii ? read_ascii(out) : read_binary(type, out); };
    uint64_t triangle_indices = 0;
    for (const PlyElement& e : elements) {
        for (uint64_t item = 0; item < e.count; ++item)
            for (const PlyProperty& p : e.properties) {
                double value = 0.0;
                if (p.count_type.empty()) {
                    if (!read(p.type, value))
                        return fail("PLY " + e.name + " " + std::to_string(item) + " is cut short or malformed");
                    continue;
                }
                double count = 0.0;
                if (!read(p.count_type, count) || count < 0.0 || count > 1024.0 || count != std::floor(count))
                    return fail("PLY " + e.name + " " + std::to_string(item) + " has a bad list length");
                const bool indices = e.name == "face" && (p.name == "vertex_indices" || p.name == "vertex_index");
                if (indices && count < 3) return fail("PLY face " + std::to_string(item) + " has fewer than 3 vertices");
                if (indices && (triangle_indices += 3 * (uint64_t(count) - 2)) > limits.max_indices)
                    return make_error(ErrorCode::Unsupported, where + ": its faces make more than " +
                                                                  std::to_string(limits.max_indices / 3) + " triangles (the limit)");
                for (int k = 0; k < int(count); ++k) {
                    if (!read(p.type, value)) return fail("PLY " + e.name + " " + std::to_string(item) + " is cut short");
                    if (indices && (value < 0.0 || value >= double(vertices) || value != std::floor(value)))
                        return fail("PLY face " + std::to_string(item) + " names vertex " + std::to_string(int64_t(value)) +
                                    " of " + std::to_string(vertices));
                }
            }
    }
    return {};
}

}  // namespace twinshoot::asset
