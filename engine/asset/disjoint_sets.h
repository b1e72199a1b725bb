// Disjoint sets (union–find with path halving) over the numbers 0..n-1: connected pieces of a mesh
// (closed_shells.h), patches of uncovered skin (body_cover.h). Roots depend on the order of
// unite() calls; callers use them only as names of sets.
#pragma once

#include <cstdint>
#include <numeric>
#include <vector>

namespace twinshoot::asset {

class DisjointSets {
public:
    explicit DisjointSets(size_t n) : m_parent(n) { std::iota(m_parent.begin(), m_parent.end(), 0u); }
    uint32_t find(uint32_t x) {
        while (m_parent[x] != x) x = m_parent[x] = m_parent[m_parent[x]];
        return x;
    }
    void unite(uint32_t a, uint32_t b) { m_parent[find(a)] = find(b); }

private:
    std::vector<uint32_t> m_parent;
};

}  // namespace twinshoot::asset
