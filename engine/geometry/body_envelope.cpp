#include "geometry/body_envelope.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "geometry/voxel_body.h"

namespace twinshoot::geometry {
namespace {

constexpr float kFar = std::numeric_limits<float>::infinity();

// The lower envelope of the parabolas (q − p)² + f(p) over the finite samples of f; d receives
// its value at every sample. `stride` steps through f and d along one line of the grid.
void distance_1d(float* f, size_t stride, int n, std::vector<int>& v, std::vector<double>& z, std::vector<float>& out) {
    int k = -1;
    for (int q = 0; q < n; ++q) {
        const float fq = f[size_t(q) * stride];
        if (fq == kFar) continue;
        if (k < 0) {
            k = 0;
            v[0] = q;
            z[0] = -1e300;
            z[1] = 1e300;
            continue;
        }
        double s = 0.0;
        for (;;) {
            const int p = v[size_t(k)];
            const float fp = f[size_t(p) * stride];
            s = ((double(fq) + double(q) * q) - (double(fp) + double(p) * p)) / (2.0 * double(q - p));
            if (s > z[size_t(k)] || k == 0) break;
            --k;
        }
        if (s <= z[size_t(k)]) {  // k == 0 and the new parabola is lower everywhere
            v[0] = q;
            z[0] = -1e300;
            z[1] = 1e300;
            continue;
        }
        ++k;
        v[size_t(k)] = q;
        z[size_t(k)] = s;
        z[size_t(k) + 1] = 1e300;
    }
    if (k < 0) return;  // no sample on this line: it stays infinite
    int j = 0;
    for (int q = 0; q < n; ++q) {
        while (z[size_t(j) + 1] < double(q)) ++j;
        const int p = v[size_t(j)];
        out[size_t(q)] = float((q - p) * (q - p)) + f[size_t(p) * stride];
    }
    for (int q = 0; q < n; ++q) f[size_t(q) * stride] = out[size_t(q)];
}

// A [1 2 1] / 4 filter along each axis in turn; the grid's faces keep their own value as the
// missing neighbour.
void blur_121(std::vector<float>& field, const glm::ivec3& dims) {
    std::vector<float> out(field.size());
    const size_t strides[3] = {1, size_t(dims.x), size_t(dims.x) * size_t(dims.y)};
    for (int axis = 0; axis < 3; ++axis) {
        const size_t stride = strides[axis];
        const int n = dims[axis];
#pragma omp parallel for schedule(static)
        for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(field.size()); ++i) {
            const size_t k = size_t(i);
            const int along = int((k / stride) % size_t(n));
            const float here = field[k];
            const float before = along > 0 ? field[k - stride] : here;
            const float after = along + 1 < n ? field[k + stride] : here;
            out[k] = 0.25f * (before + after) + 0.5f * here;
        }
        field.swap(out);
    }
}

}  // namespace

std::vector<float> squared_distance_transform(const std::vector<uint8_t>& seed, const glm::ivec3& dims) {
    const size_t nx = size_t(dims.x), ny = size_t(dims.y);
    std::vector<float> d(seed.size());
    for (size_t i = 0; i < seed.size(); ++i) d[i] = seed[i] ? 0.0f : kFar;
    const int longest = std::max({dims.x, dims.y, dims.z});
    // Along x, then y, then z: each pass is exact given the one before (the transform separates).
    for (int axis = 0; axis < 3; ++axis) {
        const size_t stride = axis == 0 ? 1 : axis == 1 ? nx : nx * ny;
        const int n = dims[axis];
        const size_t lines = seed.size() / size_t(n);
#pragma omp parallel
        {
            std::vector<int> v(static_cast<size_t>(longest) + 1);
            std::vector<double> z(static_cast<size_t>(longest) + 2);
            std::vector<float> out(static_cast<size_t>(longest));
#pragma omp for schedule(static)
            for (std::ptrdiff_t line = 0; line < std::ptrdiff_t(lines); ++line) {
                size_t start;
                const size_t l = size_t(line);
                if (axis == 0) start = l * nx;                            // l = y + z·ny
                else if (axis == 1) start = (l / nx) * nx * ny + l % nx;  // l = x + z·nx
                else start = l;                                           // l = x + y·nx
                distance_1d(d.data() + start, stride, n, v, z, out);
            }
        }
    }
    return d;
}

