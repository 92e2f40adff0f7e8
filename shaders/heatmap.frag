#version 120
// Incident density heatmap. The density (incidents/km², one float per grid
// cell, filtered bilinearly between cell centres) is divided by u_max, the
// value at the top of the ramp, and looked up in the ramp atlas row
// u_ramp_row; the ramp's alpha is multiplied by u_opacity. Values below
// u_cutoff × u_max (and no-data, stored negative) are not drawn. Changing
// any uniform restyles the map without recomputing or re-uploading the grid.
uniform sampler2D u_density;
uniform sampler2D u_ramps;
uniform float u_max;
uniform float u_cutoff;
uniform float u_opacity;
uniform float u_ramp_row;
uniform float u_ramp_texels;
varying vec2 v_uv;

void main() {
    float v = texture2D(u_density, v_uv).r;
    float t = v / u_max;
    if (!(t >= u_cutoff)) discard;
    t = clamp(t, 0.0, 1.0);
    float s = (t * (u_ramp_texels - 1.0) + 0.5) / u_ramp_texels;
    vec4 c = texture2D(u_ramps, vec2(s, u_ramp_row));
    gl_FragColor = vec4(c.rgb, c.a * u_opacity);
}
