#include "scene/dressing.h"

#include <algorithm>
#include <cassert>

#include "asset/closed_shells.h"
#include "asset/garment_fit.h"
#include "asset/garment_refine.h"
#include "core/stopwatch.h"

namespace twinshoot::scene {
namespace {

// All skinned meshes of the twin merged into one surface (vertices skinned by `skin`).
asset::Mesh body_surface(const asset::Model& twin, std::span<const glm::mat4> skin) {
    asset::Mesh merged;
    std::vector<asset::Vertex> posed;
    for (const auto& mesh : twin.meshes) {
        if (!mesh.skinned()) continue;
        const uint32_t base = uint32_t(merged.vertices.size());
        if (skin.empty()) {
            posed = mesh.vertices;
        } else {
            asset::skin_vertices(mesh, skin, posed);
        }
        merged.vertices.insert(merged.vertices.end(), posed.begin(), posed.end());
        merged.skin.insert(merged.skin.end(), mesh.skin.begin(), mesh.skin.end());
        for (uint32_t i : mesh.indices) merged.indices.push_back(base + i);
    }
    return merged;
}

std::vector<glm::vec3> positions_of(std::span<const asset::Vertex> vertices) {
    std::vector<glm::vec3> out(vertices.size());
    for (size_t i = 0; i < vertices.size(); ++i) out[i] = vertices[i].position;
    return out;
}

double quantile(std::vector<float> values, double q) {
    if (values.empty()) return 0.0;
    const size_t k = std::min(values.size() - 1, size_t(q * double(values.size())));
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(k), values.end());
    return double(values[k]);
}

}  // namespace

Result<Dressing> Dressing::create(const asset::Model& twin, std::vector<DressedGarment> garments,
                                  const DressingOptions& options) {
    if (twin.skeleton.empty()) return make_error(ErrorCode::Invalid, twin.source + ": a twin must be rigged to wear garments");
    const auto rest_skin = twin.skeleton.rest_skin_matrices();
    const asset::Mesh body = body_surface(twin, rest_skin);
    if (body.vertices.empty()) return make_error(ErrorCode::Invalid, twin.source + ": the twin has no skinned mesh");
    // The body's closed pieces (several on game bodies like Xbot's plates and joint balls) depend
    // on its topology only: found once here, their overlap re-taken in each pose.
    auto pieces = std::make_shared<const std::vector<asset::ClosedShell>>(asset::closed_pieces(body.vertices, body.indices));
    const asset::SurfaceIndex rest_index({body.vertices, body.indices}, *pieces);
    for (auto& g : garments) {
        if (g.mesh.vertices.empty()) return make_error(ErrorCode::Invalid, "garment " + g.id + " has no vertices");
        // Edges that cut through this body between their vertices are split first (a coarse
        // garment over a bulging body), so that pushing vertices out takes the cloth out.
        g.mesh.skin.clear();
        asset::refine_where_cutting(g.mesh, rest_index, {.offset = options.offset_m * options.metre, .min_edge = 0.01f * options.metre});
        g.mesh.skin = asset::transfer_weights(body, body.vertices, g.mesh, uint32_t(twin.skeleton.joints.size()), g.drape);
    }
    std::stable_sort(garments.begin(), garments.end(), [](const auto& a, const auto& b) { return a.layer < b.layer; });
    Dressing d;
    d.m_twin = &twin;
    d.m_options = options;
    d.m_body_pieces = std::move(pieces);
    // Anchors: cloth that sits on the body in the draped rest shape (within 1 cm, fading out by
    // 2.5 cm) follows the skeleton there; the rest hangs.
    const float near = 0.010f * options.metre, far = 0.025f * options.metre;
    for (auto& g : garments) {
        // The rest shape made collision-free once: a garment modelled on a body whose hidden parts
        // were deleted (MakeHuman's do that) or carried over from another body sits partly inside
        // this one. Pushed out and, with the settle on, relaxed without gravity so the push leaves
        // no kinks; strain and anchors are measured against this shape in every pose.
        {
            const auto draped = positions_of(g.mesh.vertices);
            std::vector<asset::Vertex> resolved = g.mesh.vertices;
            const size_t moved = asset::resolve_penetration(resolved, rest_index, options.offset_m * options.metre).inside_before;
            if (options.settle) {
                const asset::ClothTopology draped_topology(draped, g.mesh.indices);
                asset::ClothOptions relax = options.cloth;
                relax.metre = options.metre;
                relax.gravity_scale = 0.0f;
                const auto start = positions_of(resolved);
                const auto settled = asset::settle_cloth({draped, start, g.mesh.indices, {}}, draped_topology, rest_index, relax);
                for (size_t v = 0; v < resolved.size(); ++v) resolved[v].position = settled.positions[v];
                asset::resolve_penetration(resolved, rest_index, options.offset_m * options.metre);
            }
            if (moved > 0 || options.settle) {  // else the authored shape and normals stay as they are
                for (size_t v = 0; v < resolved.size(); ++v) g.mesh.vertices[v].position = resolved[v].position;
                asset::recompute_normals(g.mesh);
            }
        }
        Cloth cloth;
        const auto rest = positions_of(g.mesh.vertices);
        cloth.topology = std::make_shared<const asset::ClothTopology>(rest, g.mesh.indices);
        cloth.anchor.resize(rest.size(), 0.0f);
#pragma omp parallel for schedule(dynamic, 256)
        for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(rest.size()); ++i) {
            glm::vec3 q, n;
            const glm::vec3& p = rest[size_t(i)];
            if (rest_index.nearest(p, q, n, far)) cloth.anchor[size_t(i)] = std::clamp((far - glm::length(p - q)) / (far - near), 0.0f, 1.0f);
        }
        d.m_cloth.push_back(std::move(cloth));
    }
    if (options.hide_covered_body) {
        std::vector<asset::Surface> cloth;
        for (const auto& g : garments) cloth.push_back({g.mesh.vertices, g.mesh.indices});
        asset::BodyCoverOptions cover;
        cover.reach *= options.metre;
        cover.margin *= options.metre;
        cover.touching *= options.metre;
        const std::vector<uint8_t> hidden = asset::covered_body_vertices({body.vertices, body.indices}, cloth, cover);
        d.m_body_shown.resize(twin.meshes.size());
        size_t base = 0;  // body_surface's order: the skinned meshes, one after the other
        for (size_t m = 0; m < twin.meshes.size(); ++m) {
            const asset::Mesh& mesh = twin.meshes[m];
            if (!mesh.skinned()) continue;
            std::vector<uint32_t> shown =
                asset::shown_triangles(mesh.indices, std::span(hidden).subspan(base, mesh.vertices.size()));
            base += mesh.vertices.size();
            if (shown.empty() || shown.size() == mesh.indices.size()) continue;
            d.m_body_hidden += (mesh.indices.size() - shown.size()) / 3;
            d.m_body_shown[m] = std::make_shared<const std::vector<uint32_t>>(std::move(shown));
        }
    }
    d.m_garments = std::move(garments);
    return d;
}

