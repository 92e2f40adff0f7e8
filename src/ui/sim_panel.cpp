#include "ui/sim_panel.h"

#include <imgui.h>
#include <imgui_internal.h>  // FindWindowByName: place windows beside the built-in ones

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "render/map_scene.h"
#include "sim/sim_clock.h"
#include "sim/sim_view.h"

namespace jingwei {

using namespace jingwei::sim;

namespace {

struct Pair {
    const char* zh;
    const char* en;
};
namespace str {
enum S {
    Player, Metrics, Play, Pause, StepBack, StepFwd, Speed, Day, PauseAt, NewCall, MajorCall, QueuedCall,
    Stopped, FlyTo, Running, Cancel, Cancelled, Finished, Failed, SimulatedTo, Events, LiveEdge,
    TabMetrics, TabCharts, TabUnits, TabIncidents, Units, Calls, Open, Waiting, Served, Unserved, Response,
    Mean, P90, Within, Min, Histogram, Coverage, Utilisation, Rings, RingsIdle, RingsSelected, RingsOff, RingsUpdate,
    Id, Name, Status, Job, Category, Priority, Phase, PhWaiting, PhAssigned, PhOnScene, PhClosed, Seconds, NoCalls,
    Labels, Lines, Of, Clear, Scenario, Seed, Count
};
}  // namespace str
using str::S;
constexpr Pair kStrings[str::Count] = {
    {"仿真回放", "Scenario player"},
    {"实时指标", "Live metrics"},
    {"播放", "Play"},
    {"暂停", "Pause"},
    {"上一事件", "Prev event"},
    {"下一事件", "Next event"},
    {"倍速", "Speed"},
    {"第%d天", "Day %d"},
    {"事件暂停", "Pause at"},
    {"新警情", "new call"},
    {"一级警情", "priority-1 call"},
    {"排队/未处置", "queued / unserved"},
    {"已暂停", "Paused at"},
    {"飞至", "Fly to"},
    {"仿真运行中", "Simulating"},
    {"取消", "Cancel"},
    {"已取消，可回放至", "Cancelled; replay up to"},
    {"仿真完成", "Run finished"},
    {"仿真失败", "Run failed"},
    {"已仿真至", "simulated to"},
    {"事件", "events"},
    {"等待仿真…", "waiting for the run…"},
    {"指标", "Metrics"},
    {"图表", "Charts"},
    {"警力", "Units"},
    {"警情", "Calls"},
    {"警力状态", "Units by status"},
    {"警情", "Calls"},
    {"处置中", "open"},
    {"待派警", "waiting"},
    {"已到场", "reached"},
    {"未处置", "unserved"},
    {"响应时间", "Response time"},
    {"平均", "mean"},
    {"P90", "p90"},
    {"到场率", "Within"},
    {"分钟", "min"},
    {"响应时间分布（秒）", "Response times (s)"},
    {"覆盖率（3分钟，空闲警力）", "Coverage (idle units)"},
    {"出勤率（出警+处置）", "Utilisation (en route + on scene)"},
    {"响应圈", "Rings"},
    {"空闲警力", "idle units"},
    {"所选警力", "selected unit"},
    {"关闭", "off"},
    {"响应圈更新", "rings update"},
    {"编号", "Id"},
    {"名称", "Name"},
    {"状态", "Status"},
    {"任务", "Job"},
    {"类别", "Category"},
    {"级别", "Priority"},
    {"阶段", "Phase"},
    {"待派警", "waiting"},
    {"已派警", "unit sent"},
    {"处置中", "on scene"},
    {"已结束", "closed"},
    {"秒", "s"},
    {"此刻无警情", "No open calls now"},
    {"编号标注", "Labels"},
    {"派警连线", "Lines"},
    {"/", "of"},
    {"清除选择", "Clear"},
    {"方案", "Scenario"},
    {"随机种子", "seed"},
};

Lang g_lang = Lang::Zh;  // set at the top of draw(); ImGui is single-threaded
const char* T(S s) { return g_lang == Lang::Zh ? kStrings[s].zh : kStrings[s].en; }
std::string L(S s, const char* id) { return std::string(T(s)) + "###" + id; }

const char* statusName(UnitStatus st) {
    static const char* zh[] = {"空闲", "出警", "处置", "返回", "不在岗"};
    static const char* en[] = {"Idle", "En route", "On scene", "Returning", "Off duty"};
    const auto i = std::min<std::size_t>(static_cast<std::size_t>(st), 4);
    return g_lang == Lang::Zh ? zh[i] : en[i];
}

ImVec4 imColour(const Color8& c, float a = 1.0f) { return ImVec4(c.rf(), c.gf(), c.bf(), a); }

const char* phaseName(IncidentPhase p) {
    switch (p) {
        case IncidentPhase::Waiting: return T(str::PhWaiting);
        case IncidentPhase::Assigned: return T(str::PhAssigned);
        case IncidentPhase::OnScene: return T(str::PhOnScene);
        case IncidentPhase::Closed: break;
    }
    return T(str::PhClosed);
}

std::string speedText(double v) {
    char b[16];
    std::snprintf(b, sizeof b, "%g×", v);
    return b;
}

// ImGui formats slider labels with printf: keep any '%' literal.
std::string noPercent(const std::string& s) {
    std::string o;
    for (char c : s) {
        o.push_back(c);
        if (c == '%') o.push_back('%');
    }
    return o;
}

}  // namespace

SimPanel::SimPanel(Scenario scenario, std::unique_ptr<Engine> engine, SimPanelOptions options)
    : scenario_(std::move(scenario)),
      opt_(std::move(options)),
      runner_(std::make_unique<SimRunner>(std::move(engine), opt_.runner)),
      tracker_(scenario_.metrics.standards_min, scenario_.metrics.histogram_bin_s),
      layers_(runner_->snapshot()->network, scenario_.metrics.standards_min, opt_.rings) {
    playback_.setSpeed(opt_.speed);
    pending_seek_ = opt_.start_at;
    takeSnapshot();
    if (opt_.play && !pending_seek_) playback_.play();  // waits at the live edge until the run moves on
}

SimPanel::~SimPanel() = default;

void SimPanel::start() {
    if (started_) return;
    started_ = true;
    runner_->start();
}

void SimPanel::takeSnapshot() {
    const std::uint64_t v = runner_->version();
    if (snap_ && v == snap_version_) return;
    snap_version_ = v;
    snap_ = runner_->snapshot();
    replay_ = std::make_unique<Replay>(snap_);
    playback_.setReplay(replay_.get());
    if (pending_seek_ && (snap_->end >= *pending_seek_ || snap_->finished)) {
        playback_.seek(*pending_seek_);
        pending_seek_.reset();
        if (opt_.play) playback_.play();
    }
}

void SimPanel::selectUnit(std::optional<UnitIndex> u) {
    layers_.setSelectedUnit(u);
    shown_version_ = ~0ull;  // redraw
}

void SimPanel::selectIncident(std::optional<IncidentIndex> i) {
    layers_.setSelectedIncident(i);
    shown_version_ = ~0ull;
}

void SimPanel::tick(double wall_now_s) {
    const auto t0 = std::chrono::steady_clock::now();
    takeSnapshot();
    const double dt = last_wall_ < 0 ? 0.0 : wall_now_s - last_wall_;
    last_wall_ = wall_now_s;
    if (wall_first_ < 0) wall_first_ = wall_now_s;
    playback_.tick(dt);
    const SimState& st = playback_.state();
    const bool moved = playback_.stateVersion() != shown_version_;
    if (moved || layers_.follower().pending()) {
        layers_.show(*snap_, st, wall_now_s);
        shown_version_ = playback_.stateVersion();
    }
    // Metrics: when the time moved, at most 10 times a second.
    if (st.t != metrics_t_ && wall_now_s - metrics_wall_ >= 0.1) {
        metrics_ = tracker_.at(*replay_, st, st.t);
        metrics_t_ = st.t;
        metrics_wall_ = wall_now_s;
    }
    // The halo of calls waiting for a unit pulses once a second.
    layers_.symbols().setPulse(std::fmod(wall_now_s, 1.0));
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    ++frames_;
    tick_ms_sum_ += ms;
    tick_ms_max_ = std::max(tick_ms_max_, ms);
}

void SimPanel::attach(GuiContext& ctx) {
    layers_.addTo(ctx.scene());
    start();
    const Bounds b = runBounds(*snap_);
    if (!b.empty()) ctx.flyToBounds(b, 0.0);
}

void SimPanel::detach(GuiContext& ctx) {
    runner_->cancel();
    runner_->wait();
    layers_.removeFrom(ctx.scene());
    if (const char* e = std::getenv("JINGWEI_SIM_STATS"); e && *e == '1' && frames_ > 0) {
        const auto& f = layers_.follower();
        const double wall = last_wall_ - wall_first_;
        std::fprintf(stderr,
                     "sim panel: %zu frames in %.2f s (%.1f ms/frame), panel tick mean %.2f ms max %.2f ms; "
                     "rings %zu updates (%zu full), last %.1f ms, max %.1f ms; run %.2f s, %llu snapshots\n",
                     frames_, wall, frames_ > 1 ? 1000.0 * wall / double(frames_ - 1) : 0.0, tick_ms_sum_ / double(frames_),
                     tick_ms_max_, f.updates(), f.fullRebuilds(), f.lastUpdateMs(), f.maxUpdateMs(), runner_->status().run_s,
                     static_cast<unsigned long long>(runner_->status().snapshots));
    }
}

std::string SimPanel::clockLabel(SimTime t, bool with_date) const {
    const ClockTime c = clockAt(scenario_.start_utc_s, scenario_.utc_offset_s, t);
    char day[32];
    std::snprintf(day, sizeof day, T(str::Day), c.day);
    return std::string(day) + (with_date ? "  " + clockDate(c) : std::string()) + "  " + clockText(c);
}

bool SimPanel::onMapClick(GuiContext& ctx, ScreenPoint screen, std::optional<XY> /*ground*/) {
    const SimView& v = layers_.symbols().view();
    const double ur = layers_.symbols().unitRadiusPx() * 1.4;
    double best = ur;
    std::optional<UnitIndex> unit;
    for (const UnitMark& u : v.units) {
        const auto p = ctx.toScreen(u.pos.x, u.pos.y);
        if (!p) continue;
        const double d = std::hypot(p->x - screen.x, p->y - screen.y);
        if (d <= best) best = d, unit = u.unit;
    }
    if (unit) {
        selectUnit(unit);
        return true;
    }
    // Incident triangles stand 1.7 radii above their point on screen.
    const double ir = layers_.symbols().incidentRadiusPx();
    best = ir * 1.3;
    std::optional<IncidentIndex> inc;
    for (const IncidentMark& m : v.incidents) {
        const auto p = ctx.toScreen(m.pos.x, m.pos.y);
        if (!p) continue;
        const double d = std::hypot(p->x - screen.x, p->y - 1.7 * ir - screen.y);
        if (d <= best) best = d, inc = m.incident;
    }
    if (inc) {
        selectIncident(inc);
        return true;
    }
    return false;
}

void SimPanel::beforeFrame(GuiContext& /*ctx*/) { tick(ImGui::GetTime()); }

void SimPanel::draw(GuiContext& ctx) {
    g_lang = ctx.lang();
    // Space plays / pauses when no text field has the keyboard.
    if (!ImGui::GetIO().WantCaptureKeyboard && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false))
        playback_.togglePlay();
    drawTransport(ctx);
    drawMetrics(ctx);
}

