#include "ui/density_panel.h"

#include <imgui.h>
#include <imgui_internal.h>  // FindWindowByName: stack under the map panel

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>

#include "analysis/color_ramp.h"
#include "analysis/synthetic_incidents.h"
#include "render/map_style.h"
#include "ui/builtin_panels.h"

namespace jingwei {

namespace {

// ---------------------------------------------------------------- strings

namespace str {
enum S {
    Title, Incidents, Showing, Timing, Computing, Cancel, Cancelled, Failed,
    ViewHdr, Heatmap, Hex, Opacity, Ramp, ScaleMax, Auto, HexSize, LegendHeat, LegendHex, ScaleTop,
    TimeHdr, Dates, From, To, Hours, AllDay, FirstHour, LastHour, WrapsMidnight, Weekdays, Workdays, Weekend,
    All, None, Play, Pause, PerHour, WindowWidth, HourNow,
    CategoriesHdr, KdeHdr, Kernel, Bandwidth, Fixed, Cell, Mode, Fast, Exact, BandwidthUsed,
    HotspotsHdr, Rank, CountCol, Conf, NoHotspots, ShowRings, ClickToFly,
    KQuartic, KEpan, KTri, KUniform, KGauss,
    Mon, Tue, Wed, Thu, Fri, Sat, Sun,
    UnknownTime, Metres, Hotspot,
    kCount
};
}  // namespace str
using str::S;

struct Pair {
    const char* zh;
    const char* en;
};

constexpr Pair kStrings[str::kCount] = {
    {"警情密度", "Incident density"},
    {"起警情", "incidents"},
    {"显示", "Showing"},
    {"筛选 %.1f ms · 核密度 %.1f ms · 热点 %.1f ms", "filter %.1f ms · KDE %.1f ms · hotspots %.1f ms"},
    {"计算中…", "Computing…"},
    {"取消", "Cancel"},
    {"已取消", "Cancelled"},
    {"计算失败", "Failed"},
    {"显示方式", "View"},
    {"热力图", "Heatmap"},
    {"六边形", "Hex bins"},
    {"透明度", "Opacity"},
    {"色带", "Colour ramp"},
    {"色标上限", "Scale top"},
    {"自动", "Auto"},
    {"六边形大小", "Hexagon size"},
    {"警情/平方公里", "incidents/km²"},
    {"每六边形警情数", "incidents per hexagon"},
    {"上限", "top"},
    {"时间", "Time"},
    {"日期", "Dates"},
    {"起", "From"},
    {"止", "To"},
    {"时段", "Hours"},
    {"全天", "All day"},
    {"开始", "First"},
    {"结束", "Last"},
    {"跨午夜", "wraps midnight"},
    {"星期", "Weekdays"},
    {"工作日", "Workdays"},
    {"周末", "Weekend"},
    {"全选", "All"},
    {"全不选", "None"},
    {"播放", "Play"},
    {"暂停", "Pause"},
    {"每小时秒数", "s per hour"},
    {"时段宽度", "Window"},
    {"当前时段", "Now showing"},
    {"类别", "Categories"},
    {"核密度参数", "Kernel density"},
    {"核函数", "Kernel"},
    {"带宽", "Bandwidth"},
    {"固定", "Fixed"},
    {"格网", "Cell"},
    {"模式", "Mode"},
    {"快速", "Fast"},
    {"精确", "Exact"},
    {"所用带宽", "bandwidth used"},
    {"热点 (Gi*, FDR 5%)", "Hotspots (Gi*, FDR 5%)"},
    {"排名", "Rank"},
    {"警情", "Count"},
    {"置信度", "Conf."},
    {"无显著热点", "No significant hotspots"},
    {"显示热点圈", "Show hotspot rings"},
    {"点击条目飞往该热点", "Click an entry to fly there"},
    {"四次（双权）", "Quartic (biweight)"},
    {"Epanechnikov", "Epanechnikov"},
    {"三角", "Triangular"},
    {"均匀", "Uniform"},
    {"高斯", "Gaussian"},
    {"一", "Mo"},
    {"二", "Tu"},
    {"三", "We"},
    {"四", "Th"},
    {"五", "Fr"},
    {"六", "Sa"},
    {"日", "Su"},
    {"起无具体时间，已排除", "without a time of day left out"},
    {"米", "m"},
    {"热点", "Hotspot"},
};

Lang g_lang = Lang::Zh;  // set at the top of draw(); ImGui is single-threaded
const char* T(S s) { return g_lang == Lang::Zh ? kStrings[s].zh : kStrings[s].en; }
// A label with a language-independent id (so widgets keep their state across a language switch).
std::string L(S s, const char* id) { return std::string(T(s)) + "###" + id; }

constexpr std::array<Kernel, 5> kKernels = {Kernel::Quartic, Kernel::Epanechnikov, Kernel::Triangular, Kernel::Uniform,
                                            Kernel::Gaussian};
S kernelLabel(Kernel k) {
    switch (k) {
        case Kernel::Quartic: return str::KQuartic;
        case Kernel::Epanechnikov: return str::KEpan;
        case Kernel::Triangular: return str::KTri;
        case Kernel::Uniform: return str::KUniform;
        case Kernel::Gaussian: return str::KGauss;
    }
    return str::KQuartic;
}

std::string hourText(int h) {
    char b[16];
    std::snprintf(b, sizeof b, "%02d:00", h);
    return b;
}

std::string windowText(const HourWindow& w) {
    char b[48];
    std::snprintf(b, sizeof b, "%02d:00–%02d:59", w.first, w.last);
    return b;
}

std::string withThousands(std::size_t n) {
    const std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

ImU32 imColour(const std::array<double, 3>& c, float a = 1.0f) {
    auto ch = [](double v) { return int(std::clamp(std::lround(v), 0L, 255L)); };
    return IM_COL32(ch(c[0]), ch(c[1]), ch(c[2]), int(a * 255));
}

}  // namespace

// ---------------------------------------------------------------- logic

DensityPanel::DensityPanel(std::shared_ptr<const IncidentSet> incidents, std::string source, bool synthetic)
    : set_(std::move(incidents)), source_(std::move(source)), synthetic_(synthetic) {
    if (!set_) set_ = std::make_shared<IncidentSet>();
    day_min_ = std::numeric_limits<std::int32_t>::max();
    day_max_ = std::numeric_limits<std::int32_t>::min();
    for (std::size_t i = 0; i < set_->size(); ++i) {
        day_min_ = std::min(day_min_, set_->firstDay()[i]);
        day_max_ = std::max(day_max_, set_->lastDay()[i]);
    }
    if (day_min_ > day_max_) day_min_ = day_max_ = 0;
    category_counts_.assign(set_->categories().size(), 0);
    for (std::uint16_t c : set_->categoryIndex())
        if (c < category_counts_.size()) ++category_counts_[c];
    category_on_.assign(set_->categories().size(), 1);
    applyStyle();
}

DensityPanel::~DensityPanel() = default;

void DensityPanel::attach(GuiContext& ctx) { attachTo(ctx.scene(), ctx.map()); }
void DensityPanel::detach(GuiContext& ctx) { detachFrom(ctx.scene()); }

void DensityPanel::attachTo(MapScene& scene, const MapModel& map) {
    crs_ = set_->crs().empty() ? map.crs : set_->crs();
    Bounds area = map.homeBoundsXY();
    if (area.empty()) area = set_->boundsXY();
    worker_ = std::make_unique<DensityWorker>(set_, area, crs_);
    scene.addOverlay(heatmap_);
    scene.addOverlay(hexbins_);
    scene.addOverlay(hotspots_);
    setView(view_);
    paramsChanged();
}

void DensityPanel::detachFrom(MapScene& scene) {
    worker_.reset();  // cancels and joins
    scene.removeOverlay(heatmap_);
    scene.removeOverlay(hexbins_);
    scene.removeOverlay(hotspots_);
}

void DensityPanel::paramsChanged() {
    // The category ticks become the filter's list (all ticked: no filter).
    params_.filter.categories.clear();
    std::size_t on = 0;
    for (char c : category_on_) on += c ? 1 : 0;
    params_.no_categories = !category_on_.empty() && on == 0;
    if (on < category_on_.size())
        for (std::size_t k = 0; k < category_on_.size(); ++k)
            if (category_on_[k]) params_.filter.categories.push_back(set_->categories()[k].name);
    params_.hex = view_ == View::Hex;
    if (worker_) requested_ = worker_->request(params_);
}

void DensityPanel::setStyle(const DensityStyle& style) {
    style_ = style;
    applyStyle();
}

void DensityPanel::applyStyle() {
    DensityStyle heat = style_, hex = style_;
    heat.max_value = auto_scale_ ? style_.max_value : scale_heat_;
    hex.max_value = auto_scale_ ? 0.0 : scale_hex_;
    heatmap_->setStyle(heat);
    hexbins_->setStyle(hex);
}

void DensityPanel::setView(View v) {
    const bool changed = v != view_;
    view_ = v;
    heatmap_->setVisible(v == View::Heatmap);
    hexbins_->setVisible(v == View::Hex);
    if (changed) paramsChanged();  // hex bins and hex hotspots
}

void DensityPanel::setPlaying(bool on, double now_s) {
    playing_ = on;
    last_step_s_ = now_s;
    if (on) {
        const int first = params_.filter.hours ? params_.filter.hours->first : 0;
        const int width = std::clamp(play_width_h_, 1, 23);
        params_.filter.hours = HourWindow{first, (first + width - 1) % 24};
        hours_on_ = true;
        paramsChanged();
    }
}

bool DensityPanel::tick(double now_s) {
    now_s_ = now_s;
    if (playing_ && worker_ && now_s - last_step_s_ >= play_step_s_) {
        // Step only once the previous hour has been shown.
        if (!worker_->status().busy && (!result_ || result_->generation >= requested_)) {
            const int width = std::clamp(play_width_h_, 1, 23);
            const int first = ((params_.filter.hours ? params_.filter.hours->first : 0) + 1) % 24;
            params_.filter.hours = HourWindow{first, (first + width - 1) % 24};
            hours_on_ = true;
            last_step_s_ = now_s;
            paramsChanged();
        }
    }
    if (!worker_) return false;
    std::optional<DensityResult> r = worker_->take();
    if (!r) return false;
    apply(std::move(*r));
    return true;
}

void DensityPanel::waitForResult() {
    if (!worker_) return;
    worker_->waitIdle();
    if (auto r = worker_->take()) apply(std::move(*r));
}

void DensityPanel::apply(DensityResult r) {
    if (r.error.empty()) {
        heatmap_->setGrid(r.grid);
        if (r.params.hex) hexbins_->setBins(r.hexes);
        // Keep the selection when the same place is still a hotspot.
        std::optional<std::size_t> sel;
        if (const auto k = hotspots_->selected(); k && *k < hotspots_->hotspots().size()) {
            const Hotspot& old = hotspots_->hotspots()[*k];
            for (std::size_t i = 0; i < r.hotspots.size(); ++i)
                if (std::hypot(r.hotspots[i].centre.x - old.centre.x, r.hotspots[i].centre.y - old.centre.y) < 1e-6)
                    sel = i;
        }
        hotspots_->setHotspots(r.hotspots, r.hotspot_radii_m);
        hotspots_->setSelected(sel);
    }
    result_ = std::move(r);
    applyStyle();
}

const std::vector<Hotspot>& DensityPanel::hotspots() const { return hotspots_->hotspots(); }

void DensityPanel::selectHotspot(std::size_t k, const std::function<void(double, double, double)>& fly) {
    const auto& hs = hotspots_->hotspots();
    if (k >= hs.size()) return;
    hotspots_->setSelected(k);
    if (fly) fly(hs[k].centre.x, hs[k].centre.y, std::max(1500.0, 8.0 * hotspots_->radius(k)));
}

// ---------------------------------------------------------------- GUI

std::vector<std::string> DensityPanel::uiStrings() const {
    std::vector<std::string> out;
    for (const Pair& p : kStrings) {
        out.emplace_back(p.zh);
        out.emplace_back(p.en);
    }
    for (int r = 0; r < kDensityRampCount; ++r)
        for (bool zh : {true, false}) out.emplace_back(densityRampName(static_cast<DensityRamp>(r), zh));
    for (const auto& c : set_->categories()) out.push_back(c.name);
    out.push_back(source_);
    out.emplace_back(kSyntheticSource);
    out.emplace_back("–·…%×²%d 小时 h");
    return out;
}

void DensityPanel::draw(GuiContext& ctx) {
    tick(ImGui::GetTime());
    g_lang = ctx.lang();
    const float s = ctx.uiScale();
    const float w = 470 * s;
    // Under the map panel in the left column; the attribute panel keeps the bottom.
    float y = float(ctx.scene().hudLayout().title.y1 + 14 * s + 330 * s);
    float x = float(ctx.scene().hudLayout().title.x0);
    if (ImGuiWindow* mapw = ImGui::FindWindowByName("###map")) {
        y = mapw->Pos.y + mapw->Size.y + 10 * s;
        x = mapw->Pos.x;
    }
    // Down to the attribute panel (bottom left), else to above the scale bar.
    float bottom = float(ctx.scene().hudLayout().scale_bar.y0) - 90 * s;
    if (ImGuiWindow* fw = ImGui::FindWindowByName("###feature"); fw && fw->Pos.y > y) bottom = fw->Pos.y;
    const float max_h = std::max(200 * s, bottom - 10 * s - y);
    ImGui::SetNextWindowPos(ImVec2(x, y), ImGuiCond_Always);
    ImGui::SetNextWindowSizeConstraints(ImVec2(w, 0), ImVec2(w, max_h));
    const std::string title = L(str::Title, "density");
    ImGui::Begin(title.c_str(), nullptr,
                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize);
    ctx.notePanel();
    const MapStyle ms = MapStyle::commandDark();
    const ImVec4 amber(ms.synthetic_tag.rf(), ms.synthetic_tag.gf(), ms.synthetic_tag.bf(), 1.0f);

    // Source and what is shown.
    if (synthetic_) {
        ImGui::TextColored(amber, "%s", kSyntheticSource);
        ImGui::SameLine();
    }
    ImGui::TextDisabled("%s", source_.c_str());
    if (result_) {
        if (!result_->error.empty()) {
            ImGui::PushTextWrapPos(0);
            ImGui::TextColored(ImVec4(1, 0.45f, 0.35f, 1), "%s: %s", T(str::Failed), result_->error.c_str());
            ImGui::PopTextWrapPos();
        } else {
            if (synthetic_) ImGui::SameLine();
            ImGui::Text("%s %s / %s %s", T(str::Showing), withThousands(result_->kept).c_str(),
                        withThousands(result_->incidents).c_str(), T(str::Incidents));
            if (result_->filter_stats.unknown_time > 0)
                ImGui::TextDisabled("%s %s", withThousands(result_->filter_stats.unknown_time).c_str(), T(str::UnknownTime));
            ImGui::TextDisabled(T(str::Timing), result_->filter_ms, result_->kde_ms, result_->hotspot_ms);
            if (!result_->note.empty()) ImGui::TextDisabled("%s", result_->note.c_str());
        }
    }
    // Progress of a computation that takes a while, with cancel.
    if (worker_) {
        const DensityWorker::Status st = worker_->status();
        if (st.busy && st.running_s > 0.25) {
            char overlay[64];
            std::snprintf(overlay, sizeof overlay, "%s %.0f%%  %.1f s", T(str::Computing), st.fraction * 100, st.running_s);
            ImGui::ProgressBar(float(st.fraction), ImVec2(w - 160 * s, 0), overlay);
            ImGui::SameLine();
            if (ImGui::Button(L(str::Cancel, "cancel").c_str(), ImVec2(-1, 0))) {
                worker_->cancel();
                playing_ = false;
            }
        } else if (st.cancelled && !st.busy) {
            ImGui::TextColored(amber, "%s", T(str::Cancelled));
        }
    }

    // ---- play and what is shown
    ImGui::Separator();
    bool changed = false, style_changed = false;
    if (ImGui::Button(playing_ ? L(str::Pause, "play").c_str() : L(str::Play, "play").c_str(), ImVec2(120 * s, 0)))
        setPlaying(!playing_, now_s_);
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(1.0f, 0.82f, 0.3f, 1.0f), "%s",
                       params_.filter.hours && hours_on_ ? windowText(*params_.filter.hours).c_str() : T(str::AllDay));
    drawLegend(ctx, w - 28 * s);

