#include "asset/garment_fit.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>
#include <numeric>
#include <optional>
#include <unordered_map>

#include "asset/closed_shells.h"
#include "asset/closest_point.h"

namespace twinshoot::asset {
namespace {

ClosestPointIndex make_index(std::span<const Vertex> vertices, std::span<const uint32_t> indices) {
    std::vector<glm::vec3> positions(vertices.size());
    for (size_t i = 0; i < vertices.size(); ++i) positions[i] = vertices[i].position;
    return ClosestPointIndex(positions, indices);
}

}  // namespace

std::vector<std::vector<uint32_t>> edge_neighbours(size_t vertex_count, std::span<const uint32_t> indices) {
    std::vector<std::vector<uint32_t>> neighbours(vertex_count);
    for (size_t t = 0; t + 2 < indices.size(); t += 3)
        for (size_t e = 0; e < 3; ++e) {
            const uint32_t a = indices[t + e], b = indices[t + (e + 1) % 3];
            if (a >= vertex_count || b >= vertex_count) continue;
            neighbours[a].push_back(b);
            neighbours[b].push_back(a);
        }
    return neighbours;
}

void smooth_over_edges(std::vector<float>& values, size_t channels, const std::vector<std::vector<uint32_t>>& neighbours,
                       int passes) {
    const size_t n = neighbours.size();
    std::vector<float> next(values.size());
    for (int pass = 0; pass < passes; ++pass) {
#pragma omp parallel for schedule(static)
        for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n); ++i) {  // reads `values`, writes its own row of `next`
            const size_t v = size_t(i);
            float* out = &next[v * channels];
            const float* self = &values[v * channels];
            if (neighbours[v].empty()) {
                std::copy(self, self + channels, out);
                continue;
            }
            const float share = 0.5f / float(neighbours[v].size());
            for (size_t j = 0; j < channels; ++j) out[j] = 0.5f * self[j];
            for (uint32_t u : neighbours[v])
                for (size_t j = 0; j < channels; ++j) out[j] += share * values[u * channels + j];
        }
        values.swap(next);
    }
}

std::vector<uint32_t> colocated_representatives(std::span<const glm::vec3> positions, float grid) {
    struct Key {
        float x, y, z;
        bool operator==(const Key&) const = default;
    };
    struct Hash {
        size_t operator()(const Key& k) const {
            const float f[3] = {k.x + 0.0f, k.y + 0.0f, k.z + 0.0f};  // -0 + 0 is +0: equal keys, equal hashes
            uint32_t b[3];
            std::memcpy(b, f, sizeof b);
            return (size_t(b[0]) * 73856093u) ^ (size_t(b[1]) * 19349663u) ^ (size_t(b[2]) * 83492791u);
        }
    };
    std::unordered_map<Key, uint32_t, Hash> first;
    first.reserve(positions.size());
    std::vector<uint32_t> rep(positions.size());
    for (size_t v = 0; v < positions.size(); ++v) {
        const glm::vec3 p = grid > 0.0f ? glm::round(positions[v] / grid) : positions[v];
        if (!std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(p.z)) {
            rep[v] = uint32_t(v);  // no point of the cloth: welded to nothing
            continue;
        }
        rep[v] = first.try_emplace(Key{p.x, p.y, p.z}, uint32_t(v)).first->second;
    }
    return rep;
}

std::vector<uint32_t> colocated_representatives(std::span<const Vertex> vertices, float grid) {
    std::vector<glm::vec3> positions(vertices.size());
    for (size_t v = 0; v < vertices.size(); ++v) positions[v] = vertices[v].position;
    return colocated_representatives(positions, grid);
}

std::vector<uint32_t> welded_indices(std::span<const uint32_t> indices, std::span<const uint32_t> representatives) {
    std::vector<uint32_t> out(indices.begin(), indices.end());
    for (auto& i : out)
        if (i < representatives.size()) i = representatives[i];
    return out;
}

