#version 460
// The visibility pass's classification on a single-sample target (vis_classify.glsl).
#define TS_VIS_SINGLE_SAMPLE
#include "vis_classify.glsl"