PosedDressing Dressing::pose(std::span<const glm::mat4> skin_matrices, FitMeasures measures) const {
    const bool measure = measures == FitMeasures::Compute;
    PosedDressing out;
    out.garments.reserve(m_garments.size());  // resolved[] views them: no reallocation
    const float offset = m_options.offset_m * m_options.metre;
    const asset::Mesh body = body_surface(*m_twin, skin_matrices);
    assert(m_body_pieces && "pose() of a Dressing made by create()");
    const asset::SurfaceIndex body_index({body.vertices, body.indices}, *m_body_pieces);
    std::vector<asset::SurfaceIndex> resolved;  // the garments already placed, for the layers above
    for (size_t i = 0; i < m_garments.size(); ++i) {
        const DressedGarment& g = m_garments[i];
        const Cloth& cloth = m_cloth[i];
        std::vector<asset::Vertex> posed;
        asset::skin_vertices(g.mesh, skin_matrices, posed);
        GarmentFitReport r{g.id, posed.size()};
        const asset::PenetrationResult first = asset::resolve_penetration(posed, body_index, offset);
        bool changed = first.inside_after > 0;  // since every vertex was last found outside the body
        const std::vector<glm::vec3> skinned = m_options.settle || measure ? positions_of(posed) : std::vector<glm::vec3>{};
        if (m_options.settle) {
            changed = true;
            Stopwatch timer;
            const auto rest = positions_of(g.mesh.vertices);
            asset::ClothOptions cloth_options = m_options.cloth;
            cloth_options.metre = m_options.metre;
            const asset::ClothResult settled =
                asset::settle_cloth({rest, skinned, g.mesh.indices, cloth.anchor}, *cloth.topology, body_index, cloth_options);
            for (size_t v = 0; v < posed.size(); ++v) posed[v].position = settled.positions[v];
            r.settle_ms = timer.ms();
        }
        // Out of the garments under it (already placed, themselves outside the body), then the body
        // once more: a push off an inner sheet's rim can aim back inside.
        for (size_t k = 0; k < i; ++k)
            if (m_garments[k].layer < g.layer)
                changed |= asset::resolve_penetration(posed, resolved[k], offset, 0.015f * m_options.metre).inside_before > 0;
        if (changed) asset::resolve_penetration(posed, body_index, offset);  // else it would find nothing
        if (measure) {
            const size_t after = asset::count_inside(posed, body_index);
            r.inside_before = double(first.inside_before) / double(std::max<size_t>(1, posed.size()));
            r.inside_after = double(after) / double(std::max<size_t>(1, posed.size()));
            const std::vector<glm::vec3> final_positions = positions_of(posed);
            r.strain_p99 = asset::strain_quantile(final_positions, *cloth.topology, 0.99);
            r.flipped_triangles = asset::flipped_triangles(skinned, final_positions, g.mesh.indices);
            std::vector<float> gaps(posed.size());
#pragma omp parallel for schedule(dynamic, 256)
            for (std::ptrdiff_t v = 0; v < std::ptrdiff_t(posed.size()); ++v) {
                glm::vec3 q, n;
                const glm::vec3& p = posed[size_t(v)].position;
                gaps[size_t(v)] = body_index.nearest(p, q, n, m_options.metre) ? glm::length(p - q) / m_options.metre : 1.0f;
            }
            r.gap_p95_m = quantile(std::move(gaps), 0.95);
            out.report.push_back(r);
        }
        asset::Mesh mesh;
        mesh.name = g.id;
        mesh.vertices = std::move(posed);
        mesh.indices = g.mesh.indices;
        mesh.has_uvs = g.mesh.has_uvs;
        if (m_options.settle) asset::recompute_normals(mesh);
        out.garments.push_back(std::move(mesh));
        // A sheet for the layers above (within 1.5 cm of it): no closed pieces looked for.
        resolved.emplace_back(asset::Surface{out.garments.back().vertices, out.garments.back().indices},
                              std::span<const asset::ClosedShell>{});
    }
    return out;
}

}  // namespace twinshoot::scene
