#include "scene/dressing.h"

#include <algorithm>

#include "asset/garment_fit.h"

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

}  // namespace

Result<Dressing> Dressing::create(const asset::Model& twin, std::vector<DressedGarment> garments) {
    if (twin.skeleton.empty()) return make_error(ErrorCode::Invalid, twin.source + ": a twin must be rigged to wear garments");
    const auto rest_skin = twin.skeleton.rest_skin_matrices();
    const asset::Mesh body = body_surface(twin, rest_skin);
    if (body.vertices.empty()) return make_error(ErrorCode::Invalid, twin.source + ": the twin has no skinned mesh");
    for (auto& g : garments) {
        if (g.mesh.vertices.empty()) return make_error(ErrorCode::Invalid, "garment " + g.id + " has no vertices");
        g.mesh.skin = asset::transfer_weights(body, body.vertices, g.mesh, uint32_t(twin.skeleton.joints.size()));
    }
    std::stable_sort(garments.begin(), garments.end(), [](const auto& a, const auto& b) { return a.layer < b.layer; });
    Dressing d;
    d.m_twin = &twin;
    d.m_garments = std::move(garments);
    return d;
}

PosedDressing Dressing::pose(std::span<const glm::mat4> skin_matrices, float offset) const {
    PosedDressing out;
    out.garments.reserve(m_garments.size());  // resolved[] views them: no reallocation
    const asset::Mesh body = body_surface(*m_twin, skin_matrices);
    const asset::SurfaceIndex body_index({body.vertices, body.indices});
    std::vector<asset::SurfaceIndex> resolved;  // the garments already placed, for the layers above
    for (size_t i = 0; i < m_garments.size(); ++i) {
        const DressedGarment& g = m_garments[i];
        std::vector<asset::Vertex> posed;
        asset::skin_vertices(g.mesh, skin_matrices, posed);
        GarmentFitReport r{g.id, posed.size(), 0.0, 0.0};
        const size_t before = asset::count_inside(posed, body_index);
        // Out of the body, then out of the garments under it (already resolved, themselves outside
        // the body), then the body once more: a push off an inner sheet's rim can aim back inside.
        asset::resolve_penetration(posed, body_index, offset);
        for (size_t k = 0; k < i; ++k)
            if (m_garments[k].layer < g.layer) asset::resolve_penetration(posed, resolved[k], offset, 0.015f);
        asset::resolve_penetration(posed, body_index, offset);
        const size_t after = asset::count_inside(posed, body_index);
        r.inside_before = double(before) / double(std::max<size_t>(1, posed.size()));
        r.inside_after = double(after) / double(std::max<size_t>(1, posed.size()));
        asset::Mesh mesh;
        mesh.name = g.id;
        mesh.vertices = std::move(posed);
        mesh.indices = g.mesh.indices;
        mesh.has_uvs = g.mesh.has_uvs;
        out.garments.push_back(std::move(mesh));
        resolved.emplace_back(asset::Surface{out.garments.back().vertices, out.garments.back().indices});
        out.report.push_back(r);
    }
    return out;
}

}  // namespace twinshoot::scene
