#include "asset/poke_through.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "asset/closest_point.h"

namespace twinshoot::asset {
namespace {

struct Poke {
    uint32_t triangle = UINT32_MAX;  // none
    glm::vec3 push{0.0f};
};

// The body vertices through the cloth, each with the triangle it is through and the push that
// takes the triangle to `offset` in front of it. In body vertex order whatever the threads.
std::vector<Poke> find_pokes(std::span<const Vertex> garment, std::span<const uint32_t> indices, const Surface& body,
                             std::span<const uint8_t> skip, float offset, float reach, const PokePermit& permit) {
    std::vector<glm::vec3> positions(garment.size());
    Aabb box;
    for (size_t v = 0; v < garment.size(); ++v) box.extend(positions[v] = garment[v].position);
    const ClosestPointIndex index(positions, indices);
    std::vector<Poke> pokes(body.vertices.size());
    const std::ptrdiff_t n = std::ptrdiff_t(body.vertices.size());
#pragma omp parallel for schedule(dynamic, 512)
    for (std::ptrdiff_t i = 0; i < n; ++i) {
        if (!skip.empty() && skip[size_t(i)]) continue;
        const Vertex& b = body.vertices[size_t(i)];
        if (glm::any(glm::lessThan(b.position, box.min - reach)) || glm::any(glm::greaterThan(b.position, box.max + reach))) continue;
        const float length = glm::length(b.normal);
        if (!(length > 0.5f && length < 2.0f)) continue;
        const glm::vec3 normal = b.normal / length;
        const ClosestHit hit = index.closest(b.position, reach);
        if (!(hit.distance <= reach)) continue;
        // Over the face (not beside an edge or a corner: a hem's rim is no sheet to be through).
        if (std::min({hit.barycentric.x, hit.barycentric.y, hit.barycentric.z}) < 1e-3f) continue;
        const uint32_t* tri = &indices[size_t(hit.triangle) * 3];
        const glm::vec3 face = glm::cross(positions[tri[1]] - positions[tri[0]], positions[tri[2]] - positions[tri[0]]);
        const float face_length = glm::length(face);
        if (!(face_length > 0.0f) || std::abs(glm::dot(face / face_length, normal)) < 0.5f) continue;  // edge-on
        const float ahead = glm::dot(hit.point - b.position, normal);  // the cloth's height over the skin
        if (ahead >= 0.0f) continue;
        if (permit && !permit(uint32_t(i), tri[0]) && !permit(uint32_t(i), tri[1]) && !permit(uint32_t(i), tri[2])) continue;
        pokes[size_t(i)] = {hit.triangle, normal * (offset - ahead)};
    }
    return pokes;
}

}  // namespace

PokeThroughResult push_cloth_off_body(std::vector<Vertex>& garment, std::span<const uint32_t> indices,
                                      std::span<const uint32_t> particle, const Surface& body, std::span<const uint8_t> skip,
                                      float offset, float reach, int rounds, const PokePermit& permit) {
    assert(particle.size() == garment.size() && (skip.empty() || skip.size() == body.vertices.size()));
    PokeThroughResult result;
    if (garment.empty() || indices.size() < 3) return result;
    std::vector<glm::vec3> push(garment.size());
    for (int round = 0; round <= rounds; ++round) {
        const std::vector<Poke> pokes = find_pokes(garment, indices, body, skip, offset, reach, permit);
        size_t found = 0;
        std::fill(push.begin(), push.end(), glm::vec3(0.0f));
        for (const Poke& poke : pokes) {  // per particle, the longest push of the triangles it is a corner of
            if (poke.triangle == UINT32_MAX) continue;
            ++found;
            for (size_t k = 0; k < 3; ++k) {
                glm::vec3& p = push[particle[indices[size_t(poke.triangle) * 3 + k]]];
                if (glm::dot(poke.push, poke.push) > glm::dot(p, p)) p = poke.push;
            }
        }
        if (round == 0) result.found_first = found;
        result.found_last = found;
        if (found == 0 || round == rounds) break;
        for (size_t v = 0; v < garment.size(); ++v) garment[v].position += push[particle[v]];
    }
    return result;
}

}  // namespace twinshoot::asset
