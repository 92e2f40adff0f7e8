// jingwei: the workstation executable. Each verb is in cmd_<verb>.cpp.
// Exit codes: 0 ok, 1 bad input or failed operation, 2 usage error,
//             3 environment (no display / no EGL), 130 cancelled (Ctrl-C).
#include <CLI/CLI.hpp>

#include <iostream>
#include <vector>

#include "app/command.h"
#include "app/console_progress.h"
#include "core/error.h"
#include "core/progress.h"

using namespace jingwei;
using namespace jingwei::cli;

int main(int argc, char** argv) {
    CLI::App app{"经纬 Jingwei: geographic command and simulation workstation"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "jingwei 0.1.0");

    const std::vector<Command> commands = {
        addGuiCommand(app),
        addRenderCommand(app),
        addInfoCommand(app),
        addDensityCommand(app),
        addImportCommand(app),
        addRingsCommand(app),
        addSimulateCommand(app),
        addPlaceCommand(app),
    };

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? kOk : kUsage;
    }

    for (const Command& c : commands) {
        if (!c.sub->parsed()) continue;
        const std::string verb = "jingwei " + c.sub->get_name();
        try {
            return c.run();
        } catch (const UsageError& e) {
            std::cerr << verb << ": " << e.what() << "\n";
            return kUsage;
        } catch (const Cancelled&) {
            finishConsoleProgress();
            std::cerr << verb << ": cancelled\n";
            return kCancelled;
        } catch (const EnvironmentError& e) {
            finishConsoleProgress();
            std::cerr << verb << ": " << e.what() << "\n";
            return kEnvironment;
        } catch (const Error& e) {
            finishConsoleProgress();
            std::cerr << verb << ": error: " << e.what() << "\n";
            return kFailed;
        } catch (const std::exception& e) {
            finishConsoleProgress();
            std::cerr << verb << ": unexpected error: " << e.what() << "\n";
            return kFailed;
        }
    }
    return kUsage;
}
