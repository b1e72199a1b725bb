#version 460
// The visibility pass's shading on a single-sample target (vis_shade.glsl).
#define TS_VIS_SINGLE_SAMPLE
#include "vis_shade.glsl"