void SimPanel::drawTransport(GuiContext& ctx) {
    const float s = ctx.uiScale();
    // Bottom, right of the attribute panel (bottom left).
    float x0 = 16 * s;
    if (ImGuiWindow* fw = ImGui::FindWindowByName("###feature")) x0 = fw->Pos.x + fw->Size.x + 12 * s;
    const float w = std::max(560 * s, float(ctx.width()) - x0 - 16 * s);
    ImGui::SetNextWindowPos(ImVec2(x0, float(ctx.height()) - 16 * s), ImGuiCond_Always, ImVec2(0, 1));
    ImGui::SetNextWindowSize(ImVec2(w, 0), ImGuiCond_Always);
    const std::string title = std::string(T(str::Player)) + " · " + (g_lang == Lang::Zh || scenario_.name_en.empty() ? scenario_.name : scenario_.name_en) + "###simplayer";
    ImGui::Begin(title.c_str(), nullptr,
                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_AlwaysAutoResize);
    ctx.notePanel();
    const SimTime t = playback_.time();

    // The clock, large (legible across the room).
    ImGui::SetWindowFontScale(1.6f);
    ImGui::TextColored(ImVec4(0.45f, 0.88f, 1.0f, 1.0f), "%s", clockLabel(t, true).c_str());
    ImGui::SetWindowFontScale(1.0f);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    const float bw = 118 * s;
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + 20 * s);
    if (ImGui::Button(L(playback_.playing() ? str::Pause : str::Play, "play").c_str(), ImVec2(bw, 0))) playback_.togglePlay();
    ImGui::SameLine();
    if (ImGui::Button(("◀ " + std::string(T(str::StepBack)) + "###stepb").c_str())) playback_.stepBack();
    ImGui::SameLine();
    if (ImGui::Button((std::string(T(str::StepFwd)) + " ▶###stepf").c_str())) playback_.stepForward();
    ImGui::SameLine();
    ImGui::TextUnformatted(T(str::Speed));
    for (double v : Playback::kSpeedPresets) {
        ImGui::SameLine();
        const bool on = std::abs(playback_.speed() - v) < 1e-9;
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button((speedText(v) + "###sp" + std::to_string(int(v))).c_str())) playback_.setSpeed(v);
        if (on) ImGui::PopStyleColor();
    }
    ImGui::SameLine();
    float sp = float(playback_.speed());
    ImGui::SetNextItemWidth(std::max(120 * s, ImGui::GetContentRegionAvail().x));
    if (ImGui::SliderFloat("###speed", &sp, float(Playback::kMinSpeed), float(Playback::kMaxSpeed), "%.0f×",
                           ImGuiSliderFlags_Logarithmic))
        playback_.setSpeed(sp);

    // The scrubber: 0 .. simulated so far.
    const SimTime end = playback_.end();
    long long v = t, lo = 0, hi = std::max<long long>(end, 1);
    ImGui::SetNextItemWidth(-1);
    const std::string fmt = noPercent(clockLabel(t, false) + "   /   " + clockLabel(end, false) +
                                      (playback_.finishedRun() ? std::string() : std::string("  (") + T(str::SimulatedTo) + ")"));
    if (ImGui::SliderScalar("###scrub", ImGuiDataType_S64, &v, &lo, &hi, fmt.c_str())) playback_.seek(v);

    // Pause rules and the last stop.
    PauseRules& r = playback_.rules();
    ImGui::TextUnformatted(T(str::PauseAt));
    ImGui::SameLine();
    ImGui::Checkbox(L(str::NewCall, "pnew").c_str(), &r.new_incident);
    ImGui::SameLine();
    ImGui::Checkbox(L(str::MajorCall, "pmajor").c_str(), &r.major_incident);
    ImGui::SameLine();
    ImGui::Checkbox(L(str::QueuedCall, "pqueue").c_str(), &r.unserved);
    if (const auto& hit = playback_.lastHit(); hit && snap_ && hit->incident < snap_->incidents.size()) {
        ImGui::SameLine(0, 30 * s);
        const IncidentRecord& x = snap_->incidents[hit->incident];
        const std::string cat = x.category < snap_->categories.size() ? snap_->categories[x.category] : std::string();
        ImGui::TextColored(imColour(incidentPriorityColour(x.priority)), "%s %s · %s %s · P%d", T(str::Stopped),
                           clockText(clockAt(scenario_.start_utc_s, scenario_.utc_offset_s, hit->t)).c_str(),
                           std::string(g_lang == Lang::Zh ? eventTypeNameZh(hit->type) : eventTypeKey(hit->type)).c_str(), cat.c_str(), int(x.priority));
        ImGui::SameLine();
        if (ImGui::Button(L(str::FlyTo, "flyhit").c_str())) {
            selectIncident(hit->incident);
            ctx.flyTo(x.pos.x, x.pos.y, 2500);
        }
    }

    // The run.
    const SimRunner::Status rs = runner_->status();
    char buf[160];
    switch (rs.state) {
        case SimRunner::State::Idle:
        case SimRunner::State::Running: {
            std::snprintf(buf, sizeof buf, "%s  %s  %.0f%%", T(str::Running), clockLabel(rs.now, false).c_str(), 100 * rs.fraction);
            ImGui::ProgressBar(float(rs.fraction), ImVec2(w * 0.5f, 0), buf);
            ImGui::SameLine();
            if (ImGui::Button(L(str::Cancel, "cancelrun").c_str())) runner_->cancel();
            if (playback_.atLiveEdge()) {
                ImGui::SameLine();
                ImGui::TextDisabled("%s", T(str::LiveEdge));
            }
            break;
        }
        case SimRunner::State::Finished:
            ImGui::TextDisabled("%s · %zu %s · %.2f s · %s %llu", T(str::Finished), snap_->events.size(), T(str::Events),
                                rs.run_s, T(str::Seed), static_cast<unsigned long long>(snap_->seed));
            break;
        case SimRunner::State::Cancelled:
            ImGui::TextColored(ImVec4(1.0f, 0.67f, 0.16f, 1.0f), "%s %s", T(str::Cancelled), clockLabel(rs.now, false).c_str());
            break;
        case SimRunner::State::Failed:
            ImGui::PushTextWrapPos(0);
            ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.35f, 1.0f), "%s: %s", T(str::Failed), rs.error.c_str());
            ImGui::PopTextWrapPos();
            break;
    }
    ImGui::End();
}

