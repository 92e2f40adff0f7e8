#pragma once
// The pieces every CLI verb shares: exit codes, the common options and map
// loading with console progress. Each verb lives in its own cmd_<verb>.cpp
// and registers itself from main.cpp.
#include <CLI/CLI.hpp>

#include <functional>
#include <string>

#include "mapdata/map_model.h"

namespace jingwei::cli {

enum Exit { kOk = 0, kFailed = 1, kUsage = 2, kEnvironment = 3, kCancelled = 130 };

// Thrown by a verb for a bad option value found after parsing (exit 2).
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct CommonOptions {
    std::string map = "futian";
    std::string data_dir;
    std::string lang = "zh";
};

void addCommonOptions(CLI::App* cmd, CommonOptions& c);
// Loads the map with console progress (Ctrl-C cancels) and prints any notice.
MapModel loadMapWithProgress(const CommonOptions& c);
// Parses "1920x1080"; throws UsageError naming the option.
void parseSize(const std::string& option, const std::string& s, int* w, int* h);

// A verb: its subcommand and what to run when it was chosen. Options live
// in state captured by `run`.
struct Command {
    CLI::App* sub = nullptr;
    std::function<int()> run;
};

Command addRenderCommand(CLI::App& app);
Command addGuiCommand(CLI::App& app);
Command addInfoCommand(CLI::App& app);
Command addDensityCommand(CLI::App& app);
Command addImportCommand(CLI::App& app);
Command addRingsCommand(CLI::App& app);
Command addSimulateCommand(CLI::App& app);
Command addPlaceCommand(CLI::App& app);

}  // namespace jingwei::cli