Result<BodyEnvelope> body_envelope(const BodyMesh& mesh, float radius, float cell, size_t max_voxels) {
    if (!(radius > 0.0f) || !(cell > 0.0f)) return make_error(ErrorCode::Invalid, "envelope: radius and cell must be positive");
    TS_TRY_ASSIGN(VoxelBody body, voxelize(mesh, cell, max_voxels));
    // Room for the closing's ball and a margin round the voxel body's own padding.
    const int pad = int(std::ceil(radius / cell)) + 3;
    BodyEnvelope envelope;
    envelope.cell = cell;
    envelope.dims = body.dims + glm::ivec3(2 * pad);
    envelope.origin = body.origin - glm::vec3(float(pad) * cell);
    const double total = double(envelope.dims.x) * double(envelope.dims.y) * double(envelope.dims.z);
    if (total > double(max_voxels))
        return make_error(ErrorCode::Invalid, "envelope: the voxel grid would have " + std::to_string(size_t(total)) +
                                                  " cells (limit " + std::to_string(max_voxels) + ")");
    const size_t n = size_t(total);
    const auto at = [&](int x, int y, int z) {
        return (size_t(z) * size_t(envelope.dims.y) + size_t(y)) * size_t(envelope.dims.x) + size_t(x);
    };
    std::vector<uint8_t> solid(n, 0);
    for (int z = 0; z < body.dims.z; ++z)
        for (int y = 0; y < body.dims.y; ++y)
            for (int x = 0; x < body.dims.x; ++x)
                if (body.solid[body.index({x, y, z})]) solid[at(x + pad, y + pad, z + pad)] = 1;
    // Closing: dilate by the radius, then erode the dilation by it.
    const float r2 = (radius / cell) * (radius / cell);
    const std::vector<float> to_body = squared_distance_transform(solid, envelope.dims);
    std::vector<uint8_t> beyond(n);
    for (size_t i = 0; i < n; ++i) beyond[i] = to_body[i] > r2;
    const std::vector<float> to_beyond = squared_distance_transform(beyond, envelope.dims);
    std::vector<uint8_t> closed(n), open(n);
    for (size_t i = 0; i < n; ++i) {
        closed[i] = solid[i] || to_beyond[i] > r2;
        open[i] = !closed[i];
    }
    // Signed distance: voxel centres are half a cell inside or outside the surface between them.
    const std::vector<float> to_closed = squared_distance_transform(closed, envelope.dims);
    const std::vector<float> to_open = squared_distance_transform(open, envelope.dims);
    envelope.distance.resize(n);
    for (size_t i = 0; i < n; ++i)
        envelope.distance[i] = closed[i] ? -(std::sqrt(to_open[i]) - 0.5f) * cell : (std::sqrt(to_closed[i]) - 0.5f) * cell;
    // The voxels' stairs smoothed out of the field (a [1 2 1] filter along each axis, twice): a tee
    // laid on the raw field took them as ripples a cell apart (looked at on Xbot, walking).
    for (int pass = 0; pass < 2; ++pass) blur_121(envelope.distance, envelope.dims);
    return envelope;
}

float BodyEnvelope::signed_distance(const glm::vec3& p) const {
    if (distance.empty()) return 0.0f;
    const glm::vec3 g = glm::clamp((p - origin) / cell, glm::vec3(0.0f), glm::vec3(dims - glm::ivec3(1)));
    const glm::ivec3 c = glm::min(glm::ivec3(glm::floor(g)), dims - glm::ivec3(2));
    const glm::vec3 t = g - glm::vec3(c);
    const auto value = [&](int x, int y, int z) {
        return distance[(size_t(c.z + z) * size_t(dims.y) + size_t(c.y + y)) * size_t(dims.x) + size_t(c.x + x)];
    };
    const float x00 = glm::mix(value(0, 0, 0), value(1, 0, 0), t.x), x10 = glm::mix(value(0, 1, 0), value(1, 1, 0), t.x);
    const float x01 = glm::mix(value(0, 0, 1), value(1, 0, 1), t.x), x11 = glm::mix(value(0, 1, 1), value(1, 1, 1), t.x);
    return glm::mix(glm::mix(x00, x10, t.y), glm::mix(x01, x11, t.y), t.z);
}

glm::vec3 BodyEnvelope::normal(const glm::vec3& p) const {
    const float h = 0.5f * cell;
    const glm::vec3 g(signed_distance(p + glm::vec3(h, 0, 0)) - signed_distance(p - glm::vec3(h, 0, 0)),
                      signed_distance(p + glm::vec3(0, h, 0)) - signed_distance(p - glm::vec3(0, h, 0)),
                      signed_distance(p + glm::vec3(0, 0, h)) - signed_distance(p - glm::vec3(0, 0, h)));
    const float length = glm::length(g);
    return length > 1e-12f ? g / length : glm::vec3(0, 1, 0);
}

}  // namespace twinshoot::geometry
