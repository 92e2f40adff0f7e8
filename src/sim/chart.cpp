#include "sim/chart.h"

#include <png.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <unistd.h>

#include "core/error.h"

namespace jingwei::sim {
namespace {

// 5×7 glyphs, one byte per row, bit 4 = leftmost column.
struct Glyph {
    char c;
    std::array<std::uint8_t, 7> rows;
};
constexpr Glyph kFont[] = {
    {'0', {0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E}}, {'1', {0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E}},
    {'2', {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F}}, {'3', {0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E}},
    {'4', {0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02}}, {'5', {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E}},
    {'6', {0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E}}, {'7', {0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08}},
    {'8', {0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E}}, {'9', {0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C}},
    {'A', {0x0E, 0x11, 0x11, 0x11, 0x1F, 0x11, 0x11}}, {'B', {0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E}},
    {'C', {0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E}}, {'D', {0x1C, 0x12, 0x11, 0x11, 0x11, 0x12, 0x1C}},
    {'E', {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F}}, {'F', {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10}},
    {'G', {0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F}}, {'H', {0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11}},
    {'I', {0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E}}, {'J', {0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C}},
    {'K', {0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11}}, {'L', {0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F}},
    {'M', {0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11}}, {'N', {0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11}},
    {'O', {0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}}, {'P', {0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10}},
    {'Q', {0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D}}, {'R', {0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11}},
    {'S', {0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E}}, {'T', {0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04}},
    {'U', {0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}}, {'V', {0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04}},
    {'W', {0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A}}, {'X', {0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11}},
    {'Y', {0x11, 0x11, 0x11, 0x0A, 0x04, 0x04, 0x04}}, {'Z', {0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F}},
    {' ', {0, 0, 0, 0, 0, 0, 0}},                      {'.', {0, 0, 0, 0, 0, 0x0C, 0x0C}},
    {'%', {0x18, 0x19, 0x02, 0x04, 0x08, 0x13, 0x03}}, {'-', {0, 0, 0, 0x1F, 0, 0, 0}},
    {':', {0, 0x0C, 0x0C, 0, 0x0C, 0x0C, 0}},          {'(', {0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02}},
    {')', {0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08}}, {'/', {0, 0x01, 0x02, 0x04, 0x08, 0x10, 0}},
    {'<', {0x02, 0x04, 0x08, 0x10, 0x08, 0x04, 0x02}}, {'>', {0x08, 0x04, 0x02, 0x01, 0x02, 0x04, 0x08}},
    {'=', {0, 0, 0x1F, 0, 0x1F, 0, 0}},                {',', {0, 0, 0, 0, 0x0C, 0x04, 0x08}},
    {'+', {0, 0x04, 0x04, 0x1F, 0x04, 0x04, 0}},       {'_', {0, 0, 0, 0, 0, 0, 0x1F}},
    {'#', {0x0A, 0x0A, 0x1F, 0x0A, 0x1F, 0x0A, 0x0A}}, {'*', {0, 0x04, 0x15, 0x0E, 0x15, 0x04, 0}},
};

const std::array<std::uint8_t, 7>& glyph(char c) {
    static constexpr std::array<std::uint8_t, 7> box = {0x1F, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1F};
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    for (const Glyph& g : kFont)
        if (g.c == c) return g.rows;
    return box;
}

// libpng reports errors by longjmp: nothing here changes after setjmp.
bool writePngRows(png_structp png, png_infop info, std::FILE* f, int w, int h, const std::uint8_t* px) {
    if (setjmp(png_jmpbuf(png))) return false;
    png_init_io(png, f);
    png_set_IHDR(png, info, static_cast<png_uint_32>(w), static_cast<png_uint_32>(h), 8, PNG_COLOR_TYPE_RGB_ALPHA,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < h; ++y) png_write_row(png, const_cast<png_bytep>(px + static_cast<std::size_t>(y) * w * 4));
    png_write_end(png, nullptr);
    return true;
}

}  // namespace

Canvas::Canvas(int width, int height, Rgba bg) : w_(width), h_(height), px_(static_cast<std::size_t>(width) * height * 4) {
    for (std::size_t i = 0; i < px_.size(); i += 4) {
        px_[i] = bg.r;
        px_[i + 1] = bg.g;
        px_[i + 2] = bg.b;
        px_[i + 3] = bg.a;
    }
}

Rgba Canvas::at(int x, int y) const {
    const std::size_t i = (static_cast<std::size_t>(y) * w_ + x) * 4;
    return {px_[i], px_[i + 1], px_[i + 2], px_[i + 3]};
}

void Canvas::blend(int x, int y, Rgba c, double cov) {
    if (x < 0 || y < 0 || x >= w_ || y >= h_ || cov <= 0) return;
    const double a = std::min(1.0, cov) * (c.a / 255.0);
    const std::size_t i = (static_cast<std::size_t>(y) * w_ + x) * 4;
    px_[i] = static_cast<std::uint8_t>(std::lround(px_[i] * (1 - a) + c.r * a));
    px_[i + 1] = static_cast<std::uint8_t>(std::lround(px_[i + 1] * (1 - a) + c.g * a));
    px_[i + 2] = static_cast<std::uint8_t>(std::lround(px_[i + 2] * (1 - a) + c.b * a));
    px_[i + 3] = static_cast<std::uint8_t>(std::min(255.0, px_[i + 3] + 255.0 * a * (1 - px_[i + 3] / 255.0)));
}

void Canvas::fillRect(int x0, int y0, int x1, int y1, Rgba c) {
    x0 = std::max(0, x0);
    y0 = std::max(0, y0);
    x1 = std::min(w_, x1);
    y1 = std::min(h_, y1);
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) blend(x, y, c);
}

