#include "geometry/skin_binding.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace twinshoot::geometry {
namespace {

float segment_distance(const glm::vec3& p, const BoneSegment& b) {
    const glm::vec3 d = b.tail - b.head;
    const float len2 = glm::dot(d, d);
    const float t = len2 > 0.0f ? std::clamp(glm::dot(p - b.head, d) / len2, 0.0f, 1.0f) : 0.0f;
    return glm::length(p - (b.head + t * d));
}

}  // namespace

void bind_skin(asset::Model& model, const VoxelBody& body, std::span<const BoneSegment> bones, float reach) {
    // One distance field per bone, from the voxels along its segment.
    std::vector<std::vector<float>> fields;
    fields.reserve(bones.size());
    for (const BoneSegment& bone : bones) {
        std::vector<size_t> sources;
        const float len = glm::length(bone.tail - bone.head);
        const int steps = std::max(1, int(std::ceil(len / (0.5f * body.cell))));
        for (int i = 0; i <= steps; ++i) {
            const glm::vec3 p = glm::mix(bone.head, bone.tail, float(i) / float(steps));
            const std::ptrdiff_t v = body.nearest_solid(p, 3);
            if (v >= 0) sources.push_back(size_t(v));
        }
        std::sort(sources.begin(), sources.end());
        sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
        fields.push_back(geodesic_distances(body, sources, reach, nullptr));
    }
    const float floor_d = 0.5f * body.cell;
    std::vector<float> d(bones.size());
    std::vector<uint32_t> order(bones.size());
    std::vector<float> wsum(bones.size());
    for (asset::Mesh& mesh : model.meshes) {
        mesh.skin.assign(mesh.vertices.size(), asset::VertexSkin{});
        for (size_t vi = 0; vi < mesh.vertices.size(); ++vi) {
            const glm::vec3 p = mesh.vertices[vi].position;
            // Trilinear blend of the 8 voxels around p, over those that are solid and reached.
            const glm::vec3 g = (p - body.origin) / body.cell;
            const glm::ivec3 base = glm::ivec3(glm::floor(g));
            const glm::vec3 f = g - glm::vec3(base);
            std::fill(d.begin(), d.end(), 0.0f);
            std::fill(wsum.begin(), wsum.end(), 0.0f);
            for (int corner = 0; corner < 8; ++corner) {
                const glm::ivec3 o((corner & 1), (corner >> 1) & 1, (corner >> 2) & 1);
                const glm::ivec3 c = base + o;
                if (!body.is_solid(c)) continue;
                const float w = (o.x ? f.x : 1 - f.x) * (o.y ? f.y : 1 - f.y) * (o.z ? f.z : 1 - f.z) + 1e-6f;
                const size_t ci = body.index(c);
                for (size_t b = 0; b < bones.size(); ++b)
                    if (fields[b][ci] != kUnreached) d[b] += w * fields[b][ci], wsum[b] += w;
            }
            bool any = false;
            for (size_t b = 0; b < bones.size(); ++b) {
                if (wsum[b] > 0.0f) d[b] /= wsum[b], any = true;
                else d[b] = kUnreached;
            }
            if (!any) {
                const std::ptrdiff_t v = body.nearest_solid(p, 3);
                if (v >= 0) {
                    const float extra = glm::length(body.centre(body.coord(size_t(v))) - p);
                    for (size_t b = 0; b < bones.size(); ++b)
                        if (fields[b][size_t(v)] != kUnreached) d[b] = fields[b][size_t(v)] + extra, any = true;
                }
            }
            if (!any)  // far from the body's voxels (a stray part): straight-line distance
                for (size_t b = 0; b < bones.size(); ++b) d[b] = segment_distance(p, bones[b]);
            std::iota(order.begin(), order.end(), 0u);
            std::partial_sort(order.begin(), order.begin() + std::min<size_t>(asset::kMaxInfluences, order.size()),
                              order.end(), [&](uint32_t a, uint32_t b) { return d[a] < d[b]; });
            asset::VertexSkin& skin = mesh.skin[vi];
            float top = 0.0f, total = 0.0f;
            uint32_t n = 0;
            for (uint32_t k = 0; k < std::min<size_t>(asset::kMaxInfluences, order.size()); ++k) {
                const float dist = d[order[k]];
                if (dist == kUnreached) break;
                const float w = 1.0f / std::pow(std::max(dist, floor_d), 4.0f);
                if (k == 0) top = w;
                if (w < 0.01f * top) break;
                skin.joints[n] = uint16_t(order[k]);
                skin.weights[n] = w;
                total += w;
                ++n;
            }
            for (uint32_t k = 0; k < n; ++k) skin.weights[k] /= total;
        }
    }
}

}  // namespace twinshoot::geometry
