#include "ui/placement_panel.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>

#include <imgui.h>
#include <imgui_internal.h>  // FindWindowByName: sit beside the layers panel

#include "core/error.h"
#include "ui/builtin_panels.h"
#include "ui/placement_marks.h"

namespace jingwei {

namespace {

namespace str {
enum S {
    Title, Schedule, Demand, Synthetic, Candidates, Coverage, Mean, P90, Backup, Reached, Posts, Objective, Mclp, Lscp,
    PMedian, Double, Minutes, T2, Window, K, Staffed, Mode, Select, Add, AddHint, DragHint, LockNew, Id, Locked, OnDuty,
    FlyTo, Delete, Optimise, Cancel, Running, Save, Load, File, Saved, Loaded, ShowDemand, Legend, Covered, BackedUp,
    Uncovered, FreePost, LockedPost, OffDuty, Update, Hour, UnitsOnDuty, OffNetwork, Occupied, Solver, Seconds, Incidents,
    TabPosts, TabObjective, TabFile, Count
};
}
using str::S;
constexpr UiText kStrings[str::Count] = {
    {"前置屯警 方案编辑", "Post placement editor"},
    {"值守时刻表", "Duty schedule"},
    {"需求", "Demand"},
    {"合成示例", "Synthetic (合成示例)"},
    {"候选点", "Candidates"},
    {"覆盖率", "Covered"},
    {"平均", "Mean"},
    {"P90", "P90"},
    {"双重覆盖", "Backed up"},
    {"可达", "Reached"},
    {"岗位", "Posts"},
    {"目标", "Objective"},
    {"最大覆盖 MCLP", "Max coverage (MCLP)"},
    {"集合覆盖 LSCP", "Set cover (LSCP)"},
    {"p-中位 p-median", "p-median"},
    {"双重覆盖 Double", "Double coverage"},
    {"响应时间 T (分钟)", "Response time T (min)"},
    {"后援时间 T2 (分钟)", "Backup time T2 (min)"},
    {"时段", "Window"},
    {"岗位数 k", "Posts k"},
    {"在岗", "staffed"},
    {"模式", "Mode"},
    {"选择/拖动", "Select / drag"},
    {"添加岗位", "Add post"},
    {"在地图上点击添加岗位 (吸附到最近路口)", "Click the map to add a post (snaps to the nearest road node)"},
    {"按住岗位图标拖动", "Press and drag a post symbol"},
    {"新岗位锁定", "Lock new posts"},
    {"编号", "Id"},
    {"锁定", "Lock"},
    {"值守", "On duty"},
    {"定位", "Fly"},
    {"删除", "Delete"},
    {"优化", "Optimise"},
    {"取消", "Cancel"},
    {"优化中", "Optimising"},
    {"保存", "Save"},
    {"载入", "Load"},
    {"方案文件", "Plan file"},
    {"已保存", "Saved"},
    {"已载入", "Loaded"},
    {"显示需求点", "Show demand"},
    {"图例", "Legend"},
    {"覆盖", "covered"},
    {"双重覆盖", "backed up"},
    {"未覆盖", "uncovered"},
    {"岗位", "post"},
    {"锁定岗位", "locked post"},
    {"本时段不值守", "off duty in window"},
    {"更新", "update"},
    {"时", "h"},
    {"在岗警力", "Units on duty"},
    {"不在路网上", "off the road network"},
    {"该路口已有岗位", "a post already stands there"},
    {"求解", "solver"},
    {"秒", "s"},
    {"起警情", "incidents"},
    {"岗位", "Posts"},
    {"目标", "Objective"},
    {"图例与文件", "Legend & file"},
};

Lang g_lang = Lang::Zh;  // set at the top of draw(); ImGui is single-threaded
const char* T(S s) { return kStrings[s].in(g_lang); }
std::string L(S s, const char* id) { return std::string(T(s)) + "###" + id; }

ImVec4 toIm(const osg::Vec4& c, float a = 1.0f) { return ImVec4(c.r(), c.g(), c.b(), a); }
ImU32 toU32(const osg::Vec4& c, float a = 1.0f) { return ImGui::ColorConvertFloat4ToU32(toIm(c, a)); }

std::string seconds(double s) {
    if (!std::isfinite(s)) return "∞";
    char buf[32];
    if (s >= 60) std::snprintf(buf, sizeof buf, "%d:%02d", int(s) / 60, int(std::lround(s)) % 60);
    else std::snprintf(buf, sizeof buf, "%.0f s", s);
    return buf;
}

constexpr place::ObjectiveKind kKinds[4] = {place::ObjectiveKind::Mclp, place::ObjectiveKind::Lscp,
                                            place::ObjectiveKind::PMedian, place::ObjectiveKind::DoubleCoverage};
S kindName(place::ObjectiveKind k) {
    switch (k) {
        case place::ObjectiveKind::Lscp: return str::Lscp;
        case place::ObjectiveKind::PMedian: return str::PMedian;
        case place::ObjectiveKind::DoubleCoverage: return str::Double;
        case place::ObjectiveKind::Mclp: break;
    }
    return str::Mclp;
}

}  // namespace

PlacementPanel::PlacementPanel(std::shared_ptr<PlacementModel> model, std::string plan_path)
    : model_(std::move(model)), path_(std::move(plan_path)) {
    std::snprintf(path_buf_, sizeof path_buf_, "%s", path_.c_str());
}

void PlacementPanel::attach(GuiContext& ctx) {
    ctx.scene().addOverlay(overlay_);
    refresh();
}

void PlacementPanel::detach(GuiContext& ctx) {
    model_->cancelOptimise();
    ctx.scene().removeOverlay(overlay_);
}

void PlacementPanel::setWindow(std::size_t w) {
    if (w < model_->windowCount()) window_ = w;
}

void PlacementPanel::select(std::optional<std::size_t> q) {
    if (q && *q >= model_->posts().size()) q.reset();
    selected_ = q;
}

PlacementMarks PlacementPanel::marks() {
    if (window_ >= model_->windowCount()) window_ = 0;
    PlacementMarks m = placementMarks(*model_, window_);
    if (selected_ && *selected_ < m.posts.size()) m.selected = selected_;
    m.preview = preview_;
    return m;
}

void PlacementPanel::refresh() {
    if (selected_ && *selected_ >= model_->posts().size()) selected_.reset();
    const bool same_preview = shown_preview_.has_value() == preview_.has_value() &&
                              (!preview_ || (shown_preview_->x == preview_->x && shown_preview_->y == preview_->y));
    if (shown_generation_ == model_->generation() && shown_selected_ == selected_ && shown_window_ == window_ && same_preview)
        return;
    overlay_->setMarks(marks());
    shown_generation_ = model_->generation();
    shown_selected_ = selected_;
    shown_window_ = window_;
    shown_preview_ = preview_;
}

std::optional<std::size_t> PlacementPanel::postNear(const MapCamera& cam, ScreenPoint s, double radius_px) const {
    std::optional<std::size_t> best;
    double best_d = radius_px;
    for (std::size_t q = 0; q < model_->posts().size(); ++q) {
        const XY p = model_->postPos(q);
        const auto sp = cam.groundToScreen(p.x, p.y);
        if (!sp) continue;
        const double d = std::hypot(sp->x - s.x, sp->y - s.y);
        if (d <= best_d) best_d = d, best = q;
    }
    return best;
}

double PlacementPanel::dragSelectedTo(XY p) {
    if (!selected_) return 0;
    const auto t0 = std::chrono::steady_clock::now();
    model_->movePost(*selected_, p);
    model_->score(window_);
    refresh();
    last_drag_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    return last_drag_ms_;
}

bool PlacementPanel::onMapClick(GuiContext& ctx, ScreenPoint screen, std::optional<XY> ground) {
    if (const auto q = postNear(ctx.camera(), screen, overlay_->drawnPostRadiusPx() * 1.3)) {
        select(q);
        return true;
    }
    if (mode_ != Mode::Add || !ground) return false;
    if (model_->optimiseStatus().running) return true;
    std::size_t existing = 0;
    if (const auto q = model_->addPost(*ground, window_, lock_new_, &existing)) {
        select(q);
        message_.clear();
    } else if (model_->snapPreview(*ground)) {
        select(existing);
        message_ = T(str::Occupied);
        message_error_ = true;
    } else {
        message_ = T(str::OffNetwork);
        message_error_ = true;
    }
    return true;
}

// ---- drawing ------------------------------------------------------------------------

void PlacementPanel::drawScore(float s) {
    const place::PlanScore& sc = model_->score(window_);
    const bool dbl = model_->settings().objective == place::ObjectiveKind::DoubleCoverage;
    const int cols = dbl ? 4 : 3;
    if (!ImGui::BeginTable("placescore", cols, ImGuiTableFlags_BordersInnerV)) return;
    auto big = [&](const char* label, const std::string& value, const ImVec4& colour) {
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", label);
        ImGui::SetWindowFontScale(2.1f);
        ImGui::TextColored(colour, "%s", value.c_str());
        ImGui::SetWindowFontScale(1.0f);
    };
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * sc.covered_share);
    const float share = float(sc.covered_share);
    const ImVec4 cov = share >= 0.9f ? ImVec4(0.3f, 0.95f, 0.45f, 1) : share >= 0.7f ? ImVec4(1, 0.8f, 0.2f, 1) : ImVec4(1, 0.35f, 0.3f, 1);
    big(T(str::Coverage), buf, cov);
    big(T(str::Mean), seconds(sc.mean_s), ImVec4(1, 1, 1, 1));
    big(T(str::P90), seconds(sc.p90_s), ImVec4(1, 1, 1, 1));
    if (dbl) {
        std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * sc.backup_share);
        big(T(str::Backup), buf, toIm(placementCoverColour(PlacementMarks::Cover::Backup)));
    }
    ImGui::EndTable();
    (void)s;
}