namespace {

// Body vertices in a uniform grid, for the loose-fabric blend below.
class PointGrid {
public:
    PointGrid(std::span<const Vertex> points, float cell) : m_cell(cell) {
        Aabb box;
        for (const auto& v : points) box.extend(v.position);
        m_min = box.min;
        m_dims = glm::max(glm::ivec3(glm::floor((box.max - box.min) / cell)) + 1, glm::ivec3(1));
        m_start.assign(size_t(m_dims.x) * m_dims.y * m_dims.z + 1, 0);
        for (const auto& v : points) ++m_start[cell_of(v.position) + 1];
        std::partial_sum(m_start.begin(), m_start.end(), m_start.begin());
        m_items.resize(points.size());
        std::vector<uint32_t> fill(m_start.begin(), m_start.end() - 1);
        for (size_t i = 0; i < points.size(); ++i) m_items[fill[cell_of(points[i].position)]++] = uint32_t(i);
    }
    template <class F>
    void for_each_near(const glm::vec3& p, float radius, F&& f) const {
        const glm::ivec3 lo = glm::clamp(glm::ivec3(glm::floor((p - radius - m_min) / m_cell)), glm::ivec3(0), m_dims - 1);
        const glm::ivec3 hi = glm::clamp(glm::ivec3(glm::floor((p + radius - m_min) / m_cell)), glm::ivec3(0), m_dims - 1);
        for (int z = lo.z; z <= hi.z; ++z)
            for (int y = lo.y; y <= hi.y; ++y)
                for (int x = lo.x; x <= hi.x; ++x) {
                    const size_t c = (size_t(z) * m_dims.y + size_t(y)) * m_dims.x + size_t(x);
                    for (uint32_t k = m_start[c]; k < m_start[c + 1]; ++k) f(m_items[k]);
                }
    }

private:
    size_t cell_of(const glm::vec3& p) const {
        const glm::ivec3 c = glm::clamp(glm::ivec3(glm::floor((p - m_min) / m_cell)), glm::ivec3(0), m_dims - 1);
        return (size_t(c.z) * m_dims.y + size_t(c.y)) * m_dims.x + size_t(c.x);
    }
    float m_cell;
    glm::vec3 m_min{0.0f};
    glm::ivec3 m_dims{1};
    std::vector<uint32_t> m_start, m_items;
};

}  // namespace

std::vector<VertexSkin> transfer_weights(const Mesh& body, std::span<const Vertex> body_rest, const Mesh& garment,
                                         uint32_t joint_count, Drape drape, int smoothing_iterations) {
    const SurfaceIndex index({body_rest, body.indices}, std::span<const ClosedShell>{});
    return transfer_weights(index, body.skin, garment, joint_count, drape, smoothing_iterations);
}