void SimPanel::drawStatusTable(float s) {
    const LiveMetrics& m = metrics_;
    if (ImGui::BeginTable("simstatus", 5, ImGuiTableFlags_SizingStretchSame)) {
        for (std::size_t k = 0; k < kUnitStatusCount; ++k) {
            ImGui::TableNextColumn();
            const Color8 c = unitStatusColour(static_cast<UnitStatus>(k));
            // The name (small: "Returning" must fit a fifth of the window), then
            // the status symbol as on the map and the count, large.
            ImGui::SetWindowFontScale(0.85f);
            ImGui::TextUnformatted(statusName(static_cast<UnitStatus>(k)));
            ImGui::SetWindowFontScale(1.5f);
            ImDrawList* dl = ImGui::GetWindowDrawList();
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const float r = 8 * s, cy = p.y + ImGui::GetTextLineHeight() * 0.5f;
            dl->AddCircleFilled(ImVec2(p.x + r + 1.5f * s, cy), r + 1.5f * s, IM_COL32(255, 255, 255, 255));
            dl->AddCircleFilled(ImVec2(p.x + r + 1.5f * s, cy), r, IM_COL32(c.r, c.g, c.b, 255));
            ImGui::SetCursorPosX(ImGui::GetCursorPosX() + 2 * r + 8 * s);
            ImGui::TextColored(imColour(c), "%zu", m.by_status[k]);
            ImGui::SetWindowFontScale(1.0f);
        }
        ImGui::EndTable();
    }
}

