#include "render/label_placement.h"

#include <algorithm>
#include <cmath>

#include "render/hud_text.h"

namespace jingwei {

namespace {

double cross(const XY& o, const XY& a, const XY& b) {
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

double signedArea(const std::vector<XY>& poly) {
    double a = 0;
    for (std::size_t i = 0, n = poly.size(); i < n; ++i) {
        const XY& p = poly[i];
        const XY& q = poly[(i + 1) % n];
        a += p.x * q.y - q.x * p.y;
    }
    return 0.5 * a;
}

XY areaCentroid(const std::vector<XY>& poly) {
    double a = 0, cx = 0, cy = 0;
    for (std::size_t i = 0, n = poly.size(); i < n; ++i) {
        const XY& p = poly[i];
        const XY& q = poly[(i + 1) % n];
        const double c = p.x * q.y - q.x * p.y;
        a += c;
        cx += (p.x + q.x) * c;
        cy += (p.y + q.y) * c;
    }
    if (std::abs(a) < 1e-9) {
        XY m;
        for (const auto& p : poly) { m.x += p.x; m.y += p.y; }
        if (!poly.empty()) { m.x /= poly.size(); m.y /= poly.size(); }
        return m;
    }
    return XY{cx / (3.0 * a), cy / (3.0 * a)};
}

bool insidePolygon(const std::vector<XY>& poly, double x, double y) {
    bool in = false;
    for (std::size_t i = 0, j = poly.size() - 1; i < poly.size(); j = i++) {
        const XY& a = poly[i];
        const XY& b = poly[j];
        if ((a.y > y) != (b.y > y) && x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x) in = !in;
    }
    return in;
}

// Sutherland–Hodgman: clip a (possibly concave) subject by a convex CCW clip polygon.
std::vector<XY> clipConvex(std::vector<XY> subject, const std::vector<XY>& clip) {
    for (std::size_t e = 0; e < clip.size() && !subject.empty(); ++e) {
        const XY& a = clip[e];
        const XY& b = clip[(e + 1) % clip.size()];
        std::vector<XY> out;
        out.reserve(subject.size() + 4);
        for (std::size_t i = 0, n = subject.size(); i < n; ++i) {
            const XY& p = subject[i];
            const XY& q = subject[(i + 1) % n];
            const double dp = cross(a, b, p), dq = cross(a, b, q);
            const bool pin = dp >= 0, qin = dq >= 0;
            if (pin) out.push_back(p);
            if (pin != qin) {
                const double t = dp / (dp - dq);
                out.push_back(XY{p.x + (q.x - p.x) * t, p.y + (q.y - p.y) * t});
            }
        }
        subject = std::move(out);
    }
    return subject;
}

// Candidate label points inside `poly`, best first: the centroid when it is
// inside, then the middles of the widest horizontal spans of scanlines
// spread over the polygon's height (centre outwards).
std::vector<XY> interiorCandidates(const std::vector<XY>& poly) {
    std::vector<XY> out;
    const XY c = areaCentroid(poly);
    if (insidePolygon(poly, c.x, c.y)) out.push_back(c);
    double min_y = poly.front().y, max_y = min_y;
    for (const auto& p : poly) {
        min_y = std::min(min_y, p.y);
        max_y = std::max(max_y, p.y);
    }
    constexpr int kLines = 15;
    std::vector<double> ys;
    ys.push_back(c.y);
    for (int k = 1; k <= kLines; ++k) {
        const double off = (max_y - min_y) * 0.5 * k / (kLines + 1);
        ys.push_back(c.y + off);
        ys.push_back(c.y - off);
    }
    for (double y : ys) {
        if (y <= min_y || y >= max_y) continue;
        std::vector<double> xs;
        for (std::size_t i = 0, j = poly.size() - 1; i < poly.size(); j = i++) {
            const XY& a = poly[i];
            const XY& b = poly[j];
            if ((a.y > y) != (b.y > y)) xs.push_back((b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x);
        }
        std::sort(xs.begin(), xs.end());
        double best = -1;
        XY r{};
        for (std::size_t i = 0; i + 1 < xs.size(); i += 2) {
            if (xs[i + 1] - xs[i] > best) {
                best = xs[i + 1] - xs[i];
                r = XY{0.5 * (xs[i] + xs[i + 1]), y};
            }
        }
        if (best > 0) out.push_back(r);
    }
    return out;
}

}  // namespace

ScreenRect labelBox(const std::string& text, double label_px, ScreenPoint c) {
    const double half_w = 0.5 * estimateTextWidth_px(text, label_px) + 0.15 * label_px;
    const double half_h = 0.65 * label_px;
    return ScreenRect{c.x - half_w, c.y - half_h, c.x + half_w, c.y + half_h};
}

std::vector<XY> groundFootprint(const MapCamera& cam) {
    const double w = cam.width(), h = cam.height();
    const CameraPose& pose = cam.pose();
    const osg::Vec3d eye = cam.eye();
    const double max_d = pose.range_m * 12.0;  // horizontal distance from the eye
    // Corners in CCW order on the ground (screen y is down, ground y is up):
    // bottom-left, bottom-right, top-right, top-left.
    const ScreenPoint corners[4] = {{0, h}, {w, h}, {w, 0}, {0, 0}};
    std::vector<XY> out;
    for (const auto& s : corners) {
        auto g = cam.screenToGround(s.x, s.y);
        if (g && std::hypot(g->x - eye.x(), g->y - eye.y()) <= max_d) {
            out.push_back(*g);
            continue;
        }
        // Fall back to the ray's horizontal direction, cut at max_d.
        const auto fwd = cam.screenToGround(s.x, 0.5 * h);
        double dx = 0, dy = 0;
        if (fwd) {
            dx = fwd->x - eye.x();
            dy = fwd->y - eye.y();
        }
        const double len = std::hypot(dx, dy);
        if (len < 1e-9) continue;
        out.push_back(XY{eye.x() + dx / len * max_d, eye.y() + dy / len * max_d});
    }
    if (out.size() >= 3 && signedArea(out) < 0) std::reverse(out.begin(), out.end());
    return out;
}

std::vector<LabelPlacement> placeAreaLabels(const MapModel& map, const MapCamera& cam,
                                            const LabelPlacementParams& params) {
    std::vector<LabelPlacement> out;
    const std::vector<XY> view = groundFootprint(cam);
    if (view.size() < 3) return out;
    const double view_area = std::abs(signedArea(view));
    const double w = cam.width(), h = cam.height();
    std::vector<ScreenRect> placed;

    for (std::size_t li = 0; li < map.layers.size(); ++li) {
        const auto& layer = map.layers[li];
        for (std::size_t fi = 0; fi < layer.features.size(); ++fi) {
            const Feature& f = layer.features[fi];
            if (f.label.empty() || f.polygons.empty()) continue;
            const double px = params.label_px_for ? params.label_px_for(layer, f) : params.label_px;
            if (!(px > 0)) continue;
            LabelPlacement lp;
            lp.px = px;
            lp.layer = li;
            lp.feature = fi;
            lp.text = f.label;
            // Fits on screen, clear of keep-out boxes and of labels already placed.
            auto fits = [&](double x, double y, ScreenPoint* sp) {
                const auto s = cam.groundToScreen(x, y);
                if (!s) return false;
                const ScreenRect box = labelBox(f.label, px, *s);
                if (box.x0 < 0 || box.y0 < 0 || box.x1 > w || box.y1 > h) return false;
                for (const auto& k : params.keep_out)
                    if (box.intersects(k)) return false;
                for (const auto& b : placed)
                    if (box.intersects(b)) return false;
                *sp = *s;
                return true;
            };
            bool ok = false;
            if (f.has_label_anchor && fits(f.label_anchor.x, f.label_anchor.y, &lp.screen)) {
                lp.x = f.label_anchor.x;
                lp.y = f.label_anchor.y;
                lp.at_anchor = true;
                ok = true;
            }
            if (!ok) {
                // The largest visible piece of the feature's outer rings.
                double best_area = 0;
                std::vector<XY> best;
                for (const auto& poly : f.polygons) {
                    if (poly.empty() || poly.front().size() < 3) continue;
                    std::vector<XY> ring;
                    ring.reserve(poly.front().size());
                    for (const auto& p : poly.front()) ring.push_back(XY{p.x, p.y});
                    if (signedArea(ring) < 0) std::reverse(ring.begin(), ring.end());
                    std::vector<XY> piece = clipConvex(std::move(ring), view);
                    if (piece.size() < 3) continue;
                    const double a = std::abs(signedArea(piece));
                    if (a > best_area) {
                        best_area = a;
                        best = std::move(piece);
                    }
                }
                if (best.empty() || best_area < params.min_visible_frac * view_area) continue;
                for (const XY& c : interiorCandidates(best)) {
                    if (fits(c.x, c.y, &lp.screen)) {
                        lp.x = c.x;
                        lp.y = c.y;
                        ok = true;
                        break;
                    }
                }
            }
            if (!ok) continue;
            placed.push_back(labelBox(f.label, px, lp.screen));
            out.push_back(std::move(lp));
        }
    }
    return out;
}

}  // namespace jingwei
