#include "ui/gui_app.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <GL/gl.h>

#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <osgViewer/Viewer>

#include "core/crs.h"
#include "core/error.h"
#include "render/headless.h"
#include "render/hud_text.h"
#include "render/map_camera.h"
#include "render/map_scene.h"
#include "ui/i18n.h"

namespace jingwei {

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

ImU32 imColor(const Color8& c, float alpha = 1.0f) { return IM_COL32(c.r, c.g, c.b, int(c.a * alpha)); }
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
    c[ImGuiCol_Text] = imVec4(st.hud_text);
    c[ImGuiCol_TextDisabled] = ImVec4(0.62f, 0.68f, 0.76f, 1.0f);
    s.ScaleAllSizes(scale);
}

// Glyph ranges for every string the window can show (the CJK "common" table
// misses characters such as 帧).
void buildGlyphRanges(const MapModel& map, ImVector<ImWchar>* out) {
    ImFontGlyphRangesBuilder b;
    b.AddRanges(ImGui::GetIO().Fonts->GetGlyphRangesDefault());
    for (const auto& s : allUiStrings()) b.AddText(s.c_str());
    for (HudLang l : {HudLang::Zh, HudLang::En}) {
        for (int c = 0; c < kRoadClassCount; ++c) b.AddText(roadClassLabel(static_cast<RoadClass>(c), l).c_str());
        for (HudText t : {HudText::North, HudText::SyntheticTag, HudText::LegendTitle, HudText::ScaleCaption,
                          HudText::DistrictBoundary, HudText::Water})
            b.AddText(hudText(t, l).c_str());
    }
    b.AddText(map.name.c_str());
    b.AddText(map.notice.c_str());
    b.AddText("°′″·—…（）：，。0123456789");
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

}  // namespace

