#include "asset/closest_point.h"

#include <embree3/rtcore.h>

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
// index). `threads=1`: Embree starts no threads of its own; a build runs on the thread that makes
// the index (so it is the same build every time), queries on their callers' threads.
RTCDevice shared_device() {
    static const RTCDevice device = rtcNewDevice("threads=1,verbose=0");
    return device;
}

struct Search {
    const glm::vec3* corners;
    ClosestHit best;
};

// Embree calls this for each triangle whose bounds reach the query's sphere; a closer point found
// shrinks the sphere (returning true tells Embree to cull with the new radius).
bool visit_triangle(RTCPointQueryFunctionArguments* args) {
    auto* search = static_cast<Search*>(args->userPtr);
    const glm::vec3 p(args->query->x, args->query->y, args->query->z);
    const glm::vec3* c = search->corners + size_t(args->primID) * 3;
    glm::vec3 bary;
    const glm::vec3 q = closest_on_triangle(p, c[0], c[1], c[2], bary);
    const float d = glm::length(p - q);
    if (!(d < search->best.distance) || !(d <= args->query->radius)) return false;  // first found wins ties
    search->best = {args->primID, bary, q, d};
    args->query->radius = d;
    return true;
}

}  // namespace

struct ClosestPointIndex::Scene {
    RTCScene scene = nullptr;
    ~Scene() {
        if (scene) rtcReleaseScene(scene);
    }
};

ClosestPointIndex::ClosestPointIndex(std::span<const glm::vec3> positions, std::span<const uint32_t> indices) {
    const size_t triangles = positions.empty() ? 0 : indices.size() / 3;
    assert(triangles < (size_t(1) << 32) && positions.size() < (size_t(1) << 32));
    m_corners.resize(triangles * 3);
    for (size_t i = 0; i < triangles * 3; ++i) {
        assert(indices[i] < positions.size());
        m_corners[i] = positions[indices[i]];
    }
    if (triangles == 0) return;
    const RTCDevice device = shared_device();
    if (!device) return;  // every triangle tested
    auto scene = std::make_unique<Scene>();
    scene->scene = rtcNewScene(device);
    RTCGeometry geometry = rtcNewGeometry(device, RTC_GEOMETRY_TYPE_TRIANGLE);
    if (!scene->scene || !geometry) {
        if (geometry) rtcReleaseGeometry(geometry);
        return;
    }
    rtcSetSceneBuildQuality(scene->scene, RTC_BUILD_QUALITY_MEDIUM);
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
    if (vertices && triangle_indices && rtcGetDeviceError(device) == RTC_ERROR_NONE) m_scene = std::move(scene);
}

ClosestPointIndex::~ClosestPointIndex() = default;
ClosestPointIndex::ClosestPointIndex(ClosestPointIndex&&) noexcept = default;
ClosestPointIndex& ClosestPointIndex::operator=(ClosestPointIndex&&) noexcept = default;

ClosestHit ClosestPointIndex::closest(const glm::vec3& p, float max_distance) const {
    Search search{m_corners.data(), {}};
    search.best.distance = std::numeric_limits<float>::infinity();  // none found (yet)
    if (!std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(p.z) || !(max_distance >= 0.0f)) return search.best;
    const float bound = std::min(max_distance, 1e30f);
    if (!m_scene) {  // no hierarchy: every triangle, in order
        RTCPointQuery query{p.x, p.y, p.z, 0.0f, bound};
        RTCPointQueryFunctionArguments args{};
        args.query = &query;
        args.userPtr = &search;
        for (uint32_t t = 0; t < uint32_t(triangles()); ++t) {
            args.primID = t;
            visit_triangle(&args);
        }
        return search.best;
    }
    RTCPointQuery query{p.x, p.y, p.z, 0.0f, bound};
    RTCPointQueryContext context;
    rtcInitPointQueryContext(&context);
    rtcPointQuery(m_scene->scene, &query, &context, &visit_triangle, &search);
    return search.best;
}

}  // namespace twinshoot::asset
