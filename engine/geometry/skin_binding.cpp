#include "geometry/skin_binding.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace twinshoot::geometry {
namespace {

constexpr int kSmoothingPasses = 6;

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
    const size_t nb = bones.size();
    // Weights per solid voxel (d^-4, normalised), then smoothed through the volume: a few passes of
    // averaging each solid voxel with its solid 26 neighbours, so that thin parts (wrists, feet)
    // blend over a few centimetres instead of between two neighbouring vertices.
    std::vector<size_t> solid;
    std::vector<int32_t> slot(body.solid.size(), -1);
    for (size_t i = 0; i < body.solid.size(); ++i)
        if (body.solid[i]) slot[i] = int32_t(solid.size()), solid.push_back(i);
    std::vector<float> weights(solid.size() * nb, 0.0f);
    for (size_t s = 0; s < solid.size(); ++s) {
        float total = 0.0f;
        for (size_t b = 0; b < nb; ++b) {
            const float dist = fields[b][solid[s]];
            if (dist == kUnreached) continue;
            const float w = 1.0f / std::pow(std::max(dist, floor_d), 4.0f);
            weights[s * nb + b] = w;
            total += w;
        }
        if (total > 0.0f)
            for (size_t b = 0; b < nb; ++b) weights[s * nb + b] /= total;
    }
    fields.clear();
    fields.shrink_to_fit();
    std::vector<float> next(weights.size());
    for (int pass = 0; pass < kSmoothingPasses; ++pass) {
        for (size_t s = 0; s < solid.size(); ++s) {
            float* out = &next[s * nb];
            std::fill(out, out + nb, 0.0f);
            int count = 0;
            const glm::ivec3 c = body.coord(solid[s]);
            for (int dz = -1; dz <= 1; ++dz)
                for (int dy = -1; dy <= 1; ++dy)
                    for (int dx = -1; dx <= 1; ++dx) {
                        const glm::ivec3 q = c + glm::ivec3(dx, dy, dz);
                        if (!body.is_solid(q)) continue;
                        const float* in = &weights[size_t(slot[body.index(q)]) * nb];
                        for (size_t b = 0; b < nb; ++b) out[b] += in[b];
                        ++count;
                    }
            for (size_t b = 0; b < nb; ++b) out[b] /= float(count);
        }
        weights.swap(next);
    }
    std::vector<float> w(nb);
    std::vector<uint32_t> order(nb);
    for (asset::Mesh& mesh : model.meshes) {
        mesh.skin.assign(mesh.vertices.size(), asset::VertexSkin{});
        for (size_t vi = 0; vi < mesh.vertices.size(); ++vi) {
            const glm::vec3 p = mesh.vertices[vi].position;
            // Trilinear blend of the 8 voxels around p, over those that are solid.
            const glm::vec3 g = (p - body.origin) / body.cell;
            const glm::ivec3 base = glm::ivec3(glm::floor(g));
            const glm::vec3 f = g - glm::vec3(base);
            std::fill(w.begin(), w.end(), 0.0f);
            float wsum = 0.0f;
            for (int corner = 0; corner < 8; ++corner) {
                const glm::ivec3 o((corner & 1), (corner >> 1) & 1, (corner >> 2) & 1);
                const glm::ivec3 c = base + o;
                if (!body.is_solid(c)) continue;
                const float t = (o.x ? f.x : 1 - f.x) * (o.y ? f.y : 1 - f.y) * (o.z ? f.z : 1 - f.z) + 1e-6f;
                const float* in = &weights[size_t(slot[body.index(c)]) * nb];
                for (size_t b = 0; b < nb; ++b) w[b] += t * in[b];
                wsum += t;
            }
            if (wsum == 0.0f) {
                const std::ptrdiff_t v = body.nearest_solid(p, 3);
                if (v >= 0) {
                    const float* in = &weights[size_t(slot[size_t(v)]) * nb];
                    for (size_t b = 0; b < nb; ++b) w[b] = in[b];
                    wsum = 1.0f;
                }
            }
            if (wsum == 0.0f)  // far from the body's voxels (a stray part): straight-line distance
                for (size_t b = 0; b < nb; ++b) w[b] = 1.0f / std::pow(std::max(segment_distance(p, bones[b]), floor_d), 4.0f);
            std::iota(order.begin(), order.end(), 0u);
            const size_t keep = std::min<size_t>(asset::kMaxInfluences, order.size());
            std::partial_sort(order.begin(), order.begin() + long(keep), order.end(),
                              [&](uint32_t x, uint32_t y) { return w[x] > w[y]; });
            asset::VertexSkin& skin = mesh.skin[vi];
            float total = 0.0f;
            uint32_t n = 0;
            for (uint32_t k = 0; k < keep; ++k) {
                const float wk = w[order[k]];
                if (wk <= 0.0f || (k > 0 && wk < 0.01f * w[order[0]])) break;
                skin.joints[n] = uint16_t(order[k]);
                skin.weights[n] = wk;
                total += wk;
                ++n;
            }
            if (n == 0) {  // nothing reached at all: the nearest bone in straight line
                uint32_t best = 0;
                for (uint32_t b = 1; b < nb; ++b)
                    if (segment_distance(p, bones[b]) < segment_distance(p, bones[best])) best = b;
                skin.joints[0] = uint16_t(best), skin.weights[0] = 1.0f, total = 1.0f, n = 1;
            }
            for (uint32_t k = 0; k < n; ++k) skin.weights[k] /= total;
        }
    }
}

}  // namespace twinshoot::geometry
