#pragma once
// The workstation window: GLFW + embedded OSG map + Dear ImGui panels.
#include <string>

#include "mapdata/map_model.h"

namespace jingwei {

struct GuiOptions {
    std::string language = "zh";
    int width = 1600, height = 900;
    int max_frames = 0;           // 0 = until closed
    std::string screenshot_png;   // write the last frame (OSG+ImGui) here before exiting
};

// Runs the window until it is closed (or max_frames have been drawn).
// Returns 0 on success. Throws EnvironmentError when no window can be opened
// (no display: glfwInit fails) and Error when the screenshot cannot be written.
int runGui(const MapModel& map, const GuiOptions& opt);

}  // namespace jingwei
