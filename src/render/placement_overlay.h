#pragma once
// 前置屯警 posts and the demand they cover, drawn over the map (Plane::Top,
// always visible), for the placement editor and `jingwei render --plan`:
//
//  * demand: one dot per demand node, its area growing with the incidents
//    there (radius 3 + 1.8·√weight pixels, 4.5 to 16), coloured by coverage:
//    green = covered within T, cyan = backed up (a second post within T2,
//    double coverage), red = uncovered; a dark rim keeps dots apart on
//    light and dark ground alike.
//  * posts: large symbols of constant pixel size (readable on a video wall):
//    a police-blue disc with a white ring (free), a gold disc with a dark
//    square "lock" (locked: kept by the optimiser), a hollow grey ring (a
//    post of the plan that is off duty in the shown window); the selected
//    post gets an amber halo; its id beside it.
//  * preview: a translucent white ring with a cross where a click would add
//    a post (add mode, the road node under the cursor).
//
// Reads nothing but the marks it is given (setMarks): it holds no model.
// All calls on the GL/OSG thread.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <osg/Geode>
#include <osg/Group>
#include <osg/Vec4>

#include "core/geo.h"
#include "render/overlay_layer.h"

namespace osgText {
class Font;
}

namespace jingwei {

struct PlacementMarks {
    enum class Cover : std::uint8_t { Uncovered, Covered, Backup };
    enum class PostKind : std::uint8_t { Free, Locked, OffDuty };
    struct Post {
        XY pos;
        PostKind kind = PostKind::Free;
        std::string label;
    };
    struct Demand {
        XY pos;
        double weight = 1;
        Cover cover = Cover::Uncovered;
    };
    std::vector<Post> posts;
    std::vector<Demand> demand;
    std::optional<std::size_t> selected;   // index into posts
    std::optional<XY> preview;
};

// Opaque colours of the legend and the symbols.
osg::Vec4 placementCoverColour(PlacementMarks::Cover c);
osg::Vec4 placementPostColour(PlacementMarks::PostKind k);

class PlacementOverlay : public OverlayLayer {
public:
    PlacementOverlay();
    ~PlacementOverlay() override;

    std::string name() const override { return "placement"; }
    int drawOrder() const override { return 20; }
    Plane plane() const override { return Plane::Top; }
    bool visible() const override { return visible_; }
    osg::Node* node() override { return root_.get(); }
    void attach(const OverlayContext& ctx) override;
    void update(const MapCamera& cam, int w, int h) override;

    void setVisible(bool v) { visible_ = v; }
    void setMarks(PlacementMarks m);
    const PlacementMarks& marks() const { return marks_; }
    void setShowDemand(bool on);
    bool showDemand() const { return show_demand_; }
    // Post symbol radius and the demand dot scale, in pixels at 1080 rows.
    void setPostRadiusPx(double r);
    double postRadiusPx() const { return post_px_; }
    // The radius a post symbol is drawn with now (pixels), for hit tests.
    double drawnPostRadiusPx() const { return post_px_ * ui_scale_; }
    // Demand dot radius in pixels at 1080 rows for a weight.
    static double demandRadiusPx(double weight);

private:
    void rebuildPosts();
    void rebuildDemand();

    osg::ref_ptr<osg::Group> root_;
    osg::ref_ptr<osg::Geode> demand_;
    osg::ref_ptr<osg::Group> posts_;
    osg::ref_ptr<osgText::Font> font_;
    std::optional<OverlayContext> ctx_;
    PlacementMarks marks_;
    bool visible_ = true, show_demand_ = true;
    double post_px_ = 22;
    double mpp_ = 0;          // metres per pixel of the last update
    double ui_scale_ = 1;     // viewport height / 1080
};

}  // namespace jingwei
