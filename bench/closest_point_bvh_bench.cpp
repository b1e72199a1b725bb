// twinshoot-closest-bvh-bench: the closest-point grid (asset/closest_point.h) against a BVH, Embree's
// point query (rtcPointQuery with the same exact triangle test in its callback), on the same points:
// every vertex of the model moved along its normal by -1 to +3 cm (a fixed pseudo-random sequence;
// the offsets assume a model in metres), each queried within 2.5 cm (the anchors' bound) and
// unbounded (the inside test's query). Interleaved: each round times A (grid) then B (BVH), the order
// alternating per round; prints the build time of each and the median ns per query, single-threaded,
// and checks that both find the same distance for every point (a BVH is only worth having if it
// answers the same).
//
//   build/release/bench/twinshoot-closest-bvh-bench MODEL [ROUNDS]
// An experiment for issue 19 (bench/README.md); built only where Embree 3 is installed.
#include <embree3/rtcore.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <vector>

#include "asset/closest_point.h"
#include "bench_surface.h"
#include "core/stopwatch.h"

using namespace twinshoot;

namespace {

using bench::median;

// Embree's scene of one triangle mesh, and a query that keeps the nearest point found.
class Bvh;
struct Found {
    const Bvh* bvh;
    float distance;
};

class Bvh {
public:
    // `refittable`: built so that `refit` can move its vertices later (a dynamic scene).
    Bvh(const std::vector<glm::vec3>& positions, const std::vector<uint32_t>& indices, bool refittable = false)
        : m_positions(&positions), m_indices(indices) {
        m_device = rtcNewDevice("threads=1");
        m_scene = rtcNewScene(m_device);
        if (refittable) rtcSetSceneFlags(m_scene, RTC_SCENE_FLAG_DYNAMIC);
        // Embree takes a geometry's own quality (REFIT) only under a two-level scene of quality LOW.
        rtcSetSceneBuildQuality(m_scene, refittable ? RTC_BUILD_QUALITY_LOW : RTC_BUILD_QUALITY_MEDIUM);
        m_geometry = rtcNewGeometry(m_device, RTC_GEOMETRY_TYPE_TRIANGLE);
        if (refittable) rtcSetGeometryBuildQuality(m_geometry, RTC_BUILD_QUALITY_REFIT);
        m_vertices = static_cast<float*>(
            rtcSetNewGeometryBuffer(m_geometry, RTC_BUFFER_TYPE_VERTEX, 0, RTC_FORMAT_FLOAT3, 3 * sizeof(float), positions.size()));
        write_vertices(positions);
        auto* triangles = static_cast<unsigned*>(
            rtcSetNewGeometryBuffer(m_geometry, RTC_BUFFER_TYPE_INDEX, 0, RTC_FORMAT_UINT3, 3 * sizeof(unsigned), indices.size() / 3));
        std::copy(indices.begin(), indices.end(), triangles);
        rtcCommitGeometry(m_geometry);
        rtcAttachGeometry(m_scene, m_geometry);
        rtcCommitScene(m_scene);
    }
    ~Bvh() {
        rtcReleaseGeometry(m_geometry);
        rtcReleaseScene(m_scene);
        rtcReleaseDevice(m_device);
    }
    // The same triangles at new positions (a pose): the tree keeps its shape, its boxes are refitted.
    void refit(const std::vector<glm::vec3>& positions) {
        m_positions = &positions;
        write_vertices(positions);
        rtcUpdateGeometryBuffer(m_geometry, RTC_BUFFER_TYPE_VERTEX, 0);
        rtcCommitGeometry(m_geometry);
        rtcCommitScene(m_scene);
    }
    Bvh(const Bvh&) = delete;
    Bvh& operator=(const Bvh&) = delete;

