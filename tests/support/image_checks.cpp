#include "image_checks.h"

#include <algorithm>
#include <utility>
#include <cmath>
#include <cstdlib>
#include <vector>

namespace twinshoot::test {

uint8_t srgb_byte(float linear) {
    const float c = linear <= 0.0031308f ? 12.92f * linear : 1.055f * std::pow(linear, 1.0f / 2.4f) - 0.055f;
    return static_cast<uint8_t>(std::lround(std::fmin(std::fmax(c, 0.0f), 1.0f) * 255.0f));
}

float luma(const uint8_t* p) { return (0.2126f * p[0] + 0.7152f * p[1] + 0.0722f * p[2]) / 255.0f; }

bool differs(const uint8_t* p, const std::array<uint8_t, 3>& bg, int tolerance) {
    for (int c = 0; c < 3; ++c)
        if (std::abs(int(p[c]) - int(bg[c])) > tolerance) return true;
    return false;
}

Silhouette measure_silhouette(const asset::ImageRgba8& image, const std::array<uint8_t, 3>& background,
                              int tolerance) {
    Silhouette s;
    std::vector<bool> seen(1u << 15, false);
    size_t covered = 0;
    for (uint32_t y = 0; y < image.height; ++y) {
        for (uint32_t x = 0; x < image.width; ++x) {
            const uint8_t* p = image.at(x, y);
            if (!differs(p, background, tolerance)) continue;
            ++covered;
            s.min_x = std::min(s.min_x, x);
            s.max_x = std::max(s.max_x, x);
            s.min_y = std::min(s.min_y, y);
            s.max_y = std::max(s.max_y, y);
            const uint32_t key = (uint32_t(p[0] >> 3) << 10) | (uint32_t(p[1] >> 3) << 5) | uint32_t(p[2] >> 3);
            if (!seen[key]) {
                seen[key] = true;
                ++s.distinct_colours;
            }
        }
    }
    s.coverage = double(covered) / (double(image.width) * image.height);
    return s;
}

Px classify(const uint8_t* rgba) {
    const int r = rgba[0], g = rgba[1], b = rgba[2];
    if (g > r + 40 && g > b + 40) return Px::Body;
    if (r > g + 40 && r > b + 40) return Px::Garment;
    if (b > r + 40 && b > g + 40) return Px::Inside;
    if (std::max({r, g, b}) - std::min({r, g, b}) < 40) return Px::Background;  // the grey clear colour, or a mix with it
    return Px::Edge;
}

size_t body_showing_through(const asset::ImageRgba8& image, asset::ImageRgba8* marked) {
    const int w = int(image.width), h = int(image.height);
    std::vector<Px> px(size_t(w) * h);
    for (int i = 0; i < w * h; ++i) px[size_t(i)] = classify(&image.pixels[size_t(i) * 4]);
    std::vector<uint8_t> seen(px.size(), 0);
    size_t count = 0;
    for (int start = 0; start < w * h; ++start) {
        if (px[size_t(start)] != Px::Body || seen[size_t(start)]) continue;
        std::vector<int> patch{start}, stack{start};
        seen[size_t(start)] = 1;
        bool open = false;
        while (!stack.empty()) {
            const int i = stack.back();
            stack.pop_back();
            const int x = i % w, y = i / w;
            const int next[4][2] = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
            for (const auto& [nx, ny] : next) {
                if (nx < 0 || ny < 0 || nx >= w || ny >= h) {
                    open = true;
                    continue;
                }
                const int j = ny * w + nx;
                if (px[size_t(j)] == Px::Background) open = true;
                if (px[size_t(j)] != Px::Body || seen[size_t(j)]) continue;
                seen[size_t(j)] = 1;
                stack.push_back(j);
                patch.push_back(j);
            }
        }
        if (open) continue;
        count += patch.size();
        if (marked)
            for (int i : patch) {
                uint8_t* p = &marked->pixels[size_t(i) * 4];
                p[0] = 255, p[1] = 0, p[2] = 255;
            }
    }
    return count;
}


std::array<asset::Mesh, 2> cloth_outside_and_inside(const asset::Mesh& cloth) {
    std::array<asset::Mesh, 2> sides{cloth, cloth};
    auto& [outside, inside] = sides;
    outside.skin.clear();
    outside.material = 1;
    inside.skin.clear();
    inside.material = 2;
    for (size_t t = 0; t + 2 < inside.indices.size(); t += 3) std::swap(inside.indices[t + 1], inside.indices[t + 2]);
    for (auto& v : inside.vertices) v.normal = -v.normal;
    return sides;
}

}  // namespace twinshoot::test
