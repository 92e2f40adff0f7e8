#pragma once
// The OSG scene of a map: terrain (hill-shaded mesh), vector layers by
// style (areas, lines, POIs, police symbols), extruded buildings, the road
// network by class, decluttered district and road labels, overlays
// (render/overlay_layer.h) and a HUD (title, synthetic tag, scale bar, north
// arrow, legend). Built once from a MapModel (which it reads, never owns or
// changes); update() moves the camera and refreshes the view-dependent parts.
//
// Geometry is in map metres relative to origin() (float precision), at its
// drawn height: terrain elevation × vertical exaggeration (groundZ), so roads,
// boundaries and overlays are draped on the terrain; buildings stand on it.
//
// Drawing (see map_scene.cpp for the bins):
//  * 2D (orthographic, top-down): no depth test; layers in draw order
//    (terrain, then MapModel draw_order, user reordering on top), overlays,
//    symbols, labels, HUD.
//  * 3D (perspective): terrain and buildings fill the depth buffer first; the
//    ground layers and Ground overlays are then depth-tested (not written),
//    pulled towards the eye by a fraction of their distance so that draped
//    geometry is never hidden by its own terrain, but hills and buildings in
//    front hide it. Symbols, labels and the HUD are always on top.
#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <osg/Camera>
#include <osg/Group>
#include <osg/MatrixTransform>
#include <osg/observer_ptr>
#include <osg/ref_ptr>

#include "mapdata/map_model.h"
#include "render/feature_pick.h"
#include "render/hud_text.h"
#include "render/label_placement.h"
#include "render/map_camera.h"
#include "render/map_style.h"
#include "render/overlay_layer.h"
#include "render/terrain_surface.h"

#include <osg/Array>
#include <osg/Geometry>

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
    bool show_legend = true;           // legend bottom-right (the GUI has its own)
    bool road_labels = true;           // road names along roads
    double ui_scale = 0;               // HUD/line/label size factor; 0 = auto (viewport height / 1080)
    double vertical_exaggeration = 1;  // terrain heights × this (buildings are not exaggerated)
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
// ground_z gives label heights in 3D (nullptr: 0).
std::vector<LabelPlacement> placeSceneLabels(const MapModel& map, const MapSceneOptions& opt, const MapCamera& cam,
                                             const std::vector<ScreenRect>& extra_keep_out = {},
                                             const TerrainSurface* ground = nullptr);

// The bounds "home" fits: the road network when there is one (the
// operational area), else everything drawable.
Bounds homeBounds(const MapModel& map);

// The font used for map labels and the HUD (wqy-microhei); throws Error
// naming the file when it cannot be loaded.
std::string mapFontPath();

// The map scale denominator (1:N) at a ground resolution, with OGC's
// standard 0.28 mm pixel.
double scaleDenominator(double metres_per_pixel);

// What the layer panel shows and changes: one entry per drawable part of
// the model (each terrain, each vector layer, the road network).
enum class SceneLayerKind { Terrain, Roads, Areas, Lines, Points, Police, Buildings };