void SimPanel::drawCharts(GuiContext& /*ctx*/, float width) {
    const LiveMetrics& m = metrics_;
    const float s = ImGui::GetFontSize() / 22.0f;
    const float h = 92 * s;
    ImGui::TextUnformatted(T(str::Histogram));
    {
        float top = 1;
        for (float v : m.histogram) top = std::max(top, v);
        char ov[64];
        std::snprintf(ov, sizeof ov, "0 … %.0f+  (%zu)", m.histogram_max_s, m.response.n);
        ImGui::PlotHistogram("###hist", m.histogram.data(), int(m.histogram.size()), 0, ov, 0.0f, top * 1.1f, ImVec2(width, h));
    }
    auto curve = [&](S label, const std::vector<float>& v, SimTime every, const char* id) {
        ImGui::TextUnformatted(T(label));
        char ov[64];
        if (v.empty()) std::snprintf(ov, sizeof ov, "-");
        else std::snprintf(ov, sizeof ov, "%.0f%%  (%s)", 100.0 * v.back(), clockText(clockAt(scenario_.start_utc_s, scenario_.utc_offset_s, every * SimTime(v.size() - 1))).c_str());
        ImGui::PlotLines(id, v.empty() ? nullptr : v.data(), int(v.size()), 0, ov, 0.0f, 1.0f, ImVec2(width, h));
    };
    curve(str::Coverage, m.coverage, m.coverage_every, "###cov");
    curve(str::Utilisation, m.utilisation, m.utilisation_every, "###util");
}