void Canvas::line(double x0, double y0, double x1, double y1, Rgba c, double width) {
    // Coverage from the distance of each pixel centre to the segment.
    const double hw = width / 2;
    const int bx0 = static_cast<int>(std::floor(std::min(x0, x1) - hw - 1));
    const int bx1 = static_cast<int>(std::ceil(std::max(x0, x1) + hw + 1));
    const int by0 = static_cast<int>(std::floor(std::min(y0, y1) - hw - 1));
    const int by1 = static_cast<int>(std::ceil(std::max(y0, y1) + hw + 1));
    const double dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
    for (int y = std::max(0, by0); y <= std::min(h_ - 1, by1); ++y)
        for (int x = std::max(0, bx0); x <= std::min(w_ - 1, bx1); ++x) {
            const double px = x + 0.5, py = y + 0.5;
            double t = len2 > 0 ? ((px - x0) * dx + (py - y0) * dy) / len2 : 0;
            t = std::clamp(t, 0.0, 1.0);
            const double ex = x0 + t * dx - px, ey = y0 + t * dy - py;
            const double d = std::sqrt(ex * ex + ey * ey);
            blend(x, y, c, std::clamp(hw + 0.5 - d, 0.0, 1.0));
        }
}

void Canvas::dashedLine(double x0, double y0, double x1, double y1, Rgba c, double width, double dash) {
    const double len = std::hypot(x1 - x0, y1 - y0);
    if (len <= 0) return;
    for (double s = 0; s < len; s += 2 * dash) {
        const double e = std::min(len, s + dash);
        line(x0 + (x1 - x0) * s / len, y0 + (y1 - y0) * s / len, x0 + (x1 - x0) * e / len, y0 + (y1 - y0) * e / len, c, width);
    }
}

int Canvas::textWidth(std::string_view s, int scale) {
    return s.empty() ? 0 : static_cast<int>(s.size()) * 6 * scale - scale;
}

void Canvas::text(int x, int y, std::string_view s, Rgba c, int scale, Align align) {
    const int w = textWidth(s, scale);
    if (align == Align::Centre) x -= w / 2;
    if (align == Align::Right) x -= w;
    for (char ch : s) {
        const auto& g = glyph(ch);
        for (int r = 0; r < 7; ++r)
            for (int col = 0; col < 5; ++col)
                if (g[r] & (0x10 >> col)) fillRect(x + col * scale, y + r * scale, x + (col + 1) * scale, y + (r + 1) * scale, c);
        x += 6 * scale;
    }
}

void Canvas::textUp(int cx, int cy, std::string_view s, Rgba c, int scale) {
    const int w = textWidth(s, scale), h = textHeight(scale);
    // Glyph pixel (u, v) of the horizontal text goes to (x0 + v, y0 + w − u).
    const int x0 = cx - h / 2, y0 = cy - w / 2;
    int u0 = 0;
    for (char ch : s) {
        const auto& g = glyph(ch);
        for (int r = 0; r < 7; ++r)
            for (int col = 0; col < 5; ++col)
                if (g[r] & (0x10 >> col)) {
                    const int u = u0 + col * scale, v = r * scale;
                    fillRect(x0 + v, y0 + w - u - scale, x0 + v + scale, y0 + w - u, c);
                }
        u0 += 6 * scale;
    }
}

