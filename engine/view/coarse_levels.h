// CoarseLevels: the coarse level of detail of each mesh a renderer uploads, made once per mesh.
//
// A renderer that draws views while they move (the editor's dragged viewport) draws each mesh's
// coarse level (asset/level_of_detail.h) instead of all its triangles. The same meshes come back
// with every restaged shot (the twin's avatar in each pose, a garment fitted once per pose), so the
// levels are kept by the mesh's content (a 64-bit hash of its vertices and triangles, checked
// against its vertex and index counts) and a mesh seen before costs a hash, not a simplification.
// Studio backdrops are never simplified (a few hundred triangles).
//
// Keeps at most `capacity` meshes' levels, the least recently used dropped first. The meshes of one
// model missing are simplified in parallel (OpenMP). Not thread-safe: one per renderer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <vector>

#include "asset/level_of_detail.h"
#include "asset/model.h"

namespace twinshoot::view {

class CoarseLevels {
public:
    explicit CoarseLevels(const asset::CoarseOptions& options, size_t capacity = 48)
        : m_options(options), m_capacity(capacity) {}

    // One triangle list per mesh of `model` (empty: none, draw its own), indexing that mesh's vertices.
    std::vector<std::vector<uint32_t>> levels(const asset::Model& model);

    const asset::CoarseOptions& options() const { return m_options; }
    size_t made() const { return m_made; }  // simplifications run (for tests: a mesh seen again is not)

private:
    struct Entry {
        uint64_t hash = 0;
        size_t vertices = 0, indices = 0;
        std::vector<uint32_t> level;
    };
    const Entry* find(uint64_t hash, const asset::Mesh& mesh);  // and marks it most recently used

    asset::CoarseOptions m_options;
    size_t m_capacity;
    size_t m_made = 0;
    std::list<Entry> m_entries;  // most recently used first
};

}  // namespace twinshoot::view