struct SceneLayer {
    std::string name;
    SceneLayerKind kind = SceneLayerKind::Areas;
    int source = -1;            // index into MapModel::terrains (Terrain) or ::layers; -1 = the road network
    int draw_order = 0;         // the model's draw order
    bool visible = true;        // the panel's toggle (initially LayerStyle::visible)
    double opacity = 1;         // the panel's factor, × LayerStyle::opacity
    bool in_scale = true;       // inside its min/max scale at the current view
    bool has_fill = false, has_line = false;
    Color8 fill, line;          // legend swatch (line: also point/symbol colour)
    float line_px = 1;
    std::size_t features = 0;   // features, road edges, or terrain cells
};

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

    // Moves the camera and refreshes the HUD (scale bar, north arrow), the
    // layers' scale visibility, labels and overlays for a w × h viewport.
    void update(const CameraPose& pose, int w, int h);

    // Screen areas covered by the caller's own panels (e.g. ImGui windows):
    // labels keep clear of them as they do of the HUD.
    void setLabelKeepOut(std::vector<ScreenRect> rects) { extra_keep_out_ = std::move(rects); }

    // Overlays (render/overlay_layer.h): added between the map layers and the
    // HUD, drawn by plane and drawOrder(). Adding the same overlay twice is a
    // no-op; removeOverlay of one not added is a no-op.
    void addOverlay(OverlayPtr overlay);
    void removeOverlay(const OverlayPtr& overlay);
    const std::vector<OverlayPtr>& overlays() const { return overlays_; }
    // What addOverlay hands to OverlayLayer::attach.
    OverlayContext overlayContext() const;

    // Layers in drawing order (first = bottom). Indices below refer to this
    // order; moveLayer changes it.
    const std::vector<SceneLayer>& layers() const { return layers_; }
    void setLayerVisible(std::size_t i, bool visible);
    void setLayerOpacity(std::size_t i, double opacity);
    // Moves layer i up (delta > 0: drawn later, on top) or down by |delta|.
    void moveLayer(std::size_t i, int delta);

    // Terrain heights × e (≥ 0); rebuilds the draped geometry.
    void setVerticalExaggeration(double e);
    double verticalExaggeration() const { return opt_.vertical_exaggeration; }
    // The drawn height of the ground at map x/y (0 where there is no terrain).
    double groundZ(double x, double y) const { return ground_.z(x, y); }
    const TerrainSurface& ground() const { return ground_; }
    // The ground point under a screen point (ray against the terrain in 3D).
    std::optional<XY> pickGround(const MapCamera& cam, ScreenPoint s) const;
    // The feature under a screen point (visible layers only; see feature_pick.h).
    std::optional<FeatureRef> pickFeature(const MapCamera& cam, ScreenPoint s) const;
    // Highlights a feature (nullopt: none).
    void setSelection(std::optional<FeatureRef> f);
    const std::optional<FeatureRef>& selection() const { return selection_; }

    void setLanguage(const std::string& language);
    void setShowLegend(bool show);

    const MapSceneOptions& options() const { return opt_; }
    const std::vector<LabelPlacement>& labels() const { return labels_; }
    const std::vector<RoadLabelPlacement>& roadLabels() const { return road_labels_; }
    const HudLayout& hudLayout() const { return hud_layout_; }
    // The double-precision origin all map vertices are relative to.
    const osg::Vec3d& origin() const { return origin_; }

    // Part of a layer drawn in its own render bin (fills under outlines ...).
    struct Part {
        Part(osg::ref_ptr<osg::Node> n, int sub_, bool solid3d_, bool on_top_)
            : node(std::move(n)), sub(sub_), solid3d(solid3d_), on_top(on_top_) {}
        osg::ref_ptr<osg::Node> node;
        int sub = 0;                   // order inside the layer (0..19)
        bool solid3d = false;          // 3D: fills the depth buffer early (buildings)
        bool on_top = false;           // never depth-tested (symbols)
        bool only3d = false;           // hidden in 2D (walls)
        double max_mpp = 0;            // hidden when a pixel covers more ground (0: never)
        double min_mpp = 0;            // hidden when a pixel covers less ground (0: never)
        std::vector<osg::ref_ptr<osg::Node>> lods;  // detail levels (children), one shown at a time
    };
    // A colour array whose alpha follows the layer's opacity.
    struct Tint {
        osg::ref_ptr<osg::Vec4Array> colours;
        std::vector<float> base_alpha;
        osg::ref_ptr<osg::Geometry> geometry;
    };

