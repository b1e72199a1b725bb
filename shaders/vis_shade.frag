#version 460
// The visibility pass's shading on a multisampled target (vis_shade.glsl).
#include "vis_shade.glsl"
