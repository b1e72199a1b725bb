#version 460
// The visibility pass's id pass: positions transformed exactly as pbr.vert does (same depth), and
// the texture coordinates (the alpha test of masked materials).
#include "pbr_interface.h"
#include "visibility_interface.h"

layout(location = 0) in vec3 in_position;
layout(location = 1) in vec2 in_uv;

layout(set = TS_SET_FRAME, binding = TS_BINDING_FRAME, std140) uniform FrameBlock { FrameUniforms frame; };
layout(push_constant, std430) uniform IdBlock { VisIdPushConstants draw; };

layout(location = 0) out vec2 out_uv;

void main() {
    vec4 world = draw.model * vec4(in_position, 1.0);
    out_uv = in_uv;
    gl_Position = frame.projection * frame.view * world;
}
