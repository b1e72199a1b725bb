#include "geometry/subdivide.h"

#include <cassert>
#include <unordered_map>

namespace twinshoot::geometry {

BodyMesh subdivide(const BodyMesh& mesh, int n) {
    assert(n >= 1);
    BodyMesh out;
    out.positions = mesh.positions;
    // Points along each edge (i < j), from i to j, excluding the ends.
    std::unordered_map<uint64_t, uint32_t> edge_first;
    auto edge_point = [&](uint32_t i, uint32_t j, int k) -> uint32_t {  // k in 1..n-1 from i
        const bool flip = i > j;
        const uint32_t a = flip ? j : i, b = flip ? i : j;
        const int kk = flip ? n - k : k;
        const uint64_t key = (uint64_t(a) << 32) | b;
        auto it = edge_first.find(key);
        if (it == edge_first.end()) {
            const uint32_t first = uint32_t(out.positions.size());
            for (int t = 1; t < n; ++t)
                out.positions.push_back(mesh.positions[a] + (mesh.positions[b] - mesh.positions[a]) * (float(t) / float(n)));
            it = edge_first.emplace(key, first).first;
        }
        return it->second + uint32_t(kk - 1);
    };
    std::vector<uint32_t> grid;
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
        const uint32_t a = mesh.indices[t], b = mesh.indices[t + 1], c = mesh.indices[t + 2];
        // Grid point (i, j): i steps from a towards b, j from a towards c, i + j <= n.
        grid.assign(size_t((n + 1) * (n + 1)), 0);
        auto at = [&](int i, int j) -> uint32_t& { return grid[size_t(i * (n + 1) + j)]; };
        for (int i = 0; i <= n; ++i)
            for (int j = 0; i + j <= n; ++j) {
                if (i == 0 && j == 0) at(i, j) = a;
                else if (i == n) at(i, j) = b;
                else if (j == n) at(i, j) = c;
                else if (j == 0) at(i, j) = edge_point(a, b, i);
                else if (i == 0) at(i, j) = edge_point(a, c, j);
                else if (i + j == n) at(i, j) = edge_point(b, c, j);
                else {
                    at(i, j) = uint32_t(out.positions.size());
                    const glm::vec3 pa = mesh.positions[a], pb = mesh.positions[b], pc = mesh.positions[c];
                    out.positions.push_back(pa + (pb - pa) * (float(i) / float(n)) + (pc - pa) * (float(j) / float(n)));
                }
            }
        for (int i = 0; i < n; ++i)
            for (int j = 0; i + j < n; ++j) {
                out.indices.insert(out.indices.end(), {at(i, j), at(i + 1, j), at(i, j + 1)});
                if (i + j + 1 < n) out.indices.insert(out.indices.end(), {at(i + 1, j), at(i + 1, j + 1), at(i, j + 1)});
            }
    }
    return out;
}

}  // namespace twinshoot::geometry