std::vector<VertexSkin> transfer_weights(const SurfaceIndex& index, std::span<const VertexSkin> body_skin,
                                         const Mesh& garment, uint32_t joint_count, Drape drape, int smoothing_iterations,
                                         float level) {
    assert(level >= 1.0f);
    const std::span<const Vertex> body_rest = index.surface().vertices;
    const std::span<const uint32_t> body_indices = index.surface().indices;
    assert(body_skin.size() == body_rest.size() && "one skin per body vertex");
    const size_t n = garment.vertices.size();
    Aabb body_box;
    for (const auto& v : body_rest) body_box.extend(v.position);
    const float height = std::max(body_box.extent().y, 1e-6f);
    // Loose fabric of a skirt does not hang from the one body point nearest it: it
    // takes the mean skin of the body within a radius that grows with its gap, so a skirt between
    // the legs follows both thighs and the hips instead of tearing between them.
    const float tight = kLooseFrom * height, blend_min = 0.0057f * height;
    const bool blend = drape == Drape::HangsFree;
    const std::optional<PointGrid> body_points =
        blend ? std::optional<PointGrid>(std::in_place, body_rest, 0.03f * height) : std::nullopt;
    std::vector<float> w(n * joint_count, 0.0f);  // dense per-vertex joint weights
#pragma omp parallel for schedule(dynamic, 256)
    for (std::ptrdiff_t vi = 0; vi < std::ptrdiff_t(n); ++vi) {  // each vertex writes its own row
        const size_t v = size_t(vi);
        const glm::vec3 p = garment.vertices[v].position;
        const ClosestHit hit = index.closest(p);
        float* row = &w[v * joint_count];
        const float reach = kLooseReach * (hit.distance - tight);
        if (blend && reach >= blend_min) {
            const float outer = hit.distance + reach;
            float total = 0.0f;
            body_points->for_each_near(p, outer, [&](uint32_t b) {
                glm::vec3 offset = body_rest[b].position - p;
                offset.y *= level;
                const float d = glm::length(offset);
                if (d >= outer) return;
                const float t = 1.0f - std::max(d - hit.distance, 0.0f) / reach;
                const float k = t * t;
                total += k;
                const VertexSkin& s = body_skin[b];
                for (uint32_t i = 0; i < kMaxInfluences; ++i)
                    if (s.weights[i] > 0.0f) row[s.joints[i]] += k * s.weights[i];
            });
            if (total > 0.0f) continue;
        }
        for (int k = 0; k < 3; ++k) {
            const VertexSkin& s = body_skin[body_indices[size_t(hit.triangle) * 3 + size_t(k)]];
            for (uint32_t i = 0; i < kMaxInfluences; ++i)
                if (s.weights[i] > 0.0f) row[s.joints[i]] += hit.barycentric[k] * s.weights[i];
        }
    }
    // Smoothed over the cloth's edges with co-located vertices as one (a hem strip or a UV seam
    // must not open when posed), then copied back to every vertex of a position.
    const std::vector<uint32_t> rep = colocated_representatives(garment.vertices);
    smooth_over_edges(w, joint_count, edge_neighbours(n, welded_indices(garment.indices, rep)), smoothing_iterations);
    for (size_t v = 0; v < n; ++v)
        if (rep[v] != v) std::copy_n(&w[size_t(rep[v]) * joint_count], joint_count, &w[v * joint_count]);
    std::vector<VertexSkin> skins(n);
    std::vector<uint32_t> order(joint_count);
    for (size_t v = 0; v < n; ++v) {
        const float* row = &w[v * joint_count];
        std::iota(order.begin(), order.end(), 0u);
        std::partial_sort(order.begin(), order.begin() + std::min<uint32_t>(4, joint_count), order.end(),
                          [&](uint32_t a, uint32_t b) { return row[a] > row[b] || (row[a] == row[b] && a < b); });
        float total = 0.0f;
        for (uint32_t k = 0; k < std::min<uint32_t>(4, joint_count); ++k) total += row[order[k]];
        for (uint32_t k = 0; k < std::min<uint32_t>(4, joint_count) && total > 0.0f; ++k) {
            skins[v].joints[k] = uint16_t(order[k]);
            skins[v].weights[k] = row[order[k]] / total;
        }
        if (total <= 0.0f) skins[v].weights[0] = 1.0f;
    }
    return skins;
}

// A closed shell that overlaps another (closed_shells.h), with its own closest-point index over
// its triangles; `triangles` maps the index's triangle numbers back to the surface's.
struct ShellIndex {
    Aabb bounds;
    std::vector<uint32_t> triangles;
    ClosestPointIndex index;
};

struct SurfaceIndex::Impl {
    ClosestPointIndex index;
    std::vector<ShellIndex> shells;
};

namespace {

std::vector<ShellIndex> shell_indices(const Surface& surface, std::vector<ClosedShell> shells) {
    std::vector<ShellIndex> out;
    for (ClosedShell& shell : shells) {
        std::vector<Vertex> vertices;
        std::vector<uint32_t> indices;
        std::unordered_map<uint32_t, uint32_t> local;
        for (const uint32_t t : shell.triangles)
            for (size_t k = 0; k < 3; ++k) {
                const uint32_t v = surface.indices[size_t(t) * 3 + k];
                const auto [it, added] = local.try_emplace(v, uint32_t(vertices.size()));
                if (added) vertices.push_back(surface.vertices[v]);
                indices.push_back(it->second);
            }
        out.push_back({shell.bounds, std::move(shell.triangles), make_index(vertices, indices)});
    }
    return out;
}

bool contains(const Aabb& box, const glm::vec3& p) {
    return glm::all(glm::greaterThanEqual(p, box.min)) && glm::all(glm::lessThanEqual(p, box.max));
}

}  // namespace

SurfaceIndex::SurfaceIndex(const Surface& surface)
    : m_surface(surface),
      m_impl(std::make_unique<Impl>(Impl{make_index(surface.vertices, surface.indices),
                                         shell_indices(surface, overlapping_closed_shells(surface.vertices, surface.indices))})) {}
SurfaceIndex::SurfaceIndex(const Surface& surface, std::span<const ClosedShell> pieces)
    : m_surface(surface),
      m_impl(std::make_unique<Impl>(Impl{make_index(surface.vertices, surface.indices),
                                         shell_indices(surface, overlapping_shells(pieces, surface.vertices, surface.indices))})) {}
