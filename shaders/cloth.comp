#version 460
// One step of the cloth settle (view/gpu_cloth.h), chosen by a specialization constant. The same
// arithmetic as asset::settle_cloth (engine/asset/cloth_settle.cpp), step for step.
#include "cloth_interface.h"

layout(local_size_x = TS_CLOTH_WORKGROUP) in;
layout(constant_id = 0) const uint kOp = TS_CLOTH_OP_PREDICT;

layout(set = 0, binding = TS_CLOTH_BINDING_X, std430) buffer Positions { vec4 x[]; };
layout(set = 0, binding = TS_CLOTH_BINDING_PREV, std430) buffer Previous { vec4 prev[]; };
layout(set = 0, binding = TS_CLOTH_BINDING_VELOCITY, std430) buffer Velocities { vec4 velocity[]; };
layout(set = 0, binding = TS_CLOTH_BINDING_START, std430) readonly buffer Start { vec4 start[]; };
layout(set = 0, binding = TS_CLOTH_BINDING_CONTACT, std430) readonly buffer Contacts { vec4 contact[]; };
layout(set = 0, binding = TS_CLOTH_BINDING_LINKS, std430) readonly buffer Links { ClothLink links[]; };
layout(set = 0, binding = TS_CLOTH_BINDING_PARTICLES, std430) readonly buffer Particles { uint particles[]; };
layout(set = 0, binding = TS_CLOTH_BINDING_HINGES, std430) readonly buffer Hinges { ClothHinge hinges[]; };
layout(set = 0, binding = TS_CLOTH_BINDING_SIDES, std430) readonly buffer Sides { ClothSide sides[]; };
layout(push_constant, std430) uniform Push { ClothPushConstants push; };

void solve_link(ClothLink link) {
    vec3 a = x[link.a].xyz, b = x[link.b].xyz;
    vec3 d = b - a;
    float len = length(d);
    if (len < 1e-12) return;
    float lambda = -(len - link.rest) / (2.0 + (len > link.rest ? push.tildes.x : push.tildes.y));
    vec3 step = (lambda / len) * d;
    x[link.a].xyz = a - step;
    x[link.b].xyz = b + step;
}

// asset::fast_atan2's polynomial (cloth_settle.cpp), so both solvers fold alike.
float fast_atan2(float y, float x) {
    float ax = abs(x), ay = abs(y);
    float hi = max(ax, ay);
    if (hi == 0.0) return 0.0;
    float t = min(ax, ay) / hi, t2 = t * t;
    float r = t * (0.99997726 + t2 * (-0.33262347 + t2 * (0.19354346 + t2 * (-0.11643287 + t2 * (0.05265332 + t2 * -0.01172120)))));
    if (ay > ax) r = 1.57079632679 - r;
    if (x < 0.0) r = 3.14159265359 - r;
    return y < 0.0 ? -r : r;
}

// asset's solve_hinge: the fold towards its rest angle along its gradient.
void solve_hinge(ClothHinge h) {
    vec3 p = x[h.p].xyz, q = x[h.q].xyz, r = x[h.r].xyz, s = x[h.s].xyz;
    vec3 e = q - p, pr = r - p, ps = s - p;
    vec3 n1 = cross(e, pr), n2 = cross(ps, e);
    float ll = dot(e, e), m1 = dot(n1, n1), m2 = dot(n2, n2);
    if (ll <= 1e-30 || m1 <= 1e-6 * ll * ll || m2 <= 1e-6 * ll * ll) return;
    float l = sqrt(ll), inv_ll = 1.0 / ll;
    float angle = fast_atan2(dot(cross(n1, n2), e), dot(n1, n2) * l);
    vec3 gr = -(l / m1) * n1, gs = -(l / m2) * n2;
    float a = dot(pr, e) * inv_ll, b = dot(ps, e) * inv_ll;
    vec3 gp = -(1.0 - a) * gr - (1.0 - b) * gs, gq = -a * gr - b * gs;
    float c = angle - h.angle;
    if (c > 3.14159265359) c -= 6.28318530718;
    else if (c <= -3.14159265359) c += 6.28318530718;
    float lambda = -c / (dot(gp, gp) + dot(gq, gq) + dot(gr, gr) + dot(gs, gs) + push.tildes.x);
    x[h.p].xyz = p + lambda * gp;
    x[h.q].xyz = q + lambda * gq;
    x[h.r].xyz = r + lambda * gr;
    x[h.s].xyz = s + lambda * gs;
}

