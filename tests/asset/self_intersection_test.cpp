// The self-intersection measure of `twinshoot fit` (asset/self_intersection.h) on shapes whose answer
// is known: a flat sheet, two parallel sheets and a sheet folded onto itself do not cross; two
// sheets passing through each other do, along their line of intersection; the fold pushed through
// itself does; copies of vertices along a seam are one surface; the answer is the same on any
// number of threads; a sliver as long as a street does not make it walk the grid for ever. Between
// two garments (layer_intersection), only one's edges through the other's triangles count.
#include <gtest/gtest.h>

#include <omp.h>

#include "asset/garment_fit.h"
#include "asset/self_intersection.h"
#include "cloth_sheets.h"

using namespace twinshoot;
using test::Sheet;
using test::sheet;

namespace {

size_t crossings(const test::Sheet& s) {
    const std::vector<uint32_t> particle = asset::colocated_representatives(s.positions);
    return asset::self_intersection(s.positions, s.indices, particle).crossing_edges;
}

const glm::vec3 kX(1, 0, 0), kY(0, 1, 0), kZ(0, 0, 1);

}  // namespace

TEST(SelfIntersection, SheetsThatDoNotMeetDoNotCross) {
    const Sheet flat = sheet(21, 1.0f, glm::vec3(0.0f), kX, kZ);
    EXPECT_EQ(crossings(flat), 0u);
    Sheet parallel = flat;
    test::append(parallel, sheet(21, 1.0f, glm::vec3(0.013f, 0.01f, 0.007f), kX, kZ));  // 1 cm above, offset
    EXPECT_EQ(crossings(parallel), 0u);
}

TEST(SelfIntersection, TwoSheetsThroughEachOtherCrossAlongTheirLine) {
    Sheet cross = sheet(21, 1.0f, glm::vec3(0.0f), kX, kZ);                        // y = 0, x and z in [0, 1]
    test::append(cross, sheet(21, 1.0f, glm::vec3(0.503f, -0.487f, 0.0131f), kY, kZ));  // x = 0.503, through it
    const size_t crossing = crossings(cross);
    // The line of intersection is ~1 long; edges are 0.05: about 20 edges of each sheet's rows and
    // their diagonals meet it.
    EXPECT_GE(crossing, 40u);
    EXPECT_LE(crossing, 120u);
}

TEST(SelfIntersection, AFoldCrossesOnlyWhenPushedThroughItself) {
    // A strip folded over at x = 0.5: the upper half lies 1 cm over the lower one, a smooth fold
    // (an arc of small radius) joining them. Then the upper half pushed down through the lower.
    const int n = 41;
    const Sheet strip = sheet(n, 1.0f, glm::vec3(0.0f), kX, kZ);
    Sheet folded = strip, through = strip;
    const float radius = 0.005f, fold_at = 0.5f, pi = 3.14159265f;
    const float arc = pi * radius;
    for (size_t k = 0; k < strip.positions.size(); ++k) {
        const glm::vec3 p = strip.positions[k];
        glm::vec3 q = p;
        if (p.x > fold_at) {
            const float s = p.x - fold_at;
            if (s < arc) {
                const float a = s / radius;
                q = glm::vec3(fold_at + radius * std::sin(a), radius * (1.0f - std::cos(a)), p.z);
            } else {
                q = glm::vec3(fold_at - (s - arc), 2.0f * radius, p.z);
            }
        }
        folded.positions[k] = q;
        through.positions[k] = q;
        // The folded-back half beyond 0.2 from the fold dips 2 cm, through the lower half.
        if (p.x > fold_at && q.x < fold_at - 0.2f) through.positions[k].y = -0.01f;
    }
    EXPECT_EQ(crossings(folded), 0u) << "folded, it lies over itself without crossing";
    EXPECT_GT(crossings(through), 20u) << "pushed through, it crosses along the line where it dips";
}

