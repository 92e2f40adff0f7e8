#pragma once
// Ranked Gi* hotspots (analysis/hotspot_list.h) marked on the map (Plane::Top,
// always visible): a ring around each hotspot's unit with its rank beside
// it (hotspot areas have their own radius); the selected one (the entry clicked in the list) thicker and in amber.
// Rings follow the terrain in 3D. All calls on the GL/OSG thread.
#include <cstddef>
#include <optional>
#include <vector>

#include <osg/Group>
#include <osg/LineWidth>

#include "analysis/hotspot_list.h"
#include "render/overlay_layer.h"

namespace osgText {
class Font;
}

namespace jingwei {

class HotspotOverlay : public OverlayLayer {
public:
    HotspotOverlay();
    ~HotspotOverlay() override;

    std::string name() const override { return "hotspots"; }
    int drawOrder() const override { return 0; }
    Plane plane() const override { return Plane::Top; }
    bool visible() const override { return visible_ && !spots_.empty(); }
    osg::Node* node() override { return root_.get(); }
    void attach(const OverlayContext& ctx) override;
    void update(const MapCamera& cam, int w, int h) override;

    void setVisible(bool v) { visible_ = v; }
    // The hotspots in rank order and each one's ring radius (metres; missing
    // entries: 100 m).
    void setHotspots(std::vector<Hotspot> spots, std::vector<double> radii_m);
    double radius(std::size_t k) const { return k < radii_.size() ? radii_[k] : 100.0; }
    const std::vector<Hotspot>& hotspots() const { return spots_; }
    // Highlights hotspot k (nullopt: none).
    void setSelected(std::optional<std::size_t> k);
    std::optional<std::size_t> selected() const { return selected_; }

private:
    void rebuild();

    osg::ref_ptr<osg::Group> root_;
    osg::ref_ptr<osg::LineWidth> width_, selected_width_;
    osg::ref_ptr<osgText::Font> font_;
    std::optional<OverlayContext> ctx_;
    std::vector<Hotspot> spots_;
    std::vector<double> radii_;
    std::optional<std::size_t> selected_;
    bool visible_ = true;
    double last_scale_ = -1;
};

}  // namespace jingwei
