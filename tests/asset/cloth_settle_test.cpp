// The cloth settle (asset/cloth_settle.h) on shapes whose answer is known: a sheet held along one
// edge hangs straight down without stretching; a sheet dropped on a ball drapes over it without
// going through; the same input gives the same output bit for bit; a hem strip joined to its sheet
// only through copies of the edge's vertices hangs with it; a strip bent at rest hangs to its full
// length; cloth lying closer to the body than the thickness is not pushed off it; cloth rests on a
// garment under it; a sheet pushed together buckles into one arch. And the crease measure of `twinshoot fit` (creased_share) tells a
// fold from a bend, and a hinge's fold has the gradient the bending constraint uses.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <span>

#include <omp.h>

#include "asset/cloth_settle.h"
#include "asset/self_intersection.h"
#include "cloth_sheets.h"

using namespace twinshoot;
using test::Sheet;
using test::sheet;

namespace {

// A closed ball (latitude-longitude), outward normals.
std::vector<asset::Vertex> ball(glm::vec3 centre, float radius, std::vector<uint32_t>& indices) {
    std::vector<asset::Vertex> out;
    const int rings = 24, segments = 48;
    for (int r = 0; r <= rings; ++r)
        for (int s = 0; s < segments; ++s) {
            const float theta = 3.14159265f * float(r) / float(rings), phi = 6.2831853f * float(s) / float(segments);
            const glm::vec3 n(std::sin(theta) * std::cos(phi), std::cos(theta), std::sin(theta) * std::sin(phi));
            asset::Vertex v{};
            v.position = centre + radius * n;
            v.normal = n;
            out.push_back(v);
        }
    for (int r = 0; r < rings; ++r)
        for (int s = 0; s < segments; ++s) {
            const uint32_t a = uint32_t(r * segments + s), b = uint32_t(r * segments + (s + 1) % segments);
            const uint32_t c = a + uint32_t(segments), d = b + uint32_t(segments);
            for (uint32_t k : {a, c, b, b, c, d}) indices.push_back(k);
        }
    return out;
}

TEST(ClothSettle, ASheetHeldAlongOneEdgeHangsDownWithoutStretching) {
    // Horizontal, held along its v = 0 edge, nothing under it.
    const Sheet s = sheet(21, 0.4f, glm::vec3(0.0f, 1.0f, 0.0f), glm::vec3(1, 0, 0), glm::vec3(0, 0, 1));
    std::vector<float> anchor(s.positions.size(), 0.0f);
    for (int i = 0; i < 21; ++i) anchor[size_t(i)] = 1.0f;
    std::vector<uint32_t> far_indices;
    const auto far_ball = ball(glm::vec3(10.0f), 0.1f, far_indices);
    const asset::SurfaceIndex nothing({far_ball, far_indices});
    const asset::ClothTopology topology(s.positions, s.indices, anchor);  // tethered: without them one
    asset::ClothOptions options;                                            // iteration per substep
    options.seconds = 1.5f;                                                 // leaves it 11% stretched
    options.substeps = 600;
    options.anchor_compliance = 0.0f;
    const auto settled = asset::settle_cloth({s.positions, anchor}, topology, nothing, options);
    const glm::vec3 free_corner = settled.positions.back();  // the far edge's last vertex
    EXPECT_LT(free_corner.y, 1.0f - 0.25f) << "the free edge fell: y = " << free_corner.y;
    EXPECT_NEAR(settled.positions[0].y, 1.0f, 1e-3f) << "the held edge stayed";
    EXPECT_LT(asset::strain_quantile(settled.positions, topology, 0.99), 0.05) << "cloth does not stretch under its weight";
    // Bit for bit, run to run.
    const auto again = asset::settle_cloth({s.positions, anchor}, topology, nothing, options);
    for (size_t i = 0; i < settled.positions.size(); ++i) ASSERT_EQ(settled.positions[i], again.positions[i]) << i;
}

TEST(ClothSettle, ASheetDroppedOnABallDrapesOverItWithoutGoingThrough) {
    std::vector<uint32_t> ball_indices;
    const auto body = ball(glm::vec3(0.0f), 0.15f, ball_indices);
    const asset::SurfaceIndex index({body, ball_indices});
    // Just above the ball, centred: it lands on the top and its sides fall around it.
    const Sheet s = sheet(31, 0.6f, glm::vec3(-0.3f, 0.16f, -0.3f), glm::vec3(1, 0, 0), glm::vec3(0, 0, 1));
    const asset::ClothTopology topology(s.positions, s.indices);
    asset::ClothOptions options;
    options.seconds = 0.6f;
    options.substeps = 300;
    options.contact_refresh = 5;
    options.contact_reach_m = 0.05f;
    const auto settled = asset::settle_cloth({s.positions, {}}, topology, index, options);
    size_t inside = 0;
    for (const auto& p : settled.positions) inside += glm::length(p) < 0.15f - 0.002f;
    EXPECT_EQ(inside, 0u) << "no cloth vertex inside the ball";
    const glm::vec3 centre = settled.positions[s.positions.size() / 2], corner = settled.positions[0];
    EXPECT_GT(centre.y, 0.15f) << "the middle rests on top";
    EXPECT_LT(corner.y, centre.y - 0.1f) << "the corners fall around the ball";
    EXPECT_GT(settled.contacts, 10u);
}

// The links of one colour, the tethers and the particles are solved on every core: the result is the
// same bit for bit on one thread and on several (a sheet large enough for each to run in parallel).
TEST(ClothSettle, TheSameOnAnyNumberOfThreads) {
    std::vector<uint32_t> ball_indices;
    const auto body = ball(glm::vec3(0.0f), 0.15f, ball_indices);
    const asset::SurfaceIndex index({body, ball_indices});
    const Sheet s = sheet(81, 0.6f, glm::vec3(-0.3f, 0.16f, -0.3f), glm::vec3(1, 0, 0), glm::vec3(0, 0, 1));
    std::vector<float> anchor(s.positions.size(), 0.0f);
    for (size_t i = 0; i < 81; ++i) anchor[i] = 1.0f;  // one edge held: tethers too
    const asset::ClothTopology topology(s.positions, s.indices, anchor);
    ASSERT_GT(topology.tethers().size(), 4096u);
    asset::ClothOptions options;
    options.seconds = 0.2f;  // 5 ms steps, contacts found again after 20 (the check covers a refresh)
    options.substeps = 40;
    options.contact_refresh = 20;
    const int threads = omp_get_max_threads();
    omp_set_num_threads(1);
    const auto one = asset::settle_cloth({s.positions, anchor}, topology, index, options);
    omp_set_num_threads(std::max(2, threads));
    const auto many = asset::settle_cloth({s.positions, anchor}, topology, index, options);
    omp_set_num_threads(threads);
    size_t moved = 0;
    for (size_t i = 0; i < one.positions.size(); ++i) {
        ASSERT_EQ(one.positions[i], many.positions[i]) << "vertex " << i;
        moved += glm::length(one.positions[i] - s.positions[i]) > 0.01f;
    }
    EXPECT_GT(moved, s.positions.size() / 2) << "the sheet settled";
}

// A hem: a strip folded under the far edge of a sheet held along its near edge, joined to the sheet
// only through copies of the edge's vertices (as garment_edges.h finishes edges: new vertices for
// the strip's own normals). The copies are one particle: the strip hangs with the sheet.
TEST(ClothSettle, AHemJoinedThroughCopiesOfItsEdgeHangsWithTheSheet) {
    const int n = 21;
    Sheet s = sheet(n, 0.4f, glm::vec3(0.0f, 1.0f, 0.0f), glm::vec3(1, 0, 0), glm::vec3(0, 0, 1));
    const auto hemmed = [&](float nudge) {
        Sheet h = s;
        const uint32_t edge = uint32_t((n - 1) * n), strip = uint32_t(h.positions.size());
        for (int i = 0; i < n; ++i) h.positions.push_back(s.positions[edge + uint32_t(i)] + glm::vec3(nudge, 0.0f, 0.0f));
        for (int i = 0; i < n; ++i) h.positions.push_back(s.positions[edge + uint32_t(i)] + glm::vec3(0.0f, -0.004f, -0.02f));
        for (int i = 0; i + 1 < n; ++i) {
            const uint32_t a = strip + uint32_t(i), b = a + 1, c = a + uint32_t(n), d = c + 1;
            for (uint32_t k : {a, d, b, a, c, d}) h.indices.push_back(k);
        }
        return h;
    };
    std::vector<uint32_t> far_indices;
    const auto far_ball = ball(glm::vec3(10.0f), 0.1f, far_indices);
    const asset::SurfaceIndex nothing({far_ball, far_indices});
    const auto hang = [&](const Sheet& h, float& parted, float& edge_drop) {
        std::vector<float> anchor(h.positions.size(), 0.0f);
        for (int i = 0; i < n; ++i) anchor[size_t(i)] = 1.0f;
        const asset::ClothTopology topology(h.positions, h.indices, anchor);
        asset::ClothOptions options;
        options.seconds = 0.6f;
        options.substeps = 240;
        const auto settled = asset::settle_cloth({h.positions, anchor}, topology, nothing, options);
        parted = 0.0f;
        const size_t edge = size_t((n - 1) * n), strip = s.positions.size();
        for (int i = 0; i < n; ++i)
            parted = std::max(parted, glm::length(settled.positions[strip + size_t(i)] - settled.positions[edge + size_t(i)]));
        edge_drop = 1.0f - settled.positions[edge].y;
    };
    float parted = 0.0f, drop = 0.0f;
    hang(hemmed(0.0f), parted, drop);
    EXPECT_EQ(parted, 0.0f) << "the copies of the edge stay one point";
    EXPECT_GT(drop, 0.3f) << "the sheet hangs down";
    // The same strip 1 µm off the edge is a separate piece of cloth: it falls away.
    hang(hemmed(1e-6f), parted, drop);
    EXPECT_GT(parted, 0.1f) << "a strip not joined to the sheet falls (the check can fail)";
}

// A sleeve bent at the elbow in the rest shape, straightened by the pose: it hangs from its anchored
// end to its full length. A tether as long as the straight rest distance (the elbow's chord, 0.42 m)
// would hold the cuff 0.18 m short of it.
TEST(ClothSettle, AStripBentAtRestHangsToItsFullLength) {
    // Two 0.3 m legs at a right angle: down from y = 1, then along +x; 3 x 31 vertices, 5 cm wide.
    Sheet s;
    const int along = 31;
    for (int j = 0; j < along; ++j)
        for (int w = 0; w < 3; ++w) {
            const float t = 0.6f * float(j) / float(along - 1), z = 0.025f * float(w);
            s.positions.push_back(t <= 0.3f ? glm::vec3(0.0f, 1.0f - t, z) : glm::vec3(t - 0.3f, 0.7f, z));
        }
    for (int j = 0; j + 1 < along; ++j)
        for (int w = 0; w + 1 < 3; ++w) {
            const uint32_t a = uint32_t(j * 3 + w), b = a + 1, c = a + 3, d = c + 1;
            for (uint32_t k : {a, b, d, a, d, c}) s.indices.push_back(k);
        }
    std::vector<float> anchor(s.positions.size(), 0.0f);
    for (int w = 0; w < 3; ++w) anchor[size_t(w)] = 1.0f;
    // The pose: straight down (isometric to the rest shape, so no edge changes length).
    std::vector<glm::vec3> start(s.positions.size());
    for (int j = 0; j < along; ++j)
        for (int w = 0; w < 3; ++w) start[size_t(j * 3 + w)] = glm::vec3(0.0f, 1.0f - 0.6f * float(j) / float(along - 1), 0.025f * float(w));
    std::vector<uint32_t> far_indices;
    const auto far_ball = ball(glm::vec3(10.0f), 0.1f, far_indices);
    const asset::SurfaceIndex nothing({far_ball, far_indices});
    const asset::ClothTopology topology(s.positions, s.indices, anchor);
    const auto settled = asset::settle_cloth({start, anchor}, topology, nothing, {});
    const float cuff = settled.positions.back().y;
    EXPECT_LT(cuff, 1.0f - 0.6f * 0.97f) << "the cuff hangs 0.6 m below the shoulder, not pulled up to the elbow's chord";
    EXPECT_LT(asset::strain_quantile(settled.positions, topology, 0.99), 0.05) << "(the bend at the elbow resists a little)";
}

// Cloth lying nearer the body than the thickness (a hem's facing turned under tight fabric) is
// kept where it lies, not pushed out to the thickness; cloth farther out comes to rest at it.
TEST(ClothSettle, ClothCloserThanTheThicknessIsNotPushedOff) {
    std::vector<uint32_t> ball_indices;
    const auto body = ball(glm::vec3(0.0f), 0.15f, ball_indices);
    const asset::SurfaceIndex index({body, ball_indices});
    asset::ClothOptions options;
    options.gravity_scale = 0.0f;
    options.thickness_m = 0.004f;
    options.contact_refresh = 5;
    for (const float gap : {0.0015f, 0.0025f}) {
        // A small patch on top of the ball, `gap` above it at the centre.
        const Sheet s = sheet(5, 0.02f, glm::vec3(-0.01f, 0.15f + gap, -0.01f), glm::vec3(1, 0, 0), glm::vec3(0, 0, 1));
        const asset::ClothTopology topology(s.positions, s.indices);
        const auto settled = asset::settle_cloth({s.positions, {}}, topology, index, options);
        const float centre = settled.positions[s.positions.size() / 2].y - 0.15f;
        EXPECT_NEAR(centre, gap, 2e-4f) << "a patch " << gap * 1000.0f << " mm off the body stays there";
    }
}

// A garment under this one (ClothInput::layers) is a surface the cloth rests on, as it rests on
// the body: a sheet dropped on a ball wearing a cap 2 cm off it (an open sheet, normals outward)
// comes to rest the thickness over the cap, not through it onto the ball, and one that starts
// between the ball and the cap ends over the cap. Without the layer, the same sheet falls through
// the cap onto the ball (the check can fail).
TEST(ClothSettle, ClothRestsOnTheGarmentUnderItNotThroughItOnTheBody) {
    std::vector<uint32_t> ball_indices, cap_all;
    const auto body = ball(glm::vec3(0.0f), 0.15f, ball_indices);
    const asset::SurfaceIndex index({body, ball_indices});
    const auto cap_vertices = ball(glm::vec3(0.0f), 0.17f, cap_all);
    std::vector<uint32_t> cap_indices;  // the upper third: an open sheet with a rim
    for (size_t t = 0; t + 2 < cap_all.size(); t += 3)
        if (cap_vertices[cap_all[t]].position.y > 0.08f && cap_vertices[cap_all[t + 1]].position.y > 0.08f &&
            cap_vertices[cap_all[t + 2]].position.y > 0.08f)
            cap_indices.insert(cap_indices.end(), {cap_all[t], cap_all[t + 1], cap_all[t + 2]});
    const asset::SurfaceIndex cap({cap_vertices, cap_indices}, std::span<const asset::ClosedShell>{});
    const asset::SurfaceIndex* const layers[] = {&cap};
    asset::ClothOptions options;
    options.seconds = 0.6f;
    options.substeps = 300;
    options.contact_refresh = 5;
    options.contact_reach_m = 0.05f;
    // The smallest distance from the ball's centre of the vertices over the cap (within 45 degrees
    // of the top, well inside its rim).
    const auto closest_over_cap = [](const std::vector<glm::vec3>& x) {
        float closest = 1e9f;
        for (const auto& p : x)
            if (p.y > 0.7071f * glm::length(p)) closest = std::min(closest, glm::length(p));
        return closest;
    };
    for (const float height : {0.18f, 0.16f}) {  // above the cap; between the ball and the cap
        const float half = height > 0.17f ? 0.3f : 0.05f;
        const Sheet s = sheet(height > 0.17f ? 31 : 11, 2.0f * half, glm::vec3(-half, height, -half), glm::vec3(1, 0, 0),
                              glm::vec3(0, 0, 1));
        const asset::ClothTopology topology(s.positions, s.indices);
        const auto on_cap = asset::settle_cloth({s.positions, {}, std::nullopt, layers}, topology, index, options);
        // The thickness (4 mm) over it, give or take the cap's curvature between refreshes.
        EXPECT_GT(closest_over_cap(on_cap.positions), 0.17f + 0.003f) << "started at y = " << height << ": over the cap";
        EXPECT_GT(on_cap.contacts, 10u);
        const auto through = asset::settle_cloth({s.positions, {}}, topology, index, options);
        EXPECT_LT(closest_over_cap(through.positions), 0.16f) << "without the layer, on the ball";
    }
}

// Sheets of one garment lying on each other at rest keep their sides (asset/cloth_sides.h): a piece
// lying 3 mm on a sheet held at its rim falls onto it and rests there, 3 mm over it, with no edge
// through the other sheet, while the sheet sags under it. Without the sides it falls through (the
// check can fail). The pairs are found in the rest shape: every particle of the piece, and the
// sheet's under it.
TEST(ClothSettle, APieceLyingOnASheetOfTheSameGarmentRestsOnItInsteadOfFallingThrough) {
    const test::PieceOnSheet case_;
    const asset::ClothTopology topology(case_.cloth.positions, case_.cloth.indices, case_.anchor);
    size_t piece_sides = 0;
    for (const asset::ClothSide& side : topology.sides()) {
        piece_sides += side.p >= case_.piece_begin;
        EXPECT_NEAR(std::abs(side.gap), 0.003f, 1e-5f);
        const auto& x = case_.cloth.positions;
        const glm::vec3 normal = glm::cross(x[side.b] - x[side.a], x[side.c] - x[side.a]);  // as wound: up or down
        EXPECT_EQ(side.gap * normal.y > 0.0f, side.p >= case_.piece_begin) << "the piece keeps over, the sheet under";
    }
    EXPECT_EQ(piece_sides, 121u);
    EXPECT_GE(topology.sides().size() - piece_sides, 100u);
    std::vector<uint32_t> far_indices;
    const auto far_ball = ball(glm::vec3(10.0f), 0.1f, far_indices);
    const asset::SurfaceIndex nothing({far_ball, far_indices});
    asset::ClothOptions options;
    const auto rests = asset::settle_cloth({case_.cloth.positions, case_.anchor}, topology, nothing, options);
    const float over = case_.piece_over_sheet(rests.positions);
    EXPECT_GT(over, 0.0025f) << "the piece rests on the sheet, about the gap it had over it";
    EXPECT_LT(over, 0.0035f);
    EXPECT_LT(rests.positions[case_.piece_begin / 2].y, 1.0f - 0.002f) << "the sheet sags under the piece";
    EXPECT_EQ(asset::self_intersection(rests.positions, case_.cloth.indices, topology.particle()).crossing_edges, 0u);
    options.keep_sides = false;
    const auto through = asset::settle_cloth({case_.cloth.positions, case_.anchor}, topology, nothing, options);
    EXPECT_LT(case_.piece_over_sheet(through.positions), 0.0f) << "without the sides, the piece falls through";
}

// Where the rest shape passes through itself, which side a sheet keeps is not known: the same piece
// tilted through the sheet along x = 0 (from 2.5 mm under it to 2.5 mm over it) keeps sides only
// farther than two edges from where the two cross, on the side it is at there.
TEST(ClothSettle, NoSideIsKeptWhereTheRestShapePassesThroughItself) {
    test::PieceOnSheet case_;
    auto& x = case_.cloth.positions;
    for (size_t v = case_.piece_begin; v < x.size(); ++v) x[v].y = 1.0f + 0.05f * x[v].x;
    ASSERT_GT(asset::self_intersection(x, case_.cloth.indices, asset::colocated_representatives(x)).crossing_edges, 0u);
    const asset::ClothTopology topology(x, case_.cloth.indices, case_.anchor);
    size_t piece_sides = 0;
    for (const asset::ClothSide& side : topology.sides()) {
        if (side.p < case_.piece_begin) continue;
        ++piece_sides;
        EXPECT_GT(std::abs(x[side.p].x), 0.02f) << "a side kept two edges from the crossing";
        const glm::vec3 normal = glm::cross(x[side.b] - x[side.a], x[side.c] - x[side.a]);
        EXPECT_EQ(side.gap * normal.y > 0.0f, x[side.p].x > 0.0f) << "over the sheet where x > 0, under it where x < 0";
    }
    EXPECT_GE(piece_sides, 22u) << "the piece's two outer columns on either side keep theirs";
}

// The largest change of fold, against the rest shape, of any of the topology's hinges (radians).
float largest_fold_change(const asset::ClothTopology& topology, std::span<const glm::vec3> x) {
    float worst = 0.0f;
    for (const auto& h : topology.hinges()) {
        const auto now = asset::hinge_angle(x[h.p], x[h.q], x[h.r], x[h.s]);
        if (!now) continue;
        float change = std::abs(*now - h.angle);
        if (change > 3.14159265f) change = 6.2831853f - change;
        worst = std::max(worst, change);
    }
    return worst;
}

// Bending is a fold's angle kept against its rest angle (hinges), so cloth pushed together bends in
// smooth folds. A flat sheet crumpled into a zigzag one edge per fold (folds of ±52 degrees, every
// edge at its rest length: nothing but bending acts on it), held at both sides 90% of its width
// apart, straightens into one arch; without bending (the hinges' compliance huge) it stays crumpled.
TEST(ClothSettle, ACrumpledSheetHeldAtBothSidesBendsIntoOneSmoothArch) {
    const int n = 21;
    const float edge = 0.4f / float(n - 1), slope = std::acos(0.9f);
    const Sheet rest = sheet(n, 0.4f, glm::vec3(-0.2f, 1.0f, -0.2f), glm::vec3(1, 0, 0), glm::vec3(0, 0, 1));
    std::vector<glm::vec3> start(rest.positions.size());
    std::vector<float> anchor(rest.positions.size(), 0.0f);
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < n; ++i) {
            const size_t k = size_t(j * n + i);
            const glm::vec3 p = rest.positions[k];
            start[k] = glm::vec3(0.9f * p.x, 1.0f + ((i % 2) ? edge * std::sin(slope) : 0.0f), p.z);
            if (i == 0 || i == n - 1) anchor[k] = 1.0f;
        }
    std::vector<uint32_t> far_indices;
    const auto far_ball = ball(glm::vec3(10.0f), 0.1f, far_indices);
    const asset::SurfaceIndex nothing({far_ball, far_indices});
    const asset::ClothTopology topology(rest.positions, rest.indices, anchor);
    ASSERT_EQ(topology.hinges().size(), size_t(2 * 19 * 20 + 400)) << "one hinge per interior edge";
    ASSERT_GT(largest_fold_change(topology, start), 0.8f);
    asset::ClothOptions options;
    options.gravity_scale = 0.0f;
    options.anchor_compliance = 0.0f;
    options.seconds = 2.0f;
    options.substeps = 1000;
    const auto settled = asset::settle_cloth({start, anchor}, topology, nothing, options);
    // One arch: the middle column stands highest, the height rises to it and falls from it.
    const auto height = [&](const std::vector<glm::vec3>& x, int i) { return x[size_t((n / 2) * n + i)].y - 1.0f; };
    const float top = height(settled.positions, n / 2);
    EXPECT_GT(std::abs(top), 0.05f) << "the sheet buckled out of its plane (a 0.4 m sheet at 90% stands ~8 cm)";
    int turns = 0;
    for (int i = 1; i + 1 < n; ++i) {
        const float before = height(settled.positions, i) - height(settled.positions, i - 1);
        const float after = height(settled.positions, i + 1) - height(settled.positions, i);
        turns += (before > 1e-4f && after < -1e-4f) || (before < -1e-4f && after > 1e-4f);
    }
    EXPECT_EQ(turns, 1) << "one arch across the middle row, no ripples";
    const float bent = largest_fold_change(topology, settled.positions);
    EXPECT_LT(bent, 0.35f) << "no fold sharper than 20 degrees";
    EXPECT_LT(asset::strain_quantile(settled.positions, topology, 0.99), 0.02);

