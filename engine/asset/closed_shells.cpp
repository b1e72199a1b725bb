#include "asset/closed_shells.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "asset/disjoint_sets.h"
#include "asset/garment_fit.h"

namespace twinshoot::asset {
namespace {

bool overlap(const Aabb& a, const Aabb& b) {
    return a.min.x <= b.max.x && b.min.x <= a.max.x && a.min.y <= b.max.y && b.min.y <= a.max.y &&
           a.min.z <= b.max.z && b.min.z <= a.max.z;
}

}  // namespace

std::vector<ClosedShell> closed_pieces(std::span<const Vertex> vertices, std::span<const uint32_t> indices) {
    const size_t n = vertices.size();
    Aabb box;
    for (const Vertex& v : vertices) box.extend(v.position);
    const float grid = std::max(glm::length(box.extent()) * 1e-6f, 1e-12f);
    const std::vector<uint32_t> welded = welded_indices(indices, colocated_representatives(vertices, grid));
    const size_t triangles = welded.size() / 3;
    auto valid = [&](size_t t) { return welded[3 * t] < n && welded[3 * t + 1] < n && welded[3 * t + 2] < n; };

    DisjointSets sets(n);
    std::unordered_map<uint64_t, uint32_t> edge_uses;  // welded edge (low, high) -> triangles on it
    edge_uses.reserve(triangles * 2);
    for (size_t t = 0; t < triangles; ++t) {
        if (!valid(t)) continue;
        for (size_t e = 0; e < 3; ++e) {
            const uint32_t a = welded[3 * t + e], b = welded[3 * t + (e + 1) % 3];
            sets.unite(a, b);
            ++edge_uses[(uint64_t(std::min(a, b)) << 32) | std::max(a, b)];
        }
    }
    std::unordered_map<uint32_t, size_t> piece_of_root;
    std::vector<ClosedShell> pieces;
    std::vector<uint8_t> closed;
    for (size_t t = 0; t < triangles; ++t) {
        if (!valid(t)) continue;
        const uint32_t root = sets.find(welded[3 * t]);
        const auto [it, added] = piece_of_root.try_emplace(root, pieces.size());
        if (added) {
            pieces.emplace_back();
            closed.push_back(1);
        }
        ClosedShell& piece = pieces[it->second];
        piece.triangles.push_back(uint32_t(t));
        for (size_t e = 0; e < 3; ++e) {
            const uint32_t a = welded[3 * t + e], b = welded[3 * t + (e + 1) % 3];
            piece.bounds.extend(vertices[a].position);
            if (edge_uses[(uint64_t(std::min(a, b)) << 32) | std::max(a, b)] < 2) closed[it->second] = 0;
        }
    }
    std::vector<ClosedShell> out;
    for (size_t i = 0; i < pieces.size(); ++i)
        if (closed[i]) out.push_back(std::move(pieces[i]));
    return out;
}

std::vector<ClosedShell> overlapping_shells(std::span<const ClosedShell> pieces, std::span<const Vertex> vertices,
                                            std::span<const uint32_t> indices) {
    if (pieces.size() < 2) return {};
    std::vector<Aabb> bounds(pieces.size());
    std::vector<size_t> order;  // the pieces whose every triangle is in this surface's range
    for (size_t i = 0; i < pieces.size(); ++i) {
        bool valid = true;
        for (const uint32_t t : pieces[i].triangles)
            for (size_t k = 0; k < 3 && valid; ++k) {
                const size_t at = size_t(t) * 3 + k;
                valid = at < indices.size() && indices[at] < vertices.size();
                if (valid) bounds[i].extend(vertices[indices[at]].position);
            }
        if (valid) order.push_back(i);
    }
    // Sweep along x: each piece against the pieces whose x range meets its own.
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return bounds[a].min.x < bounds[b].min.x; });
    std::vector<uint8_t> overlapping(pieces.size(), 0);
    for (size_t i = 0; i < order.size(); ++i)
        for (size_t j = i + 1; j < order.size() && bounds[order[j]].min.x <= bounds[order[i]].max.x; ++j)
            if (overlap(bounds[order[i]], bounds[order[j]])) overlapping[order[i]] = overlapping[order[j]] = 1;
    std::vector<ClosedShell> shells;
    for (size_t i = 0; i < pieces.size(); ++i)
        if (overlapping[i]) shells.push_back({pieces[i].triangles, bounds[i]});
    return shells;
}

std::vector<ClosedShell> overlapping_closed_shells(std::span<const Vertex> vertices, std::span<const uint32_t> indices) {
    return overlapping_shells(closed_pieces(vertices, indices), vertices, indices);
}

}  // namespace twinshoot::asset
