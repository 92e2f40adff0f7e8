#include "ui/gui_app.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <GL/gl.h>

#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <osgViewer/Viewer>

#include "core/crs.h"
#include "core/error.h"
#include "render/headless.h"
#include "render/hud_text.h"
#include "render/map_camera.h"
#include "render/map_scene.h"
#include "ui/builtin_panels.h"
#include "ui/i18n.h"

namespace jingwei {

namespace detail {
// The state a GuiContext gives panels access to.
struct GuiRuntime {
    const MapModel* map = nullptr;
    MapScene* scene = nullptr;
    Lang lang = Lang::Zh;
    float ui_scale = 1;
    int w = 1, h = 1;
    ScreenPoint cursor;
    bool mouse_on_map = false;
    bool mouse_captured = false;  // a panel owns the left button until it is released
    CameraPose pose;
    struct Flight {
        CameraPose from, to;
        double t0 = 0, duration = 1;
    };
    std::optional<Flight> flight;
    double now_s = 0;
    std::vector<ScreenRect> panel_rects;
};
}  // namespace detail

const MapModel& GuiContext::map() const { return *rt_->map; }
MapScene& GuiContext::scene() const { return *rt_->scene; }
Lang GuiContext::lang() const { return rt_->lang; }
float GuiContext::uiScale() const { return rt_->ui_scale; }
int GuiContext::width() const { return rt_->w; }
int GuiContext::height() const { return rt_->h; }
ScreenPoint GuiContext::cursor() const { return rt_->cursor; }
bool GuiContext::mouseOnMap() const { return rt_->mouse_on_map; }
const CameraPose& GuiContext::pose() const { return rt_->pose; }

void GuiContext::setPose(const CameraPose& pose) {
    rt_->flight.reset();
    rt_->pose = clampPose(pose);
}

void GuiContext::flyTo(const CameraPose& target, double seconds) {
    if (!(seconds > 0)) {
        setPose(target);
        return;
    }
    rt_->flight = detail::GuiRuntime::Flight{rt_->pose, clampPose(target), rt_->now_s, seconds};
}

void GuiContext::flyTo(double x, double y, double range_m, double seconds) {
    CameraPose t = rt_->pose;
    t.x = x;
    t.y = y;
    if (range_m > 0) t.range_m = range_m;
    if (t.view3d) t.z = rt_->scene->groundZ(x, y);
    flyTo(t, seconds);
}

void GuiContext::flyToBounds(const Bounds& b, double seconds) {
    if (b.empty()) return;
    CameraPose t = fitBounds(b, rt_->w, rt_->h, rt_->pose.view3d);
    t.heading_deg = rt_->pose.heading_deg;
    if (t.view3d) {
        t.tilt_deg = rt_->pose.tilt_deg;
        t.z = rt_->scene->groundZ(t.x, t.y);
    }
    flyTo(t, seconds);
}

std::optional<XY> GuiContext::pick(ScreenPoint s) const { return rt_->scene->pickGround(camera(), s); }

std::optional<ScreenPoint> GuiContext::toScreen(double x, double y) const {
    return camera().groundToScreen(x, y, rt_->scene->groundZ(x, y));
}

void GuiContext::captureMouse() const { rt_->mouse_captured = true; }

void GuiContext::notePanel() const {
    const ImVec2 p = ImGui::GetWindowPos(), sz = ImGui::GetWindowSize();
    rt_->panel_rects.push_back(ScreenRect{p.x, p.y, p.x + sz.x, p.y + sz.y});
}

namespace {

std::string g_glfw_error;

void onGlfwError(int code, const char* desc) {
    g_glfw_error = std::string(desc ? desc : "unknown error") + " (GLFW error " + std::to_string(code) + ")";
}

// Events GLFW delivers through callbacks; the loop drains them each frame.
struct InputQueue {
    double scroll_y = 0;
    std::vector<int> keys;
};

void onScroll(GLFWwindow* w, double /*x*/, double y) {
    if (auto* q = static_cast<InputQueue*>(glfwGetWindowUserPointer(w))) q->scroll_y += y;
}

void onKey(GLFWwindow* w, int key, int /*scancode*/, int action, int /*mods*/) {
    if (action != GLFW_PRESS) return;
    if (auto* q = static_cast<InputQueue*>(glfwGetWindowUserPointer(w))) q->keys.push_back(key);
}

struct GlfwSession {
    bool ok = false;
    GlfwSession() { ok = glfwInit() == GLFW_TRUE; }
    ~GlfwSession() {
        if (ok) glfwTerminate();
    }
};

struct WindowHandle {
    GLFWwindow* w = nullptr;
    ~WindowHandle() {
        if (w) glfwDestroyWindow(w);
    }
};

struct ImGuiSession {
    bool glfw = false, gl = false;
    ~ImGuiSession() {
        if (gl) ImGui_ImplOpenGL3_Shutdown();
        if (glfw) ImGui_ImplGlfw_Shutdown();
        if (ImGui::GetCurrentContext()) ImGui::DestroyContext();
    }
};

ImVec4 imVec4(const Color8& c, float alpha = 1.0f) { return ImVec4(c.rf(), c.gf(), c.bf(), c.af() * alpha); }

void applyTheme(const MapStyle& st, float scale) {
    ImGui::StyleColorsDark();
    ImGuiStyle& s = ImGui::GetStyle();
    s.WindowRounding = 4;
    s.FrameRounding = 3;
    s.GrabRounding = 3;
    s.WindowBorderSize = 1;
    s.FramePadding = ImVec2(8, 5);
    s.ItemSpacing = ImVec2(10, 8);
    s.WindowPadding = ImVec2(14, 12);
    ImVec4* c = s.Colors;
    const ImVec4 accent = imVec4(st.hud_accent);
    c[ImGuiCol_WindowBg] = ImVec4(6 / 255.f, 10 / 255.f, 18 / 255.f, 0.86f);
    c[ImGuiCol_Border] = imVec4(st.hud_accent, 0.55f);
    c[ImGuiCol_TitleBg] = ImVec4(12 / 255.f, 28 / 255.f, 44 / 255.f, 0.95f);
    c[ImGuiCol_TitleBgActive] = ImVec4(18 / 255.f, 48 / 255.f, 72 / 255.f, 0.95f);
    c[ImGuiCol_Button] = imVec4(st.hud_accent, 0.35f);
    c[ImGuiCol_ButtonHovered] = imVec4(st.hud_accent, 0.60f);
    c[ImGuiCol_ButtonActive] = accent;
    c[ImGuiCol_FrameBg] = ImVec4(20 / 255.f, 34 / 255.f, 52 / 255.f, 0.9f);
    c[ImGuiCol_FrameBgHovered] = imVec4(st.hud_accent, 0.35f);
    c[ImGuiCol_CheckMark] = imVec4(Color8{255, 182, 56});
    c[ImGuiCol_Separator] = imVec4(st.hud_accent, 0.4f);
    c[ImGuiCol_Header] = imVec4(st.hud_accent, 0.30f);
    c[ImGuiCol_HeaderHovered] = imVec4(st.hud_accent, 0.45f);
    c[ImGuiCol_HeaderActive] = imVec4(st.hud_accent, 0.60f);
    c[ImGuiCol_SliderGrab] = imVec4(Color8{255, 182, 56});
    c[ImGuiCol_SliderGrabActive] = imVec4(Color8{255, 210, 120});
    c[ImGuiCol_PlotHistogram] = imVec4(Color8{255, 182, 56});
    c[ImGuiCol_Text] = imVec4(st.hud_text);
    c[ImGuiCol_TextDisabled] = ImVec4(0.62f, 0.68f, 0.76f, 1.0f);
    s.ScaleAllSizes(scale);
}

// Glyph ranges for every string the window can show: the UI, the panels,
// and the map's names, labels and attributes (ImGui 1.86 bakes a fixed atlas).
void buildGlyphRanges(const MapModel* map, const std::vector<GuiPanelPtr>& panels, ImVector<ImWchar>* out) {
    ImFontGlyphRangesBuilder b;
    b.AddRanges(ImGui::GetIO().Fonts->GetGlyphRangesDefault());
    b.AddRanges(ImGui::GetIO().Fonts->GetGlyphRangesChineseSimplifiedCommon());
    for (const auto& s : allUiStrings()) b.AddText(s.c_str());
    for (const auto& p : panels)
        for (const auto& s : p->uiStrings()) b.AddText(s.c_str());
    for (HudLang l : {HudLang::Zh, HudLang::En}) {
        for (int c = 0; c < kRoadClassCount; ++c) b.AddText(roadClassLabel(static_cast<RoadClass>(c), l).c_str());
        for (HudText t : {HudText::North, HudText::SyntheticTag, HudText::LegendTitle, HudText::ScaleCaption,
                          HudText::DistrictBoundary, HudText::Water})
            b.AddText(hudText(t, l).c_str());
    }
    b.AddText("°′″·—…（）：，。×%0123456789");
    if (map) {
        b.AddText(map->name.c_str());
        b.AddText(map->name_en.c_str());
        b.AddText(map->notice.c_str());
        b.AddText(map->roads_name.c_str());
        for (const auto& t : map->terrains) b.AddText(t.name.c_str());
        for (const auto& l : map->layers) {
            b.AddText(l.name.c_str());
            for (const auto& f : l.features) {
                b.AddText(f.label.c_str());
                for (const auto& [k, v] : f.attributes) {
                    b.AddText(k.c_str());
                    b.AddText(v.c_str());
                }
            }
        }
        for (const auto& e : map->roads.edges) {
            b.AddText(e.name.c_str());
            b.AddText(e.name_zh.c_str());
            b.AddText(e.highway.c_str());
        }
    }
    b.BuildRanges(out);
}

std::string formatLonLat(const LonLat& ll) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%.5f°%c  %.5f°%c", std::abs(ll.lon), ll.lon >= 0 ? 'E' : 'W', std::abs(ll.lat),
                  ll.lat >= 0 ? 'N' : 'S');
    return buf;
}
std::string formatRange(double m) {
    char buf[32];
    if (m >= 1000) std::snprintf(buf, sizeof buf, "%.1f km", m / 1000);
    else std::snprintf(buf, sizeof buf, "%.0f m", m);
    return buf;
}
bool readBackBuffer(int w, int h, RgbaImage* img) {
    img->width = w;
    img->height = h;
    img->pixels.assign(static_cast<std::size_t>(w) * h * 4, 0);
    std::vector<std::uint8_t> raw(img->pixels.size());
    glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, raw.data());
    if (glGetError() != GL_NO_ERROR) return false;
    const std::size_t row = static_cast<std::size_t>(w) * 4;
    for (int y = 0; y < h; ++y) std::memcpy(&img->pixels[y * row], &raw[(h - 1 - y) * row], row);
    for (std::size_t i = 3; i < img->pixels.size(); i += 4) img->pixels[i] = 255;
    return true;
}

