#include "asset/ply_precheck.h"

#include <algorithm>
#include <charconv>
#include <sstream>
#include <string_view>
#include <vector>

namespace twinshoot::asset {
namespace {

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
    if (head.substr(0, 3) != "ply") return make_error(ErrorCode::Parse, where + ": not a PLY file (no 'ply' magic)");
    const size_t end = head.find("end_header");
    if (end == std::string_view::npos)
        return make_error(ErrorCode::Parse, where + ": PLY header not ended within 64 KiB");
    size_t body = head.find('\n', end);
    body = body == std::string_view::npos ? file.size() : body + 1;
    std::istringstream lines{std::string(head.substr(0, end))};
    std::string line, format, element;
    uint64_t vertices = 0, faces = 0, vertex_bytes = 0;
    bool fixed_vertex = true;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string word;
        words >> word;
        if (word == "format") {
            words >> format;
            if (format != "ascii" && format != "binary_little_endian" && format != "binary_big_endian")
                return make_error(ErrorCode::Parse, where + ": unknown PLY format '" + format + "'");
        } else if (word == "element") {
            std::string count_text;
            words >> element >> count_text;
            uint64_t count = 0;
            const auto [p, ec] = std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
            if (ec != std::errc() || p != count_text.data() + count_text.size())
                return make_error(ErrorCode::Parse, where + ": PLY element '" + element + "' has a bad count '" + count_text + "'");
            if (element == "vertex") vertices = count;
            if (element == "face") faces = count;
        } else if (word == "property" && element == "vertex") {
            std::string type;
            words >> type;
            if (type == "list") fixed_vertex = false;
            else vertex_bytes += scalar_size(type);
        }
    }
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
    return {};
}

}  // namespace twinshoot::asset
