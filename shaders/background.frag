#version 460
// The environment seen behind the subject, exposed and tone mapped like the lit surfaces.
// It reads the GGX-prefiltered cube's sharpest level (256 px per face), so the background is
// soft, like a studio backdrop out of focus.
#include "pbr_interface.h"
#include "ibl.glsl"
#include "tonemap.glsl"

layout(location = 0) in vec2 in_ndc;
layout(set = TS_SET_FRAME, binding = TS_BINDING_FRAME, std140) uniform FrameBlock { FrameUniforms frame; };
layout(set = TS_SET_FRAME, binding = TS_BINDING_ENV_SPECULAR) uniform samplerCube env_specular;
layout(location = 0) out vec4 out_color;

void main() {
    vec4 far_point = frame.inverse_view_projection * vec4(in_ndc, 1.0, 1.0);
    vec3 d = normalize(far_point.xyz / far_point.w - frame.camera_position.xyz);
    vec3 radiance = textureLod(env_specular, rotate_to_environment(d, frame.environment.yz), 0.0).rgb * frame.environment.x;
    out_color = vec4(tonemap(radiance, uint(frame.params.y)), 1.0);
}
