#version 120
// Hexagon bins coloured by count. v_uv.x is the hexagon's value (the same
// at all its vertices); t = value / u_max is lifted to u_floor + (1 −
// u_floor)·t so that a hexagon with a single incident still shows, then
// looked up in the ramp atlas row u_ramp_row at u_opacity. Outlines
// (v_uv.y = 1; drawn after the fills in the same geometry) are the fill
// colour darkened and more opaque.
uniform sampler2D u_ramps;
uniform float u_max;
uniform float u_floor;
uniform float u_opacity;
uniform float u_ramp_row;
uniform float u_ramp_texels;
varying vec2 v_uv;

void main() {
    float v = v_uv.x;
    if (!(v > 0.0)) discard;
    float t = u_floor + (1.0 - u_floor) * clamp(v / u_max, 0.0, 1.0);
    float s = (t * (u_ramp_texels - 1.0) + 0.5) / u_ramp_texels;
    vec4 c = texture2D(u_ramps, vec2(s, u_ramp_row));
    if (v_uv.y > 0.5) c = vec4(c.rgb * 0.55, max(c.a, 0.85));
    gl_FragColor = vec4(c.rgb, c.a * u_opacity);
}