    // ---- settings, one tab each
    if (ImGui::BeginTabBar("densitytabs")) {
        if (ImGui::BeginTabItem(L(str::ViewHdr, "tview").c_str())) {
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(T(str::ViewHdr));
            ImGui::SameLine(120 * s);
            if (ImGui::RadioButton(L(str::Heatmap, "vheat").c_str(), view_ == View::Heatmap)) setView(View::Heatmap);
            ImGui::SameLine();
            if (ImGui::RadioButton(L(str::Hex, "vhex").c_str(), view_ == View::Hex)) setView(View::Hex);
            float op = float(style_.opacity * 100);
            ImGui::SetNextItemWidth(w - 150 * s);
            if (ImGui::SliderFloat("##opacity", &op, 0, 100, "%.0f%%")) {
                style_.opacity = op / 100.0;
                style_changed = true;
            }
            ImGui::SameLine();
            ImGui::TextUnformatted(T(str::Opacity));
            ImGui::SetNextItemWidth(w - 150 * s);
            if (ImGui::BeginCombo("##ramp", densityRampName(style_.ramp, g_lang == Lang::Zh))) {
                for (int r = 0; r < kDensityRampCount; ++r) {
                    const auto dr = static_cast<DensityRamp>(r);
                    if (ImGui::Selectable(densityRampName(dr, g_lang == Lang::Zh), dr == style_.ramp)) {
                        style_.ramp = dr;
                        style_changed = true;
                    }
                }
                ImGui::EndCombo();
            }
            ImGui::SameLine();
            ImGui::TextUnformatted(T(str::Ramp));
            if (view_ == View::Hex) {
                float hs = float(params_.hex_size_m);
                ImGui::SetNextItemWidth(w - 150 * s);
                ImGui::SliderFloat("##hexsize", &hs, 50, 1000, (std::string("%.0f ") + T(str::Metres)).c_str());
                if (ImGui::IsItemDeactivatedAfterEdit()) {
                    params_.hex_size_m = std::round(hs / 10) * 10;
                    paramsChanged();
                } else if (ImGui::IsItemActive()) {
                    params_.hex_size_m = hs;
                }
                ImGui::SameLine();
                ImGui::TextUnformatted(T(str::HexSize));
            }
            // Scale top: automatic (the data's maximum) or fixed (comparable while playing).
            {
                bool a = auto_scale_;
                if (ImGui::Checkbox(L(str::Auto, "autoscale").c_str(), &a)) {
                    auto_scale_ = a;
                    if (!a) {
                        scale_heat_ = heatmap_->scaleMax();
                        scale_hex_ = hexbins_->scaleMax();
                    }
                    style_changed = true;
                }
                ImGui::SameLine();
                ImGui::BeginDisabled(auto_scale_);
                double& top = view_ == View::Hex ? scale_hex_ : scale_heat_;
                float t = float(auto_scale_ ? (view_ == View::Hex ? hexbins_->scaleMax() : heatmap_->scaleMax()) : top);
                const float hi = float(std::max(1.0, 2.0 * (view_ == View::Hex ? hexbins_->maxValue() : heatmap_->peak())));
                ImGui::SetNextItemWidth(w - 150 * s - ImGui::GetItemRectSize().x - ImGui::GetStyle().ItemSpacing.x);
                const char* fmt = hi >= 2000 ? "%.0f" : hi >= 20 ? "%.1f" : "%.3g";
                if (ImGui::SliderFloat("##top", &t, 0.0f, hi, fmt, ImGuiSliderFlags_Logarithmic) && !auto_scale_) {
                    top = std::max(1e-6, double(t));
                    style_changed = true;
                }
                ImGui::EndDisabled();
                ImGui::SameLine();
                ImGui::TextUnformatted(T(str::ScaleMax));
            }
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem(L(str::TimeHdr, "ttime").c_str())) {
            // Play speed and window width.
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(T(str::Play));
            ImGui::SameLine(120 * s);
            float step = float(play_step_s_);
            ImGui::SetNextItemWidth(120 * s);
            if (ImGui::SliderFloat("##step", &step, 0.2f, 5.0f, "%.1f s")) play_step_s_ = step;
            ImGui::SameLine();
            int pw = play_width_h_;
            ImGui::SetNextItemWidth(110 * s);
            if (ImGui::SliderInt("##pw", &pw, 1, 12, g_lang == Lang::Zh ? "%d 小时" : "%d h")) play_width_h_ = pw;
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T(str::WindowWidth));
            // Hours.
            bool all_day = !hours_on_;
            if (ImGui::Checkbox(L(str::AllDay, "allday").c_str(), &all_day)) {
                hours_on_ = !all_day;
                if (hours_on_ && !params_.filter.hours) params_.filter.hours = HourWindow{18, 23};
                if (!hours_on_) playing_ = false;
                changed = true;
            }
            if (hours_on_) {
                if (!params_.filter.hours) params_.filter.hours = HourWindow{18, 23};
                HourWindow& hw = *params_.filter.hours;
                const float half = (w - 60 * s) * 0.5f;
                ImGui::SetNextItemWidth(half);
                changed |= ImGui::SliderInt("##h0", &hw.first, 0, 23, hourText(hw.first).c_str());
                ImGui::SameLine();
                ImGui::SetNextItemWidth(half);
                const std::string last = hourText(hw.last).substr(0, 3) + "59";
                changed |= ImGui::SliderInt("##h1", &hw.last, 0, 23, last.c_str());
                if (hw.first > hw.last) ImGui::TextDisabled("(%s)", T(str::WrapsMidnight));
            }
            // Dates.
            if (day_max_ > day_min_) {
                int from = int(params_.filter.from_day.value_or(day_min_) - day_min_);
                int to = int(params_.filter.to_day.value_or(day_max_) - day_min_);
                const int n = int(day_max_ - day_min_);
                const float half = (w - 60 * s) * 0.5f;
                ImGui::SetNextItemWidth(half);
                const std::string fs = formatDate(day_min_ + from), ts = formatDate(day_min_ + to);
                bool dc = ImGui::SliderInt("##from", &from, 0, n, fs.c_str());
                ImGui::SameLine();
                ImGui::SetNextItemWidth(half);
                dc |= ImGui::SliderInt("##to", &to, 0, n, ts.c_str());
                if (dc) {
                    if (from > to) std::swap(from, to);
                    params_.filter.from_day = from > 0 ? std::optional<std::int64_t>(day_min_ + from) : std::nullopt;
                    params_.filter.to_day = to < n ? std::optional<std::int64_t>(day_min_ + to) : std::nullopt;
                    changed = true;
                }
            }
            // Weekdays (tight, to fit one row).
            ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(6 * s, ImGui::GetStyle().ItemSpacing.y));
            ImGui::PushStyleVar(ImGuiStyleVar_ItemInnerSpacing, ImVec2(3 * s, ImGui::GetStyle().ItemInnerSpacing.y));
            for (int d = 0; d < 7; ++d) {
                ImGui::PushID(d);
                bool on = (params_.filter.weekdays >> d) & 1;
                if (ImGui::Checkbox(T(static_cast<S>(str::Mon + d)), &on)) {
                    params_.filter.weekdays = std::uint8_t(on ? params_.filter.weekdays | (1 << d)
                                                              : params_.filter.weekdays & ~(1 << d));
                    changed = true;
                }
                ImGui::PopID();
                if (d < 6) ImGui::SameLine();
            }
            ImGui::PopStyleVar(2);
            if (ImGui::SmallButton(L(str::Workdays, "wd").c_str())) {
                params_.filter.weekdays = 0x1f;
                changed = true;
            }
            ImGui::SameLine();
            if (ImGui::SmallButton(L(str::Weekend, "we").c_str())) {
                params_.filter.weekdays = 0x60;
                changed = true;
            }
            ImGui::SameLine();
            if (ImGui::SmallButton(L(str::All, "alldays").c_str())) {
                params_.filter.weekdays = kAllWeekdays;
                changed = true;
            }
            ImGui::EndTabItem();
        }
        if (!category_on_.empty() && ImGui::BeginTabItem(L(str::CategoriesHdr, "tcats").c_str())) {
            {
                const auto& cats = set_->categories();
                for (std::size_t k = 0; k < cats.size(); ++k) {
                    ImGui::PushID(int(k));
                    bool on = category_on_[k] != 0;
                    char label[160];
                    std::snprintf(label, sizeof label, "%s (%s)", cats[k].name.c_str(), withThousands(category_counts_[k]).c_str());
                    if (ImGui::Checkbox(label, &on)) {
                        category_on_[k] = on ? 1 : 0;
                        changed = true;
                    }
                    ImGui::PopID();
                    if (k % 2 == 0 && k + 1 < cats.size()) ImGui::SameLine(w * 0.5f);
                }
                if (ImGui::SmallButton(L(str::All, "allcats").c_str())) {
                    std::fill(category_on_.begin(), category_on_.end(), 1);
                    changed = true;
                }
                ImGui::SameLine();
                if (ImGui::SmallButton(L(str::None, "nocats").c_str())) {
                    std::fill(category_on_.begin(), category_on_.end(), 0);
                    changed = true;
                }
            }

            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem(L(str::KdeHdr, "tkde").c_str())) {
            {
                ImGui::SetNextItemWidth(w - 150 * s);
                if (ImGui::BeginCombo("##kernel", T(kernelLabel(params_.kernel)))) {
                    for (Kernel k : kKernels)
                        if (ImGui::Selectable(T(kernelLabel(k)), k == params_.kernel)) {
                            params_.kernel = k;
                            changed = true;
                        }
                    ImGui::EndCombo();
                }
                ImGui::SameLine();
                ImGui::TextUnformatted(T(str::Kernel));
                ImGui::AlignTextToFramePadding();
                ImGui::TextUnformatted(T(str::Bandwidth));
                ImGui::SameLine(120 * s);
                int rule = static_cast<int>(params_.bandwidth_rule);
                changed |= ImGui::RadioButton(L(str::Fixed, "bwfixed").c_str(), &rule, static_cast<int>(BandwidthRule::Fixed));
                ImGui::SameLine();
                changed |= ImGui::RadioButton("Scott", &rule, static_cast<int>(BandwidthRule::Scott));
                ImGui::SameLine();
                changed |= ImGui::RadioButton("Silverman", &rule, static_cast<int>(BandwidthRule::Silverman));
                params_.bandwidth_rule = static_cast<BandwidthRule>(rule);
                if (params_.bandwidth_rule == BandwidthRule::Fixed) {
                    float bw = float(params_.bandwidth_m);
                    ImGui::SetNextItemWidth(w - 150 * s);
                    if (ImGui::SliderFloat("##bw", &bw, 25, 3000, (std::string("%.0f ") + T(str::Metres)).c_str(),
                                           ImGuiSliderFlags_Logarithmic)) {
                        params_.bandwidth_m = bw;
                        changed = true;
                    }
                    ImGui::SameLine();
                    ImGui::TextUnformatted("h");
                } else if (result_ && result_->error.empty()) {
                    ImGui::TextDisabled("%s: %.0f %s", T(str::BandwidthUsed), result_->bandwidth_m, T(str::Metres));
                }
                float cell = float(params_.cell_m);
                ImGui::SetNextItemWidth(w - 150 * s);
                ImGui::SliderFloat("##cell", &cell, 10, 200, (std::string("%.0f ") + T(str::Metres)).c_str(),
                                   ImGuiSliderFlags_Logarithmic);
                // A finer grid costs more: recompute on release.
                if (ImGui::IsItemActive()) params_.cell_m = cell;
                if (ImGui::IsItemDeactivatedAfterEdit()) {
                    params_.cell_m = std::round(cell);
                    changed = true;
                }
                ImGui::SameLine();
                ImGui::TextUnformatted(T(str::Cell));
                ImGui::AlignTextToFramePadding();
                ImGui::TextUnformatted(T(str::Mode));
                ImGui::SameLine(120 * s);
                int mode = static_cast<int>(params_.mode);
                changed |= ImGui::RadioButton(L(str::Fast, "fast").c_str(), &mode, static_cast<int>(KdeMode::Fast));
                ImGui::SameLine();
                changed |= ImGui::RadioButton(L(str::Exact, "exact").c_str(), &mode, static_cast<int>(KdeMode::Exact));
                params_.mode = static_cast<KdeMode>(mode);
            }
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    if (style_changed) applyStyle();
    if (!hours_on_ && params_.filter.hours) {
        params_.filter.hours.reset();
        changed = true;
    }

    if (changed) paramsChanged();

    ImGui::End();

    // ---- hotspots: their own window on the right, under the layers panel
    drawHotspots(ctx);
}

void DensityPanel::drawLegend(GuiContext& ctx, float width) {
    const float s = ctx.uiScale();
    const bool hex = view_ == View::Hex;
    const double top = hex ? hexbins_->scaleMax() : heatmap_->scaleMax();
    const DensityStyle& st = hex ? hexbins_->style() : heatmap_->style();
    const Color8 bg = ctx.scene().options().style.land;
    const std::array<double, 3> ground{double(bg.r), double(bg.g), double(bg.b)};
    ImGui::TextUnformatted(hex ? T(str::LegendHex) : T(str::LegendHeat));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float bar_h = 26 * s, x0 = p.x + 4 * s, x1 = p.x + width - 18 * s;
    const int n = 96;
    // The colours as they look on the map's ground at the current opacity.
    for (int k = 0; k < n; ++k) {
        const double v0 = top * k / n, v1 = top * (k + 1) / n, v = 0.5 * (v0 + v1);
        const ShadedColour c = hex ? hexColour(st, std::max(v, 1e-9), top) : heatmapColour(st, v, top);
        const float a = x0 + (x1 - x0) * k / n, b = x0 + (x1 - x0) * (k + 1) / n;
        dl->AddRectFilled(ImVec2(a, p.y), ImVec2(b + 0.5f, p.y + bar_h), imColour(blendOver(c, ground)));
    }
    dl->AddRect(ImVec2(x0, p.y), ImVec2(x1, p.y + bar_h), IM_COL32(140, 170, 200, 160));
    // Ticks at "nice" values.
    const auto ticks = legendTicks(top, 4);
    const float ty = p.y + bar_h;
    for (double t : ticks) {
        const float x = x0 + float((x1 - x0) * (t / top));
        dl->AddLine(ImVec2(x, ty), ImVec2(x, ty + 6 * s), IM_COL32(220, 230, 240, 255), 1.5f * s);
        const std::string label = formatTick(t);
        const ImVec2 sz = ImGui::CalcTextSize(label.c_str());
        const float lx = std::clamp(x - sz.x * 0.5f, p.x, x1 + 16 * s - sz.x);
        dl->AddText(ImVec2(lx, ty + 7 * s), IM_COL32(230, 238, 248, 255), label.c_str());
    }
    ImGui::Dummy(ImVec2(width, bar_h + 8 * s + ImGui::GetTextLineHeight()));
}

void DensityPanel::drawHotspots(GuiContext& ctx) {
    const float s = ctx.uiScale();
    const float w = 430 * s;
    const ScreenPoint at = belowLayersPanel(ctx);
    const float x = float(at.x), y = float(at.y);
    ImGui::SetNextWindowPos(ImVec2(x, y), ImGuiCond_Always, ImVec2(1, 0));
    ImGui::SetNextWindowSizeConstraints(ImVec2(w, 0), ImVec2(w, std::max(160 * s, float(ctx.height()) - y - 20 * s)));
    const std::string title = L(str::HotspotsHdr, "hotspots");
    ImGui::Begin(title.c_str(), nullptr,
                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize);
    ctx.notePanel();
    drawHotspotList(ctx, s);
    ImGui::End();
}

void DensityPanel::drawHotspotList(GuiContext& ctx, float s) {
    bool rings = show_rings_;
    if (ImGui::Checkbox(L(str::ShowRings, "rings").c_str(), &rings)) {
        show_rings_ = rings;
        hotspots_->setVisible(rings);
    }
    const auto& hs = hotspots_->hotspots();
    if (hs.empty()) {
        ImGui::TextDisabled("%s", T(str::NoHotspots));
        return;
    }
    ImGui::TextDisabled("%s", T(str::ClickToFly));
    const float row_h = ImGui::GetTextLineHeightWithSpacing();
    const float table_h = std::min(float(hs.size()) + 1.3f, 12.5f) * row_h;
    if (!ImGui::BeginTable("hotspots", 4,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV,
                           ImVec2(0, table_h)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(T(str::Rank), ImGuiTableColumnFlags_WidthFixed, 70 * s);
    ImGui::TableSetupColumn(T(str::CountCol), ImGuiTableColumnFlags_WidthFixed, 110 * s);
    ImGui::TableSetupColumn("z", ImGuiTableColumnFlags_WidthFixed, 90 * s);
    ImGui::TableSetupColumn(T(str::Conf), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    const auto sel = hotspots_->selected();
    for (std::size_t k = 0; k < hs.size(); ++k) {
        const Hotspot& h = hs[k];
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        char rank[48];
        std::snprintf(rank, sizeof rank, "%zu##hs%zu", k + 1, k);
        if (ImGui::Selectable(rank, sel && *sel == k, ImGuiSelectableFlags_SpanAllColumns))
            selectHotspot(k, [&ctx](double x, double y, double range) { ctx.flyTo(x, y, range); });
        ImGui::TableSetColumnIndex(1);
        const bool have = result_ && k < result_->hotspot_counts.size();
        ImGui::Text("%.0f", have ? result_->hotspot_counts[k] : h.value);
        ImGui::TableSetColumnIndex(2);
        ImGui::Text("%.1f", h.z);
        ImGui::TableSetColumnIndex(3);
        ImGui::Text("%d%%", h.confidence);
    }
    ImGui::EndTable();
}

}  // namespace jingwei