// What the loader thread shares with the window.
struct LoadState {
    std::mutex m;
    double fraction = 0;
    std::string stage;
    std::atomic<bool> cancel{false};
    std::atomic<bool> done{false};
    std::unique_ptr<MapModel> result;
    std::string error;
    bool cancelled = false;
};

struct Window {
    GlfwSession glfw;
    WindowHandle win;
    ImGuiSession imgui;
    InputQueue input;
    ImVector<ImWchar> ranges;
    std::string font_path;
    float ui_scale = 1;
    int fbw = 0, fbh = 0;
};

// (Re)builds the UI font for the map's strings. Outside NewFrame/Render.
bool buildFont(Window& w, const MapModel* map, const std::vector<GuiPanelPtr>& panels, bool upload) {
    ImGuiIO& io = ImGui::GetIO();
    w.ranges.clear();
    buildGlyphRanges(map, panels, &w.ranges);
    io.Fonts->Clear();
    if (!io.Fonts->AddFontFromFileTTF(w.font_path.c_str(), std::round(22.0f * w.ui_scale), nullptr, w.ranges.Data))
        return false;
    if (upload) {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    return true;
}

void clearTo(const Color8& c, int w, int h) {
    glViewport(0, 0, w, h);
    glClearColor(c.rf(), c.gf(), c.bf(), 1.0f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
}

// Runs the loader on a worker thread while the window shows its progress.
// Returns the map, or nullopt with *rc set (130 cancelled, 1 failed).
std::unique_ptr<MapModel> loadInWindow(Window& W, const MapLoader& loader, const GuiOptions& opt, Lang lang, int* rc) {
    LoadState st;
    std::thread worker([&st, &loader] {
        try {
            Progress p;
            p.callback = [&st](double f, std::string_view stage) {
                std::lock_guard<std::mutex> lock(st.m);
                st.fraction = std::clamp(f, 0.0, 1.0);
                st.stage.assign(stage.data(), stage.size());
                return !st.cancel.load();
            };
            auto m = std::make_unique<MapModel>(loader(p));
            std::lock_guard<std::mutex> lock(st.m);
            st.result = std::move(m);
        } catch (const Cancelled&) {
            std::lock_guard<std::mutex> lock(st.m);
            st.cancelled = true;
        } catch (const std::exception& e) {
            std::lock_guard<std::mutex> lock(st.m);
            st.error = e.what();
        } catch (...) {
            std::lock_guard<std::mutex> lock(st.m);
            st.error = "unknown error";
        }
        st.done = true;
    });
    struct Joiner {
        std::thread& t;
        ~Joiner() {
            if (t.joinable()) t.join();
        }
    } joiner{worker};
    const MapStyle style = MapStyle::commandDark();
    const float s = W.ui_scale;
    const auto t0 = std::chrono::steady_clock::now();
    auto frameLoop = [&](auto&& body) {
        glfwPollEvents();
        glfwGetFramebufferSize(W.win.w, &W.fbw, &W.fbh);
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        body();
        ImGui::Render();
        clearTo(style.background, W.fbw, W.fbh);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        glfwSwapBuffers(W.win.w);
        if (opt.max_frames > 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    };
    while (!st.done) {
        if (glfwWindowShouldClose(W.win.w)) st.cancel = true;
        frameLoop([&] {
            double f;
            std::string stage;
            {
                std::lock_guard<std::mutex> lock(st.m);
                f = st.fraction;
                stage = st.stage;
            }
            const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            ImGui::SetNextWindowPos(ImVec2(W.fbw * 0.5f, W.fbh * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
            ImGui::SetNextWindowSize(ImVec2(560 * s, 0), ImGuiCond_Always);
            const std::string title = std::string(tr(Tr::Loading, lang)) + "###loading";
            ImGui::Begin(title.c_str(), nullptr,
                         ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                             ImGuiWindowFlags_NoSavedSettings);
            char overlay[64];
            std::snprintf(overlay, sizeof overlay, "%.0f%%   %.1f s", f * 100.0, el);
            ImGui::ProgressBar(float(f), ImVec2(-1, 0), overlay);
            ImGui::TextUnformatted(stage.empty() ? "…" : stage.c_str());
            ImGui::Spacing();
            if (st.cancel) ImGui::TextDisabled("%s", tr(Tr::Cancelling, lang));
            else if (ImGui::Button(tr(Tr::Cancel, lang), ImVec2(140 * s, 0))) st.cancel = true;
            ImGui::End();
        });
    }
    worker.join();
    if (st.cancelled) {
        *rc = 130;
        return nullptr;
    }
    if (!st.error.empty()) {
        // Show the error until the window is closed.
        int frames = 0;
        bool close = false;
        while (!glfwWindowShouldClose(W.win.w) && !close && !(opt.max_frames > 0 && frames >= opt.max_frames)) {
            frameLoop([&] {
                ImGui::SetNextWindowPos(ImVec2(W.fbw * 0.5f, W.fbh * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
                ImGui::SetNextWindowSize(ImVec2(720 * s, 0), ImGuiCond_Always);
                const std::string title = std::string(tr(Tr::LoadFailed, lang)) + "###loadfailed";
                ImGui::Begin(title.c_str(), nullptr,
                             ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoSavedSettings);
                ImGui::PushTextWrapPos(0);
                ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.35f, 1.0f), "%s", st.error.c_str());
                ImGui::PopTextWrapPos();
                if (ImGui::Button(tr(Tr::Close, lang), ImVec2(140 * s, 0))) close = true;
                ImGui::End();
            });
            ++frames;
        }
        std::fprintf(stderr, "jingwei: %s\n", st.error.c_str());
        *rc = 1;
        return nullptr;
    }
    return std::move(st.result);
}

// The map window's loop, with the scene, the built-in panels and opt.panels.
int runMap(Window& W, const MapModel& map, const GuiOptions& opt, Lang lang) {
    GLFWwindow* win = W.win.w;
    ImGuiIO& io = ImGui::GetIO();
    const MapStyle style = MapStyle::commandDark();
    int& fbw = W.fbw;
    int& fbh = W.fbh;
    glfwGetFramebufferSize(win, &fbw, &fbh);
    int rc = 0;
    MapSceneOptions so;
    so.language = langCode(lang);
    so.show_legend = false;  // the layers panel has the legend
    MapScene scene(map, so);
    osg::ref_ptr<osgViewer::Viewer> viewer = new osgViewer::Viewer;
    viewer->setThreadingModel(osgViewer::ViewerBase::SingleThreaded);
    viewer->setUpViewerAsEmbeddedInWindow(0, 0, fbw, fbh);
    viewer->setKeyEventSetsDone(0);
    viewer->setQuitEventSetsDone(false);
    scene.bindCamera(viewer->getCamera());
    viewer->setSceneData(scene.root());
    viewer->realize();
    auto* gw = dynamic_cast<osgViewer::GraphicsWindow*>(viewer->getCamera()->getGraphicsContext());

    std::optional<Projector> projector;
    try {
        if (!map.crs.empty()) projector.emplace(map.crs);
    } catch (const std::exception&) {
        projector.reset();
    }

    detail::GuiRuntime rt;
    rt.map = &map;
    rt.scene = &scene;
    rt.lang = lang;
    rt.ui_scale = W.ui_scale;
    rt.w = fbw;
    rt.h = fbh;
    rt.pose = fitBounds(homeBounds(map), fbw, fbh);
    GuiContext ctx(rt);

    auto feature_panel = std::make_shared<FeaturePanel>();
    std::vector<GuiPanelPtr> panels = {std::make_shared<LayerPanel>(), feature_panel};
    for (const auto& p : opt.panels)
        if (p) panels.push_back(p);
    for (auto& p : panels) p->attach(ctx);

    bool dragging_left = false, dragging_right = false;
    ScreenPoint last_cursor, press_at;
    double press_time = 0;
    bool press_on_map = false;
    double frame_ms = 0;
    const auto t_start = std::chrono::steady_clock::now();
    auto last_time = t_start;
    int frame = 0;

    while (!glfwWindowShouldClose(win)) {
        glfwPollEvents();
        int nw = 0, nh = 0;
        glfwGetFramebufferSize(win, &nw, &nh);
        if (nw <= 0 || nh <= 0) {  // minimised
            glfwWaitEventsTimeout(0.1);
            continue;
        }
        if (nw != fbw || nh != fbh) {
            fbw = nw;
            fbh = nh;
            if (gw) {
                gw->resized(0, 0, fbw, fbh);
                gw->getEventQueue()->windowResize(0, 0, fbw, fbh);
            }
        }
        rt.w = fbw;
        rt.h = fbh;
        rt.now_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
        int ww = 1, wh = 1;
        glfwGetWindowSize(win, &ww, &wh);
        double cx = 0, cy = 0;
        glfwGetCursorPos(win, &cx, &cy);
        const ScreenPoint cursor{cx * fbw / std::max(1, ww), cy * fbh / std::max(1, wh)};
        rt.cursor = cursor;

        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();

        // Map interaction (when ImGui does not want the mouse/keyboard).
        const bool mouse_free = !io.WantCaptureMouse;
        rt.mouse_on_map = mouse_free;
        CameraPose& pose = rt.pose;
        const bool left = glfwGetMouseButton(win, GLFW_MOUSE_BUTTON_LEFT) == GLFW_PRESS;
        const bool right = glfwGetMouseButton(win, GLFW_MOUSE_BUTTON_RIGHT) == GLFW_PRESS;
        std::optional<ScreenPoint> click;
        const bool captured = rt.mouse_captured;
        if (!left) rt.mouse_captured = false;
        if (left && !dragging_left && mouse_free) {
            dragging_left = true;
            press_at = cursor;
            press_time = rt.now_s;
            press_on_map = true;
        } else if (!left) {
            if (dragging_left && press_on_map && !captured && std::hypot(cursor.x - press_at.x, cursor.y - press_at.y) < 5 &&
                rt.now_s - press_time < 0.6)
                click = cursor;
            dragging_left = false;
            press_on_map = false;
        }
        if (right && !dragging_right && mouse_free) dragging_right = true;
        else if (!right) dragging_right = false;
        const bool moved = cursor.x != last_cursor.x || cursor.y != last_cursor.y;
        if (dragging_left && moved && !captured) {
            rt.flight.reset();
            pose = panPose(pose, fbw, fbh, last_cursor, cursor);
        }
        if (dragging_right && moved) {
            rt.flight.reset();
            pose = rotatePose(pose, (cursor.x - last_cursor.x) * 0.25, -(cursor.y - last_cursor.y) * 0.2);
        }
        last_cursor = cursor;
        if (W.input.scroll_y != 0 && mouse_free) {
            rt.flight.reset();
            pose = zoomAbout(pose, fbw, fbh, cursor, std::pow(1.2, W.input.scroll_y));
        }
        W.input.scroll_y = 0;
        if (!io.WantCaptureKeyboard) {
            for (int key : W.input.keys) {
                if (key == GLFW_KEY_HOME || key == GLFW_KEY_H) ctx.flyToBounds(homeBounds(map));
                else if (key == GLFW_KEY_2 || key == GLFW_KEY_KP_2) pose = setView3d(pose, false);
                else if (key == GLFW_KEY_3 || key == GLFW_KEY_KP_3) pose = setView3d(pose, true);
                else if (key == GLFW_KEY_ESCAPE) {
                    scene.setSelection(std::nullopt);
                }
            }
        }
        W.input.keys.clear();
        if (rt.flight) {
            const double t = (rt.now_s - rt.flight->t0) / rt.flight->duration;
            pose = interpolatePose(rt.flight->from, rt.flight->to, t);
            if (t >= 1) rt.flight.reset();
        }
        // In 3D the camera looks at the terrain under the target (eased).
        if (pose.view3d) {
            const double gz = scene.groundZ(pose.x, pose.y);
            pose.z = (std::abs(gz - pose.z) < 0.5 || frame == 0) ? gz : pose.z + (gz - pose.z) * 0.35;
        }

        for (auto& p : panels) p->beforeFrame(ctx);
        scene.setLabelKeepOut(rt.panel_rects);
        scene.update(pose, fbw, fbh);
        viewer->frame();
        rt.panel_rects.clear();

        if (click) {
            const auto g = scene.pickGround(ctx.camera(), *click);
            // Extra panels first; the attribute picker last.
            bool consumed = false;
            for (std::size_t i = 2; i < panels.size() && !consumed; ++i) consumed = panels[i]->onMapClick(ctx, *click, g);
            if (!consumed) feature_panel->onMapClick(ctx, *click, g);
        }

        // The map panel: view, language, status.
        const HudLayout& hud = scene.hudLayout();
        const float s = W.ui_scale;
        ImGui::SetNextWindowPos(ImVec2(float(hud.title.x0), float(hud.title.y1 + 14 * s)), ImGuiCond_Always);
        ImGui::SetNextWindowSize(ImVec2(380 * s, 0), ImGuiCond_Always);
        const std::string panel_title = std::string(tr(Tr::MapPanel, lang)) + "###map";
        ImGui::Begin(panel_title.c_str(), nullptr,
                     ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                         ImGuiWindowFlags_NoSavedSettings);
        if (map.synthetic) ImGui::TextColored(imVec4(style.synthetic_tag), "%s", tr(Tr::Synthetic, lang));
        if (!map.notice.empty()) {
            ImGui::PushTextWrapPos(0);
            ImGui::TextColored(imVec4(style.synthetic_tag), "%s: %s", tr(Tr::Notice, lang), map.notice.c_str());
            ImGui::PopTextWrapPos();
        }
        if (map.synthetic || !map.notice.empty()) ImGui::Separator();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(tr(Tr::View, lang));
        ImGui::SameLine(110 * s);
        if (ImGui::RadioButton(tr(Tr::View2D, lang), !pose.view3d)) pose = setView3d(pose, false);
        ImGui::SameLine();
        if (ImGui::RadioButton(tr(Tr::View3D, lang), pose.view3d)) pose = setView3d(pose, true);
        ImGui::SameLine();
        if (ImGui::Button(tr(Tr::Home, lang))) ctx.flyToBounds(homeBounds(map));
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(tr(Tr::Language, lang));
        ImGui::SameLine(110 * s);
        Lang new_lang = lang;
        if (ImGui::RadioButton(languageName(Lang::Zh), lang == Lang::Zh)) new_lang = Lang::Zh;
        ImGui::SameLine();
        if (ImGui::RadioButton(languageName(Lang::En), lang == Lang::En)) new_lang = Lang::En;
        if (new_lang != lang) {
            lang = new_lang;
            rt.lang = lang;
            scene.setLanguage(langCode(lang));
            glfwSetWindowTitle(win, tr(Tr::AppTitle, lang));
        }
        ImGui::Separator();
        ImGui::Text("%s  %.0f°   %s  %.0f°   %s  %s", tr(Tr::Heading, lang), pose.heading_deg, tr(Tr::Tilt, lang),
                    pose.tilt_deg, tr(Tr::Range, lang), formatRange(pose.range_m).c_str());
        ImGui::Text("%s  %.1f ms  (%.0f fps)   1:%.0f", tr(Tr::FrameTime, lang), frame_ms,
                    frame_ms > 0 ? 1000.0 / frame_ms : 0.0, scaleDenominator(ctx.camera().metresPerPixel()));
        {
            std::string where = tr(Tr::NoGround, lang);
            if (const auto g = scene.pickGround(ctx.camera(), cursor)) {
                if (projector) {
                    const LonLat ll = projector->inverse(*g);
                    if (std::isfinite(ll.lon) && std::isfinite(ll.lat)) where = formatLonLat(ll);
                } else {
                    char buf[64];
                    std::snprintf(buf, sizeof buf, "x %.0f  y %.0f", g->x, g->y);
                    where = buf;
                }
                const double e = scene.ground().elevation(g->x, g->y);
                if (std::isfinite(e)) {
                    char buf[32];
                    std::snprintf(buf, sizeof buf, "  %.0f m", e);
                    where += buf;
                }
            }
            ImGui::Text("%s  %s", tr(Tr::Cursor, lang), where.c_str());
        }
        ImGui::Separator();
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("%s", tr(Tr::Help, lang));
        ImGui::PopTextWrapPos();
        ctx.notePanel();
        ImGui::End();

        for (auto& p : panels) p->draw(ctx);

        ImGui::Render();
        glViewport(0, 0, fbw, fbh);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

        ++frame;
        const bool last = opt.max_frames > 0 && frame >= opt.max_frames;
        if (last && !opt.screenshot_png.empty()) {
            RgbaImage img;
            if (!readBackBuffer(fbw, fbh, &img)) {
                std::fprintf(stderr, "jingwei: cannot read the window back for %s\n", opt.screenshot_png.c_str());
                rc = 1;
            } else {
                try {
                    writePng(img, opt.screenshot_png);
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "jingwei: %s\n", e.what());
                    rc = 1;
                }
            }
        }
        glfwSwapBuffers(win);

        const auto now = std::chrono::steady_clock::now();
        const double ms = std::chrono::duration<double, std::milli>(now - last_time).count();
        last_time = now;
        frame_ms = frame_ms <= 0 ? ms : 0.9 * frame_ms + 0.1 * ms;
        if (last) break;
    }
    for (auto& p : panels) p->detach(ctx);
    // Release OSG's GL objects while the context is still current.
    if (auto* gc = viewer->getCamera()->getGraphicsContext(); gc && gc->getState()) {
        scene.root()->releaseGLObjects(gc->getState());
        gc->close(true);
    }
    viewer = nullptr;
    return rc;
}

int runWindow(const MapModel* ready, const MapLoader* loader, const GuiOptions& opt) {
    glfwSetErrorCallback(onGlfwError);
    Window W;
    if (!W.glfw.ok) {
        throw EnvironmentError(std::string("cannot open the workstation window: no display available (glfwInit failed: ") +
                               (g_glfw_error.empty() ? "unknown reason" : g_glfw_error) +
                               "). Set DISPLAY, run under xvfb-run -a, or use `jingwei render` (headless).");
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_API);
    glfwWindowHint(GLFW_SAMPLES, 4);  // compatibility profile (no profile hint): OSG's GL2 build needs it
    Lang lang = parseLang(opt.language);
    W.win.w = glfwCreateWindow(std::max(320, opt.width), std::max(240, opt.height), tr(Tr::AppTitle, lang), nullptr,
                               nullptr);
    if (!W.win.w) {
        throw EnvironmentError(std::string("cannot create the OpenGL window: ") +
                               (g_glfw_error.empty() ? "unknown reason" : g_glfw_error));
    }
    glfwMakeContextCurrent(W.win.w);
    glfwSwapInterval(opt.max_frames > 0 ? 0 : 1);
    glfwSetWindowUserPointer(W.win.w, &W.input);
    // Our callbacks first: ImGui's GLFW backend chains to them.
    glfwSetScrollCallback(W.win.w, onScroll);
    glfwSetKeyCallback(W.win.w, onKey);
    glfwGetFramebufferSize(W.win.w, &W.fbw, &W.fbh);
    W.ui_scale = std::clamp(W.fbh / 1080.0f, 0.8f, 3.0f);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    try {
        W.font_path = mapFontPath();
    } catch (const Error& e) {
        std::fprintf(stderr, "jingwei: %s\n", e.what());
        return 3;
    }
    std::vector<GuiPanelPtr> font_panels = opt.panels;
    font_panels.push_back(std::make_shared<FeaturePanel>());
    if (!buildFont(W, ready, font_panels, false)) {
        std::fprintf(stderr, "jingwei: cannot load the UI font %s\n", W.font_path.c_str());
        return 3;
    }
    applyTheme(MapStyle::commandDark(), W.ui_scale);
    W.imgui.glfw = ImGui_ImplGlfw_InitForOpenGL(W.win.w, true);
    W.imgui.gl = ImGui_ImplOpenGL3_Init("#version 130");
    if (!W.imgui.glfw || !W.imgui.gl) {
        std::fprintf(stderr, "jingwei: cannot initialise Dear ImGui's GLFW/OpenGL backends\n");
        return 3;
    }
    if (ready) return runMap(W, *ready, opt, lang);
    int rc = 0;
    std::unique_ptr<MapModel> map = loadInWindow(W, *loader, opt, lang, &rc);
    if (!map) return rc;
    // The loader may have added panels that need the loaded map (GuiOptions
    // is the caller's object, filled in on the worker before it returned).
    font_panels = opt.panels;
    font_panels.push_back(std::make_shared<FeaturePanel>());
    if (!buildFont(W, map.get(), font_panels, true)) {
        std::fprintf(stderr, "jingwei: cannot load the UI font %s\n", W.font_path.c_str());
        return 3;
    }
    return runMap(W, *map, opt, lang);
}

}  // namespace

int runGui(const MapModel& map, const GuiOptions& opt) { return runWindow(&map, nullptr, opt); }

int runGui(MapLoader loader, const GuiOptions& opt) {
    if (!loader) throw Error("gui", "loader", "no map loader given");
    return runWindow(nullptr, &loader, opt);
}

}  // namespace jingwei