void PlacementPanel::drawSettings(float s) {
    PlacementSettings st = model_->settings();
    bool changed = false;
    ImGui::SetNextItemWidth(230 * s);
    if (ImGui::BeginCombo(L(str::Objective, "objective").c_str(), T(kindName(st.objective)))) {
        for (place::ObjectiveKind k : kKinds)
            if (ImGui::Selectable(T(kindName(k)), k == st.objective)) {
                st.objective = k;
                changed = true;
            }
        ImGui::EndCombo();
    }
    const float h = float(model_->horizonMinutes());
    float t = float(st.minutes);
    ImGui::SetNextItemWidth(230 * s);
    if (ImGui::SliderFloat(L(str::Minutes, "tmin").c_str(), &t, 0.5f, h, "%.1f")) {
        st.minutes = std::round(double(t) * 2) / 2;
        st.backup_minutes = std::max(st.backup_minutes, st.minutes);
        changed = true;
    }
    if (st.objective == place::ObjectiveKind::DoubleCoverage) {
        float t2 = float(st.backup_minutes);
        ImGui::SetNextItemWidth(230 * s);
        if (ImGui::SliderFloat(L(str::T2, "t2min").c_str(), &t2, float(st.minutes), h, "%.1f")) {
            st.backup_minutes = std::max(st.minutes, std::round(double(t2) * 2) / 2);
            changed = true;
        }
    }
    if (changed) {
        try {
            model_->setSettings(st);
        } catch (const Error& e) {
            message_ = e.what();
            message_error_ = true;
        }
    }
}