int runGui(const MapModel& map, const GuiOptions& opt) {
    glfwSetErrorCallback(onGlfwError);
    GlfwSession glfw;
    if (!glfw.ok) {
        throw EnvironmentError(std::string("cannot open the workstation window: no display available (glfwInit failed: ") +
                               (g_glfw_error.empty() ? "unknown reason" : g_glfw_error) +
                               "). Set DISPLAY, run under xvfb-run -a, or use `jingwei render` (headless).");
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_API);
    glfwWindowHint(GLFW_SAMPLES, 4);  // compatibility profile (no profile hint): OSG's GL2 build needs it
    Lang lang = parseLang(opt.language);
    WindowHandle win;
    win.w = glfwCreateWindow(std::max(320, opt.width), std::max(240, opt.height), tr(Tr::AppTitle, lang), nullptr,
                             nullptr);
    if (!win.w) {
        throw EnvironmentError(std::string("cannot create the OpenGL window: ") +
                               (g_glfw_error.empty() ? "unknown reason" : g_glfw_error));
    }
    glfwMakeContextCurrent(win.w);
    glfwSwapInterval(opt.max_frames > 0 ? 0 : 1);

    InputQueue input;
    glfwSetWindowUserPointer(win.w, &input);
    // Our callbacks first: ImGui's GLFW backend chains to them.
    glfwSetScrollCallback(win.w, onScroll);
    glfwSetKeyCallback(win.w, onKey);

    int fbw = 0, fbh = 0;
    glfwGetFramebufferSize(win.w, &fbw, &fbh);
    const MapStyle style = MapStyle::commandDark();
    const float ui_scale = std::clamp(fbh / 1080.0f, 0.8f, 3.0f);

    ImGuiSession imgui;
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    ImVector<ImWchar> ranges;
    buildGlyphRanges(map, &ranges);
    std::string font_path;
    try {
        font_path = mapFontPath();
    } catch (const Error& e) {
        std::fprintf(stderr, "jingwei: %s\n", e.what());
        return 3;
    }
    if (!io.Fonts->AddFontFromFileTTF(font_path.c_str(), std::round(22.0f * ui_scale), nullptr, ranges.Data)) {
        std::fprintf(stderr, "jingwei: cannot load the UI font %s\n", font_path.c_str());
        return 3;
    }
    applyTheme(style, ui_scale);
    imgui.glfw = ImGui_ImplGlfw_InitForOpenGL(win.w, true);
    imgui.gl = ImGui_ImplOpenGL3_Init("#version 130");
    if (!imgui.glfw || !imgui.gl) {
        std::fprintf(stderr, "jingwei: cannot initialise Dear ImGui's GLFW/OpenGL backends\n");
        return 3;
    }

    int rc = 0;
    {
        MapSceneOptions so;
        so.language = langCode(lang);
        so.show_legend = false;  // the ImGui legend replaces it
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

        CameraPose pose = fitBounds(homeBounds(map), fbw, fbh);
        bool dragging_left = false, dragging_right = false;
        ScreenPoint last_cursor;
        double frame_ms = 0;
        auto last_time = std::chrono::steady_clock::now();
        int frame = 0;
        std::vector<ScreenRect> panel_rects;  // ImGui windows of the previous frame (labels avoid them)

        while (!glfwWindowShouldClose(win.w)) {
            glfwPollEvents();
            int nw = 0, nh = 0;
            glfwGetFramebufferSize(win.w, &nw, &nh);
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
            int ww = 1, wh = 1;
            glfwGetWindowSize(win.w, &ww, &wh);
            double cx = 0, cy = 0;
            glfwGetCursorPos(win.w, &cx, &cy);
            const ScreenPoint cursor{cx * fbw / std::max(1, ww), cy * fbh / std::max(1, wh)};

            ImGui_ImplOpenGL3_NewFrame();
            ImGui_ImplGlfw_NewFrame();
            ImGui::NewFrame();

            // Map interaction (when ImGui does not want the mouse/keyboard).
            const bool mouse_free = !io.WantCaptureMouse;
            const bool left = glfwGetMouseButton(win.w, GLFW_MOUSE_BUTTON_LEFT) == GLFW_PRESS;
            const bool right = glfwGetMouseButton(win.w, GLFW_MOUSE_BUTTON_RIGHT) == GLFW_PRESS;
            if (left && !dragging_left && mouse_free) dragging_left = true;
            else if (!left) dragging_left = false;
            if (right && !dragging_right && mouse_free) dragging_right = true;
            else if (!right) dragging_right = false;
            if (dragging_left) pose = panPose(pose, fbw, fbh, last_cursor, cursor);
            if (dragging_right)
                pose = rotatePose(pose, (cursor.x - last_cursor.x) * 0.25, -(cursor.y - last_cursor.y) * 0.2);
            last_cursor = cursor;
            if (input.scroll_y != 0 && mouse_free) pose = zoomAbout(pose, fbw, fbh, cursor, std::pow(1.2, input.scroll_y));
            input.scroll_y = 0;
            if (!io.WantCaptureKeyboard) {
                for (int key : input.keys) {
                    if (key == GLFW_KEY_HOME || key == GLFW_KEY_H) pose = fitBounds(homeBounds(map), fbw, fbh, pose.view3d);
                    else if (key == GLFW_KEY_2 || key == GLFW_KEY_KP_2) pose = setView3d(pose, false);
                    else if (key == GLFW_KEY_3 || key == GLFW_KEY_KP_3) pose = setView3d(pose, true);
                }
            }
            input.keys.clear();

            scene.setLabelKeepOut(panel_rects);
            scene.update(pose, fbw, fbh);
            viewer->frame();
            panel_rects.clear();
            auto notePanel = [&] {
                const ImVec2 p = ImGui::GetWindowPos(), sz = ImGui::GetWindowSize();
                panel_rects.push_back(ScreenRect{p.x, p.y, p.x + sz.x, p.y + sz.y});
            };

            // Panels.
            const HudLayout& hud = scene.hudLayout();
            const float s = ui_scale;
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
            if (ImGui::Button(tr(Tr::Home, lang))) pose = fitBounds(homeBounds(map), fbw, fbh, pose.view3d);
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(tr(Tr::Language, lang));
            ImGui::SameLine(110 * s);
            Lang new_lang = lang;
            if (ImGui::RadioButton(languageName(Lang::Zh), lang == Lang::Zh)) new_lang = Lang::Zh;
            ImGui::SameLine();
            if (ImGui::RadioButton(languageName(Lang::En), lang == Lang::En)) new_lang = Lang::En;
            if (new_lang != lang) {
                lang = new_lang;
                scene.setLanguage(langCode(lang));
                glfwSetWindowTitle(win.w, tr(Tr::AppTitle, lang));
            }
            ImGui::Separator();
            ImGui::Text("%s  %.0f°   %s  %.0f°   %s  %s", tr(Tr::Heading, lang), pose.heading_deg,
                        tr(Tr::Tilt, lang), pose.tilt_deg, tr(Tr::Range, lang), formatRange(pose.range_m).c_str());
            ImGui::Text("%s  %.1f ms  (%.0f fps)", tr(Tr::FrameTime, lang), frame_ms,
                        frame_ms > 0 ? 1000.0 / frame_ms : 0.0);
            {
                std::string where = tr(Tr::NoGround, lang);
                if (const auto g = MapCamera(pose, fbw, fbh).screenToGround(cursor.x, cursor.y)) {
                    if (projector) {
                        const LonLat ll = projector->inverse(*g);
                        if (std::isfinite(ll.lon) && std::isfinite(ll.lat)) where = formatLonLat(ll);
                    } else {
                        char buf[64];
                        std::snprintf(buf, sizeof buf, "x %.0f  y %.0f", g->x, g->y);
                        where = buf;
                    }
                }
                ImGui::Text("%s  %s", tr(Tr::Cursor, lang), where.c_str());
            }
            ImGui::Separator();
            ImGui::PushTextWrapPos(0);
            ImGui::TextDisabled("%s", tr(Tr::Help, lang));
            ImGui::PopTextWrapPos();
            notePanel();
            ImGui::End();

            // Legend (bottom-right).
            {
                std::vector<RoadClass> classes;
                {
                    std::array<bool, kRoadClassCount> seen{};
                    for (const auto& e : map.roads.edges) seen[static_cast<int>(e.road_class)] = true;
                    for (int c = 0; c < kRoadClassCount; ++c)
                        if (seen[c]) classes.push_back(static_cast<RoadClass>(c));
                }
                bool districts = false, water = false;
                for (const auto& l : map.layers)
                    for (const auto& f : l.features) {
                        if (f.polygons.empty()) continue;
                        const AreaKind k = areaKind(l, f);
                        districts = districts || k == AreaKind::District;
                        water = water || k == AreaKind::Water;
                    }
                const float margin = 24 * s;
                ImGui::SetNextWindowPos(ImVec2(fbw - margin, fbh - margin), ImGuiCond_Always, ImVec2(1, 1));
                const std::string legend_title = std::string(tr(Tr::Legend, lang)) + "###legend";
                ImGui::Begin(legend_title.c_str(), nullptr,
                             ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings);
                const HudLang hl = lang == Lang::En ? HudLang::En : HudLang::Zh;
                auto row = [&](const std::string& label, const Color8& col, float width, bool glow,
                               bool area = false) {
                    const ImVec2 p = ImGui::GetCursorScreenPos();
                    const float lh = ImGui::GetTextLineHeight();
                    const float sw = 56 * s;
                    ImDrawList* dl = ImGui::GetWindowDrawList();
                    const ImVec2 a(p.x, p.y + lh * 0.5f), b(p.x + sw, p.y + lh * 0.5f);
                    if (area) {
                        dl->AddRectFilled(ImVec2(a.x, a.y - 7 * s), ImVec2(b.x, b.y + 7 * s), imColor(col));
                        dl->AddRect(ImVec2(a.x, a.y - 7 * s), ImVec2(b.x, b.y + 7 * s), imColor(style.water_outline),
                                    0.0f, 0, std::max(1.0f, width));
                    } else {
                        if (glow) dl->AddLine(a, b, imColor(col, 0.25f), width * 3);
                        dl->AddLine(a, b, imColor(col), std::max(1.0f, width));
                    }
                    ImGui::Dummy(ImVec2(sw, lh));
                    ImGui::SameLine();
                    ImGui::TextUnformatted(label.c_str());
                };
                for (RoadClass c : classes) {
                    const RoadStyle& rs = style.road(c);
                    row(roadClassLabel(c, hl), rs.color, rs.width_px * s, false);
                }
                if (districts)
                    row(hudText(HudText::DistrictBoundary, hl), style.district_outline, style.district_outline_px * s,
                        true);
                if (water) row(hudText(HudText::Water, hl), style.water_fill, style.water_outline_px * s, false, true);
                notePanel();
                ImGui::End();
            }

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
            glfwSwapBuffers(win.w);

            const auto now = std::chrono::steady_clock::now();
            const double ms = std::chrono::duration<double, std::milli>(now - last_time).count();
            last_time = now;
            frame_ms = frame_ms <= 0 ? ms : 0.9 * frame_ms + 0.1 * ms;
            if (last) break;
        }
        // Release OSG's GL objects while the context is still current.
        if (auto* gc = viewer->getCamera()->getGraphicsContext(); gc && gc->getState()) {
            scene.root()->releaseGLObjects(gc->getState());
            gc->close(true);
        }
        viewer = nullptr;
    }
    return rc;
}

}  // namespace jingwei
