#version 460
// The visibility pass's classification on a multisampled target (vis_classify.glsl).
#include "vis_classify.glsl"
