#include "asset/mhclo.h"

#include <charconv>
#include <cmath>

namespace twinshoot::asset {
namespace {

// Whitespace-separated words of one line (at most `max` kept; more are counted).
size_t split_words(std::string_view line, std::array<std::string_view, 10>& words) {
    size_t n = 0, i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
        const size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
        if (i > start) {
            if (n < words.size()) words[n] = line.substr(start, i - start);
            ++n;
        }
    }
    return n;
}

bool to_index(std::string_view s, uint32_t& out) {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool to_float(std::string_view s, float& out) {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(out);
}

bool starts_numeric(std::string_view s) { return !s.empty() && ((s[0] >= '0' && s[0] <= '9') || s[0] == '-'); }

// Calls f(line number from 1, line) for each line.
template <typename F>
Status for_each_line(std::string_view text, F&& f) {
    size_t number = 0;
    while (!text.empty()) {
        const size_t end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        TS_TRY(f(++number, line));
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return {};
}

}  // namespace

Result<Mhclo> parse_mhclo(std::string_view text, const std::string& what) {
    Mhclo clo;
    bool in_verts = false;
    std::array<bool, 3> scaled{};
    std::array<std::string_view, 10> w{};
    const Status parsed = for_each_line(text, [&](size_t number, std::string_view line) -> Status {
        const size_t n = split_words(line, w);
        if (n == 0 || w[0][0] == '#') return {};
        const auto bad = [&](const std::string& why) {
            return make_error(ErrorCode::Invalid, what + ":" + std::to_string(number) + ": " + why);
        };
        if (in_verts && starts_numeric(w[0])) {
            if (clo.vertices.size() >= kMaxMhcloVertices)
                return bad("more than " + std::to_string(kMaxMhcloVertices) + " vertices");
            MhcloVertex v;
            if (n == 1) {
                if (!to_index(w[0], v.base[0])) return bad("expected a base vertex number");
                v.base[1] = v.base[2] = v.base[0];
            } else if (n == 9) {
                for (int k = 0; k < 3; ++k)
                    if (!to_index(w[size_t(k)], v.base[size_t(k)])) return bad("expected three base vertex numbers");
                for (int k = 0; k < 3; ++k)
                    if (!to_float(w[size_t(3 + k)], v.weights[k]) || !to_float(w[size_t(6 + k)], v.offset[k]))
                        return bad("expected three weights and three offsets");
            } else {
                return bad("a fitted vertex has 1 or 9 numbers, not " + std::to_string(n));
            }
            clo.vertices.push_back(v);
            return {};
        }
        in_verts = false;
        if (w[0] == "verts") {
            if (!clo.vertices.empty()) return bad("a second verts block");
            in_verts = true;
        } else if (w[0] == "basemesh" && n >= 2) {
            clo.basemesh = std::string(w[1]);
        } else if (w[0] == "obj_file" && n >= 2) {
            clo.obj_file = std::string(w[1]);
        } else if ((w[0] == "x_scale" || w[0] == "y_scale" || w[0] == "z_scale")) {
            const size_t axis = size_t(w[0][0] - 'x');
            float length = 0.0f;
            if (n != 4 || !to_index(w[1], clo.scale_vertices[axis][0]) || !to_index(w[2], clo.scale_vertices[axis][1]) ||
                !to_float(w[3], length) || length <= 0.0f)
                return bad(std::string(w[0]) + ": expected two base vertex numbers and a positive length");
            clo.scale_length[int(axis)] = length;
            scaled[axis] = true;
        }
        return {};  // other keywords (name, tags, material, delete_verts, ...) do not move vertices
    });
    if (!parsed) return parsed.error();
    if (clo.vertices.empty()) return make_error(ErrorCode::Invalid, what + ": no fitted vertices (no verts block)");
    if (!scaled[0] || !scaled[1] || !scaled[2]) return make_error(ErrorCode::Invalid, what + ": x_scale, y_scale and z_scale are all needed");
    return clo;
}

Result<std::vector<glm::vec3>> fit_mhclo(const Mhclo& clo, std::span<const glm::vec3> base, const std::string& what) {
    const auto vertex = [&](uint32_t i) -> const glm::vec3* { return i < base.size() ? &base[i] : nullptr; };
    glm::vec3 scale(1.0f);
    for (int axis = 0; axis < 3; ++axis) {
        const glm::vec3* a = vertex(clo.scale_vertices[size_t(axis)][0]);
        const glm::vec3* b = vertex(clo.scale_vertices[size_t(axis)][1]);
        if (!a || !b)
            return make_error(ErrorCode::Invalid, what + ": its scale names base vertex " +
                                                      std::to_string(std::max(clo.scale_vertices[size_t(axis)][0], clo.scale_vertices[size_t(axis)][1])) +
                                                      " but the body has " + std::to_string(base.size()) + " (not the MakeHuman base mesh it fits)");
        scale[axis] = std::abs((*a)[axis] - (*b)[axis]) / clo.scale_length[axis];
    }
    std::vector<glm::vec3> out;
    out.reserve(clo.vertices.size());
    for (size_t i = 0; i < clo.vertices.size(); ++i) {
        const MhcloVertex& v = clo.vertices[i];
        glm::vec3 p = scale * v.offset;
        for (int k = 0; k < 3; ++k) {
            const glm::vec3* b = vertex(v.base[size_t(k)]);
            if (!b)
                return make_error(ErrorCode::Invalid, what + ": garment vertex " + std::to_string(i) + " is fitted to base vertex " +
                                                          std::to_string(v.base[size_t(k)]) + " but the body has " +
                                                          std::to_string(base.size()) + " (not the MakeHuman base mesh it fits)");
            p += v.weights[k] * *b;
        }
        out.push_back(p);
    }
    return out;
}

Result<std::vector<glm::vec3>> obj_positions(std::string_view text, const std::string& what) {
    std::vector<glm::vec3> out;
    std::array<std::string_view, 10> w{};
    const Status parsed = for_each_line(text, [&](size_t number, std::string_view line) -> Status {
        if (line.size() < 2 || line[0] != 'v' || (line[1] != ' ' && line[1] != '\t')) return {};
        const size_t n = split_words(line, w);
        glm::vec3 p(0.0f);
        if (n < 4 || !to_float(w[1], p.x) || !to_float(w[2], p.y) || !to_float(w[3], p.z))
            return make_error(ErrorCode::Invalid, what + ":" + std::to_string(number) + ": a vertex needs three numbers");
        if (out.size() >= kMaxMhcloVertices)
            return make_error(ErrorCode::Invalid, what + ": more than " + std::to_string(kMaxMhcloVertices) + " vertices");
        out.push_back(p);
        return {};
    });
    if (!parsed) return parsed.error();
    return out;
}

}  // namespace twinshoot::asset
