#include "render/label_placement.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "render/feature_pick.h"
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
                const auto s = cam.groundToScreen(x, y, params.ground ? params.ground->z(x, y) : 0.0);
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

namespace jingwei {

std::array<ScreenPoint, 4> rectCorners(const ScreenRect& r) {
    return {ScreenPoint{r.x0, r.y0}, ScreenPoint{r.x1, r.y0}, ScreenPoint{r.x1, r.y1}, ScreenPoint{r.x0, r.y1}};
}

bool boxesOverlap(const std::array<ScreenPoint, 4>& a, const std::array<ScreenPoint, 4>& b) {
    for (const auto* poly : {&a, &b})
        for (int i = 0; i < 4; ++i) {
            const ScreenPoint& p = (*poly)[i];
            const ScreenPoint& q = (*poly)[(i + 1) % 4];
            const double nx = -(q.y - p.y), ny = q.x - p.x;  // edge normal
            double amin = 1e300, amax = -1e300, bmin = 1e300, bmax = -1e300;
            for (const auto& c : a) {
                const double d = c.x * nx + c.y * ny;
                amin = std::min(amin, d);
                amax = std::max(amax, d);
            }
            for (const auto& c : b) {
                const double d = c.x * nx + c.y * ny;
                bmin = std::min(bmin, d);
                bmax = std::max(bmax, d);
            }
            if (amax <= bmin || bmax <= amin) return false;
        }
    return true;
}

std::vector<RoadLabelPlacement> placeRoadLabels(const MapModel& map, const MapCamera& cam,
                                                const RoadLabelParams& params) {
    std::vector<RoadLabelPlacement> out;
    const RoadData& rd = map.roads;
    const double w = cam.width(), h = cam.height();
    const double pad = 0.35 * params.label_px;
    const double bend_limit = params.max_bend_deg * 3.14159265358979323846 / 180.0;
    const double dev_tol = 0.33 * params.label_px;
    struct Candidate {
        int cls;
        double len;
        std::size_t edge;
        RoadLabelPlacement lp;
    };
    std::vector<Candidate> cands;
    std::vector<RoadChain> own;
    if (!params.chains) own = buildRoadChains(map, params.zh);
    const std::vector<RoadChain>& chains = params.chains ? *params.chains : own;
    const std::vector<XY> view = groundFootprint(cam);
    Bounds vb;
    for (const auto& p : view) vb.add(p.x, p.y);
    if (vb.empty()) return out;
    const double margin = 0.05 * std::max(vb.width(), vb.height());
    std::vector<ScreenPoint> sp;
    std::vector<osg::Vec3d> wp;
    for (const RoadChain& chain : chains) {
        const std::string& name = chain.name;
        if (params.class_visible && !params.class_visible(chain.road_class)) continue;
        const std::size_t ei = chain.edge;
        const RoadEdge& e = rd.edges[ei];
        // Quick reject: no vertex near the view.
        bool near = false;
        for (const XY& q : chain.points)
            if (q.x >= vb.min_x - margin && q.x <= vb.max_x + margin && q.y >= vb.min_y - margin && q.y <= vb.max_y + margin) {
                near = true;
                break;
            }
        if (!near) continue;
        // The chain's screen polyline, split where points fall behind the eye.
        sp.clear();
        wp.clear();
        for (const XY& q : chain.points) {
            const double z = params.ground ? params.ground->z(q.x, q.y) : 0.0;
            const auto s = cam.groundToScreen(q.x, q.y, z);
            if (!s) break;
            sp.push_back(*s);
            wp.emplace_back(q.x, q.y, z);
        }
        if (sp.size() < 2) continue;
        const double text_w = estimateTextWidth_px(name, params.label_px);
        const double need = text_w + 2 * pad;
        // Nearly straight stretches [i, j].
        std::size_t i = 0;
        while (i + 1 < sp.size()) {
            std::size_t j = i + 1;
            double a0 = std::atan2(sp[j].y - sp[i].y, sp[j].x - sp[i].x);
            double lo = a0, hi = a0;
            // The text stays on the road: every point of the stretch within
            // a third of the text height of the chord.
            auto straight = [&](std::size_t a, std::size_t b) {
                const double dx = sp[b].x - sp[a].x, dy = sp[b].y - sp[a].y, len = std::hypot(dx, dy);
                if (len < 1e-9) return true;
                for (std::size_t k = a + 1; k < b; ++k)
                    if (std::abs(dy * (sp[k].x - sp[a].x) - dx * (sp[k].y - sp[a].y)) / len > dev_tol) return false;
                return true;
            };
            while (j + 1 < sp.size()) {
                double a = std::atan2(sp[j + 1].y - sp[j].y, sp[j + 1].x - sp[j].x);
                while (a - a0 > 3.14159265358979323846) a -= 2 * 3.14159265358979323846;
                while (a - a0 < -3.14159265358979323846) a += 2 * 3.14159265358979323846;
                // Turns count only on segments long enough to have a direction
                // (dense vertices wiggle by a pixel); the chord test bounds the rest.
                const double seg = std::hypot(sp[j + 1].x - sp[j].x, sp[j + 1].y - sp[j].y);
                if (seg > params.label_px && std::max(hi, a) - std::min(lo, a) > bend_limit) break;
                if (!straight(i, j + 1)) break;
                if (seg <= params.label_px) {
                    ++j;
                    continue;
                }
                lo = std::min(lo, a);
                hi = std::max(hi, a);
                ++j;
            }
            const double cx = sp[j].x - sp[i].x, cy = sp[j].y - sp[i].y;
            const double len = std::hypot(cx, cy);
            if (len >= need) {
                RoadLabelPlacement lp;
                lp.text = name;
                lp.edge = ei;
                lp.px = params.label_px;
                lp.screen = ScreenPoint{0.5 * (sp[i].x + sp[j].x), 0.5 * (sp[i].y + sp[j].y)};
                const osg::Vec3d mid = (wp[i] + wp[j]) * 0.5;
                lp.x = mid.x();
                lp.y = mid.y();
                lp.z = params.ground ? params.ground->z(mid.x(), mid.y()) : 0.0;
                // The map point under the screen midpoint is about the chord's
                // middle; put the text exactly where that point projects.
                if (const auto s = cam.groundToScreen(lp.x, lp.y, lp.z)) lp.screen = *s;
                double ang = std::atan2(-cy, cx);  // y up
                if (ang > 3.14159265358979323846 / 2) ang -= 3.14159265358979323846;
                if (ang <= -3.14159265358979323846 / 2) ang += 3.14159265358979323846;
                lp.angle_rad = ang;
                const double ux = std::cos(ang), uy = -std::sin(ang);  // screen (y down) baseline
                const double vx = -uy, vy = ux;                          // perpendicular
                const double hw = 0.5 * text_w + pad * 0.5, hh = 0.62 * params.label_px;
                const ScreenPoint c = lp.screen;
                lp.corners = {ScreenPoint{c.x - ux * hw - vx * hh, c.y - uy * hw - vy * hh},
                              ScreenPoint{c.x + ux * hw - vx * hh, c.y + uy * hw - vy * hh},
                              ScreenPoint{c.x + ux * hw + vx * hh, c.y + uy * hw + vy * hh},
                              ScreenPoint{c.x - ux * hw + vx * hh, c.y - uy * hw + vy * hh}};
                cands.push_back(Candidate{static_cast<int>(e.road_class), len, ei, std::move(lp)});
            }
            i = j;
        }
    }
    std::sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) {
        if (a.cls != b.cls) return a.cls < b.cls;
        if (a.len != b.len) return a.len > b.len;
        return a.edge < b.edge;
    });
    std::vector<std::array<ScreenPoint, 4>> blocked;
    for (const auto& r : params.keep_out)
        if (!r.empty()) blocked.push_back(rectCorners(r));
    for (const auto& r : params.occupied)
        if (!r.empty()) blocked.push_back(rectCorners(r));
    for (auto& c : cands) {
        if (out.size() >= params.max_labels) break;
        bool ok = true;
        for (const auto& p : c.lp.corners) ok = ok && p.x >= 2 && p.y >= 2 && p.x <= w - 2 && p.y <= h - 2;
        for (std::size_t k = 0; ok && k < blocked.size(); ++k) ok = !boxesOverlap(c.lp.corners, blocked[k]);
        for (std::size_t k = 0; ok && k < out.size(); ++k) {
            if (boxesOverlap(c.lp.corners, out[k].corners)) ok = false;
            else if (out[k].text == c.lp.text &&
                     std::hypot(out[k].screen.x - c.lp.screen.x, out[k].screen.y - c.lp.screen.y) < params.min_spacing_px)
                ok = false;
        }
        if (ok && params.occluded && params.occluded(c.lp)) ok = false;
        if (ok) out.push_back(std::move(c.lp));
    }
    return out;
}

}  // namespace jingwei

