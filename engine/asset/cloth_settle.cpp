#include "asset/cloth_settle.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <tuple>

namespace twinshoot::asset {

ClothTopology::ClothTopology(std::span<const glm::vec3> rest, std::span<const uint32_t> indices) {
    // (low, high, opposite vertex) per triangle edge; sorted, equal edges are neighbours.
    std::vector<std::array<uint32_t, 3>> edges;
    edges.reserve(indices.size());
    const size_t n = rest.size();
    for (size_t t = 0; t + 2 < indices.size(); t += 3) {
        const uint32_t tri[3] = {indices[t], indices[t + 1], indices[t + 2]};
        if (tri[0] >= n || tri[1] >= n || tri[2] >= n) continue;
        for (int e = 0; e < 3; ++e) {
            const uint32_t a = tri[e], b = tri[(e + 1) % 3], o = tri[(e + 2) % 3];
            if (a == b) continue;
            edges.push_back({std::min(a, b), std::max(a, b), o});
        }
    }
    std::sort(edges.begin(), edges.end());
    for (size_t i = 0; i < edges.size();) {
        size_t j = i;
        while (j < edges.size() && edges[j][0] == edges[i][0] && edges[j][1] == edges[i][1]) ++j;
        const uint32_t a = edges[i][0], b = edges[i][1];
        m_stretch.push_back({a, b, glm::length(rest[a] - rest[b])});
        if (j - i == 2 && edges[i][2] != edges[i + 1][2]) {  // a manifold interior edge: one bend pair
            const uint32_t c = edges[i][2], d = edges[i + 1][2];
            m_bend.push_back({c, d, glm::length(rest[c] - rest[d])});
        }
        i = j;
    }
}

namespace {

// One XPBD distance-constraint step for unit masses, with the multiplier reset each substep
// (small steps): the correction is -C / (2 + compliance / dt^2) along the link.
inline void solve_link(std::vector<glm::vec3>& x, const ClothTopology::Link& link, float alpha_tilde) {
    const glm::vec3 d = x[link.b] - x[link.a];
    const float len = glm::length(d);
    if (len < 1e-12f) return;
    const float lambda = -(len - link.length) / (2.0f + alpha_tilde);
    const glm::vec3 step = (lambda / len) * d;
    x[link.a] -= step;
    x[link.b] += step;
}

}  // namespace

ClothResult settle_cloth(const ClothInput& input, const ClothTopology& topology, const SurfaceIndex& body,
                         const ClothOptions& options) {
    const size_t n = input.start.size();
    std::vector<glm::vec3> x(input.start.begin(), input.start.end()), prev(n), velocity(n, glm::vec3(0.0f));
    const int substeps = std::max(1, options.substeps);
    const float dt = options.seconds / float(substeps);
    const glm::vec3 gravity = glm::normalize(options.down) * (9.81f * options.metre * options.gravity_scale);
    const float thickness = options.thickness_m * options.metre;
    const float reach = options.contact_reach_m * options.metre;
    const float stretch_tilde = options.stretch_compliance / (dt * dt);
    const float bend_tilde = options.bend_compliance / (dt * dt);
    std::vector<glm::vec3> contact_point(n), contact_normal(n);
    std::vector<uint8_t> in_reach(n, 0);
    // Long-range attachments (Kim, Chentanez & Mueller 2012), when asked: a free vertex may not get farther
    // from an anchor than it was in the rest shape. One Gauss-Seidel iteration per substep leaves
    // long hanging runs sagging; the tether stops that at the cost of one check per vertex. The
    // tethers go to the nearest of at most 512 anchors (spread evenly), by rest distance.
    std::vector<uint32_t> anchors;
    for (size_t i = 0; i < n && i < input.anchor.size(); ++i)
        if (input.anchor[i] >= 0.5f) anchors.push_back(uint32_t(i));
    const size_t stride = std::max<size_t>(1, anchors.size() / 512);
    std::vector<uint32_t> tether(n, UINT32_MAX);
    std::vector<float> tether_length(n, 0.0f);
    if (options.tethers && !anchors.empty() && input.rest.size() == n)
        for (size_t i = 0; i < n; ++i) {
            if (i < input.anchor.size() && input.anchor[i] >= 0.5f) continue;
            float best = 1e30f;
            for (size_t k = 0; k < anchors.size(); k += stride) {
                const glm::vec3 d = input.rest[anchors[k]] - input.rest[i];
                const float d2 = glm::dot(d, d);
                if (d2 < best) {
                    best = d2;
                    tether[i] = anchors[k];
                }
            }
            tether_length[i] = std::sqrt(best);
        }
    for (int step = 0; step < substeps; ++step) {
        if (step % std::max(1, options.contact_refresh) == 0)
            for (size_t i = 0; i < n; ++i) in_reach[i] = body.nearest(x[i], contact_point[i], contact_normal[i], reach);
        for (size_t i = 0; i < n; ++i) {
            prev[i] = x[i];
            velocity[i] += gravity * dt;
            x[i] += velocity[i] * dt;
        }
        for (const auto& link : topology.stretch()) solve_link(x, link, stretch_tilde);
        for (const auto& link : topology.bend()) solve_link(x, link, bend_tilde);
        for (size_t i = 0; i < n; ++i) {
            if (tether[i] == UINT32_MAX) continue;
            const glm::vec3 d = x[i] - x[tether[i]];
            const float len = glm::length(d);
            if (len > tether_length[i]) x[i] = x[tether[i]] + d * (tether_length[i] / len);
        }
        for (size_t i = 0; i < n; ++i) {
            const float a = i < input.anchor.size() ? input.anchor[i] : 0.0f;
            if (a > 0.0f) {
                const float alpha_tilde = options.anchor_compliance / (a * dt * dt);
                x[i] += (input.start[i] - x[i]) / (1.0f + alpha_tilde);
            }
            if (!in_reach[i]) continue;
            const float depth = glm::dot(x[i] - contact_point[i], contact_normal[i]) - thickness;
            if (depth >= 0.0f) continue;
            x[i] -= depth * contact_normal[i];
            const glm::vec3 moved = x[i] - prev[i];
            const glm::vec3 slip = moved - glm::dot(moved, contact_normal[i]) * contact_normal[i];
            x[i] -= options.friction * slip;
        }
        for (size_t i = 0; i < n; ++i) velocity[i] = (x[i] - prev[i]) * ((1.0f - options.damping) / dt);
    }
    ClothResult result;
    for (size_t i = 0; i < n; ++i)
        result.contacts += in_reach[i] && glm::dot(x[i] - contact_point[i], contact_normal[i]) < 1.5f * thickness;
    result.positions = std::move(x);
    return result;
}

double strain_quantile(std::span<const glm::vec3> posed, const ClothTopology& topology, double quantile) {
    std::vector<float> strain;
    strain.reserve(topology.stretch().size());
    for (const auto& link : topology.stretch()) {
        if (link.length <= 0.0f || link.a >= posed.size() || link.b >= posed.size()) continue;
        strain.push_back(std::abs(glm::length(posed[link.b] - posed[link.a]) - link.length) / link.length);
    }
    if (strain.empty()) return 0.0;
    const size_t k = std::min(strain.size() - 1, size_t(quantile * double(strain.size())));
    std::nth_element(strain.begin(), strain.begin() + std::ptrdiff_t(k), strain.end());
    return double(strain[k]);
}

size_t flipped_triangles(std::span<const glm::vec3> before, std::span<const glm::vec3> after,
                         std::span<const uint32_t> indices) {
    size_t flipped = 0;
    for (size_t t = 0; t + 2 < indices.size(); t += 3) {
        const uint32_t a = indices[t], b = indices[t + 1], c = indices[t + 2];
        if (a >= before.size() || b >= before.size() || c >= before.size()) continue;
        const glm::vec3 n0 = glm::cross(before[b] - before[a], before[c] - before[a]);
        const glm::vec3 n1 = glm::cross(after[b] - after[a], after[c] - after[a]);
        flipped += glm::dot(n0, n1) < 0.0f;
    }
    return flipped;
}

}  // namespace twinshoot::asset