void PlacementPanel::drawWindows(float s) {
    // Windows: one button each, then k of the selected one.
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T(str::Window));
    for (std::size_t w = 0; w < model_->windowCount(); ++w) {
        ImGui::SameLine();
        const PlacementWindow& pw = model_->window(w);
        const std::string label = pw.name + "###win" + std::to_string(w);
        if (ImGui::RadioButton(label.c_str(), w == window_)) window_ = w;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", pw.hoursText().c_str());
    }
    int k = model_->window(window_).k;
    ImGui::SetNextItemWidth(130 * s);
    if (ImGui::InputInt(L(str::K, "k").c_str(), &k) && k != model_->window(window_).k)
        model_->setWindowK(window_, std::clamp(k, 1, int(model_->candidates().size())));
    ImGui::SameLine();
    ImGui::TextDisabled("%s · %zu %s", model_->window(window_).hoursText().c_str(), model_->staffedCount(window_),
                        T(str::Staffed));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%zu %s", model_->windowIncidents(window_), T(str::Incidents));
}

void PlacementPanel::drawOptimise(float s) {
    const OptimiseStatus os = model_->optimiseStatus();
    if (os.running) {
        char overlay[96];
        std::snprintf(overlay, sizeof overlay, "%.0f%%  %.1f s", 100 * os.fraction, os.elapsed_s);
        ImGui::TextUnformatted((std::string(T(str::Running)) + " " + model_->window(os.window).name + " · " + os.stage).c_str());
        ImGui::ProgressBar(float(os.fraction), ImVec2(-120 * s, 0), overlay);
        ImGui::SameLine();
        if (ImGui::Button(L(str::Cancel, "optcancel").c_str(), ImVec2(-1, 0))) model_->cancelOptimise();
        return;
    }
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.85f, 0.45f, 0.05f, 0.85f));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(1.0f, 0.58f, 0.12f, 1.0f));
    const std::string label = std::string(T(str::Optimise)) + " · " + model_->window(window_).name + "###optimise";
    if (ImGui::Button(label.c_str(), ImVec2(-150 * s, 40 * s))) model_->startOptimise(window_);
    ImGui::PopStyleColor(2);
    ImGui::SameLine();
    const WindowSolveInfo& info = model_->solveInfo(window_);
    ImGui::BeginGroup();
    ImGui::TextDisabled("%s", info.solver.c_str());
    if (!model_->lastOptimiseMessage().empty()) ImGui::TextDisabled("%s", model_->lastOptimiseMessage().c_str());
    else ImGui::TextDisabled("%s", info.status.c_str());
    ImGui::EndGroup();
}