namespace jingwei {

std::vector<RoadChain> buildRoadChains(const MapModel& map, bool zh) {
    const RoadData& rd = map.roads;
    std::map<std::pair<std::string, int>, std::vector<std::size_t>> groups;
    std::set<std::tuple<std::uint32_t, std::uint32_t, std::int64_t, std::uint32_t>> seen;
    for (std::size_t ei = 0; ei < rd.edges.size(); ++ei) {
        const RoadEdge& e = rd.edges[ei];
        const std::string& name = roadDisplayName(e, zh);
        if (name.empty()) continue;
        if (!(e.shape_count >= 2 && std::size_t(e.shape_begin) + e.shape_count <= rd.shape.size())) continue;
        if (!seen.insert({std::min(e.from, e.to), std::max(e.from, e.to), e.way_id, e.shape_count}).second) continue;
        groups[{name, static_cast<int>(e.road_class)}].push_back(ei);
    }
    std::vector<RoadChain> out;
    for (const auto& [key, edges] : groups) {
        std::map<std::uint32_t, std::vector<std::size_t>> adj;  // node → positions in `edges`
        for (std::size_t k = 0; k < edges.size(); ++k) {
            adj[rd.edges[edges[k]].from].push_back(k);
            adj[rd.edges[edges[k]].to].push_back(k);
        }
        std::vector<char> used(edges.size(), 0);
        auto shape = [&](std::size_t k, bool forward) {
            const RoadEdge& e = rd.edges[edges[k]];
            std::vector<XY> pts;
            for (std::uint32_t i = 0; i < e.shape_count; ++i) {
                const GeoPoint& g = rd.shape[e.shape_begin + (forward ? i : e.shape_count - 1 - i)];
                pts.push_back(XY{g.x, g.y});
            }
            return pts;
        };
        for (std::size_t k0 = 0; k0 < edges.size(); ++k0) {
            if (used[k0]) continue;
            used[k0] = 1;
            std::vector<XY> pts = shape(k0, true);
            // Extend at one end through nodes where exactly two edges of the group meet.
            auto extend = [&](std::uint32_t node, bool at_back) {
                for (;;) {
                    const auto& here = adj[node];
                    if (here.size() != 2) return;
                    std::size_t next = used[here[0]] ? here[1] : here[0];
                    if (used[next]) return;
                    used[next] = 1;
                    const RoadEdge& e = rd.edges[edges[next]];
                    const bool forward = e.from == node;  // leaves `node` along its shape
                    std::vector<XY> add = shape(next, at_back ? forward : !forward);
                    if (at_back) pts.insert(pts.end(), add.begin() + 1, add.end());
                    else pts.insert(pts.begin(), add.begin(), add.end() - 1);
                    node = forward ? e.to : e.from;
                }
            };
            extend(rd.edges[edges[k0]].to, true);
            extend(rd.edges[edges[k0]].from, false);
            out.push_back(RoadChain{key.first, static_cast<RoadClass>(key.second), edges[k0], std::move(pts)});
        }
    }
    return out;
}

}  // namespace jingwei
