#version 460
// One triangle covering the screen at the far plane: the environment as the background.
layout(location = 0) out vec2 out_ndc;

void main() {
    vec2 ndc = vec2(float((gl_VertexIndex << 1) & 2), float(gl_VertexIndex & 2)) * 2.0 - 1.0;
    out_ndc = ndc;
    gl_Position = vec4(ndc, 1.0, 1.0);
}
