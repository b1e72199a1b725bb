// Which samples of one draw in one pixel are one surface (vis_shade.glsl shades them together).
// Each sample's id (vis_id.frag) holds its draw and triangle; vis_classify.glsl lists the pixels
// where a draw has two triangles, and vis_evaluate.comp reads both back and evaluates each where
// the ray through the pixel centre meets its plane: distance along the ray, texture coordinates
// and normal (mesh space). Two samples are one surface when they are the same
// triangle, or when all three agree: adjacent triangles of a smooth, continuously mapped surface
// give the same values at one point (up to curvature), while an edge over something farther, a
// texture seam or a crease does not. Splitting too eagerly only costs a second shading of the
// pixel; merging wrongly would paint one side of an edge with the other's colour.
#ifndef TWINSHOOT_VIS_GROUP_GLSL
#define TWINSHOOT_VIS_GROUP_GLSL

#include "visibility_interface.h"

struct VisSample {
    uint draw;      // 0 or > kVisMaxDraws: no draw (cleared)
    uint triangle;
};

// A triangle's surface at the pixel centre.
struct VisPoint {
    float t;        // distance along the pixel centre's ray (its units: only compared within one ray)
    vec2 uv;
    vec3 normal;    // mesh space, unit
};

// Sample s of a pixel of the id image (TS_VIS_SINGLE_SAMPLE: a single-sample image).
#ifdef TS_VIS_SINGLE_SAMPLE
uint vis_fetch(usampler2D ids, ivec2 pixel, int s) { return texelFetch(ids, pixel, 0).x; }
#else
uint vis_fetch(usampler2DMS ids, ivec2 pixel, int s) { return texelFetch(ids, pixel, s).x; }
#endif

VisSample vis_sample(uint id) { return VisSample(id >> kVisPrimitiveBits, id & kVisPrimitiveMask); }

// Two samples of one pixel to compare (vis_classify.glsl lists them, vis_evaluate.comp compares).
// Up to 8 samples; pixel_index below 2^26 (VisibilityPass::fits()).
uint vis_pair(uint pixel_index, uint anchor, uint s) { return (pixel_index << 6u) | (anchor << 3u) | s; }

// A ray through the image: from the near plane through `ndc` (normalised device coordinates);
// `direction` is not unit length (distances along it are only compared within one ray).
struct VisRay {
    vec3 origin;
    vec3 direction;
};

VisRay vis_pixel_ray(mat4 inverse_view_projection, vec2 ndc) {
    vec4 near = inverse_view_projection * vec4(ndc, 0.0, 1.0);
    vec4 mid = inverse_view_projection * vec4(ndc, 0.5, 1.0);
    vec3 origin = near.xyz / near.w;
    return VisRay(origin, mid.xyz / mid.w - origin);
}

// Barycentric coordinates of where the ray meets the plane of the triangle (a, a + e1, a + e2)
// (Moller-Trumbore, without the inside test: the rasteriser decided that).
vec3 vis_barycentrics(VisRay ray, vec3 a, vec3 e1, vec3 e2) {
    vec3 p = cross(ray.direction, e2);
    float det = dot(e1, p);
    det = abs(det) < 1e-30 ? 1e-30 : det;  // edge-on: a sliver the rasteriser hardly covers
    vec3 t = ray.origin - a;
    float u = dot(t, p) / det;
    float v = dot(ray.direction, cross(t, e1)) / det;
    return vec3(1.0 - u - v, u, v);
}

bool vis_same_surface(VisPoint a, VisPoint b) {
    vec2 duv = abs(a.uv - b.uv);
    float uv_tolerance = TS_VIS_SAME_UV * max(1.0, max(max(abs(a.uv.x), abs(a.uv.y)), max(abs(b.uv.x), abs(b.uv.y))));
    return abs(a.t - b.t) <= TS_VIS_SAME_SURFACE * abs(a.t) && max(duv.x, duv.y) <= uv_tolerance &&
           dot(a.normal, b.normal) >= TS_VIS_SAME_NORMAL;
}

#endif
