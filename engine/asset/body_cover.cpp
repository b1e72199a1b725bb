#include "asset/body_cover.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include "asset/closest_point.h"
#include "asset/disjoint_sets.h"

namespace twinshoot::asset {
namespace {

// Uncovered vertices hashed in cells of `cell`, to find any within `cell` of a point.
class NearGrid {
public:
    explicit NearGrid(float cell) : m_cell(cell) {}
    void add(const glm::vec3& p) { m_cells[key(cell_of(p))].push_back(p); }
    bool any_within(const glm::vec3& p) const {
        const glm::ivec3 c = cell_of(p);
        for (int z = -1; z <= 1; ++z)
            for (int y = -1; y <= 1; ++y)
                for (int x = -1; x <= 1; ++x) {
                    const auto it = m_cells.find(key(c + glm::ivec3(x, y, z)));
                    if (it == m_cells.end()) continue;
                    for (const glm::vec3& q : it->second)
                        if (glm::dot(q - p, q - p) < m_cell * m_cell) return true;
                }
        return false;
    }

private:
    glm::ivec3 cell_of(const glm::vec3& p) const { return glm::ivec3(glm::floor(p / m_cell)); }
    static uint64_t key(const glm::ivec3& c) {
        return (uint64_t(uint32_t(c.x) & 0x1fffffu) << 42) | (uint64_t(uint32_t(c.y) & 0x1fffffu) << 21) |
               uint64_t(uint32_t(c.z) & 0x1fffffu);
    }
    float m_cell;
    std::unordered_map<uint64_t, std::vector<glm::vec3>> m_cells;
};

// Per vertex, 1 where the skin is bare: uncovered, and in a connected patch of uncovered skin
// (through the triangles, vertices at one position joined) wider than `speck` across or touching
// no covered skin (a small piece of its own: an eye, an earring).
std::vector<uint8_t> bare_skin(const Surface& body, std::span<const uint8_t> covered, float speck) {
    const size_t n = body.vertices.size();
    DisjointSets patch_of(n);
    std::vector<uint8_t> touches(n, 0);  // an uncovered vertex with a covered neighbour
    auto join = [&](uint32_t a, uint32_t b) {
        if (covered[a] != covered[b]) touches[covered[a] ? b : a] = 1;
        if (!covered[a] && !covered[b]) patch_of.unite(a, b);
    };
    for (size_t t = 0; t + 2 < body.indices.size(); t += 3)
        for (size_t k = 0; k < 3; ++k) {
            const uint32_t a = body.indices[t + k], b = body.indices[t + (k + 1) % 3];
            if (a < n && b < n) join(a, b);
        }
    const std::vector<uint32_t> same = colocated_representatives(body.vertices);
    for (size_t v = 0; v < n; ++v) join(uint32_t(v), same[v]);
    struct Patch {
        Aabb extent;
        bool touches_covered = false;
    };
    std::unordered_map<uint32_t, Patch> patches;
    for (size_t v = 0; v < n; ++v)
        if (!covered[v]) {
            Patch& patch = patches[patch_of.find(uint32_t(v))];
            patch.extent.extend(body.vertices[v].position);
            patch.touches_covered |= touches[v] != 0;
        }
    std::vector<uint8_t> bare(n, 0);
    for (size_t v = 0; v < n; ++v)
        if (!covered[v]) {
            const Patch& patch = patches[patch_of.find(uint32_t(v))];
            bare[v] = !patch.touches_covered || glm::length(patch.extent.extent()) > speck;
        }
    return bare;
}

}  // namespace

std::vector<uint8_t> body_covered_by(const Surface& body, const Surface& garment, const BodyCoverOptions& options) {
    const size_t n = body.vertices.size();
    std::vector<uint8_t> covered(n, 0);
    if (garment.indices.size() < 3) return covered;
    std::vector<glm::vec3> positions(garment.vertices.size());
    for (size_t i = 0; i < positions.size(); ++i) positions[i] = garment.vertices[i].position;
    const ClosestPointIndex index(positions, garment.indices);
#pragma omp parallel for schedule(dynamic, 256)
    for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n); ++i) {  // each vertex writes its own flag
        const size_t v = size_t(i);
        const glm::vec3 p = body.vertices[v].position, normal = body.vertices[v].normal;
        const float normal_length = glm::length(normal);
        if (!(normal_length > 0.5f && normal_length < 2.0f)) continue;  // none, or garbage
        // Along the normal from the skin, to `reach`: does the ray meet the cloth? Sphere tracing:
        // no cloth lies closer than the distance found, so step by it; a hit is a point within
        // `touching` of the cloth (a ray through the cloth passes one).
        const glm::vec3 dir = normal / normal_length;
        for (float t = 0.0f; t <= options.reach;) {
            const ClosestHit hit = index.closest(p + t * dir, options.reach);
            if (hit.distance <= options.touching) {
                covered[v] = 1;
                break;
            }
            t += std::max(hit.distance, 0.5f * options.touching);  // never stalls
        }
    }
    return covered;
}

