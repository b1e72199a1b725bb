#include "demo/garment_edges.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <map>
#include <span>
#include <unordered_map>

#include "asset/closest_point.h"

namespace twinshoot::demo {
namespace {

uint64_t edge_key(uint32_t a, uint32_t b) { return (uint64_t(std::min(a, b)) << 32) | std::max(a, b); }

glm::vec3 region_gradient(const RegionFn& f, const glm::vec3& p) {
    constexpr float h = 5e-4f;
    const glm::vec3 g(f(p + glm::vec3(h, 0, 0)) - f(p - glm::vec3(h, 0, 0)), f(p + glm::vec3(0, h, 0)) - f(p - glm::vec3(0, h, 0)),
                      f(p + glm::vec3(0, 0, h)) - f(p - glm::vec3(0, 0, h)));
    return g / (2.0f * h);
}

// Per loop and vertex: how far its facing reaches, `facing` or 45% of the distance to the nearest
// boundary point across the cloth (another loop, or the same loop more than three facings away
// along it), smoothed along the loop so the facing's inner edge stays a clean curve.
std::vector<std::vector<float>> facing_widths(std::span<const glm::vec3> positions,
                                              const std::vector<std::vector<uint32_t>>& loops, float facing) {
    struct Point {
        glm::vec3 p;
        uint32_t loop;
        float along;  // arc length from the loop's first vertex
    };
    std::vector<Point> points;
    std::vector<float> loop_length(loops.size(), 0.0f);
    for (size_t l = 0; l < loops.size(); ++l) {
        float along = 0.0f;
        for (size_t i = 0; i < loops[l].size(); ++i) {
            if (i > 0) along += glm::distance(positions[loops[l][i - 1]], positions[loops[l][i]]);
            points.push_back({positions[loops[l][i]], uint32_t(l), along});
        }
        if (!loops[l].empty()) loop_length[l] = along + glm::distance(positions[loops[l].back()], positions[loops[l].front()]);
    }
    std::vector<std::vector<float>> widths(loops.size());
    size_t k = 0;
    for (size_t l = 0; l < loops.size(); ++l) {
        const size_t n = loops[l].size();
        std::vector<float> width(n, facing);
        for (size_t i = 0; i < n; ++i, ++k) {
            const Point& a = points[k];
            float across = std::numeric_limits<float>::infinity();
            for (const Point& b : points) {
                if (b.loop == a.loop) {
                    const float d = std::abs(b.along - a.along);
                    if (std::min(d, loop_length[l] - d) <= 3.0f * facing) continue;
                }
                across = std::min(across, glm::distance(a.p, b.p));
            }
            width[i] = std::min(facing, 0.45f * across);
        }
        for (int pass = 0; pass < 4 && n >= 3; ++pass) {  // the narrower of each neighbourhood, eased
            std::vector<float> next(n);
            for (size_t i = 0; i < n; ++i)
                next[i] = std::min(width[i], 0.25f * (width[(i + n - 1) % n] + 2.0f * width[i] + width[(i + 1) % n]));
            width.swap(next);
        }
        widths[l] = std::move(width);
    }
    return widths;
}

}  // namespace

asset::Mesh cut_to_region(const asset::Mesh& sheet, const RegionFn& region) {
    std::vector<float> value(sheet.vertices.size());
    for (size_t v = 0; v < sheet.vertices.size(); ++v) value[v] = region(sheet.vertices[v].position);

    asset::Mesh out;
    out.name = sheet.name;
    out.material = sheet.material;
    out.has_uvs = sheet.has_uvs;
    std::vector<int32_t> kept(sheet.vertices.size(), -1);
    auto keep = [&](uint32_t v) {
        if (kept[v] < 0) {
            kept[v] = int32_t(out.vertices.size());
            out.vertices.push_back(sheet.vertices[v]);
        }
        return uint32_t(kept[v]);
    };
    // The crossing on edge a-b (a inside, b outside): interpolated linearly, then pulled onto the
    // outline along the sheet (the region gradient with its part along the normal removed).
    std::unordered_map<uint64_t, uint32_t> crossings;
    auto crossing = [&](uint32_t a, uint32_t b) {
        const uint64_t key = edge_key(a, b);
        if (auto it = crossings.find(key); it != crossings.end()) return it->second;
        const float fa = value[a], fb = value[b];
        assert(fa <= 0.0f && fb > 0.0f);
        if (fa == 0.0f) return crossings[key] = keep(a);
        const float t = fa / (fa - fb);
        const asset::Vertex& va = sheet.vertices[a];
        const asset::Vertex& vb = sheet.vertices[b];
        asset::Vertex v = va;
        v.position = glm::mix(va.position, vb.position, t);
        v.normal = glm::normalize(glm::mix(va.normal, vb.normal, t));
        v.uv = glm::mix(va.uv, vb.uv, t);
        const float span = glm::length(vb.position - va.position);
        for (int step = 0; step < 3; ++step) {
            const float f = region(v.position);
            glm::vec3 g = region_gradient(region, v.position);
            g -= v.normal * glm::dot(g, v.normal);
            const float g2 = glm::dot(g, g);
            if (g2 < 1e-12f || std::abs(f) < 1e-6f) break;
            const glm::vec3 move = -f * g / g2;
            if (glm::length(move) > span) break;  // the outline runs along the sheet here: keep the interpolation
            v.position += move;
        }
        const uint32_t index = uint32_t(out.vertices.size());
        out.vertices.push_back(v);
        return crossings[key] = index;
    };
    auto emit = [&](uint32_t a, uint32_t b, uint32_t c) {
        if (a == b || b == c || a == c) return;
        out.indices.insert(out.indices.end(), {a, b, c});
    };
    for (size_t t = 0; t + 2 < sheet.indices.size(); t += 3) {
        const uint32_t tri[3] = {sheet.indices[t], sheet.indices[t + 1], sheet.indices[t + 2]};
        const bool in[3] = {value[tri[0]] <= 0.0f, value[tri[1]] <= 0.0f, value[tri[2]] <= 0.0f};
        const int count = int(in[0]) + int(in[1]) + int(in[2]);
        if (count == 0) continue;
        if (count == 3) {
            emit(keep(tri[0]), keep(tri[1]), keep(tri[2]));
            continue;
        }
        // Rotate so the odd one out is first: one inside -> a is inside; two inside -> a is outside.
        int r = 0;
        for (int k = 0; k < 3; ++k)
            if (in[k] == (count == 1)) r = k;
        const uint32_t a = tri[r], b = tri[(r + 1) % 3], c = tri[(r + 2) % 3];
        if (count == 1) {
            emit(keep(a), crossing(a, b), crossing(a, c));
        } else {
            const uint32_t ab = crossing(b, a), ca = crossing(c, a);
            emit(ab, keep(b), keep(c));
            emit(ab, keep(c), ca);
        }
    }
    return out;
}

std::vector<std::vector<uint32_t>> boundary_loops(const asset::Mesh& mesh) {
    std::unordered_map<uint64_t, int> uses;
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3)
        for (int k = 0; k < 3; ++k) ++uses[edge_key(mesh.indices[t + k], mesh.indices[t + (k + 1) % 3])];
    // Directed boundary edges as the triangles wind them; a vertex on two loops (a pinch) keeps a list.
    std::multimap<uint32_t, uint32_t> next;
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3)
        for (int k = 0; k < 3; ++k) {
            const uint32_t a = mesh.indices[t + k], b = mesh.indices[t + (k + 1) % 3];
            if (uses[edge_key(a, b)] == 1) next.emplace(a, b);
        }
    std::vector<std::vector<uint32_t>> loops;
    while (!next.empty()) {
        std::vector<uint32_t> loop{next.begin()->first};
        for (;;) {
            auto it = next.find(loop.back());
            if (it == next.end()) break;
            const uint32_t to = it->second;
            next.erase(it);
            if (to == loop.front()) break;
            loop.push_back(to);
        }
        loops.push_back(std::move(loop));
    }
    return loops;
}