void SimPanel::drawUnitList(GuiContext& ctx) {
    if (!snap_) return;
    const SimState& st = playback_.state();
    const auto sel = layers_.selectedUnit();
    if (ImGui::BeginTable("simunits", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV,
                          ImVec2(0, ImGui::GetContentRegionAvail().y))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(T(str::Id));
        ImGui::TableSetupColumn(T(str::Status));
        ImGui::TableSetupColumn(T(str::Name));
        ImGui::TableHeadersRow();
        for (const sim::UnitState& u : st.units) {
            const UnitInfo& info = snap_->units[u.unit];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (ImGui::Selectable((info.id + "###u" + std::to_string(u.unit)).c_str(), sel && *sel == u.unit,
                                  ImGuiSelectableFlags_SpanAllColumns)) {
                selectUnit(u.unit);
                ctx.flyTo(u.pos.x, u.pos.y, 2000);
            }
            ImGui::TableNextColumn();
            ImGui::TextColored(imColour(unitStatusColour(u.status)), "%s", statusName(u.status));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(info.name.c_str());
        }
        ImGui::EndTable();
    }
}

void SimPanel::drawIncidentList(GuiContext& ctx) {
    if (!snap_) return;
    const SimView& v = layers_.symbols().view();
    const auto sel = layers_.selectedIncident();
    if (v.incidents.empty()) {
        ImGui::TextDisabled("%s", T(str::NoCalls));
        return;
    }
    if (ImGui::BeginTable("simcalls", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV,
                          ImVec2(0, ImGui::GetContentRegionAvail().y))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(T(str::Priority));
        ImGui::TableSetupColumn(T(str::Category));
        ImGui::TableSetupColumn(T(str::Phase));
        ImGui::TableSetupColumn("t");
        ImGui::TableHeadersRow();
        // Open ones first (the newest on top), then the fading ones.
        std::vector<const IncidentMark*> rows;
        for (auto it = v.incidents.rbegin(); it != v.incidents.rend(); ++it)
            if (it->phase != IncidentPhase::Closed) rows.push_back(&*it);
        for (auto it = v.incidents.rbegin(); it != v.incidents.rend(); ++it)
            if (it->phase == IncidentPhase::Closed) rows.push_back(&*it);
        for (const IncidentMark* m : rows) {
            const IncidentRecord& x = snap_->incidents[m->incident];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            char p[16];
            std::snprintf(p, sizeof p, "P%d###i%u", int(x.priority), m->incident);
            const float a = m->phase == IncidentPhase::Closed ? 0.6f : 1.0f;
            ImGui::PushStyleColor(ImGuiCol_Text, imColour(incidentPriorityColour(x.priority), a));
            if (ImGui::Selectable(p, sel && *sel == m->incident, ImGuiSelectableFlags_SpanAllColumns)) {
                selectIncident(m->incident);
                ctx.flyTo(x.pos.x, x.pos.y, 2000);
            }
            ImGui::PopStyleColor();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(x.category < snap_->categories.size() ? snap_->categories[x.category].c_str() : "");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(phaseName(m->phase));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(clockText(clockAt(scenario_.start_utc_s, scenario_.utc_offset_s, x.call)).c_str());
        }
        ImGui::EndTable();
    }
}