SurfaceIndex::~SurfaceIndex() = default;
SurfaceIndex::SurfaceIndex(SurfaceIndex&&) noexcept = default;

glm::vec3 SurfaceIndex::normal_at(uint32_t triangle, const glm::vec3& barycentric) const {
    const uint32_t* tri = &m_surface.indices[size_t(triangle) * 3];
    return glm::normalize(barycentric.x * m_surface.vertices[tri[0]].normal + barycentric.y * m_surface.vertices[tri[1]].normal +
                          barycentric.z * m_surface.vertices[tri[2]].normal);
}

ClosestHit SurfaceIndex::closest(const glm::vec3& p, float max_distance) const {
    return m_impl->index.closest(p, max_distance);
}

ClosestHit SurfaceIndex::first_hit(const glm::vec3& origin, const glm::vec3& direction, float t_near, float t_far) const {
    return m_impl->index.first_hit(origin, direction, t_near, t_far);
}

bool SurfaceIndex::has_overlapping_shells() const { return !m_impl->shells.empty(); }

bool SurfaceIndex::nearest(const glm::vec3& p, glm::vec3& point, glm::vec3& normal, float max_distance) const {
    const ClosestHit hit = m_impl->index.closest(p, max_distance);
    if (hit.distance > max_distance) return false;
    normal = normal_at(hit.triangle, hit.barycentric);
    point = hit.point;
    return true;
}

namespace {

struct Exit {
    glm::vec3 point, normal;
    float distance;
};

}  // namespace

bool SurfaceIndex::behind(const glm::vec3& p, glm::vec3& point, glm::vec3& normal, float max_distance) const {
    if (!nearest(p, point, normal, max_distance)) return false;
    const bool behind_nearest = glm::dot(p - point, normal) < 0.0f;
    if (m_impl->shells.empty()) return behind_nearest;
    // Shells that pass through one another: p is inside when behind the nearest surface or behind
    // any shell whose bounds hold it. Each gives a way out; the nearest one that does not lead
    // into another shell is returned, so that push-out does not bounce between two shells.
    Exit exits[8];
    size_t count = 0;
    if (behind_nearest) exits[count++] = {point, normal, glm::length(p - point)};
    for (const ShellIndex& shell : m_impl->shells) {
        if (count == std::size(exits)) break;
        if (!contains(shell.bounds, p)) continue;
        const ClosestHit hit = shell.index.closest(p, max_distance);
        if (hit.distance > max_distance) continue;
        const glm::vec3 n = normal_at(shell.triangles[hit.triangle], hit.barycentric);
        if (glm::dot(p - hit.point, n) < 0.0f) exits[count++] = {hit.point, n, hit.distance};
    }
    if (count == 0) return false;
    for (size_t i = 1; i < count; ++i)  // nearest first (insertion sort: a handful at most)
        for (size_t j = i; j > 0 && exits[j].distance < exits[j - 1].distance; --j) std::swap(exits[j], exits[j - 1]);
    for (size_t i = 0; i < count; ++i) {
        const glm::vec3 beyond = exits[i].point + exits[i].normal * (0.01f * exits[i].distance + 1e-6f);
        if (!inside_a_shell(beyond)) {
            point = exits[i].point;
            normal = exits[i].normal;
            return true;
        }
    }
    // Every shell's own way out leads into another: p is deep in where several overlap (an arm
    // plate, a shoulder ball and the chest of a raised arm). Stepping from one shell's nearest
    // exit to the next can bounce between them for dozens of rounds, so the way out of the union
    // itself is traced instead.
    glm::vec3 directions[std::size(exits)];
    for (size_t i = 0; i < count; ++i) directions[i] = exits[i].normal;
    if (traced_exit(p, std::span(directions, count), point, normal)) return true;
    point = exits[0].point;  // none found within reach: the nearest, for the next round
    normal = exits[0].normal;
    return true;
}

