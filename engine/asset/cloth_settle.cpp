#include "asset/cloth_settle.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <queue>
#include <unordered_map>

#include <glm/gtc/constants.hpp>

namespace twinshoot::asset {

namespace {

// Greedy colouring in constraint order (Gauss-Seidel order within a colour does not matter): each
// constraint takes the lowest colour none of its particles has yet. Constraints are reordered by
// colour; returns the colours' offsets. Particles in more than 62 colours (none in cloth) spill
// into a last colour solved one constraint after another.
template <typename Constraint, typename Particles>
std::vector<uint32_t> colour_constraints(std::vector<Constraint>& constraints, size_t particles, Particles&& of) {
    constexpr uint32_t kSpill = 63;
    std::vector<uint64_t> used(particles, 0);
    std::vector<uint8_t> colour(constraints.size());
    uint32_t colours = 0;
    for (size_t i = 0; i < constraints.size(); ++i) {
        uint64_t taken = 0;  // bit 63 is never set
        for (uint32_t p : of(constraints[i])) taken |= used[p];
        colour[i] = uint8_t(std::min(uint32_t(std::countr_one(taken)), kSpill));
        if (colour[i] != kSpill)
            for (uint32_t p : of(constraints[i])) used[p] |= uint64_t(1) << colour[i];
        colours = std::max(colours, uint32_t(colour[i]) + 1);
    }
    std::vector<uint32_t> offsets(colours + 1, 0);
    for (uint8_t c : colour) ++offsets[c + 1];
    for (uint32_t c = 0; c < colours; ++c) offsets[c + 1] += offsets[c];
    std::vector<Constraint> sorted(constraints.size());
    std::vector<uint32_t> next(offsets.begin(), offsets.end() - 1);
    for (size_t i = 0; i < constraints.size(); ++i) sorted[next[colour[i]]++] = constraints[i];
    constraints = std::move(sorted);
    return offsets;
}

}  // namespace

std::optional<float> hinge_angle(const glm::vec3& p, const glm::vec3& q, const glm::vec3& r, const glm::vec3& s) {
    const glm::vec3 e = q - p;
    const glm::vec3 n1 = glm::cross(e, r - p), n2 = glm::cross(s - p, e);
    const float l1 = glm::length(n1), l2 = glm::length(n2), le = glm::length(e);
    if (l1 <= 1e-20f || l2 <= 1e-20f || le <= 1e-20f) return std::nullopt;
    const glm::vec3 a = n1 / l1, b = n2 / l2;
    return std::atan2(glm::dot(glm::cross(a, b), e / le), glm::dot(a, b));
}

namespace {

// atan2 within 2e-6 rad (a polynomial for atan on [0, 1], folded to the other octants):
// a third of libm's cost, where the settle calls it for every hinge in every substep.
inline float fast_atan2(float y, float x) {
    const float ax = std::abs(x), ay = std::abs(y);
    const float hi = std::max(ax, ay);
    if (hi == 0.0f) return 0.0f;
    const float t = std::min(ax, ay) / hi, t2 = t * t;
    float r = t * (0.99997726f + t2 * (-0.33262347f + t2 * (0.19354346f + t2 * (-0.11643287f + t2 * (0.05265332f + t2 * -0.01172120f)))));
    if (ay > ax) r = glm::half_pi<float>() - r;
    if (x < 0.0f) r = glm::pi<float>() - r;
    return y < 0.0f ? -r : r;
}

// hinge_state, inlined into the solver. The angle is hinge_angle's from unnormalised normals
// (atan2 does not mind the scale).
inline bool hinge_state_of(const glm::vec3& p, const glm::vec3& q, const glm::vec3& r, const glm::vec3& s, HingeState& out) {
    const glm::vec3 e = q - p, pr = r - p, ps = s - p;
    const glm::vec3 n1 = glm::cross(e, pr), n2 = glm::cross(ps, e);
    const float ll = glm::dot(e, e), m1 = glm::dot(n1, n1), m2 = glm::dot(n2, n2);
    // A triangle whose height over the edge is under a thousandth of the edge has no reliable plane.
    if (ll <= 1e-30f || m1 <= 1e-6f * ll * ll || m2 <= 1e-6f * ll * ll) return false;
    const float l = std::sqrt(ll), inv_ll = 1.0f / ll;
    out.angle = fast_atan2(glm::dot(glm::cross(n1, n2), e), glm::dot(n1, n2) * l);  // both scaled by l |n1| |n2|
    const glm::vec3 gr = -(l / m1) * n1, gs = -(l / m2) * n2;  // 1 / height along each triangle's normal
    // The edge's ends share each opposite corner's push by where that corner lies along the edge.
    const float a = glm::dot(pr, e) * inv_ll, b = glm::dot(ps, e) * inv_ll;
    out.gradient = {-(1.0f - a) * gr - (1.0f - b) * gs, -a * gr - b * gs, gr, gs};
    return true;
}

}  // namespace

std::optional<HingeState> hinge_state(const glm::vec3& p, const glm::vec3& q, const glm::vec3& r, const glm::vec3& s) {
    HingeState out;
    if (!hinge_state_of(p, q, r, s, out)) return std::nullopt;
    return out;
}

ClothTopology::ClothTopology(std::span<const glm::vec3> rest, std::span<const uint32_t> indices,
                             std::span<const float> anchor) {
    // (low, high, opposite vertex) per triangle edge; sorted, equal edges are neighbours.
    std::vector<std::array<uint32_t, 3>> edges;
    edges.reserve(indices.size());
    const size_t n = rest.size();
    m_particle = colocated_representatives(rest);
    std::vector<std::array<uint32_t, 3>> triangles;  // by particle, with three distinct corners
    triangles.reserve(indices.size() / 3);
    for (size_t t = 0; t + 2 < indices.size(); t += 3) {
        if (indices[t] >= n || indices[t + 1] >= n || indices[t + 2] >= n) continue;
        const uint32_t tri[3] = {m_particle[indices[t]], m_particle[indices[t + 1]], m_particle[indices[t + 2]]};
        if (tri[0] != tri[1] && tri[1] != tri[2] && tri[0] != tri[2]) triangles.push_back({tri[0], tri[1], tri[2]});
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
        if (j - i == 2 && edges[i][2] != edges[i + 1][2]) {  // a manifold interior edge: one hinge
            const uint32_t c = edges[i][2], d = edges[i + 1][2];
            if (const auto angle = hinge_angle(rest[a], rest[b], rest[c], rest[d])) m_hinges.push_back({a, b, c, d, *angle});
        }
        i = j;
    }
    const auto link_ends = [](const Link& l) { return std::array<uint32_t, 2>{l.a, l.b}; };
    m_stretch_colours = colour_constraints(m_stretch, n, link_ends);
    m_hinge_colours = colour_constraints(m_hinges, n, [](const Hinge& h) { return std::array<uint32_t, 4>{h.p, h.q, h.r, h.s}; });
    std::vector<std::array<uint32_t, 2>> ends;
    ends.reserve(m_stretch.size());
    for (const Link& link : m_stretch) ends.push_back({link.a, link.b});
    m_triangles = cloth_triangles(std::move(triangles));
    m_sides = find_cloth_sides(rest, m_triangles, ends, indices, m_particle);
    m_side_colours = colour_cloth_sides(m_sides, n);
    if (anchor.empty()) return;
    // Multi-source Dijkstra from every anchored particle over the stretch links.
    std::vector<std::vector<std::pair<uint32_t, float>>> next(n);
    for (const auto& link : m_stretch) {
        next[link.a].push_back({link.b, link.length});
        next[link.b].push_back({link.a, link.length});
    }
    std::vector<float> distance(n, std::numeric_limits<float>::infinity());
    std::vector<uint32_t> source(n, UINT32_MAX);
    using Item = std::pair<float, uint32_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> open;
    std::vector<float> held(n, 0.0f);
    for (size_t v = 0; v < n && v < anchor.size(); ++v) held[m_particle[v]] = std::max(held[m_particle[v]], anchor[v]);
    for (uint32_t v = 0; v < n; ++v)
        if (m_particle[v] == v && held[v] >= 0.5f) {
            distance[v] = 0.0f;
            source[v] = v;
            open.push({0.0f, v});
        }
    while (!open.empty()) {
        const auto [d, v] = open.top();
        open.pop();
        if (d > distance[v]) continue;
        for (const auto& [w, length] : next[v])
            if (d + length < distance[w]) {
                distance[w] = d + length;
                source[w] = source[v];
                open.push({distance[w], w});
            }
    }
    for (uint32_t v = 0; v < n; ++v)
        if (m_particle[v] == v && held[v] < 0.5f && source[v] != UINT32_MAX) m_tethers.push_back({v, source[v], distance[v]});
}

std::vector<uint32_t> colour_cloth_sides(std::vector<ClothSide>& sides, size_t vertices) {
    return colour_constraints(sides, vertices, [](const ClothSide& s) { return std::array<uint32_t, 4>{s.p, s.a, s.b, s.c}; });
}

namespace {

// One XPBD distance-constraint step for unit masses, with the multiplier reset each substep
// (small steps): the correction is -C / (2 + compliance / dt^2) along the link, with the
// compliance of a link stretched or of one compressed.
inline void solve_link(std::vector<glm::vec3>& x, const ClothTopology::Link& link, float stretch_tilde,
                       float compress_tilde) {
    const glm::vec3 d = x[link.b] - x[link.a];
    const float len = glm::length(d);
    if (len < 1e-12f) return;
    const float lambda = -(len - link.length) / (2.0f + (len > link.length ? stretch_tilde : compress_tilde));
    const glm::vec3 step = (lambda / len) * d;
    x[link.a] -= step;
    x[link.b] += step;
}

// One XPBD step of a hinge for unit masses (multiplier reset each substep): the fold is moved
// towards its rest angle by -C / (|grad|^2 + compliance / dt^2) along the gradient, C wrapped to
// (-pi, pi] so a fold through flat goes the short way.
inline void solve_hinge(std::vector<glm::vec3>& x, const ClothTopology::Hinge& h, float tilde) {
    HingeState state;
    if (!hinge_state_of(x[h.p], x[h.q], x[h.r], x[h.s], state)) return;
    float c = state.angle - h.angle;
    if (c > glm::pi<float>()) c -= glm::two_pi<float>();
    else if (c <= -glm::pi<float>()) c += glm::two_pi<float>();
    const auto& g = state.gradient;
    const float norm = glm::dot(g[0], g[0]) + glm::dot(g[1], g[1]) + glm::dot(g[2], g[2]) + glm::dot(g[3], g[3]);
    const float lambda = -c / (norm + tilde);
    x[h.p] += lambda * g[0];
    x[h.q] += lambda * g[1];
    x[h.r] += lambda * g[2];
    x[h.s] += lambda * g[3];
}

}  // namespace

ClothResult settle_cloth(const ClothInput& input, const ClothTopology& topology, const SurfaceIndex& body,
                         const ClothOptions& options) {
    const size_t n = input.start.size();
    const std::vector<uint32_t>& particle = topology.particle();
    assert(particle.size() == n && "the topology of this garment's rest mesh");
    assert((!input.support || (options.down.x == 0.0f && options.down.y < 0.0f && options.down.z == 0.0f)) &&
           "a support is level: down is -y");
    const float thickness = options.thickness_m * options.metre;
    // Copies of a point start where their particle does and follow it; each particle is held as
    // firmly as the most anchored of its copies.
    std::vector<uint32_t> particles;  // the representatives, in vertex order
    std::vector<float> anchor(n, 0.0f), clearance(n, thickness), start_clearance(n, thickness);
    for (size_t i = 0; i < n; ++i) {
        if (particle[i] == i) particles.push_back(uint32_t(i));
        if (i < input.anchor.size()) anchor[particle[i]] = std::max(anchor[particle[i]], input.anchor[i]);
    }
    std::vector<glm::vec3> x(n), prev(n), velocity(n, glm::vec3(0.0f));
    const std::vector<glm::vec3> start = supported_start(input);
    for (size_t i = 0; i < n; ++i) x[i] = start[particle[i]];
    const int substeps = std::max(1, options.substeps);
    const float dt = options.seconds / float(substeps);
    const glm::vec3 gravity = glm::normalize(options.down) * (9.81f * options.metre * options.gravity_scale);
    const float reach = options.contact_reach_m * options.metre;
    const float support_reach = support_contact_reach(options);
    const float max_speed = options.max_speed_m_s * options.metre;
    const float stretch_tilde = options.stretch_compliance / (dt * dt);
    const float compress_tilde = std::max(options.stretch_compliance, options.compress_compliance) / (dt * dt);
    const float bend_tilde = hinge_tilde(options);
    const float anchor_tilde = options.anchor_compliance / (dt * dt);
    std::vector<glm::vec3> contact_point(n), contact_normal(n);
    std::vector<uint8_t> in_reach(n, 0);
    // The sides as paired at rest; they follow the sheets at every contact refresh.
    std::vector<ClothSide> sides = topology.sides();
    std::vector<uint32_t> side_colours = topology.side_colours();
    // Work on each particle alone, on every core.
    const auto for_each_particle = [&](auto&& work) {
#pragma omp parallel for schedule(static) if (particles.size() > 4096)
        for (std::ptrdiff_t k = 0; k < std::ptrdiff_t(particles.size()); ++k) work(particles[size_t(k)]);
    };
    const auto solve_links = [&](const std::vector<ClothTopology::Link>& links, const std::vector<uint32_t>& colours,
                                 float tilde, float compressed_tilde) {
        for (size_t c = 0; c + 1 < colours.size(); ++c) {
            const std::ptrdiff_t begin = colours[c], end = colours[c + 1];
            if (c == 63) {  // the spill colour: in order
                for (std::ptrdiff_t i = begin; i < end; ++i) solve_link(x, links[size_t(i)], tilde, compressed_tilde);
                continue;
            }
#pragma omp parallel for schedule(static) if (end - begin > 2048)
            for (std::ptrdiff_t i = begin; i < end; ++i) solve_link(x, links[size_t(i)], tilde, compressed_tilde);
        }
    };
    const auto solve_cloth = [&](int step) {
        const auto& hinges = topology.hinges();
        const auto& colours = topology.hinge_colours();
        for (size_t c = 0; solves_hinges(options, step) && c + 1 < colours.size(); ++c) {
            const std::ptrdiff_t begin = colours[c], end = colours[c + 1];
            if (c == 63) {  // the spill colour: in order
                for (std::ptrdiff_t i = begin; i < end; ++i) solve_hinge(x, hinges[size_t(i)], bend_tilde);
                continue;
            }
#pragma omp parallel for schedule(static) if (end - begin > 1024)
            for (std::ptrdiff_t i = begin; i < end; ++i) solve_hinge(x, hinges[size_t(i)], bend_tilde);
        }
        solve_links(topology.stretch(), topology.stretch_colours(), stretch_tilde, compress_tilde);
        // A tether moves its particle only and reads its anchor, which no tether moves.
        const auto& tethers = topology.tethers();
        if (options.tethers) {
#pragma omp parallel for schedule(static) if (tethers.size() > 4096)
            for (std::ptrdiff_t t = 0; t < std::ptrdiff_t(tethers.size()); ++t) {
                const ClothTopology::Link& tether = tethers[size_t(t)];
                const glm::vec3 d = x[tether.a] - x[tether.b];
                const float len = glm::length(d);
                if (len > tether.length) x[tether.a] = x[tether.b] + d * (tether.length / len);
            }
        }
        // Last but the anchors: what the links leave of a side is not undone before the next substep.
        for (size_t c = 0; options.keep_sides && c + 1 < side_colours.size(); ++c) {
            const std::ptrdiff_t begin = side_colours[c], end = side_colours[c + 1];
            const auto solve = [&](std::ptrdiff_t i) {
                const ClothSide& side = sides[size_t(i)];
                solve_cloth_side(x, side, std::min(std::abs(side.gap), thickness), reach);
            };
            if (c == 63) {  // the spill colour: in order
                for (std::ptrdiff_t i = begin; i < end; ++i) solve(i);
                continue;
            }
#pragma omp parallel for schedule(static) if (end - begin > 1024)
            for (std::ptrdiff_t i = begin; i < end; ++i) solve(i);
        }
        for_each_particle([&](uint32_t i) {
            if (anchor[i] > 0.0f) x[i] += (start[i] - x[i]) / (1.0f + anchor_tilde / anchor[i]);
        });
    };
    // The start onto the constraints, positions only: skinning stretches and compresses the cloth
    // (strain p99 0.4 on the demo dress walking, 1.5 seated), and a correction made in a substep
    // becomes a speed: thin hem strips left at hundreds of metres per second before this.
    for (int it = 0; it < options.prestabilise; ++it) solve_cloth(it);
    for (int step = 0; step < substeps; ++step) {
        if (step % std::max(1, options.contact_refresh) == 0) {
            if (options.keep_sides && !sides.empty()) {
                follow_cloth_sides(x, topology.triangles(), sides);
                side_colours = colour_cloth_sides(sides, n);
            }
            // Independent per particle: the same answers on any number of threads.
#pragma omp parallel for schedule(dynamic, 256)
            for (std::ptrdiff_t k = 0; k < std::ptrdiff_t(particles.size()); ++k) {
                const uint32_t i = particles[size_t(k)];
                const ClothContact kind =
                    cloth_contact(x[i], body, input.layers, input.support, reach, support_reach, contact_point[i], contact_normal[i]);
                in_reach[i] = kind != kNoContact;
                clearance[i] = contact_clearance(kind, step, start[i], contact_point[i], contact_normal[i], thickness,
                                                 start_clearance[i]);
            }
        }
        for_each_particle([&](uint32_t i) {
            prev[i] = x[i];
            velocity[i] += gravity * dt;
            x[i] += velocity[i] * dt;
        });
        solve_cloth(step);
        for_each_particle([&](uint32_t i) {
            if (in_reach[i]) {
                const float depth = glm::dot(x[i] - contact_point[i], contact_normal[i]) - clearance[i];
                if (depth < 0.0f) {
                    x[i] -= depth * contact_normal[i];
                    const glm::vec3 moved = x[i] - prev[i];
                    const glm::vec3 slip = moved - glm::dot(moved, contact_normal[i]) * contact_normal[i];
                    x[i] -= options.friction * slip;
                }
            }
            velocity[i] = (x[i] - prev[i]) * ((1.0f - options.damping) / dt);
            const float speed = glm::length(velocity[i]);
            if (speed > max_speed) velocity[i] *= max_speed / speed;
        });
    }
    ClothResult result;
    for (uint32_t i : particles)
        result.contacts += in_reach[i] && glm::dot(x[i] - contact_point[i], contact_normal[i]) < 1.5f * std::max(clearance[i], 1e-4f * options.metre);
    for (size_t i = 0; i < n; ++i) x[i] = x[particle[i]];
    result.positions = std::move(x);
    return result;
}

float hinge_tilde(const ClothOptions& options) {
    // Solved every `bend_every` substeps, as steps of that length.
    const float dt = options.seconds / float(std::max(1, options.substeps));
    const float span = float(std::max(1, options.bend_every)) * dt;
    return options.bend_compliance / (span * span * options.metre * options.metre);
}

float support_contact_reach(const ClothOptions& options) {
    const float dt = options.seconds / float(std::max(1, options.substeps));
    return std::max(options.contact_reach_m * options.metre,
                    options.max_speed_m_s * options.metre * dt * float(std::max(1, options.contact_refresh)));
}

std::vector<glm::vec3> supported_start(const ClothInput& input) {
    std::vector<glm::vec3> start(input.start.begin(), input.start.end());
    if (input.support)
        for (glm::vec3& p : start) p = input.support->lifted(p);
    return start;
}

ClothContact cloth_contact(const glm::vec3& p, const SurfaceIndex& body, std::span<const SurfaceIndex* const> layers,
                           const std::optional<ClothSupport>& support, float reach, float support_reach, glm::vec3& point,
                           glm::vec3& normal) {
    const bool on_body = body.nearest(p, point, normal, reach);
    ClothContact kind = on_body ? kBodyContact : kNoContact;
    float ahead = on_body ? glm::dot(p - point, normal) : std::numeric_limits<float>::infinity();
    const glm::vec3 outward = normal;  // the body's, where it is within reach
    for (const SurfaceIndex* layer : layers) {
        glm::vec3 q, m;
        if (!layer->nearest(p, q, m, reach)) continue;
        if (on_body && glm::dot(m, outward) < 0.0f) m = -m;  // a facing turned under an edge faces the body
        const glm::vec3 d = p - q;
        const float along = glm::dot(d, m);
        if (glm::length(d - along * m) > 0.5f * std::abs(along) + 0.05f * reach) continue;  // beside its rim
        if (along >= ahead) continue;
        point = q;
        normal = m;
        ahead = along;
        kind = kLayerContact;
    }
    if (!support || !support->over(p)) return kind;
    const float above = p.y - support->top;
    if (above >= support_reach) return kind;
    if (above < 0.0f || kind == kNoContact || above < ahead) {
        point = glm::vec3(p.x, support->top, p.z);
        normal = glm::vec3(0.0f, 1.0f, 0.0f);
        return kSupportContact;
    }
    return kind;
}

namespace {

// The value at `quantile` (0..1) of non-empty `values`, reordering them: the one convention of the
// fit's strain measures.
double value_at_quantile(std::vector<float>& values, double quantile) {
    const size_t k = std::min(values.size() - 1, size_t(quantile * double(values.size())));
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(k), values.end());
    return double(values[k]);
}

}  // namespace

