#include "demo/surface_nets.h"

#include <cmath>
#include <vector>

namespace twinshoot::demo {

glm::vec3 sdf_gradient(const Sdf& f, const glm::vec3& p, float h) {
    const glm::vec3 g(f(p + glm::vec3(h, 0, 0)) - f(p - glm::vec3(h, 0, 0)), f(p + glm::vec3(0, h, 0)) - f(p - glm::vec3(0, h, 0)),
                      f(p + glm::vec3(0, 0, h)) - f(p - glm::vec3(0, 0, h)));
    const float len = glm::length(g);
    return len > 1e-12f ? g / len : glm::vec3(0, 1, 0);
}

asset::Mesh surface_nets(const Sdf& sdf, const Grid& grid) {
    const glm::ivec3 n = glm::max(glm::ivec3(glm::ceil((grid.max - grid.min) / grid.cell)) + 1, glm::ivec3(2));
    auto index = [&](int x, int y, int z) { return (size_t(z) * size_t(n.y) + size_t(y)) * size_t(n.x) + size_t(x); };
    auto point = [&](int x, int y, int z) { return grid.min + glm::vec3(x, y, z) * grid.cell; };

    std::vector<float> value(size_t(n.x) * n.y * n.z);
    for (int z = 0; z < n.z; ++z)
        for (int y = 0; y < n.y; ++y)
            for (int x = 0; x < n.x; ++x) value[index(x, y, z)] = sdf(point(x, y, z));

    asset::Mesh mesh;
    mesh.name = "surface";
    std::vector<int32_t> cell_vertex(size_t(n.x - 1) * (n.y - 1) * (n.z - 1), -1);
    auto cell_index = [&](int x, int y, int z) { return (size_t(z) * size_t(n.y - 1) + size_t(y)) * size_t(n.x - 1) + size_t(x); };
    static const int kEdges[12][2] = {{0, 1}, {2, 3}, {4, 5}, {6, 7}, {0, 2}, {1, 3}, {4, 6}, {5, 7}, {0, 4}, {1, 5}, {2, 6}, {3, 7}};
    for (int z = 0; z + 1 < n.z; ++z) {
        for (int y = 0; y + 1 < n.y; ++y) {
            for (int x = 0; x + 1 < n.x; ++x) {
                float v[8];
                glm::vec3 p[8];
                int inside = 0;
                for (int c = 0; c < 8; ++c) {
                    const int cx = x + (c & 1), cy = y + ((c >> 1) & 1), cz = z + ((c >> 2) & 1);
                    v[c] = value[index(cx, cy, cz)];
                    p[c] = point(cx, cy, cz);
                    inside += v[c] < 0.0f;
                }
                if (inside == 0 || inside == 8) continue;
                glm::vec3 sum(0.0f);
                int crossings = 0;
                for (const auto& e : kEdges) {
                    const float a = v[e[0]], b = v[e[1]];
                    if ((a < 0.0f) == (b < 0.0f)) continue;
                    sum += glm::mix(p[e[0]], p[e[1]], a / (a - b));
                    ++crossings;
                }
                glm::vec3 q = sum / float(crossings);
                for (int step = 0; step < 3; ++step) {  // onto the surface, staying near the cell
                    const float d = sdf(q);
                    q -= d * sdf_gradient(sdf, q, grid.cell * 0.25f);
                }
                q = glm::clamp(q, p[0] - grid.cell * 0.5f, p[7] + grid.cell * 0.5f);
                cell_vertex[cell_index(x, y, z)] = int32_t(mesh.vertices.size());
                asset::Vertex vertex;
                vertex.position = q;
                vertex.normal = sdf_gradient(sdf, q, grid.cell * 0.25f);
                mesh.vertices.push_back(vertex);
            }
        }
    }
    // A quad around every grid edge whose ends differ in sign; its four cells share the edge.
    auto emit = [&](int32_t a, int32_t b, int32_t c, int32_t d, bool flip) {
        if (a < 0 || b < 0 || c < 0 || d < 0) return;
        if (flip) std::swap(b, d);
        mesh.indices.insert(mesh.indices.end(), {uint32_t(a), uint32_t(b), uint32_t(c), uint32_t(a), uint32_t(c), uint32_t(d)});
    };
    for (int z = 1; z + 1 < n.z; ++z) {
        for (int y = 1; y + 1 < n.y; ++y) {
            for (int x = 1; x + 1 < n.x; ++x) {
                const bool here = value[index(x, y, z)] < 0.0f;
                if (x + 1 < n.x && here != (value[index(x + 1, y, z)] < 0.0f))  // edge along +X
                    emit(cell_vertex[cell_index(x, y - 1, z - 1)], cell_vertex[cell_index(x, y, z - 1)],
                         cell_vertex[cell_index(x, y, z)], cell_vertex[cell_index(x, y - 1, z)], !here);
                if (y + 1 < n.y && here != (value[index(x, y + 1, z)] < 0.0f))  // edge along +Y
                    emit(cell_vertex[cell_index(x - 1, y, z - 1)], cell_vertex[cell_index(x - 1, y, z)],
                         cell_vertex[cell_index(x, y, z)], cell_vertex[cell_index(x, y, z - 1)], !here);
                if (z + 1 < n.z && here != (value[index(x, y, z + 1)] < 0.0f))  // edge along +Z
                    emit(cell_vertex[cell_index(x - 1, y - 1, z)], cell_vertex[cell_index(x, y - 1, z)],
                         cell_vertex[cell_index(x, y, z)], cell_vertex[cell_index(x - 1, y, z)], !here);
            }
        }
    }
    return mesh;
}

}  // namespace twinshoot::demo
