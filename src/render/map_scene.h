#pragma once
// The OSG scene of a map: roads by class, district fills/outlines/labels and
// a HUD (title, synthetic tag, scale bar, north arrow, legend). Built once
// from a MapModel (which it reads, never owns or changes); update() moves the
// camera and refreshes the view-dependent parts.
#include <array>
#include <string>
#include <vector>

#include <osg/Camera>
#include <osg/Group>
#include <osg/MatrixTransform>
#include <osg/observer_ptr>
#include <osg/ref_ptr>

#include "mapdata/map_model.h"
#include "render/hud_text.h"
#include "render/label_placement.h"
#include "render/map_camera.h"
#include "render/map_style.h"

namespace osg {
class LineWidth;
class Point;
}  // namespace osg
namespace osgText {
class Text;
class Font;
}  // namespace osgText

namespace jingwei {

struct MapSceneOptions {
    std::string language = "zh";       // HUD language: "zh" (default) or "en"
    bool show_title = true;            // map name (+ synthetic tag) top-left
    bool show_legend = true;           // road-class legend bottom-right (the GUI has its own)
    double ui_scale = 0;               // HUD/line/label size factor; 0 = auto (viewport height / 1080)
    MapStyle style = MapStyle::commandDark();
};

// Where the HUD puts its boxes for a viewport (tests exclude these areas).
struct HudLayout {
    double scale = 1;                  // the effective ui_scale
    ScreenRect title;                  // map name and synthetic tag
    ScreenRect scale_bar;
    ScreenRect north_arrow;
    ScreenRect legend;                 // empty when show_legend is false
    double scale_bar_max_px = 0;       // the longest the bar may be

    std::vector<ScreenRect> all() const { return {title, scale_bar, north_arrow, legend}; }
};

double effectiveUiScale(const MapSceneOptions& opt, int w, int h);
HudLayout computeHudLayout(const MapModel& map, const MapSceneOptions& opt, int w, int h);

// The district labels a MapScene shows for a view: placeAreaLabels with the
// scene's label size and the HUD boxes (and extra_keep_out) kept clear.
std::vector<LabelPlacement> placeSceneLabels(const MapModel& map, const MapSceneOptions& opt, const MapCamera& cam,
                                             const std::vector<ScreenRect>& extra_keep_out = {});

// The bounds "home" fits: the road network when there is one (the
// operational area), else everything drawable.
Bounds homeBounds(const MapModel& map);

// The font used for map labels and the HUD (wqy-microhei); throws Error
// naming the file when it cannot be loaded.
std::string mapFontPath();

// The scene keeps a reference to the model: the model must outlive it.
class MapScene {
public:
    explicit MapScene(const MapModel& map, const MapSceneOptions& options = {});
    ~MapScene();
    MapScene(const MapScene&) = delete;
    MapScene& operator=(const MapScene&) = delete;

    // The scene to hand to osgViewer (map layers + HUD camera).
    osg::Group* root() const { return root_.get(); }

    // The viewer's master camera: update() sets its view/projection matrices,
    // viewport and clear colour, and turns off OSG's near/far computation.
    void bindCamera(osg::Camera* camera);

    // Moves the camera and refreshes the HUD (scale bar, north arrow) and
    // the district labels for a viewport of w × h pixels.
    void update(const CameraPose& pose, int w, int h);

    // Screen areas covered by the caller's own panels (e.g. ImGui windows):
    // labels keep clear of them as they do of the HUD.
    void setLabelKeepOut(std::vector<ScreenRect> rects) { extra_keep_out_ = std::move(rects); }

    void setLanguage(const std::string& language);
    void setShowLegend(bool show);

    const MapSceneOptions& options() const { return opt_; }
    const std::vector<LabelPlacement>& labels() const { return labels_; }
    const HudLayout& hudLayout() const { return hud_layout_; }
    // The double-precision origin all map vertices are relative to.
    const osg::Vec3d& origin() const { return origin_; }

private:
    void buildDistricts();
    void buildRoads();
    void buildHud();
    void rebuildHudContent(int w, int h);
    void updateScaleBar(const MapCamera& cam);
    void updateLabels(const MapCamera& cam);
    osg::ref_ptr<osgText::Text> makeText(const std::string& utf8, float px, const Color8& color,
                                         bool screen_sized, const Color8& outline) const;

    const MapModel& map_;
    MapSceneOptions opt_;
    HudLang lang_;
    osg::Vec3d origin_;
    osg::ref_ptr<osgText::Font> font_;

    osg::ref_ptr<osg::Group> root_;
    osg::ref_ptr<osg::MatrixTransform> map_xform_;
    osg::ref_ptr<osg::Group> roads_group_;
    std::array<osg::ref_ptr<osg::Geode>, kRoadClassCount> road_geodes_;
    osg::ref_ptr<osg::Group> labels_group_;
    osg::ref_ptr<osg::Camera> hud_;
    osg::ref_ptr<osg::Group> hud_static_;      // rebuilt on resize / language change
    osg::ref_ptr<osg::Group> scale_bar_;       // rebuilt when the scale changes
    osg::ref_ptr<osg::MatrixTransform> north_xform_;
    osg::ref_ptr<osgText::Text> north_label_;
    std::array<osg::ref_ptr<osg::LineWidth>, kRoadClassCount> road_widths_;
    std::array<osg::ref_ptr<osg::Point>, kRoadClassCount> road_points_;
    osg::ref_ptr<osg::LineWidth> outline_width_, glow_width_, water_line_width_;
    osg::observer_ptr<osg::Camera> camera_;

    std::vector<LabelPlacement> labels_;
    std::vector<ScreenRect> extra_keep_out_;
    std::vector<osg::ref_ptr<osgText::Text>> label_texts_;  // one per placed label slot
    HudLayout hud_layout_;
    int last_w_ = -1, last_h_ = -1;
    double last_scale_len_ = -1, last_scale_px_ = -1;
    double applied_scale_ = -1;                // ui scale the road widths were built with
};

}  // namespace jingwei
