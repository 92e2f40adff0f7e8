#include "app/command.h"

#include <iostream>
#include <sstream>

#include "app/console_progress.h"
#include "core/paths.h"
#include "mapdata/map_manifest.h"

namespace jingwei::cli {

void addCommonOptions(CLI::App* cmd, CommonOptions& c) {
    cmd->add_option("--map", c.map, "map name in maps/ (futian, synthetic, ...) or a manifest .yaml")
        ->capture_default_str();
    cmd->add_option("--data-dir", c.data_dir,
                    "sample-data directory (default $JINGWEI_DATA_DIR or " + defaultDataDir() + ")");
    cmd->add_option("--lang", c.lang, "language of labels and UI: zh or en")
        ->check(CLI::IsMember({"zh", "en"}))
        ->capture_default_str();
}

MapModel loadMapWithProgress(const CommonOptions& c) {
    LoadOptions o;
    o.data_dir = c.data_dir;
    o.progress = consoleProgress("加载地图 " + c.map);
    MapModel m = loadMap(c.map, o);
    finishConsoleProgress();
    if (!m.notice.empty()) std::cerr << "注意: " << m.notice << "\n";
    return m;
}

void parseSize(const std::string& option, const std::string& s, int* w, int* h) {
    char x = 0;
    std::istringstream in(s);
    if (!(in >> *w >> x >> *h) || (x != 'x' && x != 'X') || *w < 16 || *h < 16 || *w > 16384 ||
        *h > 16384 || in.peek() != EOF)
        throw UsageError(option + " must be WxH between 16 and 16384, e.g. 1920x1080 (got '" + s + "')");
}

}  // namespace jingwei::cli