    options.bend_compliance = 1e9f;
    const auto unbent = asset::settle_cloth({start, anchor}, topology, nothing, options);
    EXPECT_GT(largest_fold_change(topology, unbent.positions), 0.8f) << "without bending the sheet stays crumpled";
    std::printf("crumpled sheet: arch %.3f m, largest fold change %.1f deg (without bending %.1f deg)\n", double(top),
                double(bent) * 57.29578, double(largest_fold_change(topology, unbent.positions)) * 57.29578);
}

}  // namespace

// The fold of a hinge and its gradient (cloth bending): the fold is the signed angle between the two
// triangles' normals whichever way they are wound, and the gradient is its rate of change
// (central differences, in random shapes; the fold's arctangent is a polynomial within 2e-6 rad).
TEST(ClothMeasures, AHingesGradientIsTheChangeOfItsFold) {
    const glm::vec3 p(0, 0, 0), q(1, 0, 0), r(0.4f, 1, 0), s(0.5f, -1, 0);
    EXPECT_NEAR(*asset::hinge_angle(p, q, r, s), 0.0f, 1e-6f) << "flat";
    EXPECT_NEAR(*asset::hinge_angle(p, q, r, glm::vec3(0.5f, 0, -1)), 1.5707963f, 1e-5f) << "a right angle";
    EXPECT_NEAR(*asset::hinge_angle(p, q, r, glm::vec3(0.5f, 0, 1)), -1.5707963f, 1e-5f) << "the other way";
    EXPECT_NEAR(*asset::hinge_angle(q, p, r, glm::vec3(0.5f, 0, -1)), -1.5707963f, 1e-5f) << "the edge reversed";
    EXPECT_FALSE(asset::hinge_state(p, q, glm::vec3(0.5f, 1e-5f, 0), s)) << "a needle triangle has no plane";
    uint32_t seed = 12345;
    const auto random = [&] {
        seed = seed * 1664525u + 1013904223u;
        return float(seed >> 8) / float(1u << 24) * 2.0f - 1.0f;
    };
    int checked = 0;
    for (int trial = 0; trial < 200; ++trial) {
        std::array<glm::vec3, 4> v = {glm::vec3(random(), random(), random()) * 0.2f,
                                      glm::vec3(1.0f + 0.2f * random(), 0.2f * random(), 0.2f * random()),
                                      glm::vec3(0.5f + 0.4f * random(), 1.0f, random()),
                                      glm::vec3(0.5f + 0.4f * random(), -1.0f, random())};
        const auto state = asset::hinge_state(v[0], v[1], v[2], v[3]);
        ASSERT_TRUE(state);
        const float exact = *asset::hinge_angle(v[0], v[1], v[2], v[3]);
        EXPECT_NEAR(state->angle, exact, 1e-5f);
        if (std::abs(exact) > 2.8f) continue;  // central differences across the wrap at pi
        for (int corner = 0; corner < 4; ++corner)
            for (int axis = 0; axis < 3; ++axis) {
                const float h = 1e-3f;
                std::array<glm::vec3, 4> plus = v, minus = v;
                plus[size_t(corner)][axis] += h;
                minus[size_t(corner)][axis] -= h;
                const float numeric = (*asset::hinge_angle(plus[0], plus[1], plus[2], plus[3]) -
                                       *asset::hinge_angle(minus[0], minus[1], minus[2], minus[3])) / (2.0f * h);
                EXPECT_NEAR(state->gradient[size_t(corner)][axis], numeric, 2e-3f * (1.0f + std::abs(numeric)))
                    << "trial " << trial << " corner " << corner << " axis " << axis;
            }
        ++checked;
    }
    EXPECT_GT(checked, 150);
}

