#include "geometry/body_frame.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <vector>

namespace twinshoot::geometry {
namespace {

struct AreaSample {
    glm::vec3 p;
    float w;
};

// Triangle centroids weighted by area: statistics that do not depend on how densely a scanner
// sampled each part (faces are often denser than backs).
std::vector<AreaSample> area_samples(const BodyMesh& mesh) {
    std::vector<AreaSample> out;
    out.reserve(mesh.triangle_count());
    for (size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
        const glm::vec3 a = mesh.positions[mesh.indices[t]], b = mesh.positions[mesh.indices[t + 1]],
                        c = mesh.positions[mesh.indices[t + 2]];
        const float w = 0.5f * glm::length(glm::cross(b - a, c - a));
        if (std::isfinite(w) && w > 0.0f) out.push_back({(a + b + c) / 3.0f, w});
    }
    return out;
}

// How far the area distribution along `axis` is from its mirror image about the box centre:
// 0 = symmetric, 1 = all on one side.
float asymmetry(const std::vector<AreaSample>& samples, int axis, float lo, float hi) {
    constexpr int kBins = 64;
    std::array<double, kBins> h{};
    double total = 0.0;
    for (const AreaSample& s : samples) {
        const int bin = std::clamp(int((s.p[axis] - lo) / (hi - lo) * kBins), 0, kBins - 1);
        h[size_t(bin)] += s.w;
        total += s.w;
    }
    double diff = 0.0;
    for (int i = 0; i < kBins; ++i) diff += std::abs(h[size_t(i)] - h[size_t(kBins - 1 - i)]);
    return total > 0.0 ? float(diff / (2.0 * total)) : 0.0f;
}

struct SlabStats {
    double area = 0.0;
    double centre_area = 0.0;  // within 3% of the length of the lateral centre
    float lateral_lo = 1e30f, lateral_hi = -1e30f;
    double depth_sum = 0.0;    // area-weighted depth coordinate
};

SlabStats slab(const std::vector<AreaSample>& samples, int up, float from, float to, int lateral, float lateral_centre,
               float length, int depth) {
    SlabStats s;
    for (const AreaSample& a : samples) {
        const float u = a.p[up];
        if (u < std::min(from, to) || u > std::max(from, to)) continue;
        s.area += a.w;
        if (std::abs(a.p[lateral] - lateral_centre) < 0.03f * length) s.centre_area += a.w;
        s.lateral_lo = std::min(s.lateral_lo, a.p[lateral]);
        s.lateral_hi = std::max(s.lateral_hi, a.p[lateral]);
        s.depth_sum += double(a.w) * a.p[depth];
    }
    return s;
}

std::string axis_name(int axis, float sign) {
    return std::string(sign < 0 ? "-" : "+") + char('x' + axis);
}

std::string fmt(float v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.3g", double(v));
    return b;
}

}  // namespace

std::optional<float> unit_scale(const std::string& units) {
    if (units == "m") return 1.0f;
    if (units == "dm") return 0.1f;
    if (units == "cm") return 0.01f;
    if (units == "mm") return 0.001f;
    if (units == "in") return 0.0254f;
    return std::nullopt;
}

glm::mat4 BodyFrame::matrix() const {
    glm::mat4 m(rotation * scale);
    m[3] = glm::vec4(offset, 1.0f);
    return m;
}

Result<BodyFrame> detect_body_frame(const BodyMesh& mesh, const FrameOptions& options) {
    const std::vector<AreaSample> samples = area_samples(mesh);
    if (samples.size() < 16) return make_error(ErrorCode::Invalid, "the mesh has " + std::to_string(samples.size()) +
                                                                       " non-degenerate triangles: not a body");
    asset::Aabb box;
    for (const AreaSample& s : samples) box.extend(s.p);
    for (size_t t = 0; t < mesh.indices.size(); ++t) box.extend(mesh.positions[mesh.indices[t]]);
    const glm::vec3 extent = box.extent();
    if (!(extent.x > 0 && extent.y > 0 && extent.z > 0) || !std::isfinite(extent.x + extent.y + extent.z))
        return make_error(ErrorCode::Invalid, "the mesh is flat or not finite (extent " + fmt(extent.x) + " x " +
                                                  fmt(extent.y) + " x " + fmt(extent.z) + ")");

    BodyFrame frame;
    // Up axis.
    int up = -1;
    if (options.up) {
        if (*options.up != 'y' && *options.up != 'z')
            return make_error(ErrorCode::Invalid, std::string("unknown up axis '") + *options.up + "' (y or z)");
        up = *options.up == 'y' ? 1 : 2;
        frame.up_detected = false;
    } else {
        int depth = 0;
        for (int a = 1; a < 3; ++a)
            if (extent[a] < extent[depth]) depth = a;
        int best = -1;
        float best_asym = -1.0f;
        for (int a = 0; a < 3; ++a) {
            if (a == depth) continue;
            const float asym = asymmetry(samples, a, box.min[a], box.max[a]);
            if (asym > best_asym) best_asym = asym, best = a;
        }
        up = best;
    }
    // Lateral: of the two others, the wider (arms and shoulders are wider than the body is deep).
    int lateral = -1, depth = -1;
    {
        const int a = (up + 1) % 3, b = (up + 2) % 3;
        lateral = extent[a] >= extent[b] ? a : b;
        depth = lateral == a ? b : a;
    }
    const float length = extent[up];
    const float lateral_centre = box.center()[lateral];
    float up_sign = 1.0f;
    if (!options.up) {
        const SlabStats lo = slab(samples, up, box.min[up], box.min[up] + 0.05f * length, lateral, lateral_centre, length, depth);
        const SlabStats hi = slab(samples, up, box.max[up], box.max[up] - 0.05f * length, lateral, lateral_centre, length, depth);
        auto centre_share = [](const SlabStats& s) { return s.area > 0 ? float(s.centre_area / s.area) : 1.0f; };
        auto width = [&](const SlabStats& s) { return s.lateral_hi > s.lateral_lo ? (s.lateral_hi - s.lateral_lo) / length : 0.0f; };
        // Feet: little area on the centre line, and wider. Positive = the low end is the feet.
        const float score = (centre_share(hi) - centre_share(lo)) + (width(lo) - width(hi));
        up_sign = score >= 0.0f ? 1.0f : -1.0f;
    }
    // Facing: the toes reach forward of the shins.
    const float floor = up_sign > 0 ? box.min[up] : box.max[up];
    const SlabStats feet = slab(samples, up, floor, floor + up_sign * 0.04f * length, lateral, lateral_centre, length, depth);
    const SlabStats shins = slab(samples, up, floor + up_sign * 0.10f * length, floor + up_sign * 0.20f * length, lateral,
                                 lateral_centre, length, depth);
    float forward_sign = 1.0f;
    if (feet.area > 0 && shins.area > 0)
        forward_sign = (feet.depth_sum / feet.area) >= (shins.depth_sum / shins.area) ? 1.0f : -1.0f;

    glm::vec3 up_v(0.0f), fwd_v(0.0f);
    up_v[up] = up_sign;
    fwd_v[depth] = forward_sign;
    const glm::vec3 left_v = glm::cross(up_v, fwd_v);
    // Rows of the rotation are the file-space directions of the new axes.
    glm::mat3 r;
    for (int c = 0; c < 3; ++c) r[c] = glm::vec3(left_v[c], up_v[c], fwd_v[c]);
    frame.rotation = r;
    frame.up_axis = axis_name(up, up_sign);
    frame.facing_axis = axis_name(depth, forward_sign);

    // Units.
    if (options.units) {
        const auto s = unit_scale(*options.units);
        if (!s) return make_error(ErrorCode::Invalid, "unknown unit '" + *options.units + "' (m, dm, cm, mm or in)");
        frame.scale = *s;
        frame.units = *options.units;
        frame.units_detected = false;
        const float h = length * frame.scale;
        if (h < kMinHumanHeightM || h > kMaxHumanHeightM)
            return make_error(ErrorCode::Invalid, "in " + frame.units + " the body is " + fmt(h) +
                                                      " m tall along " + frame.up_axis +
                                                      ": not a standing person (1.2 to 2.2 m)");
    } else {
        int found = 0;
        for (const char* u : {"m", "dm", "cm", "mm", "in"}) {
            const float h = length * *unit_scale(u);
            if (h >= kMinHumanHeightM && h <= kMaxHumanHeightM) {
                frame.scale = *unit_scale(u);
                frame.units = u;
                ++found;
            }
        }
        if (found != 1)
            return make_error(ErrorCode::Invalid,
                              "measured " + fmt(length) + " units along " + frame.up_axis + " (" + fmt(extent[lateral]) +
                                  " wide, " + fmt(extent[depth]) + " deep): no unit (m, dm, cm, mm, in) makes that a "
                                  "standing person 1.2 to 2.2 m tall; give --units if it is one");
    }
    const float scale = frame.scale;
    // Offset: feet on y = 0, centred on x and z.
    asset::Aabb nbox;
    for (const glm::vec3& corner : {box.min, box.max}) nbox.extend(r * corner * scale);
    for (int i = 0; i < 8; ++i) {
        const glm::vec3 c((i & 1) ? box.max.x : box.min.x, (i & 2) ? box.max.y : box.min.y, (i & 4) ? box.max.z : box.min.z);
        nbox.extend(r * c * scale);
    }
    frame.offset = glm::vec3(-nbox.center().x, -nbox.min.y, -nbox.center().z);
    frame.height_m = nbox.extent().y;
    return frame;
}

}  // namespace twinshoot::geometry
