#pragma once
// Incidents for a map, as the gui and render verbs take them: files read
// with analysis::readIncidents (rows outside the map are counted and
// reported) or synthetic ones (合成示例) generated on the map's roads, in
// both cases projected into the map's CRS.
#include <memory>
#include <string>
#include <vector>

#include "analysis/incident.h"
#include "mapdata/map_model.h"

namespace jingwei::cli {

struct MapIncidents {
    std::shared_ptr<IncidentSet> set;
    std::string label;       // file name(s), or "seed S" (synthetic: shown after the 合成示例 tag)
    bool synthetic = false;
};

// `spec` is files/directories or one "synthetic[:N[:seed]]". utc_offset_h:
// zone of times written without one. Prints a short report to stdout.
// Throws UsageError for a malformed synthetic spec and Error when nothing
// usable was read.
MapIncidents loadMapIncidents(const std::vector<std::string>& spec, const MapModel& map, double utc_offset_h = 0);

}  // namespace jingwei::cli
