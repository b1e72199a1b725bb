#include "color_difference.h"

#include <cmath>

namespace twinshoot::test {
namespace {

constexpr double kPi = 3.14159265358979323846;
double rad(double deg) { return deg * kPi / 180.0; }
double deg(double r) { return r * 180.0 / kPi; }

double to_linear(uint8_t v) {
    const double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double lab_f(double t) {
    const double d = 6.0 / 29.0;
    return t > d * d * d ? std::cbrt(t) : t / (3.0 * d * d) + 4.0 / 29.0;
}

}  // namespace

Lab srgb_to_lab(const std::array<uint8_t, 3>& srgb) {
    const double r = to_linear(srgb[0]), g = to_linear(srgb[1]), b = to_linear(srgb[2]);
    // IEC 61966-2-1 matrix; D65 white (0.95047, 1, 1.08883).
    const double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
    const double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
    const double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
    const double fx = lab_f(x), fy = lab_f(y), fz = lab_f(z);
    return {116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)};
}

double delta_e_2000(const Lab& p, const Lab& q) {
    const double c1 = std::hypot(p.a, p.b), c2 = std::hypot(q.a, q.b);
    const double c_bar = (c1 + c2) / 2.0;
    const double c7 = std::pow(c_bar, 7.0);
    const double g = 0.5 * (1.0 - std::sqrt(c7 / (c7 + std::pow(25.0, 7.0))));
    const double a1 = (1.0 + g) * p.a, a2 = (1.0 + g) * q.a;
    const double c1p = std::hypot(a1, p.b), c2p = std::hypot(a2, q.b);
    auto hue = [](double b, double a) {
        if (a == 0.0 && b == 0.0) return 0.0;
        const double h = deg(std::atan2(b, a));
        return h < 0.0 ? h + 360.0 : h;
    };
    const double h1 = hue(p.b, a1), h2 = hue(q.b, a2);
    const double dl = q.l - p.l, dc = c2p - c1p;
    double dh = 0.0;
    if (c1p * c2p != 0.0) {
        dh = h2 - h1;
        if (dh > 180.0) dh -= 360.0;
        else if (dh < -180.0) dh += 360.0;
    }
    const double d_big_h = 2.0 * std::sqrt(c1p * c2p) * std::sin(rad(dh / 2.0));
    const double l_bar = (p.l + q.l) / 2.0, cp_bar = (c1p + c2p) / 2.0;
    double h_bar = h1 + h2;
    if (c1p * c2p != 0.0) {
        if (std::abs(h1 - h2) <= 180.0) h_bar = (h1 + h2) / 2.0;
        else h_bar = (h1 + h2 < 360.0) ? (h1 + h2 + 360.0) / 2.0 : (h1 + h2 - 360.0) / 2.0;
    }
    const double t = 1.0 - 0.17 * std::cos(rad(h_bar - 30.0)) + 0.24 * std::cos(rad(2.0 * h_bar)) +
                     0.32 * std::cos(rad(3.0 * h_bar + 6.0)) - 0.20 * std::cos(rad(4.0 * h_bar - 63.0));
    const double d_theta = 30.0 * std::exp(-std::pow((h_bar - 275.0) / 25.0, 2.0));
    const double cp7 = std::pow(cp_bar, 7.0);
    const double rc = 2.0 * std::sqrt(cp7 / (cp7 + std::pow(25.0, 7.0)));
    const double sl = 1.0 + 0.015 * std::pow(l_bar - 50.0, 2.0) / std::sqrt(20.0 + std::pow(l_bar - 50.0, 2.0));
    const double sc = 1.0 + 0.045 * cp_bar, sh = 1.0 + 0.015 * cp_bar * t;
    const double rt = -std::sin(rad(2.0 * d_theta)) * rc;
    return std::sqrt(std::pow(dl / sl, 2.0) + std::pow(dc / sc, 2.0) + std::pow(d_big_h / sh, 2.0) +
                     rt * (dc / sc) * (d_big_h / sh));
}

}  // namespace twinshoot::test