void PlacementPanel::drawPosts(GuiContext& ctx, float s) {
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%s:", T(str::Mode));
    ImGui::SameLine();
    if (ImGui::RadioButton(L(str::Select, "msel").c_str(), mode_ == Mode::Select)) mode_ = Mode::Select;
    ImGui::SameLine();
    if (ImGui::RadioButton(L(str::Add, "madd").c_str(), mode_ == Mode::Add)) mode_ = Mode::Add;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T(str::AddHint));
    ImGui::Checkbox(L(str::LockNew, "locknew").c_str(), &lock_new_);
    if (mode_ == Mode::Add) ImGui::TextDisabled("%s", T(str::AddHint));

    const auto& posts = model_->posts();
    const float rows = float(std::min<std::size_t>(posts.size(), 12) + 1);
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY;
    std::optional<std::size_t> remove;
    if (ImGui::BeginTable("placeposts", 5, flags, ImVec2(0, rows * ImGui::GetFrameHeightWithSpacing() + 6 * s))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(T(str::Id), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn(T(str::Locked), ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn(T(str::OnDuty), ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn(T(str::FlyTo), ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn(T(str::Delete), ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableHeadersRow();
        for (std::size_t q = 0; q < posts.size(); ++q) {
            const PlacementPost& p = posts[q];
            ImGui::PushID(int(q));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const bool sel = selected_ == q;
            if (ImGui::Selectable(p.id.c_str(), sel, ImGuiSelectableFlags_AllowItemOverlap)) {
                select(q);
                const XY at = model_->postPos(q);
                ctx.flyTo(at.x, at.y, 0);
            }
            ImGui::TableNextColumn();
            bool locked = p.locked;
            if (ImGui::Checkbox("##lock", &locked)) model_->setLocked(q, locked);
            ImGui::TableNextColumn();
            bool on = p.staffed[window_] != 0;
            if (p.locked) ImGui::BeginDisabled();
            if (ImGui::Checkbox("##duty", &on)) model_->setStaffed(q, window_, on);
            if (p.locked) ImGui::EndDisabled();
            ImGui::TableNextColumn();
            if (ImGui::SmallButton("»")) {
                select(q);
                const XY at = model_->postPos(q);
                ctx.flyTo(at.x, at.y, 2500);
            }
            ImGui::TableNextColumn();
            if (ImGui::SmallButton("×")) remove = q;
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    if (remove) {
        model_->removePost(*remove);
        if (selected_ == remove) selected_.reset();
        else if (selected_ && *selected_ > *remove) --*selected_;
    }
}

void PlacementPanel::drawFiles(float s) {
    ImGui::SetNextItemWidth(-150 * s);
    ImGui::InputText(L(str::File, "planfile").c_str(), path_buf_, sizeof path_buf_);
    path_ = path_buf_;
    if (ImGui::Button(L(str::Save, "save").c_str(), ImVec2(110 * s, 0))) {
        try {
            model_->savePlan(path_);
            message_ = std::string(T(str::Saved)) + ": " + path_;
            message_error_ = false;
        } catch (const std::exception& e) {
            message_ = e.what();
            message_error_ = true;
        }
    }
    ImGui::SameLine();
    const bool busy = model_->optimiseStatus().running;
    if (busy) ImGui::BeginDisabled();
    if (ImGui::Button(L(str::Load, "load").c_str(), ImVec2(110 * s, 0))) {
        try {
            const auto notes = model_->applyPlan(place::readPlan(path_), path_);
            message_ = std::string(T(str::Loaded)) + ": " + path_;
            for (const auto& n : notes) message_ += "\n" + n;
            message_error_ = false;
            selected_.reset();
            if (window_ >= model_->windowCount()) window_ = 0;
        } catch (const std::exception& e) {
            message_ = e.what();
            message_error_ = true;
        }
    }
    if (busy) ImGui::EndDisabled();
}

void PlacementPanel::drawSchedule(GuiContext& ctx) {
    const float s = ctx.uiScale();
    const auto& posts = model_->posts();
    const float cell = 26 * s, idw = std::max(110 * s, ImGui::CalcTextSize(T(str::UnitsOnDuty)).x + 12 * s);
    const float wwidth = idw + 24 * cell + 40 * s;
    // Bottom centre, between the left column and the post list (right).
    ImGui::SetNextWindowPos(ImVec2(float(ctx.width()) * 0.5f, float(ctx.height()) - 16 * s), ImGuiCond_Always,
                            ImVec2(0.5f, 1));
    ImGui::SetNextWindowSizeConstraints(ImVec2(wwidth, 0), ImVec2(wwidth, float(ctx.height()) * 0.4f));
    const std::string title = L(str::Schedule, "placement-schedule");
    ImGui::Begin(title.c_str(), nullptr,
                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize);
    ctx.notePanel();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // Header: hours, and the window that holds each hour.
    ImVec2 o = ImGui::GetCursorScreenPos();
    const float rowh = ImGui::GetTextLineHeight() + 6 * s;
    auto windowOf = [&](int h) -> std::optional<std::size_t> {
        for (std::size_t w = 0; w < model_->windowCount(); ++w)
            if (model_->window(w).contains(h)) return w;
        return std::nullopt;
    };
    const ImU32 grid = IM_COL32(90, 120, 150, 120);
    const ImU32 win_cols[4] = {IM_COL32(255, 150, 40, 70), IM_COL32(60, 160, 255, 70), IM_COL32(160, 90, 255, 70),
                               IM_COL32(60, 220, 160, 70)};
    for (int h = 0; h < 24; ++h) {
        const float x = o.x + idw + float(h) * cell;
        if (const auto w = windowOf(h)) {
            dl->AddRectFilled(ImVec2(x, o.y), ImVec2(x + cell, o.y + rowh * 2), win_cols[*w % 4]);
            if (*w == window_) dl->AddRect(ImVec2(x, o.y), ImVec2(x + cell, o.y + rowh * 2), IM_COL32(255, 200, 60, 255));
        }
        char hb[8];
        std::snprintf(hb, sizeof hb, "%02d", h);
        dl->AddText(ImVec2(x + 3 * s, o.y + rowh), IM_COL32(220, 230, 240, 255), hb);
    }
    // Window names over their first hour.
    for (std::size_t w = 0; w < model_->windowCount(); ++w) {
        const int h0 = model_->window(w).start_h % 24;
        dl->AddText(ImVec2(o.x + idw + float(h0) * cell + 3 * s, o.y + 2 * s), IM_COL32(255, 255, 255, 255),
                    model_->window(w).name.c_str());
    }
    dl->AddText(ImVec2(o.x, o.y + rowh), IM_COL32(200, 210, 220, 255), T(str::Hour));
    float y = o.y + rowh * 2 + 2 * s;
    // Posts: a filled cell where staffed; a click toggles the post in that hour's window.
    const ImU32 on_free = toU32(placementPostColour(PlacementMarks::PostKind::Free), 0.95f);
    const ImU32 on_locked = toU32(placementPostColour(PlacementMarks::PostKind::Locked), 0.95f);
    const std::size_t shown = std::min<std::size_t>(posts.size(), 40);
    for (std::size_t q = 0; q < shown; ++q) {
        const auto sched = model_->schedule(q);
        const bool sel = selected_ == q;
        dl->AddText(ImVec2(o.x, y + 2 * s), sel ? IM_COL32(255, 194, 26, 255) : IM_COL32(230, 235, 240, 255),
                    posts[q].id.c_str());
        for (int h = 0; h < 24; ++h) {
            const float x = o.x + idw + float(h) * cell;
            const ImVec2 a(x + 1, y + 1), b(x + cell - 1, y + rowh - 1);
            if (sched[std::size_t(h)]) dl->AddRectFilled(a, b, posts[q].locked ? on_locked : on_free);
            dl->AddRect(ImVec2(x, y), ImVec2(x + cell, y + rowh), grid);
            if (ImGui::IsMouseHoveringRect(a, b) && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && ImGui::IsWindowHovered()) {
                if (const auto w = windowOf(h)) model_->setStaffed(q, *w, !posts[q].staffed[*w]);
                select(q);
            }
        }
        y += rowh;
    }
    if (posts.size() > shown) {
        char more[48];
        std::snprintf(more, sizeof more, "… +%zu", posts.size() - shown);
        dl->AddText(ImVec2(o.x, y), IM_COL32(180, 190, 200, 255), more);
        y += rowh;
    }
    // Units on duty per hour.
    const auto duty = model_->unitsOnDuty();
    y += 4 * s;
    dl->AddLine(ImVec2(o.x, y - 2 * s), ImVec2(o.x + idw + 24 * cell, y - 2 * s), IM_COL32(0, 200, 255, 160), 1.5f * s);
    dl->AddText(ImVec2(o.x, y + 2 * s), IM_COL32(0, 210, 255, 255), T(str::UnitsOnDuty));
    for (int h = 0; h < 24; ++h) {
        char nb[8];
        std::snprintf(nb, sizeof nb, "%d", duty[std::size_t(h)]);
        const float x = o.x + idw + float(h) * cell;
        dl->AddText(ImVec2(x + 4 * s, y + 2 * s), duty[std::size_t(h)] ? IM_COL32(255, 255, 255, 255) : IM_COL32(255, 90, 80, 255), nb);
    }
    y += rowh;
    ImGui::Dummy(ImVec2(idw + 24 * cell, y - o.y));
    ImGui::End();
}

void PlacementPanel::draw(GuiContext& ctx) {
    g_lang = ctx.lang();
    const float s = ctx.uiScale();
    if (model_->poll()) selected_.reset();

    // Drag: press on a post symbol (select mode), follow the cursor while held.
    ImGuiIO& io = ImGui::GetIO();
    const bool busy = model_->optimiseStatus().running;
    if (mode_ == Mode::Select && !dragging_ && !busy && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && ctx.mouseOnMap()) {
        if (const auto q = postNear(ctx.camera(), ctx.cursor(), overlay_->drawnPostRadiusPx() * 1.3)) {
            select(q);
            dragging_ = true;
            drag_pose_ = ctx.pose();
        }
    }
    if (dragging_) {
        if (!io.MouseDown[ImGuiMouseButton_Left] || !selected_) {
            dragging_ = false;
        } else {
            ctx.captureMouse();
            ctx.setPose(drag_pose_);
            if (const auto g = ctx.pick(ctx.cursor())) dragSelectedTo(*g);
        }
    }
    // Add mode: where a click would put the post.
    preview_.reset();
    if (mode_ == Mode::Add && ctx.mouseOnMap())
        if (const auto g = ctx.pick(ctx.cursor())) preview_ = model_->snapPreview(*g);
    refresh();
    drawSchedule(ctx);

    const float w = 470 * s;
    // The left column under the map panel, down to the attribute panel (when
    // the density panel holds that column: beside it).
    float x = float(ctx.scene().hudLayout().title.x0), y = float(ctx.scene().hudLayout().title.y1) + 340 * s;
    float bottom = float(ctx.scene().hudLayout().scale_bar.y0) - 90 * s;
    if (ImGuiWindow* mapw = ImGui::FindWindowByName("###map")) {
        x = mapw->Pos.x;
        y = mapw->Pos.y + mapw->Size.y + 10 * s;
        if (ImGuiWindow* fw = ImGui::FindWindowByName("###feature"); fw && fw->Pos.y > y) bottom = fw->Pos.y;
    }
    if (ImGuiWindow* dw = ImGui::FindWindowByName("###density")) x = dw->Pos.x + dw->Size.x + 10 * s;
    ImGui::SetNextWindowPos(ImVec2(x, y), ImGuiCond_Always);
    ImGui::SetNextWindowSizeConstraints(ImVec2(w, 0), ImVec2(w, std::max(240 * s, bottom - 10 * s - y)));
    const std::string title = L(str::Title, "placement");
    ImGui::Begin(title.c_str(), nullptr,
                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize);
    ctx.notePanel();
    if (model_->syntheticDemand())
        ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.2f, 1), "%s %s", T(str::Synthetic), model_->demandLabel().c_str());
    else
        ImGui::TextDisabled("%s: %s", T(str::Demand), model_->demandLabel().c_str());
    ImGui::TextDisabled("%s · T %g · %s %zu", T(kindName(model_->settings().objective)), model_->settings().minutes,
                        T(str::Candidates), model_->candidates().size());
    drawScore(s);
    ImGui::Separator();
    drawWindows(s);
    drawOptimise(s);
    if (ImGui::BeginTabBar("placetabs")) {
        if (ImGui::BeginTabItem(L(str::TabObjective, "tabobj").c_str())) {
            drawSettings(s);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem(L(str::TabFile, "tabfile").c_str())) {
            bool show = overlay_->showDemand();
            if (ImGui::Checkbox(L(str::ShowDemand, "showdemand").c_str(), &show)) overlay_->setShowDemand(show);
            auto swatch = [&](const osg::Vec4& c, const char* label, const char* id) {
                ImGui::ColorButton(id, toIm(c), ImGuiColorEditFlags_NoTooltip, ImVec2(22 * s, 14 * s));
                ImGui::SameLine();
                ImGui::TextUnformatted(label);
            };
            using C = PlacementMarks::Cover;
            using K = PlacementMarks::PostKind;
            swatch(placementCoverColour(C::Covered), T(str::Covered), "##lc");
            ImGui::SameLine();
            if (model_->settings().objective == place::ObjectiveKind::DoubleCoverage) {
                swatch(placementCoverColour(C::Backup), T(str::BackedUp), "##lb");
                ImGui::SameLine();
            }
            swatch(placementCoverColour(C::Uncovered), T(str::Uncovered), "##lu");
            swatch(placementPostColour(K::Free), T(str::FreePost), "##pf");
            ImGui::SameLine();
            swatch(placementPostColour(K::Locked), T(str::LockedPost), "##pl");
            ImGui::SameLine();
            swatch(placementPostColour(K::OffDuty), T(str::OffDuty), "##po");
            ImGui::Separator();
            drawFiles(s);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    if (!message_.empty()) {
        ImGui::PushTextWrapPos(0);
        if (message_error_) ImGui::TextColored(ImVec4(1, 0.45f, 0.35f, 1), "%s", message_.c_str());
        else ImGui::TextDisabled("%s", message_.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::TextDisabled("%s %.2f ms", T(str::Update), dragging_ ? last_drag_ms_ : model_->lastScoreMs());
    ImGui::End();

    // The post list: right column, under the layers panel.
    const float pw = 430 * s;
    const ScreenPoint at = belowLayersPanel(ctx);
    float px = float(at.x), py = float(at.y);
    if (ImGuiWindow* hw = ImGui::FindWindowByName("###hotspots")) py = hw->Pos.y + hw->Size.y + 10 * s;  // density panel's list
    ImGui::SetNextWindowPos(ImVec2(px, py), ImGuiCond_Always, ImVec2(1, 0));
    ImGui::SetNextWindowSizeConstraints(ImVec2(pw, 0), ImVec2(pw, std::max(200 * s, float(ctx.height()) - py - 16 * s)));
    const std::string ptitle = L(str::TabPosts, "placement-posts");
    ImGui::Begin(ptitle.c_str(), nullptr,
                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize);
    ctx.notePanel();
    if (busy) ImGui::BeginDisabled();
    drawPosts(ctx, s);
    if (busy) ImGui::EndDisabled();
    ImGui::End();
}

std::vector<std::string> PlacementPanel::uiStrings() const {
    std::vector<std::string> out = bothLanguages(kStrings);
    for (std::size_t w = 0; w < model_->windowCount(); ++w) out.push_back(model_->window(w).name);
    // Names of windows a loaded plan may bring are not known here; the common ones:
    out.emplace_back("早高峰晚高峰夜间日间全天午高峰凌晨上午下午");
    out.push_back(model_->demandLabel());
    out.push_back(model_->name());
    out.emplace_back("%:·»×∞…");
    return out;
}

}  // namespace jingwei