TEST(SelfIntersection, CopiesAlongASeamAreOneSurface) {
    // The sheet's middle column duplicated for the right half's triangles (a seam, as UV splits
    // and hem strips are): through the copies it is still one surface, crossing nothing.
    const int n = 21;
    Sheet seamed = sheet(n, 1.0f, glm::vec3(0.0f), kX, kZ);
    const size_t original = seamed.positions.size();
    test::seam_middle_column(seamed, n);
    // Bent up at the seam by 90 degrees: a corner, not a crossing.
    for (size_t k = 0; k < original; ++k) {
        glm::vec3& p = seamed.positions[k];
        if (p.x > 0.5f + 1e-4f) p = glm::vec3(0.5f, p.x - 0.5f, p.z);
    }
    EXPECT_EQ(crossings(seamed), 0u);
}

TEST(SelfIntersection, TheSameOnAnyNumberOfThreadsAndBoundedForSlivers) {
    Sheet cross = sheet(41, 1.0f, glm::vec3(0.0f), kX, kZ);
    test::append(cross, sheet(41, 1.0f, glm::vec3(0.503f, -0.487f, 0.0131f), kY, kZ));
    const int threads = omp_get_max_threads();
    omp_set_num_threads(1);
    const size_t one = crossings(cross);
    omp_set_num_threads(std::max(2, threads));
    EXPECT_EQ(crossings(cross), one);
    omp_set_num_threads(threads);
    // A sliver 10 km long through the sheets: tested against every edge, not binned into billions
    // of cells, and its crossing counted.
    Sheet sliver = cross;
    const uint32_t base = uint32_t(sliver.positions.size());
    sliver.positions.push_back(glm::vec3(-5000.0f, -0.2f, 0.52f));
    sliver.positions.push_back(glm::vec3(5000.0f, -0.2f, 0.521f));
    sliver.positions.push_back(glm::vec3(0.25f, 0.3f, 0.5205f));
    for (uint32_t k = 0; k < 3; ++k) sliver.indices.push_back(base + k);
    EXPECT_GT(crossings(sliver), one) << "the sheet's edges through the sliver count too";
}

// Two garments through each other (asset::layer_intersection): an outer sheet that passes through
// an inner one crosses it along their line, counted from both; parallel sheets do not; and a sheet
// folded through itself is not counted between layers (that is self_intersection's).
TEST(LayerIntersection, CountsOnlyEdgesOfOneSheetThroughTheOther) {
    const Sheet inner = sheet(21, 1.0f, glm::vec3(0.0f), kX, kZ);
    const std::vector<uint32_t> inner_particle = asset::colocated_representatives(inner.positions);
    const auto between = [&](const Sheet& outer) {
        const std::vector<uint32_t> particle = asset::colocated_representatives(outer.positions);
        return asset::layer_intersection(outer.positions, outer.indices, particle, inner.positions, inner.indices,
                                         inner_particle);
    };
    const Sheet above = sheet(21, 1.0f, glm::vec3(0.013f, 0.01f, 0.007f), kX, kZ);
    EXPECT_EQ(between(above).crossing_edges, 0u);
    EXPECT_EQ(between(above).edges, 2u * asset::self_intersection(inner.positions, inner.indices, inner_particle).edges);
    const Sheet through = sheet(21, 1.0f, glm::vec3(0.503f, -0.487f, 0.0131f), kY, kZ);
    Sheet both = inner;
    test::append(both, through);
    const size_t crossing = between(through).crossing_edges;
    EXPECT_EQ(crossing, crossings(both)) << "every crossing of the two is between them";
    EXPECT_GE(crossing, 40u);
    // An outer sheet through itself, above the inner one: crossings of its own, none between.
    Sheet fold_only = sheet(21, 1.0f, glm::vec3(0.013f, 0.5f, 0.007f), kX, kZ);
    test::append(fold_only, sheet(21, 0.5f, glm::vec3(0.21f, 0.3f, 0.3f), kY, kZ));  // through itself only
    EXPECT_GT(crossings(fold_only), 0u);
    EXPECT_EQ(between(fold_only).crossing_edges, 0u) << "its own crossings are not between the layers";
}