void finish_edges(asset::Mesh& mesh, float thickness, float facing) {
    assert(thickness > 0.0f && facing >= 0.0f);
    const auto loops = boundary_loops(mesh);
    // The facing lies under the sheet it turns back under, at the fabric's thickness, following
    // the sheet's curve where it curves in towards the body (a flat strip in the edge's tangent plane
    // rose through it there: the tee's and the bikini's hems crossed their own sheet all round), and never wider
    // than 45% of the cloth across from its edge (a 3 cm strap's two 1.5 cm facings met and crossed
    // in its middle).
    std::vector<glm::vec3> sheet_positions(mesh.vertices.size());
    for (size_t v = 0; v < mesh.vertices.size(); ++v) sheet_positions[v] = mesh.vertices[v].position;
    const std::vector<uint32_t> sheet_indices = mesh.indices;
    const asset::ClosestPointIndex sheet(sheet_positions, sheet_indices);
    const std::vector<std::vector<float>> facings = facing_widths(sheet_positions, loops, facing);
    for (size_t l = 0; l < loops.size(); ++l) {
        const auto& loop = loops[l];
        const size_t n = loop.size();
        if (n < 3) continue;
        // Per boundary vertex: the direction away from the cloth, in its tangent plane (the mean of
        // its two boundary edges' cross(edge, normal)).
        std::vector<glm::vec3> away(n);
        for (size_t i = 0; i < n; ++i) {
            const asset::Vertex& v = mesh.vertices[loop[i]];
            const glm::vec3 e_in = v.position - mesh.vertices[loop[(i + n - 1) % n]].position;
            const glm::vec3 e_out = mesh.vertices[loop[(i + 1) % n]].position - v.position;
            glm::vec3 o = glm::cross(e_in, v.normal) + glm::cross(e_out, v.normal);
            o -= v.normal * glm::dot(o, v.normal);
            const float len = glm::length(o);
            away[i] = len > 1e-12f ? o / len : glm::vec3(0, -1, 0);
        }
        // Short edges (an outline passing close to a vertex) make single directions noisy; the
        // facing would carry that noise `facing` metres into the cloth. Smooth along the loop.
        for (int pass = 0; pass < 4; ++pass) {
            std::vector<glm::vec3> next(n);
            for (size_t i = 0; i < n; ++i) {
                const glm::vec3& normal = mesh.vertices[loop[i]].normal;
                glm::vec3 o = away[(i + n - 1) % n] + 2.0f * away[i] + away[(i + 1) % n];
                o -= normal * glm::dot(o, normal);
                const float len = glm::length(o);
                next[i] = len > 1e-12f ? o / len : away[i];
            }
            away.swap(next);
        }
        const uint32_t base = uint32_t(mesh.vertices.size());
        for (size_t i = 0; i < n; ++i) {
            const asset::Vertex v = mesh.vertices[loop[i]];
            const glm::vec3 inner = v.position - v.normal * thickness;
            asset::Vertex top = v, bottom = v, under = v, fold = v;
            top.normal = bottom.normal = away[i];
            bottom.position = under.position = inner;
            under.normal = fold.normal = -v.normal;
            const float width = facings[l][i];
            fold.position = inner - away[i] * width;
            const asset::ClosestHit hit = sheet.closest(v.position - away[i] * width, width);
            if (std::isfinite(hit.distance)) {
                const uint32_t* corner = &sheet_indices[3 * size_t(hit.triangle)];
                glm::vec3 normal(0.0f);
                for (int k = 0; k < 3; ++k) normal += hit.barycentric[k] * mesh.vertices[corner[k]].normal;
                // Only deeper than the flat strip: where the sheet curves away from the body (the
                // instep under a trouser cuff) the flat strip already lies under it, and a facing
                // lifted to follow it would cross the sheet at the bend.
                if (glm::dot(normal, normal) > 1e-12f) {
                    const glm::vec3 under_sheet = hit.point - glm::normalize(normal) * thickness;
                    if (glm::dot(under_sheet - fold.position, v.normal) < 0.0f) fold.position = under_sheet;
                }
            }
            mesh.vertices.insert(mesh.vertices.end(), {top, bottom, under, fold});
        }
        auto at = [&](size_t i, uint32_t which) { return base + uint32_t(4 * (i % n)) + which; };
        for (size_t i = 0; i < n; ++i) {
            // The boundary edge a -> b as the sheet winds it; see the header for the windings.
            const size_t j = i + 1;
            mesh.indices.insert(mesh.indices.end(), {at(i, 0), at(i, 1), at(j, 0)});
            mesh.indices.insert(mesh.indices.end(), {at(j, 0), at(i, 1), at(j, 1)});
            if (facings[l][i] > 0.0f || facings[l][j % n] > 0.0f) {
                mesh.indices.insert(mesh.indices.end(), {at(i, 2), at(i, 3), at(j, 2)});
                mesh.indices.insert(mesh.indices.end(), {at(j, 2), at(i, 3), at(j, 3)});
            }
        }
    }
}

}  // namespace twinshoot::demo
