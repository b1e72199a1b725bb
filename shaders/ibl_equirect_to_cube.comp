#version 460
// Equirectangular panorama -> mip 0 of the source cube. One invocation per cube texel.
#include "ibl_interface.h"
#include "ibl.glsl"

layout(local_size_x = TS_IBL_WORKGROUP, local_size_y = TS_IBL_WORKGROUP) in;
layout(set = 0, binding = TS_IBL_BINDING_SOURCE) uniform sampler2D equirect;
layout(set = 0, binding = TS_IBL_BINDING_TARGET, rgba16f) uniform writeonly image2DArray target;
layout(push_constant, std430) uniform Push { IblPushConstants push; };

void main() {
    uint size = uint(push.params.z);
    uvec3 id = gl_GlobalInvocationID;
    if (id.x >= size || id.y >= size) return;
    vec2 st = (vec2(id.xy) + 0.5) / float(size) * 2.0 - 1.0;
    vec3 d = cube_direction(id.z, st);
    // params.x: the equirect mip whose texel density matches the cube's (avoids aliasing).
    vec3 c = textureLod(equirect, equirect_uv(d), push.params.x).rgb;
    imageStore(target, ivec3(id), vec4(min(c, vec3(65000.0)), 1.0));
}
