#pragma once
// The workstation window: GLFW + embedded OSG map + Dear ImGui panels.
// Panels beyond the built-in ones (map/view, layers, attributes, legend) are
// plugged in through GuiOptions::panels (ui/gui_panel.h); overlays through
// MapScene::addOverlay from a panel's attach() (render/overlay_layer.h).
#include <functional>
#include <string>
#include <vector>

#include "core/progress.h"
#include "mapdata/map_model.h"
#include "ui/gui_panel.h"

namespace jingwei {

struct GuiOptions {
    std::string language = "zh";
    int width = 1600, height = 900;
    int max_frames = 0;           // 0 = until closed
    std::string screenshot_png;   // write the last frame (OSG+ImGui) here before exiting
    std::vector<GuiPanelPtr> panels;  // extra panels, drawn in this order after the built-in ones
};

// Runs the window until it is closed (or max_frames have been drawn).
// Returns 0 on success. Throws EnvironmentError when no window can be opened
// (no display: glfwInit fails) and Error when the screenshot cannot be written.
int runGui(const MapModel& map, const GuiOptions& opt);

// Opens the window first and runs `loader` on a worker thread, showing its
// Progress (fraction and stage) with a cancel button; the map appears when
// it returns. Cancel makes the Progress callback return false (the loader
// throws Cancelled) and closes the window: returns 130. A loader that throws
// another error shows it in the window until it is closed: returns 1.
// With max_frames, frames spent loading do not count. The loader may append
// to opt.panels (panels that need the loaded map); they are read after it
// returns.
using MapLoader = std::function<MapModel(const Progress&)>;
int runGui(MapLoader loader, const GuiOptions& opt);

}  // namespace jingwei
