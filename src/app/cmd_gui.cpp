// jingwei gui: the workstation window.
#include <iostream>
#include <memory>

#include "app/command.h"
#ifdef JINGWEI_HAVE_GUI
#include "ui/gui_app.h"
#endif

namespace jingwei::cli {

Command addGuiCommand(CLI::App& app) {
    struct Opts {
        CommonOptions common;
        std::string size = "1600x900", screenshot;
        int frames = 0;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* cmd = app.add_subcommand("gui", "open the workstation window (needs a display)");
    addCommonOptions(cmd, o->common);
    cmd->add_option("--size", o->size, "window size WxH")->capture_default_str();
    cmd->add_option("--frames", o->frames, "quit after N frames (0 = run until closed); for tests")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--screenshot", o->screenshot, "write the last frame to this PNG before quitting");
    return {cmd, [o]() -> int {
#ifdef JINGWEI_HAVE_GUI
                GuiOptions g;
                g.language = o->common.lang;
                g.max_frames = o->frames;
                g.screenshot_png = o->screenshot;
                parseSize("--size", o->size, &g.width, &g.height);
                const MapModel m = loadMapWithProgress(o->common);
                return runGui(m, g);
#else
                std::cerr << "jingwei gui: this build has no GUI (configured with JINGWEI_BUILD_GUI=OFF)\n";
                return kEnvironment;
#endif
            }};
}

}  // namespace jingwei::cli
