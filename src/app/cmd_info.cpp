// jingwei info: what a map holds.
#include <cstdio>
#include <iostream>
#include <memory>

#include "app/command.h"
#include "mapdata/road_class.h"

namespace jingwei::cli {

Command addInfoCommand(CLI::App& app) {
    auto o = std::make_shared<CommonOptions>();
    CLI::App* cmd = app.add_subcommand("info", "print what a map holds (CRS, counts, extent)");
    addCommonOptions(cmd, *o);
    return {cmd, [o]() -> int {
                const MapModel m = loadMapWithProgress(*o);
                const Bounds b = m.homeBoundsXY();
                std::cout << "map: " << m.name << (m.synthetic ? " (合成示例 synthetic)" : "") << "\n"
                          << "crs: " << m.crs << "\n"
                          << "road nodes: " << m.roads.nodes.size() << "\n"
                          << "road edges: " << m.roads.edges.size() << "\n";
                std::size_t counts[kRoadClassCount] = {};
                for (const auto& e : m.roads.edges) ++counts[static_cast<int>(e.road_class)];
                for (int c = 0; c < kRoadClassCount; ++c)
                    if (counts[c])
                        std::cout << "  " << roadClassKey(static_cast<RoadClass>(c)) << " ("
                                  << roadClassNameZh(static_cast<RoadClass>(c)) << "): " << counts[c] << "\n";
                for (const auto& l : m.layers)
                    std::cout << "layer " << l.name << ": " << l.features.size() << " features\n";
                std::printf("road extent: %.0f x %.0f m\n", b.width(), b.height());
                return kOk;
            }};
}

}  // namespace jingwei::cli
