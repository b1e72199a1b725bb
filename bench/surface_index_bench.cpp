// twinshoot-surface-bench: what building a body's surface index costs per pose (asset/garment_fit.h),
// A/B interleaved: A finds the surface's closed pieces again (SurfaceIndex(surface), what each pose
// did before 2026-12-03), B is given the pieces found once at bind (SurfaceIndex(surface, pieces),
// what Dressing::pose does now). Prints the median of each over ROUNDS rounds, the order alternating
// per round. Then what the index's queries cost (asset/closest_point.h underneath): every vertex of
// the model moved along its normal by -1 to +3 cm (a fixed pseudo-random sequence; the model in
// metres), as `nearest` within 2.5 cm (the anchors' query) and `behind` unbounded (the inside
// test), single-threaded, median ns per query over ROUNDS rounds.
//
//   build/release/bench/twinshoot-surface-bench MODEL [ROUNDS]
// Figures and the command that made them: bench/README.md.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "asset/closed_shells.h"
#include "asset/closest_point.h"
#include "asset/garment_fit.h"
#include "bench_surface.h"
#include "core/stopwatch.h"

using namespace twinshoot;

using bench::median;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: twinshoot-surface-bench MODEL [ROUNDS]\n");
        return 2;
    }
    const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 21;
    const std::optional<bench::BenchSurface> loaded = bench::load_surface(argv[1], "twinshoot-surface-bench");
    if (!loaded) return 1;
    const std::vector<asset::Vertex>& vertices = loaded->vertices;
    const std::vector<uint32_t>& indices = loaded->indices;
    const asset::Surface surface{vertices, indices};
    Stopwatch bind;
    const std::vector<asset::ClosedShell> pieces = asset::closed_pieces(vertices, indices);
    const double bind_ms = bind.ms();
    const size_t shells = asset::overlapping_shells(pieces, vertices, indices).size();
    std::printf("%s: %zu vertices, %zu triangles, %zu closed pieces (%zu overlapping), found once in %.1f ms\n", argv[1],
                vertices.size(), indices.size() / 3, pieces.size(), shells, bind_ms);

    std::vector<double> a, b;
    for (int r = 0; r < rounds; ++r) {
        auto time_a = [&] {
            Stopwatch t;
            const asset::SurfaceIndex index(surface);
            a.push_back(t.ms());
        };
        auto time_b = [&] {
            Stopwatch t;
            const asset::SurfaceIndex index(surface, pieces);
            b.push_back(t.ms());
        };
        if (r % 2 == 0) {
            time_a();
            time_b();
        } else {
            time_b();
            time_a();
        }
    }
    std::printf("body index per pose, median of %d: A pieces found again %.1f ms, B pieces given %.1f ms (%.2fx)\n", rounds,
                median(a), median(b), median(a) / std::max(1e-9, median(b)));

    const asset::SurfaceIndex index(surface, pieces);
    const std::vector<glm::vec3> queries = bench::offset_queries(*loaded);
    std::vector<double> nearest_ns, behind_ns;
    size_t found = 0, inside = 0;
    for (int r = 0; r < rounds; ++r) {
        glm::vec3 q, n;
        found = inside = 0;
        Stopwatch t;
        for (const glm::vec3& p : queries) found += index.nearest(p, q, n, 0.025f) ? 1 : 0;
        nearest_ns.push_back(t.ms() * 1e6 / double(queries.size()));
        t.restart();
        for (const glm::vec3& p : queries) inside += index.behind(p, q, n) ? 1 : 0;
        behind_ns.push_back(t.ms() * 1e6 / double(queries.size()));
    }
    std::printf("queries, median of %d over %zu points: nearest within 2.5 cm %.0f ns (%zu found), behind %.0f ns (%zu inside)\n",
                rounds, queries.size(), median(nearest_ns), found, median(behind_ns), inside);
    return 0;
}
