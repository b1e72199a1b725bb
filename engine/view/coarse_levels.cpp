#include "view/coarse_levels.h"

#include <functional>
#include <new>
#include <string_view>

namespace twinshoot::view {
namespace {

uint64_t content_hash(const asset::Mesh& mesh) {
    // asset::Vertex is tightly packed (asserted in model.h): its bytes are its value.
    const std::hash<std::string_view> hash;
    const uint64_t a = hash({reinterpret_cast<const char*>(mesh.vertices.data()), mesh.vertices.size() * sizeof(asset::Vertex)});
    const uint64_t b = hash({reinterpret_cast<const char*>(mesh.indices.data()), mesh.indices.size() * sizeof(uint32_t)});
    return a ^ (b + 0x9e3779b97f4a7c15ull + (a << 6) + (a >> 2));
}

}  // namespace

const CoarseLevels::Entry* CoarseLevels::find(uint64_t hash, const asset::Mesh& mesh) {
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it)
        if (it->hash == hash && it->vertices == mesh.vertices.size() && it->indices == mesh.indices.size()) {
            m_entries.splice(m_entries.begin(), m_entries, it);
            return &m_entries.front();
        }
    return nullptr;
}

std::vector<std::vector<uint32_t>> CoarseLevels::levels(const asset::Model& model) {
    std::vector<std::vector<uint32_t>> out(model.meshes.size());
    std::vector<uint64_t> hashes(model.meshes.size());
    std::vector<size_t> missing;  // meshes to simplify
    for (size_t i = 0; i < model.meshes.size(); ++i) {
        const asset::Mesh& mesh = model.meshes[i];
        const bool backdrop = mesh.material < model.materials.size() && model.materials[mesh.material].backdrop;
        if (backdrop || mesh.indices.size() / 3 < m_options.min_triangles) continue;
        hashes[i] = content_hash(mesh);
        if (const Entry* kept = find(hashes[i], mesh)) out[i] = kept->level;
        else missing.push_back(i);
    }
    // A shot's twin and garments are simplified side by side (a twin's avatar: ~25 ms on one core of
    // a 2-core machine, each garment 2-25 ms).
#pragma omp parallel for schedule(dynamic)
    for (size_t k = 0; k < missing.size(); ++k) {
        const asset::Mesh& mesh = model.meshes[missing[k]];
        try {  // an exception may not leave an OpenMP region: out of memory, the mesh draws whole
            out[missing[k]] = asset::coarse_level(mesh.vertices, mesh.indices, m_options).indices;
        } catch (const std::bad_alloc&) {
            out[missing[k]].clear();
        }
    }
    for (const size_t i : missing) {
        ++m_made;
        m_entries.push_front({hashes[i], model.meshes[i].vertices.size(), model.meshes[i].indices.size(), out[i]});
        if (m_entries.size() > m_capacity) m_entries.pop_back();
    }
    return out;
}

}  // namespace twinshoot::view
