#include "asset/level_of_detail.h"

#include <meshoptimizer.h>

#include <algorithm>
#include <cassert>
#include <cstddef>

namespace twinshoot::asset {

CoarseLevel coarse_level(std::span<const Vertex> vertices, std::span<const uint32_t> indices, const CoarseOptions& options) {
    assert(indices.size() % 3 == 0);
    assert(options.triangle_ratio > 0.0f && options.triangle_ratio <= 1.0f);
    assert(std::all_of(indices.begin(), indices.end(), [&](uint32_t i) { return i < vertices.size(); }));
    CoarseLevel level;
    const size_t triangles = indices.size() / 3;
    if (triangles < options.min_triangles || vertices.empty()) return level;
    static_assert(offsetof(Vertex, position) == 0);
    const float* positions = &vertices[0].position.x;
    // meshopt_simplify measures error relative to the mesh's extent.
    const float scale = meshopt_simplifyScale(positions, vertices.size(), sizeof(Vertex));
    if (!(scale > 0.0f)) return level;
    const size_t target = std::max<size_t>(3, size_t(double(triangles) * options.triangle_ratio) * 3);
    level.indices.resize(indices.size());
    float relative_error = 0.0f;
    const size_t kept = meshopt_simplify(level.indices.data(), indices.data(), indices.size(), positions, vertices.size(),
                                         sizeof(Vertex), target, options.max_error / scale, 0, &relative_error);
    if (double(kept) > double(indices.size()) * (1.0 - options.min_saving) || kept == 0) return {};
    level.indices.resize(kept);
    level.indices.shrink_to_fit();
    level.error = relative_error * scale;
    return level;
}

}  // namespace twinshoot::asset
