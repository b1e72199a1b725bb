#include "geometry/joint_fit.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

namespace twinshoot::geometry {
namespace {

using scene::HumanBone;
using B = scene::HumanBone;

// Proportions (fractions of body height, or of a segment) from anthropometry (Drillis & Contini
// 1966; Winter, Biomechanics of Human Movement) and the joint conventions of production rigs
// (Mixamo, VRM): where a skeleton's joints sit relative to the landmarks measured here.
constexpr float kAnkleHeight = 0.055f;       // ankle joint above the floor
constexpr float kToesHeight = 0.012f;        // ball of the foot
constexpr float kToesAlongFoot = 0.45f;      // ball of the foot: from ankle towards toe tip
constexpr float kKneeAlongLeg = 0.51f;       // knee: from ankle towards hip joint
// Hip joints above the crotch. Professional rigs disagree: on the five rigged humans of
// ../shared/assets-ref/humans their hip joints sit 7.3% (Michelle), 6.3% (Xbot), 4.0% (Samba), 0.2%
// (RiggedFigure) and 0.1% (CesiumMan) of the height above the crotch this fit finds (median 4.0%,
// mean 3.6%). 5% matched the Mixamo rigs and turned the Khronos rigs' thighs about a pivot 4.8%
// too high (RiggedFigure seated 2.5% at the median); 3.5% keeps every rig x pose within 1.8%
// (2026-12-05, bench/rig_bench.cpp).
constexpr float kHipAboveCrotch = 0.035f;
// The knee is placed along the leg from the ankle to the hip joint's anatomical centre (Winter: about
// 5% of the height above the crotch), wherever the thigh's pivot above is put: lowering the pivot
// to 3.5% lowered the knees of MakeHuman's body by 1.3 cm, and the garments draped on it then bent
// below Xbot's knees, which showed through seated (2026-12-05).
constexpr float kAnatomicalHipAboveCrotch = 0.05f;
constexpr float kCoveredLegsBelow = 0.33f;   // legs that join lower are under a dress or skirt
// Legs that touch (knees, inner thighs) join in one section with a notch front and back at the
// midline; the trunk has none. A joined section is still legs while the midline is less than this
// share as deep as the legs: 0.33-0.43 where Xbot's knees and Samba's inner thighs touch, 0.63-1 at
// the pelvis of the five rigged humans of ../shared and MakeHuman's body (2026-12-05).
constexpr float kTrunkDepthShare = 0.6f;
constexpr float kCoveredCrotch = 0.46f;      // then the crotch is taken at its usual height
// Hip joints this far either side of the midline: the pelvis's span, not the thighs'. The five
// rigs of ../shared put them 4.0-5.1% out; the centroid of a thigh just below the crotch, used until
// 2026-12-05 for bare legs, put Xbot's 6.0% out (its flesh, not its bone), tilting the thigh.
constexpr float kHipJointHalfSpan = 0.047f;
constexpr float kPelvisAboveHip = 0.04f;     // the hips (pelvis) joint above the hip joints
// Spine, chest, upper chest: shares of the way from the pelvis joint to the neck joint. All five
// professional rigs of ../shared/assets-ref/humans start the spine higher than 0.21 did (by 1.8-5.6%
// of the height; their spine joints sit at 0.28-0.46 of that line, chest 0.52-0.65, upper chest
// 0.71-0.85 on the Mixamo rigs), and a low spine bent leaning poses about the wrong place
// (2026-12-05: Michelle leaning forward 2.6% -> 1.8%, Samba 2.1% -> 1.3%).
constexpr float kSpineFractions[3] = {0.32f, 0.53f, 0.75f};
constexpr float kNeckBelowNarrowest = 0.035f; // neck joint (base of the neck) below the narrowest section
constexpr float kHeadAboveNarrowest = 0.02f;  // head joint (skull base) above it
constexpr float kShoulderInward = 0.30f;      // clavicle joint: share of the way from midline to upper arm
// Along an arm's centre line, from the finger tip (fractions of height).
constexpr float kWristFromTip = 0.14f;
constexpr float kElbowFromTip = 0.28f;
constexpr float kShoulderFromTip = 0.41f;
// Shoulder joint: where the arm's centre line comes in over this share of the chest's half width
// (at 60% of the height, below the armpits). The joint sits just outside the ribcage: at 0.9,
// Mixamo's T-posed rigs put it 1.3-2.9% of the height further out than the fit did, and lowering
// the arm swung the hand about that difference (2026-12-05: 1.05, within 1% of Mixamo's; 2% of the
// Khronos rigs', which place it further in).
constexpr float kShoulderOverChest = 1.05f;

struct Section {
    glm::vec3 centroid{0.0f};
    size_t count = 0;
    float min_x = 1e30f, max_x = -1e30f;
    std::array<glm::vec3, 2> half{};  // centroids of the parts left (+X) and right of the split
    std::array<size_t, 2> half_count{};
};

// 2D connected parts (8-neighbour) of the solid voxels in row iy.
std::vector<Section> row_sections(const VoxelBody& body, int iy, float split_x = 0.0f) {
    std::vector<Section> out;
    if (iy < 0 || iy >= body.dims.y) return out;
    const int nx = body.dims.x, nz = body.dims.z;
    std::vector<int> label(size_t(nx) * size_t(nz), -1);
    std::vector<glm::ivec2> stack;
    for (int z = 0; z < nz; ++z)
        for (int x = 0; x < nx; ++x) {
            if (!body.solid[body.index({x, iy, z})] || label[size_t(z) * nx + x] >= 0) continue;
            Section s;
            glm::dvec3 sum(0.0);
            std::array<glm::dvec3, 2> half_sum{};
            const int id = int(out.size());
            label[size_t(z) * nx + x] = id;
            stack.assign(1, {x, z});
            while (!stack.empty()) {
                const glm::ivec2 c = stack.back();
                stack.pop_back();
                const glm::vec3 p = body.centre({c.x, iy, c.y});
                sum += glm::dvec3(p);
                ++s.count;
                const size_t h = p.x >= split_x ? 0 : 1;
                half_sum[h] += glm::dvec3(p);
                ++s.half_count[h];
                s.min_x = std::min(s.min_x, p.x), s.max_x = std::max(s.max_x, p.x);
                for (int dz = -1; dz <= 1; ++dz)
                    for (int dx = -1; dx <= 1; ++dx) {
                        const int qx = c.x + dx, qz = c.y + dz;
                        if (qx < 0 || qz < 0 || qx >= nx || qz >= nz) continue;
                        if (!body.solid[body.index({qx, iy, qz})] || label[size_t(qz) * nx + qx] >= 0) continue;
                        label[size_t(qz) * nx + qx] = id;
                        stack.push_back({qx, qz});
                    }
            }
            s.centroid = glm::vec3(sum / double(s.count));
            for (size_t h = 0; h < 2; ++h)
                s.half[h] = s.half_count[h] ? glm::vec3(half_sum[h] / double(s.half_count[h])) : s.centroid;
            out.push_back(s);
        }
    return out;
}

int row_of(const VoxelBody& body, float y) { return int(std::lround((y - body.origin.y) / body.cell)); }

const Section* nearest(const std::vector<Section>& sections, const glm::vec3& to, size_t min_count = 1) {
    const Section* best = nullptr;
    float best_d = 1e30f;
    for (const Section& s : sections) {
        if (s.count < min_count) continue;
        const glm::vec2 d(s.centroid.x - to.x, s.centroid.z - to.z);
        const float dd = glm::dot(d, d);
        if (dd < best_d) best_d = dd, best = &s;
    }
    return best;
}

std::string pct(float v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.0f%%", double(v * 100.0f));
    return b;
}

// Point at arc length `arc` along a polyline with cumulative arcs.
glm::vec3 along(const std::vector<glm::vec3>& line, const std::vector<float>& arcs, float arc) {
    if (line.empty()) return glm::vec3(0.0f);
    for (size_t i = 1; i < line.size(); ++i)
        if (arcs[i] >= arc) {
            const float t = (arc - arcs[i - 1]) / std::max(arcs[i] - arcs[i - 1], 1e-9f);
            return glm::mix(line[i - 1], line[i], t);
        }
    return line.back();
}

}  // namespace

Result<FittedJoints> fit_joints(const VoxelBody& body, float height) {
    const float H = height;
    const float cell = body.cell;
    FittedJoints out;
    Landmarks& lm = out.landmarks;
    lm.height = H;
    const float floor_y = body.origin.y + 3.0f * cell;  // the grid's padding is below the feet

    // Legs: two sections at shin height, one each side.
    std::array<glm::vec3, 2> shin{};
    {
        const std::vector<Section> rows = row_sections(body, row_of(body, floor_y + 0.15f * H));
        std::vector<Section> big;
        for (const Section& s : rows)
            if (s.count >= 4) big.push_back(s);
        if (big.size() < 2)
            return make_error(ErrorCode::Invalid, "no legs found at shin height (" + std::to_string(big.size()) +
                                                      " parts): a head, bust or object rather than a standing body");
        std::sort(big.begin(), big.end(), [](const Section& a, const Section& b) { return a.count > b.count; });
        const Section a = big[0], b = big[1];
        if (big.size() > 2 && big[2].count * 3 > b.count)
            return make_error(ErrorCode::Invalid, std::to_string(big.size()) +
                                                      " legs found at shin height: several people, or not a person");
        shin[0] = a.centroid.x > b.centroid.x ? a.centroid : b.centroid;  // left is +X
        shin[1] = a.centroid.x > b.centroid.x ? b.centroid : a.centroid;
    }
    lm.midline_x = 0.5f * (shin[0].x + shin[1].x);
    const float mid = lm.midline_x;

    // Track each leg upwards until the two meet for good in the trunk (the crotch): knees or thighs
    // that touch (a joined section notched at the midline, or one joined for a short stretch) are
    // followed through, each leg taking its own half of the joined section. Before the notch test
    // (2026-12-05), Xbot's knees, touching over 10% of the height, were taken for a dress.
    std::array<std::vector<glm::vec3>, 2> leg;  // centroid per row from the floor up
    int crotch_row = -1;
    {
        std::array<glm::vec3, 2> prev = shin;
        const int top = row_of(body, floor_y + 0.7f * H);
        const int run = int(std::ceil(0.08f * H / cell));
        int joined_from = -1;
        // Solid voxels front to back in the column at x of row iy.
        const auto depth = [&](int iy, float x) {
            const int ix = std::clamp(int(std::lround((x - body.origin.x) / cell)), 0, body.dims.x - 1);
            int d = 0;
            for (int z = 0; z < body.dims.z; ++z) d += body.solid[body.index({ix, iy, z})];
            return d;
        };
        const auto legs_touching = [&](int iy) {
            return float(depth(iy, mid)) < kTrunkDepthShare * float(std::min(depth(iy, prev[0].x), depth(iy, prev[1].x)));
        };
        for (int iy = row_of(body, floor_y); iy <= top; ++iy) {
            const std::vector<Section> rows = row_sections(body, iy, mid);
            const Section* l = nearest(rows, prev[0]);
            const Section* r = nearest(rows, prev[1]);
            if (!l || !r) {
                leg[0].push_back(prev[0]), leg[1].push_back(prev[1]);
                continue;
            }
            if (l != r) {
                joined_from = -1;
                prev[0] = l->centroid, prev[1] = r->centroid;
            } else if (legs_touching(iy)) {  // each leg takes its own half
                joined_from = -1;
                prev[0] = l->half[0], prev[1] = l->half[1];
            } else {
                if (joined_from < 0) joined_from = iy;
                prev[0] = l->half[0], prev[1] = l->half[1];
                if (iy - joined_from >= run && body.centre({0, joined_from, 0}).y > floor_y + 0.12f * H) {
                    crotch_row = joined_from;
                    break;
                }
            }
            leg[0].push_back(prev[0]), leg[1].push_back(prev[1]);
        }
    }
    if (crotch_row < 0) return make_error(ErrorCode::Invalid, "the legs never join a torso below 70% of the height");
    lm.crotch_y = body.centre({0, crotch_row, 0}).y - floor_y;
    if (lm.crotch_y > 0.6f * H)
        return make_error(ErrorCode::Invalid, "the legs join at " + pct(lm.crotch_y / H) +
                                                  " of the height (a standing person: below 60%)");
    if (lm.crotch_y < kCoveredLegsBelow * H) {
        // A dress or long skirt hides the crotch: the legs are taken as straight from the shins up
        // and the crotch at its usual height.
        lm.legs_covered = true;
        lm.crotch_y = kCoveredCrotch * H;
        for (int s = 0; s < 2; ++s)
            for (glm::vec3& c : leg[size_t(s)]) c.x = shin[size_t(s)].x;
    }
    auto leg_at = [&](int side, float y) {
        const std::vector<glm::vec3>& l = leg[size_t(side)];
        const int i = std::clamp(row_of(body, y + floor_y) - row_of(body, floor_y), 0, int(l.size()) - 1);
        return l[size_t(i)];
    };

    // Torso sections from the crotch up: the part nearest the midline, followed upwards.
    std::vector<Section> torso;  // per row from crotch_row
    std::vector<std::vector<Section>> torso_rows;
    int head_top_row = crotch_row;
    {
        glm::vec3 prev(mid, 0.0f, 0.5f * (shin[0].z + shin[1].z));
        for (int iy = crotch_row; iy < body.dims.y; ++iy) {
            std::vector<Section> rows = row_sections(body, iy);
            const Section* n = nearest(rows, glm::vec3(mid, 0.0f, prev.z));
            if (!n) break;
            prev = n->centroid;
            torso.push_back(*n);
            torso_rows.push_back(std::move(rows));
            head_top_row = iy;
        }
    }
    auto torso_at = [&](float y) -> const Section& {
        const int i = std::clamp(row_of(body, y + floor_y) - crotch_row, 0, int(torso.size()) - 1);
        return torso[size_t(i)];
    };
    // Neck: the narrowest torso section between 75% and 95% of the height.
    {
        float best = 1e30f;
        for (size_t i = 0; i < torso.size(); ++i) {
            const float y = torso[i].centroid.y - floor_y;
            if (y < 0.75f * H || y > 0.95f * H) continue;
            const float w = torso[i].max_x - torso[i].min_x;
            if (w < best) best = w, lm.neck_y = y;
        }
        if (best >= 1e29f) return make_error(ErrorCode::Invalid, "no neck found between 75% and 95% of the height");
    }
    // Armpits: the highest row where the arm is still apart from the torso, each side (-1 when the
    // arm is level with the shoulder, as in a T-pose).
    for (int s = 0; s < 2; ++s) {
        const float sign = s == 0 ? 1.0f : -1.0f;
        lm.armpit_y[size_t(s)] = -1.0f;
        for (size_t i = 0; i < torso.size(); ++i) {
            const float y = torso[i].centroid.y - floor_y;
            if (y > lm.neck_y) break;
            if (y < lm.crotch_y + 0.1f * H) continue;
            bool apart = false;
            for (const Section& other : torso_rows[i])
                if (other.count >= 2 && &other != &torso[i] && other.centroid.x != torso[i].centroid.x &&
                    sign * (other.centroid.x - mid) > sign * (torso[i].centroid.x - mid))
                    apart = true;
            if (apart) lm.armpit_y[size_t(s)] = y;
        }
    }

    // Geodesic distances from the torso's centre, for the arms' tips and centre lines.
    const Section& chest_section = torso_at(0.6f * H);
    const std::ptrdiff_t seed = body.nearest_solid(chest_section.centroid, 4);
    if (seed < 0) return make_error(ErrorCode::Invalid, "no torso at 60% of the height");
    std::vector<int64_t> parent;
    const size_t seeds[1] = {size_t(seed)};
    const std::vector<float> dist = geodesic_distances(body, seeds, 4.0f * H, &parent);
    for (int s = 0; s < 2; ++s) {
        const float sign = s == 0 ? 1.0f : -1.0f;
        const float torso_half = 0.5f * (chest_section.max_x - chest_section.min_x);
        size_t tip = 0;
        float best = -1.0f;
        for (size_t i = 0; i < body.solid.size(); ++i) {
            if (!body.solid[i] || dist[i] == kUnreached || dist[i] <= best) continue;
            const glm::vec3 p = body.centre(body.coord(i));
            if (p.y - floor_y < 0.3f * H || sign * (p.x - mid) < torso_half) continue;
            best = dist[i], tip = i;
        }
        if (best < 0.0f)
            return make_error(ErrorCode::Invalid, std::string("no ") + (s == 0 ? "left" : "right") +
                                                      " hand apart from the torso: the arms touch the body (scan in an "
                                                      "A-pose or T-pose)");
        lm.finger_tip[size_t(s)] = body.centre(body.coord(tip));
        // Centre line: for path voxels, the centroid of the equal-distance section around them.
        std::vector<glm::vec3>& line = lm.arm_line[size_t(s)];
        std::vector<float>& arcs = lm.arm_arc[size_t(s)];
        const float radius = 0.07f * H;
        const int r = int(std::ceil(radius / cell));
        float next_arc = 0.0f;
        for (int64_t k = int64_t(tip); k >= 0; k = parent[size_t(k)]) {
            const float arc = best - dist[size_t(k)];
            if (arc < next_arc) continue;
            next_arc = arc + cell;
            const glm::ivec3 c = body.coord(size_t(k));
            const glm::vec3 pc = body.centre(c);
            glm::dvec3 sum(0.0);
            size_t count = 0;
            for (int dz = -r; dz <= r; ++dz)
                for (int dy = -r; dy <= r; ++dy)
                    for (int dx = -r; dx <= r; ++dx) {
                        const glm::ivec3 q = c + glm::ivec3(dx, dy, dz);
                        if (!body.is_solid(q)) continue;
                        const size_t qi = body.index(q);
                        if (std::abs(dist[qi] - dist[size_t(k)]) > 0.75f * cell) continue;
                        const glm::vec3 p = body.centre(q);
                        if (glm::length(p - pc) > radius) continue;
                        sum += glm::dvec3(p);
                        ++count;
                    }
            line.push_back(glm::vec3(sum / double(std::max<size_t>(count, 1))));
            arcs.push_back(arc);
            if (arc > 0.6f * H) break;
        }
    }
    // Toe tips: the most forward voxel of each foot.
    for (int s = 0; s < 2; ++s) {
        const float sign = s == 0 ? 1.0f : -1.0f;
        glm::vec3 best(0.0f, 0.0f, -1e30f);
        for (int iy = row_of(body, floor_y); iy <= row_of(body, floor_y + 0.05f * H); ++iy)
            for (const Section& sec : row_sections(body, iy)) {
                if (sign * (sec.centroid.x - mid) <= 0.0f) continue;
                for (int x = 0; x < body.dims.x; ++x) {
                    const float px = body.centre({x, iy, 0}).x;
                    if (sign * (px - mid) <= 0.0f) continue;
                    for (int z = body.dims.z - 1; z >= 0; --z)
                        if (body.solid[body.index({x, iy, z})]) {
                            const glm::vec3 p = body.centre({x, iy, z});
                            if (p.z > best.z) best = p;
                            break;
                        }
                }
                break;
            }
        lm.toe_tip[size_t(s)] = best;
    }

    // Joints.
    auto& P = out.position;
    auto at = [&](B b) -> glm::vec3& { return P[size_t(b)]; };
    const float hip_y = lm.crotch_y + kHipAboveCrotch * H;
    for (int s = 0; s < 2; ++s) {
        const B upper = s == 0 ? B::LeftUpperLeg : B::RightUpperLeg, lower = s == 0 ? B::LeftLowerLeg : B::RightLowerLeg,
                foot = s == 0 ? B::LeftFoot : B::RightFoot, toes = s == 0 ? B::LeftToes : B::RightToes;
        const float hip_x = mid + (s == 0 ? 1.0f : -1.0f) * kHipJointHalfSpan * H;
        at(upper) = glm::vec3(hip_x, hip_y + floor_y, torso_at(hip_y).centroid.z);
        const glm::vec3 ankle_section = leg_at(s, kAnkleHeight * H + 0.03f * H);
        at(foot) = glm::vec3(ankle_section.x, kAnkleHeight * H + floor_y, ankle_section.z);
        const float knee_y = kAnkleHeight * H + kKneeAlongLeg * (lm.crotch_y + kAnatomicalHipAboveCrotch * H - kAnkleHeight * H);
        const glm::vec3 knee = leg_at(s, knee_y);
        at(lower) = glm::vec3(knee.x, knee_y + floor_y, knee.z);
        const glm::vec3 tip = lm.toe_tip[size_t(s)];
        at(toes) = glm::vec3(at(foot).x, kToesHeight * H + floor_y,
                             glm::mix(at(foot).z, tip.z, kToesAlongFoot));
        out.tail[size_t(toes)] = glm::vec3(tip.x, kToesHeight * H + floor_y, tip.z);
    }
    const float pelvis_y = hip_y + kPelvisAboveHip * H;
    at(B::Hips) = glm::vec3(mid, pelvis_y + floor_y, torso_at(pelvis_y).centroid.z);
    const float neck_y = lm.neck_y - kNeckBelowNarrowest * H;
    at(B::Neck) = glm::vec3(mid, neck_y + floor_y, torso_at(neck_y).centroid.z);
    // The head joint (skull base) lies behind the centre of the head's section, which the face and
    // jaw pull forward: half way between the neck's depth and that centre.
    const float head_y = lm.neck_y + kHeadAboveNarrowest * H;
    at(B::Head) = glm::vec3(mid, head_y + floor_y, 0.5f * (at(B::Neck).z + torso_at(head_y).centroid.z));
    out.tail[size_t(B::Head)] = glm::vec3(mid, body.centre({0, head_top_row, 0}).y, torso_at(H * 0.97f).centroid.z);
    // Spine joints on the straight line from the pelvis to the neck: the chest's section centre is
    // pulled forward by the chest itself, and a zig-zag spine would bend every pose.
    const B spine_bones[3] = {B::Spine, B::Chest, B::UpperChest};
    for (int i = 0; i < 3; ++i) at(spine_bones[i]) = glm::mix(at(B::Hips), at(B::Neck), kSpineFractions[i]);
    for (int s = 0; s < 2; ++s) {
        const B shoulder = s == 0 ? B::LeftShoulder : B::RightShoulder, upper = s == 0 ? B::LeftUpperArm : B::RightUpperArm,
                lower = s == 0 ? B::LeftLowerArm : B::RightLowerArm, hand = s == 0 ? B::LeftHand : B::RightHand;
        const auto& line = lm.arm_line[size_t(s)];
        const auto& arcs = lm.arm_arc[size_t(s)];
        // The shoulder joint is where the centre line comes in over the chest's side; the elbow and
        // wrist at fixed shares of that length (so a hand without fingertips, lost between voxels,
        // or a short arm moves them with it). Without a crossing: proportions of the height.
        const float side = kShoulderOverChest * 0.5f * (chest_section.max_x - chest_section.min_x);
        float shoulder_arc = kShoulderFromTip * H;
        for (size_t i = 0; i < line.size(); ++i)
            if (std::abs(line[i].x - mid) <= side && arcs[i] > 0.2f * H) {
                shoulder_arc = arcs[i];
                break;
            }
        // Elbow and wrist on the traced centre line. The shoulder joint on the line of the upper arm
        // (fitted to the centre line between elbow and shoulder), which the traced line leaves as
        // it bends down into the chest.
        const float elbow_arc = shoulder_arc * (kElbowFromTip / kShoulderFromTip);
        at(hand) = along(line, arcs, shoulder_arc * (kWristFromTip / kShoulderFromTip));
        at(lower) = along(line, arcs, elbow_arc);
        at(upper) = along(line, arcs, shoulder_arc);
        const float from = elbow_arc + 0.01f * H, to = shoulder_arc - 0.03f * H;
        glm::dvec3 centre(0.0);
        int n = 0;
        for (size_t i = 0; i < line.size(); ++i)
            if (arcs[i] >= from && arcs[i] <= to) centre += glm::dvec3(line[i]), ++n;
        if (n >= 4) {
            centre /= double(n);
            glm::dmat3 cov(0.0);
            for (size_t i = 0; i < line.size(); ++i)
                if (arcs[i] >= from && arcs[i] <= to) {
                    const glm::dvec3 d = glm::dvec3(line[i]) - centre;
                    cov += glm::outerProduct(d, d);
                }
            glm::dvec3 axis = glm::dvec3(at(upper)) - glm::dvec3(at(lower));  // power iteration from a good guess
            if (glm::length(axis) > 0.0) {
                for (int it = 0; it < 32; ++it) {
                    const glm::dvec3 next = cov * axis;
                    if (glm::length(next) <= 0.0) break;
                    axis = glm::normalize(next);
                }
                at(upper) = glm::vec3(centre + axis * glm::dot(glm::dvec3(at(upper)) - centre, axis));
            }
        }
        out.tail[size_t(hand)] = lm.finger_tip[size_t(s)];
        at(shoulder) = glm::vec3(mid + kShoulderInward * (at(upper).x - mid), at(upper).y,
                                 0.5f * (at(upper).z + at(B::Neck).z));
    }
    // Tails: each bone ends at its child.
    auto tail = [&](B b, B child) { out.tail[size_t(b)] = P[size_t(child)]; };
    tail(B::Hips, B::Spine), tail(B::Spine, B::Chest), tail(B::Chest, B::UpperChest), tail(B::UpperChest, B::Neck);
    tail(B::Neck, B::Head);
    tail(B::LeftShoulder, B::LeftUpperArm), tail(B::LeftUpperArm, B::LeftLowerArm), tail(B::LeftLowerArm, B::LeftHand);
    tail(B::RightShoulder, B::RightUpperArm), tail(B::RightUpperArm, B::RightLowerArm), tail(B::RightLowerArm, B::RightHand);
    tail(B::LeftUpperLeg, B::LeftLowerLeg), tail(B::LeftLowerLeg, B::LeftFoot), tail(B::LeftFoot, B::LeftToes);
    tail(B::RightUpperLeg, B::RightLowerLeg), tail(B::RightLowerLeg, B::RightFoot), tail(B::RightFoot, B::RightToes);
    // Heights were measured from the floor; positions are in the frame (the floor is y = floor_y).
    return out;
}

}  // namespace twinshoot::geometry
