#include "ui/rings_panel.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include <imgui.h>

namespace jingwei {

namespace {

struct Pair {
    const char* zh;
    const char* en;
};
namespace str {
enum S {
    Title, Units, Mode, Select, Add, AddHint, DragHint, Delete, Selected, None, OffNetwork, Legend, Band, Minutes,
    Road, Area, Gaps, ShowGaps, ShowRings, Stats, OnNet, OffNet, Update, Min, GapArea, Count
};
}
using str::S;
constexpr Pair kStrings[str::Count] = {
    {"响应圈", "Response rings"},
    {"警力", "Units"},
    {"模式", "Mode"},
    {"选择/拖动", "Select / drag"},
    {"添加警力", "Add unit"},
    {"在地图上点击放置警力", "Click the map to place a unit"},
    {"按住警力图标拖动", "Press and drag a unit badge"},
    {"删除所选", "Delete selected"},
    {"所选", "Selected"},
    {"无", "none"},
    {"不在路网上", "off the road network"},
    {"图例", "Legend"},
    {"圈层", "Band"},
    {"分钟", "min"},
    {"道路覆盖", "Road"},
    {"面积覆盖", "Area"},
    {"盲区", "Gaps"},
    {"显示盲区", "Show gaps"},
    {"显示响应圈", "Show rings"},
    {"覆盖统计", "Coverage"},
    {"在路网", "on network"},
    {"不在路网", "off network"},
    {"更新", "update"},
    {"分钟圈", "-min ring"},
    {"盲区面积", "Gap area"},
};

Lang g_lang = Lang::Zh;
const char* T(S s) { return g_lang == Lang::Zh ? kStrings[s].zh : kStrings[s].en; }
std::string L(S s, const char* id) { return std::string(T(s)) + "###" + id; }

ImVec4 toIm(const osg::Vec4& c, float a) { return ImVec4(c.r(), c.g(), c.b(), a); }

}  // namespace

RingsPanel::RingsPanel(std::shared_ptr<CoverageModel> model, std::string source)
    : model_(std::move(model)), source_(std::move(source)) {
    rings_ = std::make_shared<RingsOverlay>(model_);
    units_ = std::make_shared<UnitsOverlay>(model_);
    next_id_ = int(model_->slotCount()) + 1;
}

void RingsPanel::recompute() {
    const auto t0 = std::chrono::steady_clock::now();
    model_->update();
    rings_->refresh();
    units_->setSelected(selected_);  // refreshes the badges
    last_update_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

void RingsPanel::attach(GuiContext& ctx) {
    model_->update();
    ctx.scene().addOverlay(rings_);
    ctx.scene().addOverlay(units_);
}

void RingsPanel::detach(GuiContext& ctx) {
    ctx.scene().removeOverlay(units_);
    ctx.scene().removeOverlay(rings_);
}

UnitKey RingsPanel::addUnitAt(XY p) {
    char id[32];
    std::snprintf(id, sizeof id, "U%d", next_id_++);
    const UnitKey k = model_->addUnit({id, id, p});
    selected_ = k;
    recompute();
    return k;
}

void RingsPanel::moveSelectedTo(XY p) {
    if (!selected_) return;
    model_->moveUnit(*selected_, p);
    recompute();
}

void RingsPanel::deleteSelected() {
    if (!selected_) return;
    model_->removeUnit(*selected_);
    selected_.reset();
    recompute();
}

void RingsPanel::select(std::optional<UnitKey> k) {
    selected_ = k;
    units_->setSelected(k);
}

std::optional<UnitKey> RingsPanel::unitNear(const MapCamera& cam, ScreenPoint s, double radius_px) const {
    std::optional<UnitKey> best;
    double best_d = radius_px;
    for (UnitKey k : model_->activeUnits()) {
        const XY p = units_->drawnPos(k);
        const auto q = cam.groundToScreen(p.x, p.y);
        if (!q) continue;
        const double d = std::hypot(q->x - s.x, q->y - s.y);
        if (d <= best_d) best_d = d, best = k;
    }
    return best;
}

bool RingsPanel::onMapClick(GuiContext& ctx, ScreenPoint screen, std::optional<XY> ground) {
    if (mode_ == Mode::Add) {
        if (!ground) return false;
        addUnitAt(*ground);
        return true;
    }
    const auto k = unitNear(ctx.camera(), screen, units_->radiusPx() * 1.6 * ctx.uiScale());
    if (!k) return false;  // let the attribute picker have it
    select(k);
    return true;
}

void RingsPanel::draw(GuiContext& ctx) {
    g_lang = ctx.lang();
    const float s = ctx.uiScale();
    units_->setRadiusPx(11.0 * s);

    // Dragging: press on a badge (select mode), follow the cursor while held.
    ImGuiIO& io = ImGui::GetIO();
    if (mode_ == Mode::Select && !dragging_ && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && ctx.mouseOnMap()) {
        if (const auto k = unitNear(ctx.camera(), ctx.cursor(), units_->radiusPx() * 1.6)) {
            select(k);
            dragging_ = true;
            drag_pose_ = ctx.pose();
        }
    }
    if (dragging_) {
        if (!io.MouseDown[ImGuiMouseButton_Left]) {
            dragging_ = false;
        } else {
            ctx.setPose(drag_pose_);  // the GUI pans on a left drag: hold the map still
            if (const auto g = ctx.pick(ctx.cursor())) {
                const XY cur = model_->unit(*selected_).input.pos;
                if (std::hypot(g->x - cur.x, g->y - cur.y) > 0.25 * ctx.camera().metresPerPixel()) moveSelectedTo(*g);
            }
        }
    }

    const float w = 360 * s;
    // Bottom right (the layers panel holds the top right).
    ImGui::SetNextWindowPos(ImVec2(float(ctx.width()) - 16 * s, float(ctx.height()) - 16 * s), ImGuiCond_FirstUseEver,
                            ImVec2(1, 1));
    ImGui::SetNextWindowSizeConstraints(ImVec2(w, 0), ImVec2(w, float(ctx.height()) * 0.8f));
    const std::string title = L(str::Title, "rings");
    ImGui::Begin(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize);
    ctx.notePanel();
    ImGui::TextDisabled("%s", source_.c_str());

    const CoverageStats& st = model_->stats();
    ImGui::Text("%s: %zu %s, %zu %s", T(str::Units), st.units_on_network, T(str::OnNet), st.units_off_network,
                T(str::OffNet));
    ImGui::Text("%s:", T(str::Mode));
    ImGui::SameLine();
    if (ImGui::RadioButton(L(str::Select, "msel").c_str(), mode_ == Mode::Select)) mode_ = Mode::Select;
    ImGui::SameLine();
    if (ImGui::RadioButton(L(str::Add, "madd").c_str(), mode_ == Mode::Add)) mode_ = Mode::Add;
    ImGui::TextDisabled("%s", mode_ == Mode::Add ? T(str::AddHint) : T(str::DragHint));

    if (selected_ && *selected_ < model_->slotCount() && model_->unit(*selected_).active) {
        const UnitState& u = model_->unit(*selected_);
        ImGui::Text("%s: %s", T(str::Selected), u.input.name.empty() ? u.input.id.c_str() : u.input.name.c_str());
        if (!u.snap.on_network) {
            ImGui::SameLine();
            ImGui::TextColored(ImVec4(1, 0.45f, 0.35f, 1), "(%s)", T(str::OffNetwork));
        }
        if (ImGui::Button(L(str::Delete, "del").c_str())) deleteSelected();
    } else {
        ImGui::Text("%s: %s", T(str::Selected), T(str::None));
    }

    bool show = rings_->visible();
    if (ImGui::Checkbox(L(str::ShowRings, "showrings").c_str(), &show)) rings_->setVisible(show);
    ImGui::SameLine();
    bool gaps = rings_->showGaps();
    if (ImGui::Checkbox(L(str::ShowGaps, "showgaps").c_str(), &gaps)) rings_->setShowGaps(gaps);

    // Legend + statistics in one table: colour, band, road share, area share.
    ImGui::Separator();
    ImGui::Text("%s", T(str::Stats));
    if (ImGui::BeginTable("ringstats", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) {
        ImGui::TableSetupColumn(T(str::Legend));
        ImGui::TableSetupColumn(T(str::Band));
        ImGui::TableSetupColumn(T(str::Road));
        ImGui::TableSetupColumn(T(str::Area));
        ImGui::TableHeadersRow();
        for (std::size_t k = 0; k < st.bands.size(); ++k) {
            const BandStats& b = st.bands[k];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::ColorButton(("##c" + std::to_string(k)).c_str(), toIm(ringBandColour(k), 1.0f),
                               ImGuiColorEditFlags_NoTooltip, ImVec2(28 * s, 14 * s));
            ImGui::TableNextColumn();
            ImGui::Text("%g %s", b.minutes, T(str::Minutes));
            ImGui::TableNextColumn();
            ImGui::Text("%.1f%%", 100.0 * b.road_share);
            ImGui::TableNextColumn();
            ImGui::Text("%.1f%%", 100.0 * b.area_share);
        }
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::ColorButton("##gap", toIm(ringGapColour(), 1.0f), ImGuiColorEditFlags_NoTooltip, ImVec2(28 * s, 14 * s));
        ImGui::TableNextColumn();
        ImGui::Text("%s", T(str::Gaps));
        ImGui::TableNextColumn();
        ImGui::Text("-");
        ImGui::TableNextColumn();
        ImGui::Text("%.1f%%", st.aoi_area_m2 > 0 ? 100.0 * st.gap_area_m2 / st.aoi_area_m2 : 0.0);
        ImGui::EndTable();
    }
    ImGui::Text("%s: %.2f km²", T(str::GapArea), st.gap_area_m2 / 1e6);
    ImGui::TextDisabled("%s %.0f ms", T(str::Update), last_update_ms_);
    ImGui::End();
}

std::vector<std::string> RingsPanel::uiStrings() const {
    std::vector<std::string> out;
    for (const Pair& p : kStrings) {
        out.emplace_back(p.zh);
        out.emplace_back(p.en);
    }
    out.push_back(source_);
    for (UnitKey k : model_->activeUnits()) out.push_back(model_->unit(k).input.name);
    out.emplace_back("%:()²-");
    return out;
}

}  // namespace jingwei
