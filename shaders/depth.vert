#version 460
// Depth-only pass (shadow maps, the benchmark's depth floor): positions only.
#include "pbr_interface.h"

layout(location = 0) in vec3 in_position;
layout(push_constant, std430) uniform DepthBlock { mat4 clip_from_model; };

void main() { gl_Position = clip_from_model * vec4(in_position, 1.0); }
