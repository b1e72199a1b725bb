#include "asset/closest_point.h"

#include <embree3/rtcore.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace twinshoot::asset {

glm::vec3 closest_on_triangle(const glm::vec3& p, const glm::vec3& a, const glm::vec3& b, const glm::vec3& c,
                              glm::vec3& bary) {
    const glm::vec3 ab = b - a, ac = c - a, ap = p - a;
    const float d1 = glm::dot(ab, ap), d2 = glm::dot(ac, ap);
    if (d1 <= 0 && d2 <= 0) return bary = {1, 0, 0}, a;
    const glm::vec3 bp = p - b;
    const float d3 = glm::dot(ab, bp), d4 = glm::dot(ac, bp);
    if (d3 >= 0 && d4 <= d3) return bary = {0, 1, 0}, b;
    const float vc = d1 * d4 - d3 * d2;
    if (vc <= 0 && d1 >= 0 && d3 <= 0) {
        const float v = d1 / (d1 - d3);
        return bary = {1 - v, v, 0}, a + v * ab;
    }
    const glm::vec3 cp = p - c;
    const float d5 = glm::dot(ab, cp), d6 = glm::dot(ac, cp);
    if (d6 >= 0 && d5 <= d6) return bary = {0, 0, 1}, c;
    const float vb = d5 * d2 - d1 * d6;
    if (vb <= 0 && d2 >= 0 && d6 <= 0) {
        const float w = d2 / (d2 - d6);
        return bary = {1 - w, 0, w}, a + w * ac;
    }
    const float va = d3 * d6 - d5 * d4;
    if (va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0) {
        const float w = (d4 - d3) / ((d4 - d3) + (d5 - d6));
        return bary = {0, 1 - w, w}, b + w * (c - b);
    }
    const float denom = 1.0f / (va + vb + vc);
    const float v = vb * denom, w = vc * denom;
    return bary = {1 - v - w, v, w}, a + ab * v + ac * w;
}

namespace {

// One Embree device for the process, made on first use and never released (it outlives every
// index). `threads=1`: a build runs on the thread that makes the index, queries on their callers'
// threads. Debian's Embree schedules with TBB, where this sets TBB's process-wide parallelism to
// one thread: nothing else in TwinShoot uses TBB (its loops are OpenMP).
RTCDevice shared_device() {
    static const RTCDevice device = rtcNewDevice("threads=1,verbose=0");
    return device;
}

// Embree's rule for primitives it leaves out of its tree (a corner not a number, or too large).
bool valid_corner(const glm::vec3& p) {
    constexpr float kLarge = 1.844e18f;
    return p.x > -kLarge && p.x < kLarge && p.y > -kLarge && p.y < kLarge && p.z > -kLarge && p.z < kLarge;
}

struct Found {
    const glm::vec3* corners;
    ClosestHit best;
};

// Embree calls this for each triangle of each leaf its traversal reaches. A closer point shrinks
// the query's sphere (returning true says so), with a little slack so that a box holding a
// triangle at exactly the best distance is not culled by rounding: ties go to the lowest triangle
// number whatever order the tree gives.
bool visit_triangle(RTCPointQueryFunctionArguments* args) {
    auto* found = static_cast<Found*>(args->userPtr);
    const glm::vec3 p(args->query->x, args->query->y, args->query->z);
    const glm::vec3* c = found->corners + size_t(args->primID) * 3;
    glm::vec3 bary;
    const glm::vec3 q = closest_on_triangle(p, c[0], c[1], c[2], bary);
    const float d = glm::length(p - q);
    const bool closer = d < found->best.distance || (d == found->best.distance && args->primID < found->best.triangle);
    if (!closer || !(d <= args->query->radius)) return false;
    found->best = {args->primID, bary, q, d};
    args->query->radius = std::min(args->query->radius, d * (1.0f + 1e-6f) + 1e-30f);
    return true;
}

}  // namespace

struct ClosestPointIndex::Scene {
    RTCScene scene = nullptr;
    ~Scene() {
        if (scene) rtcReleaseScene(scene);
    }
};

ClosestPointIndex::ClosestPointIndex(std::span<const glm::vec3> positions, std::span<const uint32_t> indices, Search search) {
    const size_t triangles = positions.empty() ? 0 : indices.size() / 3;
    assert(triangles < (size_t(1) << 32) && positions.size() < (size_t(1) << 32));
    m_corners.resize(triangles * 3);
    for (size_t i = 0; i < triangles * 3; ++i) {
        assert(indices[i] < positions.size());
        m_corners[i] = positions[indices[i]];
    }
    if (triangles == 0 || search == Search::EveryTriangle) return;
    const RTCDevice device = shared_device();
    if (!device) return;  // every triangle tested
    rtcGetDeviceError(device);  // an earlier failure on this thread must not read as this build's
    auto scene = std::make_unique<Scene>();
    scene->scene = rtcNewScene(device);
    RTCGeometry geometry = rtcNewGeometry(device, RTC_GEOMETRY_TYPE_TRIANGLE);
    if (!scene->scene || !geometry) {
        if (geometry) rtcReleaseGeometry(geometry);
        rtcGetDeviceError(device);
        return;
    }
    rtcSetSceneBuildQuality(scene->scene, RTC_BUILD_QUALITY_MEDIUM);
    rtcSetSceneFlags(scene->scene, RTC_SCENE_FLAG_ROBUST);  // rays (first_hit) do not slip between triangles
    auto* vertices = static_cast<float*>(rtcSetNewGeometryBuffer(geometry, RTC_BUFFER_TYPE_VERTEX, 0, RTC_FORMAT_FLOAT3,
                                                                 3 * sizeof(float), positions.size()));
    auto* triangle_indices = static_cast<unsigned*>(rtcSetNewGeometryBuffer(geometry, RTC_BUFFER_TYPE_INDEX, 0, RTC_FORMAT_UINT3,
                                                                            3 * sizeof(unsigned), triangles));
    if (vertices && triangle_indices) {
        for (size_t v = 0; v < positions.size(); ++v)
            vertices[v * 3] = positions[v].x, vertices[v * 3 + 1] = positions[v].y, vertices[v * 3 + 2] = positions[v].z;
        for (size_t i = 0; i < triangles * 3; ++i) triangle_indices[i] = indices[i];
        rtcCommitGeometry(geometry);
        rtcAttachGeometry(scene->scene, geometry);
        rtcCommitScene(scene->scene);
    }
    rtcReleaseGeometry(geometry);  // the scene holds it
    const bool built = rtcGetDeviceError(device) == RTC_ERROR_NONE;  // read (and so cleared) in every case
    if (vertices && triangle_indices && built) m_scene = std::move(scene);
}

