#version 460
// Depth of alpha-tested (masked) casters into the shadow maps: positions and texture coordinates.
layout(location = 0) in vec3 in_position;
layout(location = 1) in vec2 in_uv;
layout(push_constant, std430) uniform DepthBlock { mat4 clip_from_model; };
layout(location = 0) out vec2 out_uv;

void main() {
    out_uv = in_uv;
    gl_Position = clip_from_model * vec4(in_position, 1.0);
}