std::vector<uint8_t> hidden_body_vertices(const Surface& body, std::span<const uint8_t> covered,
                                          const BodyCoverOptions& options) {
    const size_t n = body.vertices.size();
    assert(covered.size() == n);
    std::vector<uint8_t> hidden(covered.begin(), covered.end());
    if (!(options.margin > 0.0f)) return hidden;
    // Specks of uncovered skin amid covered skin (a ray that slipped past the cloth, a fold held
    // off the skin) are taken as covered: they are no edge of the cloth to keep a margin at.
    std::vector<uint8_t> bare = bare_skin(body, covered, options.margin);
    // Keep a margin of shown skin next to bare skin.
    NearGrid uncovered(options.margin);
    for (size_t v = 0; v < n; ++v)
        if (bare[v]) uncovered.add(body.vertices[v].position);
#pragma omp parallel for schedule(dynamic, 256)
    for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n); ++i)
        hidden[size_t(i)] = !bare[size_t(i)] && !uncovered.any_within(body.vertices[size_t(i)].position);
    return hidden;
}

std::vector<uint8_t> covered_body_vertices(const Surface& body, std::span<const Surface> garments,
                                           const BodyCoverOptions& options) {
    std::vector<uint8_t> covered(body.vertices.size(), 0);
    for (const Surface& garment : garments) {
        const std::vector<uint8_t> by = body_covered_by(body, garment, options);
        for (size_t v = 0; v < covered.size(); ++v) covered[v] |= by[v];
    }
    return hidden_body_vertices(body, covered, options);
}

std::vector<uint32_t> cover_sources(const Surface& body, const SurfaceIndex& index, float normal_step) {
    const size_t n = body.vertices.size();
    std::vector<uint32_t> sources(n);
    std::iota(sources.begin(), sources.end(), 0u);
    if (!index.has_overlapping_shells()) return sources;
    std::vector<uint8_t> buried(n, 0);
#pragma omp parallel for schedule(dynamic, 256)
    for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n); ++i) {
        const Vertex& v = body.vertices[size_t(i)];
        const float length = glm::length(v.normal);
        if (!(length > 0.5f && length < 2.0f)) continue;  // none, or garbage: its own
        buried[size_t(i)] = index.inside(v.position + v.normal * (normal_step / length));
    }
    std::vector<glm::vec3> outside;  // as points (zero-area triangles) of a closest-point index
    std::vector<uint32_t> outside_vertex, points;
    for (size_t v = 0; v < n; ++v)
        if (!buried[v]) {
            points.insert(points.end(), 3, uint32_t(outside.size()));
            outside.push_back(body.vertices[v].position);
            outside_vertex.push_back(uint32_t(v));
        }
    if (outside.empty()) return sources;
    const ClosestPointIndex nearest(outside, points);
#pragma omp parallel for schedule(dynamic, 256)
    for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n); ++i)
        if (buried[size_t(i)]) sources[size_t(i)] = outside_vertex[nearest.closest(body.vertices[size_t(i)].position).triangle];
    return sources;
}

std::vector<uint8_t> covered_through(std::span<const uint8_t> covered, std::span<const uint32_t> sources) {
    assert(covered.size() == sources.size());
    std::vector<uint8_t> out(covered.size());
    for (size_t v = 0; v < out.size(); ++v) out[v] = covered[sources[v]];
    return out;
}

std::vector<uint32_t> shown_triangles(std::span<const uint32_t> indices, std::span<const uint8_t> hidden) {
    std::vector<uint32_t> shown;
    shown.reserve(indices.size());
    for (size_t t = 0; t + 2 < indices.size(); t += 3) {
        const uint32_t a = indices[t], b = indices[t + 1], c = indices[t + 2];
        const auto is_hidden = [&](uint32_t v) { return v < hidden.size() && hidden[v]; };
        if (is_hidden(a) && is_hidden(b) && is_hidden(c)) continue;
        shown.insert(shown.end(), {a, b, c});
    }
    return shown;
}

}  // namespace twinshoot::asset