ClosestPointIndex::~ClosestPointIndex() = default;
ClosestPointIndex::ClosestPointIndex(ClosestPointIndex&&) noexcept = default;
ClosestPointIndex& ClosestPointIndex::operator=(ClosestPointIndex&&) noexcept = default;

ClosestHit ClosestPointIndex::closest(const glm::vec3& p, float max_distance) const {
    Found found{m_corners.data(), {}};
    found.best.distance = std::numeric_limits<float>::infinity();  // none found (yet)
    if (!std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(p.z) || !(max_distance >= 0.0f)) return found.best;
    RTCPointQuery query{p.x, p.y, p.z, 0.0f, std::min(max_distance, 1e30f)};
    if (!m_scene) {  // no tree: every triangle Embree would have kept, in order
        RTCPointQueryFunctionArguments args{};
        args.query = &query;
        args.userPtr = &found;
        for (uint32_t t = 0; t < uint32_t(triangles()); ++t) {
            const glm::vec3* c = &m_corners[size_t(t) * 3];
            if (!valid_corner(c[0]) || !valid_corner(c[1]) || !valid_corner(c[2])) continue;
            args.primID = t;
            visit_triangle(&args);
        }
        return found.best;
    }
    RTCPointQueryContext context;
    rtcInitPointQueryContext(&context);
    rtcPointQuery(m_scene->scene, &query, &context, &visit_triangle, &found);
    return found.best;
}

namespace {

// Möller and Trumbore's ray-triangle test, two-sided: the ray parameter of the meeting point and
// its barycentric weights, when the ray meets the triangle.
bool ray_meets_triangle(const glm::vec3& o, const glm::vec3& d, const glm::vec3* c, float& t, glm::vec3& bary) {
    const glm::vec3 e1 = c[1] - c[0], e2 = c[2] - c[0];
    const glm::vec3 q = glm::cross(d, e2);
    const float det = glm::dot(e1, q);
    if (det == 0.0f || !std::isfinite(det)) return false;
    const float inv = 1.0f / det;
    const glm::vec3 s = o - c[0];
    const float u = glm::dot(s, q) * inv;
    if (u < 0.0f || u > 1.0f) return false;
    const glm::vec3 r = glm::cross(s, e1);
    const float v = glm::dot(d, r) * inv;
    if (v < 0.0f || u + v > 1.0f) return false;
    t = glm::dot(e2, r) * inv;
    bary = {1.0f - u - v, u, v};
    return true;
}

}  // namespace

ClosestHit ClosestPointIndex::first_hit(const glm::vec3& origin, const glm::vec3& direction, float t_near, float t_far) const {
    ClosestHit found;
    found.distance = std::numeric_limits<float>::infinity();
    if (!(t_near <= t_far) || !std::isfinite(origin.x + origin.y + origin.z) || !std::isfinite(direction.x + direction.y + direction.z))
        return found;
    if (!m_scene) {
        for (uint32_t t = 0; t < uint32_t(triangles()); ++t) {
            const glm::vec3* c = &m_corners[size_t(t) * 3];
            float at;
            glm::vec3 bary;
            if (ray_meets_triangle(origin, direction, c, at, bary) && at >= t_near && at <= t_far && at < found.distance) {
                found = {t, bary, origin + at * direction, at};
            }
        }
        return found;
    }
    RTCIntersectContext context;
    rtcInitIntersectContext(&context);
    RTCRayHit ray{};
    ray.ray.org_x = origin.x, ray.ray.org_y = origin.y, ray.ray.org_z = origin.z;
    ray.ray.dir_x = direction.x, ray.ray.dir_y = direction.y, ray.ray.dir_z = direction.z;
    ray.ray.tnear = t_near;
    ray.ray.tfar = std::min(t_far, 1e30f);
    ray.ray.mask = ~0u;
    ray.hit.geomID = RTC_INVALID_GEOMETRY_ID;
    ray.hit.instID[0] = RTC_INVALID_GEOMETRY_ID;
    rtcIntersect1(m_scene->scene, &context, &ray);
    if (ray.hit.geomID == RTC_INVALID_GEOMETRY_ID) return found;
    found.triangle = ray.hit.primID;
    found.barycentric = {1.0f - ray.hit.u - ray.hit.v, ray.hit.u, ray.hit.v};
    found.distance = ray.ray.tfar;
    found.point = origin + found.distance * direction;
    return found;
}

}  // namespace twinshoot::asset