    float closest(const glm::vec3& p, float max_distance) const {
        Found found{this, std::numeric_limits<float>::infinity()};
        RTCPointQuery query{};
        query.x = p.x, query.y = p.y, query.z = p.z;
        query.radius = max_distance;
        query.time = 0.0f;
        RTCPointQueryContext context;
        rtcInitPointQueryContext(&context);
        rtcPointQuery(m_scene, &query, &context, &Bvh::visit, &found);
        return found.distance;
    }

private:
    void write_vertices(const std::vector<glm::vec3>& positions) {
        for (size_t i = 0; i < positions.size(); ++i)
            m_vertices[i * 3] = positions[i].x, m_vertices[i * 3 + 1] = positions[i].y, m_vertices[i * 3 + 2] = positions[i].z;
    }
    static bool visit(RTCPointQueryFunctionArguments* args) {
        auto* found = static_cast<Found*>(args->userPtr);
        const Bvh& self = *found->bvh;
        const uint32_t* t = &self.m_indices[size_t(args->primID) * 3];
        const glm::vec3 p(args->query->x, args->query->y, args->query->z);
        glm::vec3 bary;
        const glm::vec3 q = asset::closest_on_triangle(p, (*self.m_positions)[t[0]], (*self.m_positions)[t[1]], (*self.m_positions)[t[2]], bary);
        const float d = glm::length(p - q);
        if (!(d <= args->query->radius)) return false;
        args->query->radius = d;
        found->distance = d;
        return true;  // the radius shrank
    }
    const std::vector<glm::vec3>* m_positions;
    const std::vector<uint32_t>& m_indices;
    RTCDevice m_device = nullptr;
    RTCScene m_scene = nullptr;
    RTCGeometry m_geometry = nullptr;
    float* m_vertices = nullptr;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: twinshoot-closest-bvh-bench MODEL [ROUNDS]\n");
        return 2;
    }
    const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 11;
    const std::optional<bench::BenchSurface> loaded = bench::load_surface(argv[1], "twinshoot-closest-bvh-bench");
    if (!loaded) return 1;
    const std::vector<glm::vec3> positions = loaded->positions();
    const std::vector<uint32_t>& indices = loaded->indices;
    const float cell = bench::fit_cell(*loaded);

    std::vector<double> grid_build, bvh_build;
    for (int r = 0; r < 3; ++r) {
        Stopwatch a;
        const asset::ClosestPointIndex grid(positions, indices, cell);
        grid_build.push_back(a.ms());
        Stopwatch b;
        const Bvh bvh(positions, indices);
        bvh_build.push_back(b.ms());
    }
    const asset::ClosestPointIndex grid(positions, indices, cell);
    const Bvh bvh(positions, indices);
    std::printf("%s: %zu triangles; build median of 3: grid %.1f ms, BVH %.1f ms\n", argv[1], indices.size() / 3,
                median(grid_build), median(bvh_build));

