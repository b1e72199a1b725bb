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
    // The header, strictly: printable ASCII lines, each one a keyword Assimp's reader knows, up to
    // a line that is exactly "end_header". (Assimp 5.2's PLY reader can loop on a garbled header.)
    size_t pos = 0, body = std::string_view::npos;
    std::string format, element;
    uint64_t vertices = 0, faces = 0, vertex_bytes = 0;
    bool fixed_vertex = true, first = true;
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
            } else {
                words >> name;
                if (!scalar_size(type) || name.empty())
                    return make_error(ErrorCode::Parse, where + ": PLY property '" + line + "' is malformed");
                if (element == "vertex") vertex_bytes += scalar_size(type);
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
    return {};
}

}  // namespace twinshoot::asset