double strain_quantile(std::span<const glm::vec3> posed, const ClothTopology& topology, double quantile) {
    std::vector<float> strain;
    strain.reserve(topology.stretch().size());
    for (const auto& link : topology.stretch()) {
        if (link.length <= 0.0f || link.a >= posed.size() || link.b >= posed.size()) continue;
        strain.push_back(std::abs(glm::length(posed[link.b] - posed[link.a]) - link.length) / link.length);
    }
    if (strain.empty()) return 0.0;
    return value_at_quantile(strain, quantile);
}

std::optional<double> covered_edge_strain(std::span<const glm::vec3> rest, std::span<const glm::vec3> posed,
                                          std::span<const uint32_t> indices, std::span<const uint8_t> covered,
                                          double quantile) {
    assert(rest.size() == posed.size() && covered.size() == rest.size());
    std::vector<uint64_t> edges;  // (lower, higher) vertex, each edge once
    edges.reserve(indices.size());
    for (size_t t = 0; t + 2 < indices.size(); t += 3)
        for (int k = 0; k < 3; ++k) {
            const uint32_t a = indices[t + size_t(k)], b = indices[t + size_t((k + 1) % 3)];
            if (a == b || a >= rest.size() || b >= rest.size() || !covered[a] || !covered[b]) continue;
            edges.push_back((uint64_t(std::min(a, b)) << 32) | std::max(a, b));
        }
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    std::vector<float> strain;
    strain.reserve(edges.size());
    for (const uint64_t edge : edges) {
        const uint32_t a = uint32_t(edge >> 32), b = uint32_t(edge);
        const float length = glm::length(rest[b] - rest[a]);
        if (length > 0.0f) strain.push_back(std::abs(glm::length(posed[b] - posed[a]) - length) / length);
    }
    if (strain.empty()) return std::nullopt;
    return value_at_quantile(strain, quantile);
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

double creased_share(std::span<const glm::vec3> rest, std::span<const glm::vec3> after, std::span<const uint32_t> indices,
                     std::span<const uint32_t> particle, float threshold_rad) {
    assert(rest.size() == after.size() && particle.size() == rest.size());
    // Each edge (by particles, lower first) with the corner opposite it in its first two triangles.
    struct Edge {
        uint32_t a, b;       // vertices of the edge as the first triangle has them
        uint32_t left = 0, right = 0;
        int triangles = 0;
    };
    std::unordered_map<uint64_t, Edge> edges;
    edges.reserve(indices.size());
    for (size_t t = 0; t + 2 < indices.size(); t += 3)
        for (int k = 0; k < 3; ++k) {
            const uint32_t a = indices[t + size_t(k)], b = indices[t + size_t((k + 1) % 3)], c = indices[t + size_t((k + 2) % 3)];
            if (a >= rest.size() || b >= rest.size() || c >= rest.size()) continue;
            const uint32_t pa = particle[a], pb = particle[b];
            if (pa == pb) continue;
            const uint64_t key = (uint64_t(std::min(pa, pb)) << 32) | std::max(pa, pb);
            Edge& edge = edges[key];
            if (edge.triangles == 0) edge.a = a, edge.b = b, edge.left = c;
            else if (edge.triangles == 1) edge.right = c;
            ++edge.triangles;
        }
    size_t counted = 0, creased = 0;
    for (const auto& [key, edge] : edges) {
        if (edge.triangles != 2) continue;
        const auto before = hinge_angle(rest[edge.a], rest[edge.b], rest[edge.left], rest[edge.right]);
        const auto now = hinge_angle(after[edge.a], after[edge.b], after[edge.left], after[edge.right]);
        if (!before || !now) continue;
        ++counted;
        float change = std::abs(*now - *before);
        if (change > glm::pi<float>()) change = glm::two_pi<float>() - change;
        creased += change > threshold_rad;
    }
    return counted ? double(creased) / double(counted) : 0.0;
}

}  // namespace twinshoot::asset
