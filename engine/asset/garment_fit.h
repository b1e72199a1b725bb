// Garment fitting: binding a garment draped on a twin (in the twin's rest pose) to the twin's
// skeleton, and keeping it outside the body once posed.
//
// transfer_weights: each garment vertex takes the skin of the closest point on the body surface
// (barycentric blend of that triangle's three vertex skins). On a garment that hangs free of the
// legs (Drape::HangsFree: dresses, skirts, coats), loose fabric, more than kLooseFrom of the body's
// height off the skin, takes instead the mean skin of the body vertices within
// kLooseReach times its extra gap beyond its nearest point (weighted (1 - t)^2 by distance), so a
// skirt between the legs follows both thighs and the hips rather than tearing between them. Then
// weights are smoothed over the garment's own edges, co-located vertices (UV seams, hem strips)
// counting as one so they never part when posed; the four heaviest are kept.
// resolve_penetration: each garment vertex found inside a closed surface (behind it, along the
// surface's interpolated normal at the closest point) is moved out to `offset` in front of it.
// Units are the model's (metres for the demo twins).
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "asset/closed_shells.h"
#include "asset/closest_point.h"
#include "asset/drape.h"
#include "asset/model.h"

namespace twinshoot::asset {

// Per vertex, the other ends of its triangle edges (an edge shared by two triangles twice).
std::vector<std::vector<uint32_t>> edge_neighbours(size_t vertex_count, std::span<const uint32_t> indices);
// `values` holds `channels` floats per vertex; each pass moves every vertex halfway to the mean of
// its neighbours'.
void smooth_over_edges(std::vector<float>& values, size_t channels, const std::vector<std::vector<uint32_t>>& neighbours,
                       int passes);

// Vertices at one position (split for UVs, normals or a hem's edge strip) stand for one point of the
// cloth: per vertex, the first vertex at its position — its exact position when `grid` is 0, else
// the same point of a grid of that step (in the positions' units), for exporters that write a
// seam's or a pole's copies with rounding differences (sin 2π is not 0 in floats).
std::vector<uint32_t> colocated_representatives(std::span<const Vertex> vertices, float grid = 0.0f);
std::vector<uint32_t> colocated_representatives(std::span<const glm::vec3> positions, float grid = 0.0f);
// Triangle indices with every vertex replaced by its representative: the cloth's own connectivity,
// across UV seams and hem strips.
std::vector<uint32_t> welded_indices(std::span<const uint32_t> indices, std::span<const uint32_t> representatives);

inline constexpr float kLooseFrom = 0.0085f;  // share of body height: 1.5 cm on a 1.76 m body
inline constexpr float kLooseReach = 1.5f;
inline constexpr int kWeightSmoothing = 6;  // passes of smooth_over_edges on transferred weights

struct Surface {  // a posed closed surface: the body, or an inner garment
    std::span<const Vertex> vertices;
    std::span<const uint32_t> indices;
};

class SurfaceIndex;

// `body` is the twin's rest surface, indexed (scene::TwinBody keeps one per twin, so binding a
// garment builds none); `body_skin` holds one skin per vertex of that surface. `level` > 1 flattens
// the loose blend's neighbourhood along y by that factor (distances along y count `level` times):
// loose fabric then takes the skin at its own height — a skirt's front the thighs it hangs in front
// of, along their length, rather than the hips above — which is how a skirt follows seated thighs
// (scene/seat.h). 1: the neighbourhood is a ball.
std::vector<VertexSkin> transfer_weights(const SurfaceIndex& body, std::span<const VertexSkin> body_skin,
                                         const Mesh& garment, uint32_t joint_count, Drape drape = Drape::FollowsBody,
                                         int smoothing_iterations = kWeightSmoothing, float level = 1.0f);
// The same on a body not yet indexed: `body_rest` are its rest positions, `body` gives its triangles
// and skins (an index of it is built and dropped).
std::vector<VertexSkin> transfer_weights(const Mesh& body, std::span<const Vertex> body_rest, const Mesh& garment,
                                         uint32_t joint_count, Drape drape = Drape::FollowsBody,
                                         int smoothing_iterations = kWeightSmoothing);

// A surface with its closest-point index, built once and queried by many garments.
class SurfaceIndex {
public:
    // Finds the surface's own closed pieces (closed_shells.h): for a surface indexed once.
    explicit SurfaceIndex(const Surface& surface);
    // For a surface posed many times: `pieces` are closed_pieces() of its triangle list, found once
    // (on the rest pose); their overlap is taken from this pose. Empty: no pieces (a garment sheet).
    SurfaceIndex(const Surface& surface, std::span<const ClosedShell> pieces);
    ~SurfaceIndex();
    SurfaceIndex(SurfaceIndex&&) noexcept;
    // Whether p lies behind the surface (within max_distance of it); the closest point and the
    // surface's interpolated normal there. A surface of closed shells that pass through one
    // another (closed_shells.h) is their union: p inside any shell is behind it, and the point
    // returned is the nearest way out of a shell that does not lead into another, when there is
    // one (else the nearest: push-out then takes several passes).
    bool behind(const glm::vec3& p, glm::vec3& point, glm::vec3& normal, float max_distance = 1e30f) const;
    // The closest point and the normal there, when one lies within max_distance.
    bool nearest(const glm::vec3& p, glm::vec3& point, glm::vec3& normal, float max_distance = 1e30f) const;
    // The closest point of the whole surface (ClosestPointIndex::closest's contract).
    ClosestHit closest(const glm::vec3& p, float max_distance = 1e30f) const;
    // The first triangle the ray meets (ClosestPointIndex::first_hit's contract).
    ClosestHit first_hit(const glm::vec3& origin, const glm::vec3& direction, float t_near, float t_far) const;
    // Whether p lies inside the surface (behind() without the way out: cheaper).
    bool inside(const glm::vec3& p) const { return inside_a_shell(p); }
    // Whether the surface is closed pieces that overlap one another (closed_shells.h).
    bool has_overlapping_shells() const;
    const Surface& surface() const { return m_surface; }  // the spans it was built on

private:
    glm::vec3 normal_at(uint32_t triangle, const glm::vec3& barycentric) const;
    bool inside_a_shell(const glm::vec3& p) const;
    // The nearest way out of the union of overlapping shells from p inside it, along `first` and
    // 26 directions about p; false when none leads out within a quarter of the surface's size.
    bool traced_exit(const glm::vec3& p, std::span<const glm::vec3> first, glm::vec3& point, glm::vec3& normal) const;

    Surface m_surface;
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// The number of `points` inside `surface`.
size_t count_inside(std::span<const Vertex> points, const SurfaceIndex& surface);

struct PenetrationResult {
    size_t inside_before = 0;
    size_t inside_after = 0;
};

// `max_distance`: only points within it of the surface are tested — for open sheets (an inner
// garment), whose "behind" means nothing far from the sheet. Unlimited for a closed body.
// Up to `passes` rounds: a point pushed out of one part can land inside another (a thigh against
// the belly when seated; a knee ball's surface inside a leg plate). Each round after the first
// tests only the points the round before moved, so extra rounds cost little.
PenetrationResult resolve_penetration(std::vector<Vertex>& garment, const SurfaceIndex& surface, float offset,
                                      float max_distance = 1e30f, int passes = 8);

}  // namespace twinshoot::asset