// asset::solve_cloth_side (engine/asset/cloth_sides.h): p held on its side of the triangle.
void solve_side(ClothSide side) {
    vec3 a = x[side.a].xyz, b = x[side.b].xyz, c = x[side.c].xyz, p = x[side.p].xyz;
    vec3 e1 = b - a, e2 = c - a, n = cross(e1, e2);
    float nn = dot(n, n);
    if (!(nn > 1e-30)) return;
    vec3 ap = p - a;
    float v = dot(cross(ap, e2), n) / nn, w = dot(cross(e1, ap), n) / nn, u = 1.0 - v - w;
    if (u < -0.25 || v < -0.25 || w < -0.25) return;
    vec3 normal = n * (1.0 / sqrt(nn)) * (side.gap < 0.0 ? -1.0 : 1.0);
    float along = dot(ap, normal);
    if (along >= side.held || along < -push.tildes.w) return;
    float cu = max(u, 0.0), cv = max(v, 0.0), cw = max(w, 0.0);
    float sum = cu + cv + cw, iu = cu / sum, iv = cv / sum, iw = cw / sum;
    float lambda = (side.held - along) / (1.0 + iu * iu + iv * iv + iw * iw);
    x[side.p].xyz = p + lambda * normal;
    x[side.a].xyz = a - (lambda * iu) * normal;
    x[side.b].xyz = b - (lambda * iv) * normal;
    x[side.c].xyz = c - (lambda * iw) * normal;
}

void main() {
    uint k = gl_GlobalInvocationID.x;
    if (kOp == TS_CLOTH_OP_LINKS_IN_ORDER) {
        if (k == 0u)
            for (uint i = 0u; i < push.range.y; ++i) solve_link(links[push.range.x + i]);
        return;
    }
    if (kOp == TS_CLOTH_OP_HINGES_IN_ORDER) {
        if (k == 0u)
            for (uint i = 0u; i < push.range.y; ++i) solve_hinge(hinges[push.range.x + i]);
        return;
    }
    if (kOp == TS_CLOTH_OP_SIDES_IN_ORDER) {
        if (k == 0u)
            for (uint i = 0u; i < push.range.y; ++i) solve_side(sides[push.range.x + i]);
        return;
    }
    if (k >= push.range.y) return;
    uint item = push.range.x + k;
    float dt = push.gravity.w;
    if (kOp == TS_CLOTH_OP_LINKS) {
        solve_link(links[item]);
    } else if (kOp == TS_CLOTH_OP_HINGES) {
        solve_hinge(hinges[item]);
    } else if (kOp == TS_CLOTH_OP_SIDES) {
        solve_side(sides[item]);
    } else if (kOp == TS_CLOTH_OP_TETHERS) {
        ClothLink tether = links[item];  // a moves, b (an anchored particle) is only read
        vec3 d = x[tether.a].xyz - x[tether.b].xyz;
        float len = length(d);
        if (len > tether.rest) x[tether.a].xyz = x[tether.b].xyz + d * (tether.rest / len);
    } else if (kOp == TS_CLOTH_OP_ANCHORS) {
        uint i = particles[item];
        float anchor = start[i].w;
        if (anchor > 0.0) x[i].xyz += (start[i].xyz - x[i].xyz) / (1.0 + push.tildes.z / anchor);
    } else if (kOp == TS_CLOTH_OP_PREDICT) {
        uint i = particles[item];
        prev[i] = x[i];
        velocity[i].xyz += push.gravity.xyz * dt;
        x[i].xyz += velocity[i].xyz * dt;
    } else if (kOp == TS_CLOTH_OP_FINISH) {
        uint i = particles[item];
        vec3 p = x[i].xyz, before = prev[i].xyz;
        vec4 point = contact[2u * i], normal = contact[2u * i + 1u];
        if (normal.w != 0.0) {
            float depth = dot(p - point.xyz, normal.xyz) - point.w;
            if (depth < 0.0) {
                p -= depth * normal.xyz;
                vec3 moved = p - before;
                vec3 slip = moved - dot(moved, normal.xyz) * normal.xyz;
                p -= push.contact.x * slip;
            }
        }
        x[i].xyz = p;
        vec3 v = (p - before) * ((1.0 - push.contact.y) / dt);
        float speed = length(v);
        if (speed > push.contact.z) v *= push.contact.z / speed;
        velocity[i].xyz = v;
    }
}
