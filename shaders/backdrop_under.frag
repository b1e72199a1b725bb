#version 460
// The backdrop under a frame whose subject was drawn over a transparent clear (view/
// offscreen_renderer.h, "backdrop under"): drawn at one sample per pixel after the MSAA resolve,
// with BlendMode::Under, so each pixel takes the backdrop's colour (backdrop_light.frag, half
// resolution, filtered up as the backdrop variant of pbr.frag does) in the part its subject does not
// cover: what the resolve of a backdrop drawn into every uncovered sample gives, without drawing it
// into four samples per pixel. Where the half-resolution pass drew no backdrop it holds the frame's
// clear colour.
#include "pbr_interface.h"

layout(set = TS_SET_FRAME, binding = TS_BINDING_BACKDROP_LIGHT) uniform sampler2D backdrop_light;

layout(location = 0) out vec4 out_color;  // display-referred linear; the sRGB attachment encodes

void main() {
    out_color = vec4(texture(backdrop_light, gl_FragCoord.xy * 0.5 / vec2(textureSize(backdrop_light, 0))).rgb, 1.0);
}