bool SurfaceIndex::traced_exit(const glm::vec3& p, std::span<const glm::vec3> first, glm::vec3& point, glm::vec3& normal) const {
    // The directions tried: each shell's own way out, then the 26 of a cube about p. Along each
    // ray, from surface to surface until the first point past one lies outside every shell: the
    // union's boundary on that ray. The shortest way out wins; a ray is not followed past the best
    // so far.
    Aabb box;
    for (const ShellIndex& shell : m_impl->shells) {
        box.extend(shell.bounds.min);
        box.extend(shell.bounds.max);
    }
    const float size = glm::length(box.extent());
    const float past = 1e-4f * size;  // 0.2 mm on a standing body
    constexpr int kMaxCrossings = 32;
    float best = 0.25f * size;  // no farther than a quarter of the body
    bool found = false;
    auto trace = [&](glm::vec3 d) {
        d = glm::normalize(d);
        float t = 0.0f;
        for (int crossing = 0; crossing < kMaxCrossings; ++crossing) {
            const ClosestHit hit = m_impl->index.first_hit(p, d, t, best);
            if (!(hit.distance < best)) return;
            if (!inside_a_shell(p + (hit.distance + past) * d)) {
                best = hit.distance;
                point = hit.point;
                normal = d;
                found = true;
                return;
            }
            t = hit.distance + past;
        }
    };
    for (const glm::vec3& d : first) trace(d);
    for (int x = -1; x <= 1; ++x)
        for (int y = -1; y <= 1; ++y)
            for (int z = -1; z <= 1; ++z)
                if (x != 0 || y != 0 || z != 0) trace(glm::vec3(float(x), float(y), float(z)));
    return found;
}

bool SurfaceIndex::inside_a_shell(const glm::vec3& p) const {
    glm::vec3 q, n;
    if (nearest(p, q, n) && glm::dot(p - q, n) < 0.0f) return true;
    for (const ShellIndex& shell : m_impl->shells) {
        if (!contains(shell.bounds, p)) continue;
        const ClosestHit hit = shell.index.closest(p);
        if (glm::dot(p - hit.point, normal_at(shell.triangles[hit.triangle], hit.barycentric)) < 0.0f) return true;
    }
    return false;
}

size_t count_inside(std::span<const Vertex> points, const SurfaceIndex& surface) {
    const std::ptrdiff_t n = std::ptrdiff_t(points.size());
    size_t inside = 0;
#pragma omp parallel for schedule(dynamic, 256) reduction(+ : inside)
    for (std::ptrdiff_t i = 0; i < n; ++i) {
        glm::vec3 q, normal;
        inside += surface.behind(points[size_t(i)].position, q, normal);
    }
    return inside;
}

PenetrationResult resolve_penetration(std::vector<Vertex>& garment, const SurfaceIndex& surface, float offset,
                                      float max_distance, int passes) {
    PenetrationResult result;
    // The first pass tests every vertex; each later pass (and the final count) only the vertices
    // the pass before moved: one it left alone is still where it was found outside. Each vertex
    // reads and writes only itself, so the vertices of a pass are tested in parallel; the result
    // does not depend on the number of threads.
    std::vector<uint32_t> candidates(garment.size());
    std::iota(candidates.begin(), candidates.end(), 0u);
    std::vector<uint8_t> moved;
    for (int pass = 0; pass < passes && !candidates.empty(); ++pass) {
        moved.assign(candidates.size(), 0);
        const std::ptrdiff_t n = std::ptrdiff_t(candidates.size());
#pragma omp parallel for schedule(dynamic, 256)
        for (std::ptrdiff_t i = 0; i < n; ++i) {
            Vertex& v = garment[candidates[size_t(i)]];
            glm::vec3 q, normal;
            if (!surface.behind(v.position, q, normal, max_distance)) continue;
            v.position = q + normal * offset;
            moved[size_t(i)] = 1;
        }
        size_t kept = 0;
        for (size_t i = 0; i < candidates.size(); ++i)
            if (moved[i]) candidates[kept++] = candidates[i];
        candidates.resize(kept);
        if (pass == 0) result.inside_before = kept;
    }
    const std::ptrdiff_t n = std::ptrdiff_t(candidates.size());
    size_t inside_after = 0;
#pragma omp parallel for schedule(dynamic, 256) reduction(+ : inside_after)
    for (std::ptrdiff_t i = 0; i < n; ++i) {
        glm::vec3 q, normal;
        inside_after += surface.behind(garment[candidates[size_t(i)]].position, q, normal, max_distance);
    }
    result.inside_after = inside_after;
    return result;
}

}  // namespace twinshoot::asset
