#include "ui/builtin_panels.h"

#include <imgui.h>
#include <imgui_internal.h>  // FindWindowByName: belowLayersPanel

#include <algorithm>
#include <cmath>
#include <string>

#include "render/hud_text.h"

namespace jingwei {

namespace {

ImU32 imColor(const Color8& c, float alpha = 1.0f) { return IM_COL32(c.r, c.g, c.b, int(c.a * alpha)); }

// A legend swatch for a scene layer, drawn at the cursor (w × h).
void swatch(const SceneLayer& L, const MapStyle& st, float w, float h, float s) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 c(p.x + w * 0.5f, p.y + h * 0.5f);
    switch (L.kind) {
        case SceneLayerKind::Terrain: {
            // An elevation ramp.
            const int n = 6;
            for (int i = 0; i < n; ++i) {
                const Color8 col = terrainColour(2200.0 * i / (n - 1), 1.0);
                dl->AddRectFilled(ImVec2(p.x + w * i / n, p.y + 3 * s), ImVec2(p.x + w * (i + 1) / n, p.y + h - 3 * s),
                                  imColor(col));
            }
            break;
        }
        case SceneLayerKind::Roads:
            dl->AddLine(ImVec2(p.x, c.y), ImVec2(p.x + w, c.y), imColor(st.road_casing), 7 * s);
            dl->AddLine(ImVec2(p.x, c.y), ImVec2(p.x + w, c.y), imColor(st.road(RoadClass::Primary).color), 4.5f * s);
            break;
        case SceneLayerKind::Buildings: {
            const float x0 = p.x + 6 * s, x1 = p.x + w - 12 * s, y0 = p.y + 6 * s, y1 = p.y + h - 3 * s, d = 5 * s;
            auto shade = [&](float k) {
                return IM_COL32(int(L.fill.r * k), int(L.fill.g * k), int(L.fill.b * k), 255);
            };
            dl->AddRectFilled(ImVec2(x0, y0 + d), ImVec2(x1, y1), shade(0.62f));
            dl->AddQuadFilled(ImVec2(x1, y0 + d), ImVec2(x1 + d, y0), ImVec2(x1 + d, y1 - d), ImVec2(x1, y1), shade(0.45f));
            dl->AddQuadFilled(ImVec2(x0, y0 + d), ImVec2(x0 + d, y0), ImVec2(x1 + d, y0), ImVec2(x1, y0 + d), shade(1.06f));
            break;
        }
        case SceneLayerKind::Police: {
            const float k = 0.42f * s;
            const ImVec2 pts[] = {{-17, -18}, {17, -18}, {17, 2}, {12, 12}, {0, 21}, {-12, 12}, {-17, 2}};
            ImVec2 rim[7], field[7];
            for (int i = 0; i < 7; ++i) {
                rim[i] = ImVec2(c.x + pts[i].x * k * 1.15f, c.y + pts[i].y * k * 1.15f);
                field[i] = ImVec2(c.x + pts[i].x * k, c.y + pts[i].y * k);
            }
            dl->AddConvexPolyFilled(rim, 7, imColor(st.police_border));
            dl->AddConvexPolyFilled(field, 7, imColor(L.line));
            break;
        }
        case SceneLayerKind::Points:
            dl->AddCircleFilled(c, 6 * s, imColor(st.poi_outline));
            dl->AddCircleFilled(c, 4 * s, imColor(L.line));
            break;
        case SceneLayerKind::Lines:
            dl->AddLine(ImVec2(p.x, c.y), ImVec2(p.x + w, c.y), imColor(L.line), std::max(1.5f, L.line_px * s));
            break;
        case SceneLayerKind::Areas:
            if (L.has_fill && L.fill.a > 0)
                dl->AddRectFilled(ImVec2(p.x, p.y + 4 * s), ImVec2(p.x + w, p.y + h - 4 * s), imColor(L.fill));
            if (L.has_line)
                dl->AddRect(ImVec2(p.x, p.y + 4 * s), ImVec2(p.x + w, p.y + h - 4 * s), imColor(L.line), 0, 0,
                            std::max(1.0f, std::min(3.0f, L.line_px) * s));
            break;
    }
    ImGui::Dummy(ImVec2(w, h));
}

}  // namespace

std::vector<std::string> LayerPanel::uiStrings() const { return {}; }

