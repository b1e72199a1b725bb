#include "geometry/voxel_body.h"

#include <algorithm>
#include <cmath>
#include <queue>
#include <string>

namespace twinshoot::geometry {
namespace {

struct Step {
    glm::ivec3 d;
    float length;
};

std::vector<Step> neighbour_steps() {
    std::vector<Step> steps;
    for (int z = -1; z <= 1; ++z)
        for (int y = -1; y <= 1; ++y)
            for (int x = -1; x <= 1; ++x)
                if (x || y || z) steps.push_back({{x, y, z}, std::sqrt(float(x * x + y * y + z * z))});
    return steps;
}

}  // namespace

std::ptrdiff_t VoxelBody::nearest_solid(const glm::vec3& p, int radius) const {
    const glm::ivec3 c = cell_of(p);
    std::ptrdiff_t best = -1;
    float best_d = 1e30f;
    for (int z = -radius; z <= radius; ++z)
        for (int y = -radius; y <= radius; ++y)
            for (int x = -radius; x <= radius; ++x) {
                const glm::ivec3 q = c + glm::ivec3(x, y, z);
                if (!is_solid(q)) continue;
                const glm::vec3 d = centre(q) - p;
                const float dd = glm::dot(d, d);
                if (dd < best_d) best_d = dd, best = std::ptrdiff_t(index(q));
            }
    return best;
}

Result<VoxelBody> voxelize(const BodyMesh& mesh, float cell, size_t max_voxels) {
    const asset::Aabb box = mesh.bounds();
    if (!box.valid() || !(cell > 0.0f)) return make_error(ErrorCode::Invalid, "nothing to voxelise");
    VoxelBody v;
    v.cell = cell;
    constexpr int kPad = 3;
    v.origin = box.min - glm::vec3(float(kPad) * cell);
    const glm::vec3 span = box.extent() / cell;
    v.dims = glm::ivec3(glm::ceil(span)) + glm::ivec3(2 * kPad + 1);
    const double total = double(v.dims.x) * double(v.dims.y) * double(v.dims.z);
    if (total > double(max_voxels))
        return make_error(ErrorCode::Invalid, "the voxel grid would have " + std::to_string(size_t(total)) +
                                                  " cells (limit " + std::to_string(max_voxels) + ")");
    const size_t n = size_t(total);
    std::vector<uint8_t> surface(n, 0);
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
        const glm::vec3 a = mesh.positions[mesh.indices[t]], b = mesh.positions[mesh.indices[t + 1]],
                        c = mesh.positions[mesh.indices[t + 2]];
        const float longest = std::max({glm::length(b - a), glm::length(c - b), glm::length(a - c)});
        const int steps = std::clamp(int(std::ceil(longest / (0.5f * cell))), 1, 4096);
        for (int i = 0; i <= steps; ++i)
            for (int j = 0; i + j <= steps; ++j) {
                const glm::vec3 p = a + (b - a) * (float(i) / float(steps)) + (c - a) * (float(j) / float(steps));
                const glm::ivec3 q = v.cell_of(p);
                if (v.in_grid(q)) surface[v.index(q)] = 1;
            }
    }
    const std::vector<Step> steps = neighbour_steps();
    // Close small holes: dilate the surface by one voxel before flooding the outside.
    std::vector<uint8_t> wall = surface;
    for (size_t i = 0; i < n; ++i) {
        if (!surface[i]) continue;
        const glm::ivec3 c = v.coord(i);
        for (const Step& s : steps)
            if (v.in_grid(c + s.d)) wall[v.index(c + s.d)] = 1;
    }
    std::vector<uint8_t> outside(n, 0);
    std::vector<size_t> stack;
    stack.push_back(0);  // the corner is padding, never wall
    outside[0] = 1;
    const glm::ivec3 face[6] = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
    while (!stack.empty()) {
        const size_t i = stack.back();
        stack.pop_back();
        const glm::ivec3 c = v.coord(i);
        for (const glm::ivec3& d : face) {
            const glm::ivec3 q = c + d;
            if (!v.in_grid(q)) continue;
            const size_t k = v.index(q);
            if (outside[k] || wall[k]) continue;
            outside[k] = 1;
            stack.push_back(k);
        }
    }
    // Undo the dilation: a wall voxel touching the outside was added by it, unless it is surface.
    v.solid.assign(n, 0);
    for (size_t i = 0; i < n; ++i) {
        if (outside[i]) continue;
        bool touches = false;
        if (!surface[i]) {
            const glm::ivec3 c = v.coord(i);
            for (const glm::ivec3& d : face)
                if (v.in_grid(c + d) && outside[v.index(c + d)]) touches = true;
        }
        v.solid[i] = touches ? 0 : 1;
    }
    // Keep the largest 26-connected part.
    std::vector<int32_t> label(n, -1);
    std::vector<size_t> sizes;
    for (size_t i = 0; i < n; ++i) {
        if (!v.solid[i] || label[i] >= 0) continue;
        const int32_t id = int32_t(sizes.size());
        size_t count = 0;
        stack.assign(1, i);
        label[i] = id;
        while (!stack.empty()) {
            const size_t k = stack.back();
            stack.pop_back();
            ++count;
            const glm::ivec3 c = v.coord(k);
            for (const Step& s : steps) {
                const glm::ivec3 q = c + s.d;
                if (!v.in_grid(q)) continue;
                const size_t m = v.index(q);
                if (v.solid[m] && label[m] < 0) label[m] = id, stack.push_back(m);
            }
        }
        sizes.push_back(count);
    }
    if (sizes.empty()) return make_error(ErrorCode::Invalid, "the mesh encloses no volume");
    const int32_t keep = int32_t(std::max_element(sizes.begin(), sizes.end()) - sizes.begin());
    for (size_t k = 0; k < sizes.size(); ++k)
        if (int32_t(k) != keep) {
            v.dropped_voxels += sizes[k];
            v.largest_dropped_part = std::max(v.largest_dropped_part, sizes[k]);
        }
    for (size_t i = 0; i < n; ++i)
        if (v.solid[i] && label[i] != keep) v.solid[i] = 0;
    v.solid_count = sizes[size_t(keep)];
    return v;
}

std::vector<float> geodesic_distances(const VoxelBody& body, std::span<const size_t> sources, float max_distance,
                                      std::vector<int64_t>* parent) {
    static const std::vector<Step> steps = neighbour_steps();
    std::vector<float> dist(body.solid.size(), kUnreached);
    if (parent) parent->assign(body.solid.size(), -1);
    using Item = std::pair<float, size_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
    for (size_t s : sources)
        if (s < body.solid.size() && body.solid[s]) {
            dist[s] = 0.0f;
            queue.push({0.0f, s});
        }
    while (!queue.empty()) {
        const auto [d, i] = queue.top();
        queue.pop();
        if (d > dist[i]) continue;
        const glm::ivec3 c = body.coord(i);
        for (const Step& s : steps) {
            const glm::ivec3 q = c + s.d;
            if (!body.is_solid(q)) continue;
            const size_t k = body.index(q);
            const float nd = d + s.length * body.cell;
            if (nd < dist[k] && nd <= max_distance) {
                dist[k] = nd;
                if (parent) (*parent)[k] = int64_t(i);
                queue.push({nd, k});
            }
        }
    }
    return dist;
}

}  // namespace twinshoot::geometry