private:
    // A building tile whose walls and roof edges show only when near.
    struct TileLod {
        osg::Vec3d centre;
        double radius = 0;
        osg::ref_ptr<osg::Node> walls, edges;
    };
    // A terrain tile drawn at one of several vertex strides.
    struct TerrainLod {
        osg::Vec3d centre;
        double radius = 0, cell_m = 1;
        std::vector<osg::ref_ptr<osg::Node>> levels;
    };
    struct LayerNodes {
        osg::ref_ptr<osg::Group> group;
        std::vector<Part> parts;
        std::vector<Tint> tints;
        std::vector<TileLod> tile_lods;
        std::vector<TerrainLod> terrain_lods;
    };

    void buildAll();
    void buildTerrain(std::size_t ti, LayerNodes& out);
    void buildVectorLayer(std::size_t li, LayerNodes& out);
    void buildBuildings(std::size_t li, LayerNodes& out);
    void buildRoads(LayerNodes& out);
    void buildHud();
    void applyOrder();
    void applyOpacity(std::size_t i);
    void applyViewMode(bool view3d);
    void rebuildHudContent(int w, int h);
    void updateScaleBar(const MapCamera& cam);
    void updateLabels(const MapCamera& cam);
    void updateRoadLabels(const MapCamera& cam);
    std::function<bool(const RoadLabelPlacement&)> makeOcclusionTest(const MapCamera& cam);
    void updateSelection();
    void sortOverlays();
    osg::ref_ptr<osgText::Text> makeText(const std::string& utf8, float px, const Color8& color,
                                         bool screen_sized, const Color8& outline) const;
    osg::ref_ptr<osg::Node> makePoliceSymbol() const;

    const MapModel& map_;
    MapSceneOptions opt_;
    HudLang lang_;
    osg::Vec3d origin_;
    osg::ref_ptr<osgText::Font> font_;
    TerrainSurface ground_;

    osg::ref_ptr<osg::Group> root_;
    osg::ref_ptr<osg::MatrixTransform> map_xform_;   // origin: terrain and solid parts
    osg::ref_ptr<osg::MatrixTransform> bias_xform_;  // origin + 3D eye bias: draped parts
    osg::ref_ptr<osg::Group> layers_root_, draped_root_;
    std::vector<SceneLayer> layers_;
    std::vector<LayerNodes> layer_nodes_;            // parallel to layers_
    osg::ref_ptr<osg::Group> labels_group_, road_labels_group_, selection_group_;
    osg::ref_ptr<osg::Camera> hud_;
    osg::ref_ptr<osg::Group> hud_static_;      // rebuilt on resize / language change
    osg::ref_ptr<osg::Group> scale_bar_;       // rebuilt when the scale changes
    osg::ref_ptr<osg::MatrixTransform> north_xform_;
    osg::ref_ptr<osgText::Text> north_label_;
    std::array<osg::ref_ptr<osg::LineWidth>, kRoadClassCount> road_widths_, casing_widths_;
    std::array<osg::ref_ptr<osg::Point>, kRoadClassCount> road_points_, casing_points_;
    // Style widths scaled with the ui scale: (attribute, width at scale 1).
    std::vector<std::pair<osg::ref_ptr<osg::LineWidth>, float>> scaled_widths_;
    std::vector<std::pair<osg::ref_ptr<osg::Point>, float>> scaled_points_;
    std::vector<osg::ref_ptr<osg::MatrixTransform>> symbol_scales_;  // police symbols' ui scale
    osg::ref_ptr<osg::Node> police_symbol_;
    osg::observer_ptr<osg::Camera> camera_;

    std::vector<OverlayPtr> overlays_;
    std::map<const OverlayLayer*, bool> overlay_own_bin_;  // the overlay set its own bin
    osg::ref_ptr<osg::Group> ground_overlays_, top_overlays_;
    std::optional<FeatureRef> selection_;
    bool selection_dirty_ = false;

    std::vector<LabelPlacement> labels_;
    std::vector<RoadLabelPlacement> road_labels_;
    std::array<std::optional<std::vector<RoadChain>>, 2> road_chains_;  // zh, en (built on first use)
    std::vector<ScreenRect> extra_keep_out_;
    std::vector<ScreenRect> label_keep_out_;  // extra_keep_out_ + the overlays' labelKeepOut(), per frame
    std::vector<osg::ref_ptr<osgText::Text>> label_texts_;  // one per placed label slot
    std::map<std::string, std::vector<osg::ref_ptr<osgText::Text>>> road_label_texts_;  // by text
    HudLayout hud_layout_;
    int last_w_ = -1, last_h_ = -1;
    double last_scale_len_ = -1, last_scale_px_ = -1;
    double applied_scale_ = -1;                // ui scale the widths were built with
    int applied_view3d_ = -1;                  // 0/1 once applied
};

}  // namespace jingwei
