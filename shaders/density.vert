#version 120
// Incident density overlays (heatmap and hex bins): geometry in map metres
// relative to the scene origin, draped on the ground. Texture coordinate 0
// carries the density texture's (s, t) for the heatmap, or (value, 0) for a
// hexagon.
varying vec2 v_uv;

void main() {
    v_uv = gl_MultiTexCoord0.xy;
    gl_Position = ftransform();
}