void SimPanel::drawMetrics(GuiContext& ctx) {
    const float s = ctx.uiScale();
    const float w = 500 * s;
    // Left column under the map panel, down to the attribute panel.
    float x = 16 * s, y = 360 * s;
    if (ImGuiWindow* mw = ImGui::FindWindowByName("###map")) {
        x = mw->Pos.x;
        y = mw->Pos.y + mw->Size.y + 10 * s;
    }
    float bottom = float(ctx.height()) - 200 * s;
    if (ImGuiWindow* fw = ImGui::FindWindowByName("###feature"); fw && fw->Pos.y > y) bottom = fw->Pos.y - 10 * s;
    const float h = std::max(220 * s, bottom - y);
    ImGui::SetNextWindowPos(ImVec2(x, y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(w, h), ImGuiCond_Always);
    const std::string title = L(str::Metrics, "simmetrics");
    ImGui::Begin(title.c_str(), nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings);
    ctx.notePanel();
    const LiveMetrics& m = metrics_;
    if (ImGui::BeginTabBar("simtabs")) {
        if (ImGui::BeginTabItem(L(str::TabMetrics, "tabm").c_str())) {
            drawStatusTable(s);
            ImGui::Separator();
            ImGui::Text("%s %zu   %s %zu   %s %zu", T(str::Calls), m.calls, T(str::Open), m.open, T(str::Waiting), m.waiting);
            ImGui::Text("%s %zu   %s %zu", T(str::Served), m.served, T(str::Unserved), m.unserved);
            ImGui::Separator();
            if (m.response.n > 0) {
                ImGui::Text("%s  %s %.0f %s   %s %.0f %s", T(str::Response), T(str::Mean), m.response.mean_s, T(str::Seconds),
                            T(str::P90), m.response.p90_s, T(str::Seconds));
                ImGui::TextUnformatted(T(str::Within));
                for (std::size_t k = 0; k < m.standards_min.size(); ++k) {
                    ImGui::SameLine();
                    const double sh = m.response.within_share[k];
                    const ImVec4 c = sh >= 0.9 ? ImVec4(0.3f, 0.9f, 0.45f, 1) : sh >= 0.6 ? ImVec4(1, 0.8f, 0.2f, 1) : ImVec4(1, 0.4f, 0.35f, 1);
                    ImGui::TextColored(c, "  %g %s %.0f%%", m.standards_min[k], T(str::Min), 100 * sh);
                }
            } else {
                ImGui::TextDisabled("%s -", T(str::Response));
            }
            ImGui::Separator();
            // Map options.
            ImGui::TextUnformatted(T(str::Rings));
            RingTarget rt = layers_.ringTarget();
            int ri = int(rt);
            ImGui::SameLine();
            ImGui::RadioButton(L(str::RingsIdle, "ridle").c_str(), &ri, int(RingTarget::IdleUnits));
            ImGui::SameLine();
            ImGui::RadioButton(L(str::RingsSelected, "rsel").c_str(), &ri, int(RingTarget::Selected));
            ImGui::SameLine();
            ImGui::RadioButton(L(str::RingsOff, "roff").c_str(), &ri, int(RingTarget::None));
            if (ri != int(rt)) {
                layers_.setRingTarget(RingTarget(ri));
                layers_.show(*snap_, playback_.state(), ImGui::GetTime(), true);
            }
            SimOverlayStyle os = layers_.symbols().style();
            bool changed = ImGui::Checkbox(L(str::Labels, "slabels").c_str(), &os.labels);
            ImGui::SameLine();
            changed |= ImGui::Checkbox(L(str::Lines, "slines").c_str(), &os.lines);
            if (changed) layers_.symbols().setStyle(os);
            ImGui::SameLine();
            if (ImGui::SmallButton(L(str::Clear, "sclear").c_str())) {
                selectUnit(std::nullopt);
                selectIncident(std::nullopt);
            }
            const auto& f = layers_.follower();
            ImGui::TextDisabled("%s %.1f ms (%zu)", T(str::RingsUpdate), f.lastUpdateMs(), f.updates());
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem(L(str::TabCharts, "tabc").c_str())) {
            drawCharts(ctx, ImGui::GetContentRegionAvail().x);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem(L(str::TabUnits, "tabu").c_str())) {
            drawUnitList(ctx);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem(L(str::TabIncidents, "tabi").c_str())) {
            drawIncidentList(ctx);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::End();
}

std::vector<std::string> SimPanel::uiStrings() const {
    std::vector<std::string> out;
    for (const Pair& p : kStrings) {
        out.emplace_back(p.zh);
        out.emplace_back(p.en);
    }
    out.emplace_back("空闲出警处置返回不在岗 IdleEnrouteOnsceneReturningOffduty ◀▶×…%/·：:()");
    out.push_back(scenario_.name);
    out.push_back(scenario_.name_en);
    if (snap_) {
        for (const UnitInfo& u : snap_->units) {
            out.push_back(u.id);
            out.push_back(u.name);
        }
        for (const std::string& c : snap_->categories) out.push_back(c);
    }
    return out;
}

}  // namespace jingwei