ScreenPoint belowLayersPanel(const GuiContext& ctx) {
    const float s = ctx.uiScale();
    if (ImGuiWindow* lw = ImGui::FindWindowByName("###layers"))
        return {lw->Pos.x + lw->Size.x, lw->Pos.y + lw->Size.y + 10 * s};
    return {ctx.width() - 16.0 * s, ctx.scene().hudLayout().north_arrow.y1 + 12.0 * s};
}

void LayerPanel::draw(GuiContext& ctx) {
    MapScene& scene = ctx.scene();
    const Lang lang = ctx.lang();
    const float s = ctx.uiScale();
    const HudLayout& hud = scene.hudLayout();
    const MapStyle& st = scene.options().style;
    const float w = 430 * s;
    ImGui::SetNextWindowPos(ImVec2(float(hud.north_arrow.x1), float(hud.north_arrow.y1 + 12 * s)), ImGuiCond_Always,
                            ImVec2(1, 0));
    ImGui::SetNextWindowSizeConstraints(ImVec2(w, 0), ImVec2(w, ctx.height() * 0.62f));
    const std::string title = std::string(tr(Tr::Layers, lang)) + "###layers";
    ImGui::Begin(title.c_str(), nullptr,
                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_AlwaysAutoResize);
    ctx.notePanel();
    const auto& layers = scene.layers();
    // Top of the drawing order first, as GIS layer lists do.
    for (int k = int(layers.size()) - 1; k >= 0; --k) {
        const SceneLayer& L = layers[std::size_t(k)];
        ImGui::PushID(k);
        bool vis = L.visible;
        if (ImGui::Checkbox("##vis", &vis)) scene.setLayerVisible(std::size_t(k), vis);
        ImGui::SameLine();
        swatch(L, st, 44 * s, ImGui::GetFrameHeight(), s);
        ImGui::SameLine();
        const bool dim = !L.in_scale || !L.visible;
        if (dim) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
        ImGui::AlignTextToFramePadding();
        if (ImGui::Selectable(L.name.c_str(), open_opacity_ == k, 0, ImVec2(w - 250 * s, 0)))
            open_opacity_ = open_opacity_ == k ? -1 : k;
        if (dim) ImGui::PopStyleColor();
        if (!L.in_scale && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Tr::OutOfScale, lang));
        ImGui::SameLine(w - 112 * s);
        ImGui::BeginDisabled(k == int(layers.size()) - 1);
        if (ImGui::ArrowButton("##up", ImGuiDir_Up)) scene.moveLayer(std::size_t(k), +1);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Tr::MoveUp, lang));
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::BeginDisabled(k == 0);
        if (ImGui::ArrowButton("##down", ImGuiDir_Down)) scene.moveLayer(std::size_t(k), -1);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Tr::MoveDown, lang));
        ImGui::EndDisabled();
        if (open_opacity_ == k) {
            ImGui::Indent(34 * s);
            float op = float(scene.layers()[std::size_t(k)].opacity * 100.0);
            ImGui::SetNextItemWidth(w - 90 * s);
            if (ImGui::SliderFloat("##op", &op, 0.f, 100.f, (std::string(tr(Tr::Opacity, lang)) + " %.0f%%").c_str()))
                scene.setLayerOpacity(std::size_t(k), op / 100.0);
            ImGui::Unindent(34 * s);
        }
        ImGui::PopID();
    }
    bool terrain = false;
    for (const auto& L : layers) terrain = terrain || L.kind == SceneLayerKind::Terrain;
    if (terrain) {
        ImGui::Separator();
        float ex = float(scene.verticalExaggeration());
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(tr(Tr::Exaggeration, lang));
        ImGui::SameLine();
        ImGui::SetNextItemWidth(-1);
        ImGui::SliderFloat("##ex", &ex, 0.0f, 5.0f, "× %.1f");
        // Rebuilding the draped geometry is not free: apply on release.
        if (ImGui::IsItemDeactivatedAfterEdit()) scene.setVerticalExaggeration(std::round(ex * 10.0f) / 10.0);
    }
    // Road classes present.
    std::array<bool, kRoadClassCount> seen{};
    for (const auto& e : ctx.map().roads.edges) seen[static_cast<int>(e.road_class)] = true;
    bool any = false;
    for (bool b : seen) any = any || b;
    if (any) {
        ImGui::Separator();
        if (ImGui::TreeNodeEx(tr(Tr::RoadClasses, lang), ImGuiTreeNodeFlags_DefaultOpen)) {
            const HudLang hl = lang == Lang::En ? HudLang::En : HudLang::Zh;
            for (int c = 0; c < kRoadClassCount; ++c) {
                if (!seen[c]) continue;
                const RoadStyle& rs = st.roads[c];
                const ImVec2 p = ImGui::GetCursorScreenPos();
                const float lh = ImGui::GetTextLineHeight();
                ImDrawList* dl = ImGui::GetWindowDrawList();
                if (c <= static_cast<int>(RoadClass::Tertiary))
                    dl->AddLine(ImVec2(p.x, p.y + lh * 0.5f), ImVec2(p.x + 44 * s, p.y + lh * 0.5f),
                                imColor(st.road_casing), (rs.width_px + 3) * s);
                dl->AddLine(ImVec2(p.x, p.y + lh * 0.5f), ImVec2(p.x + 44 * s, p.y + lh * 0.5f), imColor(rs.color),
                            std::max(1.0f, rs.width_px * s));
                ImGui::Dummy(ImVec2(44 * s, lh));
                ImGui::SameLine();
                ImGui::TextUnformatted(roadClassLabel(static_cast<RoadClass>(c), hl).c_str());
            }
            ImGui::TreePop();
        }
    }
    ImGui::End();
}

