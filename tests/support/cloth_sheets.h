// Flat triangle sheets for the cloth tests (asset_tests, geometry_tests): a grid of n x n vertices,
// sheets put together, a seam made by copying a column of vertices, as UV splits and hem strips do,
// and a piece of cloth lying on a sheet of the same garment.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <glm/glm.hpp>

namespace twinshoot::test {

struct Sheet {
    std::vector<glm::vec3> positions;
    std::vector<uint32_t> indices;
};

// n x n vertices, `size` units, in the plane through `origin` spanned by u and v; each quad split
// along its diagonal (a, d).
inline Sheet sheet(int n, float size, glm::vec3 origin, glm::vec3 u, glm::vec3 v) {
    Sheet s;
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < n; ++i) s.positions.push_back(origin + u * (size * float(i) / float(n - 1)) + v * (size * float(j) / float(n - 1)));
    for (int j = 0; j + 1 < n; ++j)
        for (int i = 0; i + 1 < n; ++i) {
            const uint32_t a = uint32_t(j * n + i), b = a + 1, c = a + uint32_t(n), d = c + 1;
            for (uint32_t k : {a, b, d, a, d, c}) s.indices.push_back(k);
        }
    return s;
}

// `from`'s vertices and triangles added to `to` (one mesh of two sheets).
inline void append(Sheet& to, const Sheet& from) {
    const uint32_t base = uint32_t(to.positions.size());
    to.positions.insert(to.positions.end(), from.positions.begin(), from.positions.end());
    for (uint32_t i : from.indices) to.indices.push_back(base + i);
}

// A seam down the middle column of an n x n `sheet(…, u = x, …)` of size 1 at the origin: the
// column's vertices are copied, and the triangles right of it (x > 0.5) use the copies. Returns the
// copied vertices, in the order their copies were appended.
inline std::vector<uint32_t> seam_middle_column(Sheet& s, int n) {
    const int mid = (n - 1) / 2;
    const size_t original = s.positions.size();
    std::vector<uint32_t> copied, copy_of(original, UINT32_MAX);
    for (int j = 0; j < n; ++j) {
        const uint32_t v = uint32_t(j * n + mid);
        copy_of[v] = uint32_t(s.positions.size());
        s.positions.push_back(s.positions[v]);
        copied.push_back(v);
    }
    for (size_t t = 0; t < s.indices.size(); t += 3) {
        bool right = false;
        for (int k = 0; k < 3; ++k) right |= s.positions[s.indices[t + size_t(k)]].x > 0.5f + 1e-4f;
        if (right)
            for (int k = 0; k < 3; ++k)
                if (copy_of[s.indices[t + size_t(k)]] != UINT32_MAX) s.indices[t + size_t(k)] = copy_of[s.indices[t + size_t(k)]];
    }
    return copied;
}

// One garment of two sheets lying on each other (asset/cloth_sides.h), level, for a settle with
// gravity: a sheet 30 cm square (31 x 31 vertices) at y = 1 held along its rim, and a piece 10 cm
// square (11 x 11) lying 3 mm over its middle, offset so that no vertex of either lies over an
// edge of the other.
// Falling, the piece either rests on the sheet, which sags under it, or passes through.
struct PieceOnSheet {
    Sheet cloth;                // the sheet's vertices, then the piece's
    std::vector<float> anchor;  // 1 on the sheet's rim
    size_t piece_begin = 0;     // the piece's first vertex
    PieceOnSheet() {
        constexpr int n = 31;
        cloth = sheet(n, 0.3f, glm::vec3(-0.15f, 1.0f, -0.15f), glm::vec3(1, 0, 0), glm::vec3(0, 0, 1));
        anchor.assign(cloth.positions.size(), 0.0f);
        for (int j = 0; j < n; ++j)
            for (int i = 0; i < n; ++i)
                if (i == 0 || j == 0 || i == n - 1 || j == n - 1) anchor[size_t(j * n + i)] = 1.0f;
        piece_begin = cloth.positions.size();
        append(cloth, sheet(11, 0.1f, glm::vec3(-0.0467f, 1.003f, -0.0433f), glm::vec3(1, 0, 0), glm::vec3(0, 0, 1)));
        anchor.resize(cloth.positions.size(), 0.0f);
    }
    // The least height of a piece's vertex over the sheet straight under it (metres; negative:
    // under it; +infinity where none of the piece lies over the sheet).
    float piece_over_sheet(const std::vector<glm::vec3>& x) const {
        float least = std::numeric_limits<float>::infinity();
        const size_t sheet_indices = size_t(30 * 30 * 6);  // the sheet's triangles come first
        for (size_t v = piece_begin; v < x.size(); ++v)
            for (size_t t = 0; t < sheet_indices; t += 3) {
                const glm::vec3 a = x[cloth.indices[t]], b = x[cloth.indices[t + 1]], c = x[cloth.indices[t + 2]];
                // Weights of (x, z) in the triangle's shadow on the level.
                const glm::vec2 p(x[v].x, x[v].z), a2(a.x, a.z), e1(b.x - a.x, b.z - a.z), e2(c.x - a.x, c.z - a.z);
                const float det = e1.x * e2.y - e1.y * e2.x;
                if (std::abs(det) < 1e-12f) continue;
                const glm::vec2 d = p - a2;
                const float wb = (d.x * e2.y - d.y * e2.x) / det, wc = (e1.x * d.y - e1.y * d.x) / det;
                if (wb < 0.0f || wc < 0.0f || wb + wc > 1.0f) continue;
                least = std::min(least, x[v].y - (a.y + wb * (b.y - a.y) + wc * (c.y - a.y)));
            }
        return least;
    }
};

}  // namespace twinshoot::test