// creased_share: a sheet bent smoothly round a quarter cylinder has no crease, the same sheet folded
// once at 90 degrees along a grid line has exactly that line's edges creased, and copies of the
// fold line's vertices (a seam) joined through the topology's particles are still one fold.
TEST(ClothMeasures, ACreaseIsASharpFoldNotASmoothBend) {
    const int n = 21;
    const Sheet flat = sheet(n, 1.0f, glm::vec3(0.0f), glm::vec3(1, 0, 0), glm::vec3(0, 0, 1));
    const asset::ClothTopology topology(flat.positions, flat.indices);
    const float sixty = 1.0471976f;
    EXPECT_EQ(asset::creased_share(flat.positions, flat.positions, flat.indices, topology.particle(), sixty), 0.0);

    // Column i at angle 90 * i / (n - 1) degrees round a cylinder: 4.5 degrees per edge.
    std::vector<glm::vec3> bent = flat.positions, folded = flat.positions;
    const float radius = 1.0f / 1.5707963f;
    for (size_t k = 0; k < flat.positions.size(); ++k) {
        const glm::vec3 p = flat.positions[k];
        const float a = p.x / radius;
        bent[k] = glm::vec3(radius * std::sin(a), radius * (1.0f - std::cos(a)), p.z);
        if (p.x > 0.5f + 1e-4f) folded[k] = glm::vec3(0.5f, p.x - 0.5f, p.z);  // up at the middle column
    }
    EXPECT_EQ(asset::creased_share(flat.positions, bent, flat.indices, topology.particle(), sixty), 0.0);
    // Interior edges of a 20 x 20 grid of quads split by diagonals: 19 * 20 per direction, 400
    // diagonals; the fold line has 20 of them.
    const double interior = 2.0 * 19.0 * 20.0 + 400.0;
    EXPECT_NEAR(asset::creased_share(flat.positions, folded, flat.indices, topology.particle(), sixty), 20.0 / interior, 1e-9);
    EXPECT_EQ(asset::creased_share(flat.positions, folded, flat.indices, topology.particle(), 1.6f), 0.0) << "90 degrees is under 1.6 rad";

    // The same sheet with the fold line's vertices copied for the right half (a seam).
    Sheet seamed = flat;
    std::vector<glm::vec3> seamed_folded = folded;
    for (uint32_t v : test::seam_middle_column(seamed, n)) seamed_folded.push_back(folded[v]);
    const asset::ClothTopology seamed_topology(seamed.positions, seamed.indices);
    EXPECT_NEAR(asset::creased_share(seamed.positions, seamed_folded, seamed.indices, seamed_topology.particle(), sixty),
                20.0 / interior, 1e-9);
}
