// Flat triangle sheets for the cloth tests (asset_tests): a grid of n x n vertices, sheets put
// together, and a seam made by copying a column of vertices, as UV splits and hem strips do.
#pragma once

#include <cstdint>
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

}  // namespace twinshoot::test