    const std::vector<glm::vec3> queries = bench::offset_queries(*loaded);
    size_t disagree = 0;
    for (const float bound : {0.025f, std::numeric_limits<float>::infinity()}) {
        std::vector<double> a_ns, b_ns;
        std::vector<float> a_distance(queries.size()), b_distance(queries.size());
        for (int r = 0; r < rounds; ++r) {
            auto run_grid = [&] {
                Stopwatch t;
                for (size_t i = 0; i < queries.size(); ++i) a_distance[i] = grid.closest(queries[i], bound).distance;
                a_ns.push_back(t.ms() * 1e6 / double(queries.size()));
            };
            auto run_bvh = [&] {
                Stopwatch t;
                for (size_t i = 0; i < queries.size(); ++i) b_distance[i] = bvh.closest(queries[i], bound);
                b_ns.push_back(t.ms() * 1e6 / double(queries.size()));
            };
            if (r % 2 == 0) run_grid(), run_bvh();
            else run_bvh(), run_grid();
        }
        for (size_t i = 0; i < queries.size(); ++i) {
            const bool a_none = !(a_distance[i] <= bound), b_none = !(b_distance[i] <= bound);
            if (a_none != b_none || (!a_none && std::abs(a_distance[i] - b_distance[i]) > 1e-5f)) ++disagree;
        }
        std::printf("bound %s, median of %d over %zu points: A grid %.0f ns, B BVH %.0f ns per query (%.2fx)\n",
                    std::isinf(bound) ? "none" : "2.5 cm", rounds, queries.size(), median(a_ns), median(b_ns),
                    median(a_ns) / std::max(1e-9, median(b_ns)));
    }
    // Per pose: the body moved (a twist about its vertical axis growing to 45° at the top, and the
    // part above its middle bent forward by 30°: a stand-in for a pose), the grid rebuilt as the fit
    // does now (A) against a BVH built once at rest and refitted (B); then the same points, moved
    // with the body, queried through each.
    glm::vec3 lo(1e30f), hi(-1e30f);
    for (const glm::vec3& p : positions) lo = glm::min(lo, p), hi = glm::max(hi, p);
    const glm::vec3 centre = 0.5f * (lo + hi);
    const float height = std::max(hi.y - lo.y, 1e-6f);
    auto pose = [&](glm::vec3 p) {
        const float twist = glm::radians(45.0f) * (p.y - lo.y) / height;
        const glm::vec3 d = p - centre;
        p = centre + glm::vec3(d.x * std::cos(twist) - d.z * std::sin(twist), d.y, d.x * std::sin(twist) + d.z * std::cos(twist));
        if (p.y > centre.y) {
            const float bend = glm::radians(30.0f), y = p.y - centre.y, z = p.z - centre.z;
            p.y = centre.y + y * std::cos(bend) - z * std::sin(bend);
            p.z = centre.z + y * std::sin(bend) + z * std::cos(bend);
        }
        return p;
    };
    std::vector<glm::vec3> posed(positions.size()), posed_queries(queries.size());
    for (size_t i = 0; i < positions.size(); ++i) posed[i] = pose(positions[i]), posed_queries[i] = pose(queries[i]);
    Bvh refitted(positions, indices, /*refittable=*/true);
    std::vector<double> a_build, b_build;
    for (int r = 0; r < rounds; ++r) {
        Stopwatch a;
        const asset::ClosestPointIndex rebuilt(posed, indices, cell);
        a_build.push_back(a.ms());
        Stopwatch b;
        refitted.refit(posed);
        b_build.push_back(b.ms());
    }
    const asset::ClosestPointIndex posed_grid(posed, indices, cell);
    std::vector<double> a_ns, b_ns;
    size_t posed_disagree = 0;
    for (int r = 0; r < rounds; ++r) {
        std::vector<float> a_distance(queries.size()), b_distance(queries.size());
        Stopwatch ta;
        for (size_t i = 0; i < queries.size(); ++i) a_distance[i] = posed_grid.closest(posed_queries[i], 0.025f).distance;
        a_ns.push_back(ta.ms() * 1e6 / double(queries.size()));
        Stopwatch tb;
        for (size_t i = 0; i < queries.size(); ++i) b_distance[i] = refitted.closest(posed_queries[i], 0.025f);
        b_ns.push_back(tb.ms() * 1e6 / double(queries.size()));
        posed_disagree = 0;
        for (size_t i = 0; i < queries.size(); ++i) {
            const bool a_none = !(a_distance[i] <= 0.025f), b_none = !(b_distance[i] <= 0.025f);
            if (a_none != b_none || (!a_none && std::abs(a_distance[i] - b_distance[i]) > 1e-5f)) ++posed_disagree;
        }
    }
    std::printf("per pose, median of %d: A grid rebuilt %.1f ms, B BVH refitted %.1f ms; queries within 2.5 cm: A %.0f ns, B %.0f ns (%.2fx)\n",
                rounds, median(a_build), median(b_build), median(a_ns), median(b_ns), median(a_ns) / std::max(1e-9, median(b_ns)));
    disagree += posed_disagree;
    std::printf("points where the two disagree: %zu\n", disagree);
    return disagree == 0 ? 0 : 1;
}
