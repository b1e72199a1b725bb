// VoxelBody: a body as solid voxels (surface and interior), and geodesic distances through it.
//
// The surface is rasterised from the triangles, closed by one voxel (small holes in scans), the
// outside flooded from the grid's border, and what the flood did not reach is solid. Only the
// largest 26-connected part is kept; the others are counted (several people in one scan).
// Distances run through solid voxels only (26 neighbours, Euclidean steps), so they go round
// gaps — an arm hanging beside a thigh is far from it — which is what makes skin weights and
// limb tracing follow the volume. Units are those of the mesh (metres once normalised).
#pragma once

#include <glm/glm.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "core/result.h"
#include "geometry/body_mesh.h"

namespace twinshoot::geometry {

struct VoxelBody {
    glm::vec3 origin{0.0f};  // centre of voxel (0, 0, 0)
    float cell = 0.0f;       // edge length
    glm::ivec3 dims{0};
    std::vector<uint8_t> solid;      // 1 = body
    size_t solid_count = 0;
    size_t dropped_voxels = 0;       // solid voxels of parts not connected to the largest
    size_t largest_dropped_part = 0; // the biggest of those parts, in voxels

    size_t index(const glm::ivec3& c) const { return (size_t(c.z) * size_t(dims.y) + size_t(c.y)) * size_t(dims.x) + size_t(c.x); }
    glm::ivec3 coord(size_t i) const {
        return {int(i % size_t(dims.x)), int((i / size_t(dims.x)) % size_t(dims.y)), int(i / (size_t(dims.x) * size_t(dims.y)))};
    }
    bool in_grid(const glm::ivec3& c) const {
        return c.x >= 0 && c.y >= 0 && c.z >= 0 && c.x < dims.x && c.y < dims.y && c.z < dims.z;
    }
    bool is_solid(const glm::ivec3& c) const { return in_grid(c) && solid[index(c)]; }
    glm::vec3 centre(const glm::ivec3& c) const { return origin + glm::vec3(c) * cell; }
    glm::ivec3 cell_of(const glm::vec3& p) const { return glm::ivec3(glm::floor((p - origin) / cell + 0.5f)); }
    // The solid voxel nearest to p within `radius` voxels, or -1.
    std::ptrdiff_t nearest_solid(const glm::vec3& p, int radius) const;
};

// Fails when the grid would exceed `max_voxels` or nothing is solid.
Result<VoxelBody> voxelize(const BodyMesh& mesh, float cell, size_t max_voxels);

inline constexpr float kUnreached = std::numeric_limits<float>::infinity();

// Geodesic distance from the nearest source to every solid voxel, up to `max_distance` (beyond:
// kUnreached). `parent`, when given, receives each reached voxel's predecessor (-1 at sources).
std::vector<float> geodesic_distances(const VoxelBody& body, std::span<const size_t> sources, float max_distance,
                                      std::vector<int64_t>* parent = nullptr);

}  // namespace twinshoot::geometry
