#pragma once
// A small raster chart kit for the run's PNG charts: an RGBA canvas with
// filled rectangles, anti-aliased lines, a built-in 5×7 bitmap font
// (digits, Latin capitals and a few signs: labels are English capitals and
// numbers, so no font files are needed) and PNG output through libpng.
// Written for the simulation's three charts; no dependency on the renderer.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace jingwei::sim {

struct Rgba {
    std::uint8_t r = 0, g = 0, b = 0, a = 255;
};

class Canvas {
public:
    Canvas(int width, int height, Rgba background);
    int width() const { return w_; }
    int height() const { return h_; }
    const std::vector<std::uint8_t>& pixels() const { return px_; }  // RGBA rows, top first
    Rgba at(int x, int y) const;

    void blend(int x, int y, Rgba c, double coverage = 1.0);
    // [x0, x1) × [y0, y1), clipped.
    void fillRect(int x0, int y0, int x1, int y1, Rgba c);
    // An anti-aliased segment of the given width in pixels.
    void line(double x0, double y0, double x1, double y1, Rgba c, double width = 1.5);
    void dashedLine(double x0, double y0, double x1, double y1, Rgba c, double width = 1.0, double dash = 6);
    enum class Align { Left, Centre, Right };
    // Text with its top at y; scale = pixel size of a font dot. Unknown
    // characters draw as a box; lower case draws as upper case.
    void text(int x, int y, std::string_view s, Rgba c, int scale = 2, Align align = Align::Left);
    static int textWidth(std::string_view s, int scale = 2);
    static int textHeight(int scale = 2) { return 7 * scale; }
    // Text turned 90° anticlockwise (reads bottom to top), centred on (x, y).
    void textUp(int x, int y, std::string_view s, Rgba c, int scale = 2);

    // Writes a PNG (8-bit RGBA) through a temporary file and a rename.
    // Throws Error on failure.
    void writePng(const std::string& path) const;

private:
    int w_, h_;
    std::vector<std::uint8_t> px_;
};

// Round tick positions (1, 2, 2.5, 5 × 10^k steps) covering [lo, hi];
// integer: whole-number steps only (counts).
std::vector<double> niceTicks(double lo, double hi, int target = 6, bool integer = false);
// "12", "2.5", "0.25": the shortest of a few fixed formats that shows the step.
std::string tickLabel(double v, double step);

// A plot area inside a canvas with linear axes.
class Plot {
public:
    Plot(Canvas& c, int left, int top, int right, int bottom, double x0, double x1, double y0, double y1);
    double px(double x) const;
    double py(double y) const;
    int left() const { return l_; }
    int top() const { return t_; }
    int right() const { return r_; }
    int bottom() const { return b_; }
    // Frame, grid lines and tick labels; labels under the x axis and left of
    // the y axis (right of the frame when right_axis).
    void axes(const std::vector<double>& xt, const std::vector<double>& yt, const std::string& xlabel,
              const std::string& ylabel, const std::string& y_suffix = "");
    // A second y axis on the right, for values v0..v1 mapped onto the plot.
    void rightAxis(double v0, double v1, const std::vector<double>& ticks, const std::string& label,
                   const std::string& suffix = "");
    void title(const std::string& t);

private:
    Canvas& c_;
    int l_, t_, r_, b_;
    double x0_, x1_, y0_, y1_;
};

}  // namespace jingwei::sim