std::vector<std::string> FeaturePanel::uiStrings() const {
    return {"道路", "Road", "道路等级", "Class", "名称", "Name", "中文名", "Name (zh)", "OSM 路段", "OSM way", "单行",
            "One-way", "是", "否", "车道数", "Lanes", "限速", "Max speed", "通行速度", "Travel speed", "长度", "Length",
            "类型", "Type", "编号", "ID", "高度", "Height", "底部高度", "Base height", "（高度属性）", "（层数 × 层高）",
            "（默认值）", "建筑", "Building", "兴趣点", "Point of interest", "公安机构", "Police facility", "步行道",
            "Path", "面状要素", "Area", "要素", "Feature", "（无名道路）", "（要素）"};
}

bool FeaturePanel::onMapClick(GuiContext& ctx, ScreenPoint screen, std::optional<XY> /*ground*/) {
    had_click_ = true;
    selected_ = ctx.scene().pickFeature(ctx.camera(), screen);
    ctx.scene().setSelection(selected_);
    return true;
}

void FeaturePanel::draw(GuiContext& ctx) {
    const Lang lang = ctx.lang();
    const float s = ctx.uiScale();
    const HudLayout& hud = ctx.scene().hudLayout();
    ImGui::SetNextWindowPos(ImVec2(float(hud.scale_bar.x0), float(hud.scale_bar.y0 - 12 * s)), ImGuiCond_Always,
                            ImVec2(0, 1));
    ImGui::SetNextWindowSizeConstraints(ImVec2(380 * s, 0), ImVec2(460 * s, ctx.height() * 0.42f));
    const std::string title = std::string(tr(Tr::Attributes, lang)) + "###feature";
    ImGui::Begin(title.c_str(), nullptr,
                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize);
    ctx.notePanel();
    if (!selected_) {
        ImGui::PushTextWrapPos(360 * s);
        ImGui::TextDisabled("%s", tr(Tr::ClickToInspect, lang));
        ImGui::PopTextWrapPos();
    } else {
        const FeatureInfo info = describeFeature(ctx.map(), *selected_, lang == Lang::Zh);
        ImGui::TextColored(ImVec4(0, 0.9f, 1, 1), "%s", info.title.c_str());
        ImGui::TextDisabled("%s: %s", tr(Tr::Layer, lang), info.layer.c_str());
        if (ImGui::BeginTable("attrs", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
            ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthFixed, 140 * s);
            ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthFixed, 280 * s);
            for (const auto& [k, v] : info.rows) {
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                ImGui::TextDisabled("%s", k.c_str());
                ImGui::TableSetColumnIndex(1);
                ImGui::PushTextWrapPos(0);
                ImGui::TextUnformatted(v.c_str());
                ImGui::PopTextWrapPos();
            }
            ImGui::EndTable();
        }
        if (ImGui::Button(tr(Tr::FlyTo, lang))) {
            const Bounds b = featureBounds(ctx.map(), *selected_);
            if (!b.empty()) {
                const double size = std::max({b.width(), b.height(), 150.0});
                CameraPose target = ctx.pose();
                target.x = b.centerX();
                target.y = b.centerY();
                target.range_m = size * 3.0;
                ctx.flyTo(target);
            }
        }
        ImGui::SameLine();
        if (ImGui::Button(tr(Tr::ClearSelection, lang))) {
            selected_.reset();
            ctx.scene().setSelection(std::nullopt);
        }
    }
    ImGui::End();
}

}  // namespace jingwei
