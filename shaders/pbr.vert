#version 460
#include "pbr_interface.h"

layout(location = 0) in vec3 in_position;
layout(location = 1) in vec3 in_normal;
layout(location = 2) in vec4 in_tangent;
layout(location = 3) in vec2 in_uv;

layout(set = TS_SET_FRAME, binding = TS_BINDING_FRAME, std140) uniform FrameBlock { FrameUniforms frame; };
layout(push_constant, std430) uniform DrawBlock { DrawPushConstants draw; };

layout(location = 0) out vec3 out_world_position;
layout(location = 1) out vec3 out_normal;
layout(location = 2) out vec4 out_tangent;
layout(location = 3) out vec2 out_uv;

void main() {
    vec4 world = draw.model * vec4(in_position, 1.0);
    out_world_position = world.xyz;
    mat3 normal_matrix = mat3(draw.normal_matrix);
    out_normal = normal_matrix * in_normal;
    out_tangent = vec4(mat3(draw.model) * in_tangent.xyz, in_tangent.w);
    out_uv = in_uv;
    gl_Position = frame.projection * frame.view * world;
}