void Canvas::writePng(const std::string& path) const {
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) throw Error(path, "", "cannot create the chart file");
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    const bool ok = png && info && writePngRows(png, info, f, w_, h_, px_.data());
    png_destroy_write_struct(png ? &png : nullptr, info ? &info : nullptr);
    const bool closed = std::fclose(f) == 0;
    std::error_code ec;
    if (!ok || !closed) {
        std::filesystem::remove(tmp, ec);
        throw Error(path, "", "cannot write the PNG chart");
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        throw Error(path, "", "cannot rename the chart into place: " + ec.message());
    }
}

std::vector<double> niceTicks(double lo, double hi, int target, bool integer) {
    std::vector<double> t;
    if (!(hi > lo)) hi = lo + 1;
    const double raw = (hi - lo) / std::max(1, target);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (integer && (m * mag < 1 || m * mag != std::floor(m * mag))) continue;
        if (m * mag >= raw) {
            step = m * mag;
            break;
        }
    }
    if (integer) step = std::max(step, 1.0);
    const double first = std::ceil(lo / step - 1e-9) * step;
    for (double v = first; v <= hi + step * 1e-9; v += step) t.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    // The last tick covers hi, so data never pokes out of the frame.
    if (t.empty() || t.back() < hi - step * 1e-9) t.push_back((t.empty() ? first : t.back() + step));
    return t;
}

std::string tickLabel(double v, double step) {
    char buf[32];
    if (step >= 1 && std::abs(v - std::round(v)) < 1e-9) std::snprintf(buf, sizeof buf, "%.0f", v);
    else if (step >= 0.1) std::snprintf(buf, sizeof buf, "%.1f", v);
    else std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

namespace {
const Rgba kInk{40, 44, 52, 255};
const Rgba kGrid{225, 228, 234, 255};
}  // namespace

Plot::Plot(Canvas& c, int left, int top, int right, int bottom, double x0, double x1, double y0, double y1)
    : c_(c), l_(left), t_(top), r_(right), b_(bottom), x0_(x0), x1_(x1 > x0 ? x1 : x0 + 1), y0_(y0), y1_(y1 > y0 ? y1 : y0 + 1) {}

double Plot::px(double x) const { return l_ + (x - x0_) / (x1_ - x0_) * (r_ - l_); }
double Plot::py(double y) const { return b_ - (y - y0_) / (y1_ - y0_) * (b_ - t_); }

void Plot::axes(const std::vector<double>& xt, const std::vector<double>& yt, const std::string& xlabel,
                const std::string& ylabel, const std::string& y_suffix) {
    const double xs = xt.size() > 1 ? xt[1] - xt[0] : 1, ys = yt.size() > 1 ? yt[1] - yt[0] : 1;
    for (double y : yt) {
        const double p = py(y);
        if (p < t_ - 0.5 || p > b_ + 0.5) continue;
        c_.line(l_, p, r_, p, kGrid, 1.0);
        c_.text(l_ - 8, static_cast<int>(p) - Canvas::textHeight() / 2, tickLabel(y, ys) + y_suffix, kInk, 2, Canvas::Align::Right);
    }
    for (double x : xt) {
        const double p = px(x);
        if (p < l_ - 0.5 || p > r_ + 0.5) continue;
        c_.line(p, b_, p, b_ + 6, kInk, 1.5);
        c_.text(static_cast<int>(p), b_ + 10, tickLabel(x, xs), kInk, 2, Canvas::Align::Centre);
    }
    c_.line(l_, b_, r_, b_, kInk, 2);
    c_.line(l_, t_, l_, b_, kInk, 2);
    if (!xlabel.empty()) c_.text((l_ + r_) / 2, b_ + 34, xlabel, kInk, 2, Canvas::Align::Centre);
    if (!ylabel.empty()) c_.textUp(l_ - 78, (t_ + b_) / 2, ylabel, kInk, 2);
}

void Plot::rightAxis(double v0, double v1, const std::vector<double>& ticks, const std::string& label, const std::string& suffix) {
    const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1;
    for (double v : ticks) {
        const double p = b_ - (v - v0) / (v1 - v0) * (b_ - t_);
        c_.line(r_, p, r_ + 6, p, kInk, 1.5);
        c_.text(r_ + 10, static_cast<int>(p) - Canvas::textHeight() / 2, tickLabel(v, step) + suffix, kInk, 2);
    }
    c_.line(r_, t_, r_, b_, kInk, 2);
    if (!label.empty()) c_.textUp(r_ + 80, (t_ + b_) / 2, label, kInk, 2);
}

void Plot::title(const std::string& t) { c_.text((l_ + r_) / 2, t_ - 34, t, kInk, 3, Canvas::Align::Centre); }

}  // namespace jingwei::sim
