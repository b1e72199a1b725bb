// Which samples of one draw in one pixel are one surface (vis_shade.glsl shades them together,
// vis_classify.glsl must agree). Each sample's id (vis_id.frag) holds its triangle and, evaluated
// at the pixel centre on that triangle's plane, its depth, texture coordinates and normal (mesh
// space). Two samples are one surface when they are the same triangle, or when all three agree:
// adjacent triangles of a smooth, continuously mapped surface give the same values at one point
// (up to curvature), while an edge over something farther, a texture seam or a crease does not.
// Splitting too eagerly only costs a second shading of the pixel; merging wrongly would paint one
// side of an edge with the other's colour.
#ifndef TWINSHOOT_VIS_GROUP_GLSL
#define TWINSHOOT_VIS_GROUP_GLSL

#include "visibility_interface.h"

struct VisSample {
    uint draw;      // 0 or > kVisMaxDraws: no draw (cleared)
    uint triangle;
    float z;        // view-space z at the pixel centre
    vec2 uv;
    vec3 normal;    // mesh space, unit
};

vec3 vis_decode_normal(uint packed) {
    vec2 e = unpackSnorm2x16(packed);
    vec3 n = vec3(e, 1.0 - abs(e.x) - abs(e.y));
    if (n.z < 0.0) n.xy = (1.0 - abs(n.yx)) * vec2(n.x >= 0.0 ? 1.0 : -1.0, n.y >= 0.0 ? 1.0 : -1.0);
    return normalize(n);
}

// Sample s of a pixel of the id image (TS_VIS_SINGLE_SAMPLE: a single-sample image).
#ifdef TS_VIS_SINGLE_SAMPLE
uvec4 vis_fetch(usampler2D ids, ivec2 pixel, int s) { return texelFetch(ids, pixel, 0); }
#else
uvec4 vis_fetch(usampler2DMS ids, ivec2 pixel, int s) { return texelFetch(ids, pixel, s); }
#endif

// `depth`: projection[2][2], [3][2], [2][3], [3][3] (view z of a depth value, any projection).
VisSample vis_sample(uvec4 id, vec4 depth) {
    float d = uintBitsToFloat(id.y);
    return VisSample(id.x >> kVisPrimitiveBits, id.x & kVisPrimitiveMask,
                     (depth.y - depth.w * d) / (depth.z * d - depth.x), unpackHalf2x16(id.z),
                     vis_decode_normal(id.w));
}

bool vis_same_surface(VisSample a, VisSample b) {
    if (a.triangle == b.triangle) return true;
    vec2 duv = abs(a.uv - b.uv);
    float uv_tolerance = TS_VIS_SAME_UV * max(1.0, max(max(abs(a.uv.x), abs(a.uv.y)), max(abs(b.uv.x), abs(b.uv.y))));
    return abs(a.z - b.z) <= TS_VIS_SAME_SURFACE * abs(a.z) && max(duv.x, duv.y) <= uv_tolerance &&
           dot(a.normal, b.normal) >= TS_VIS_SAME_NORMAL;
}

#endif
