#pragma once
// Options shared by the incident readers (CSV, GeoJSON, GeoPackage): which
// columns or attributes hold what, how times are written, and which rows
// count as outside the map.
#include <cstdint>
#include <optional>
#include <string>

#include "core/geo.h"

namespace jingwei {

// Column (CSV) or attribute (GeoJSON/GPKG) names. Empty = detect from the
// header, case-insensitively, among common names:
//   id:       "Crime ID", id, incident_id, 编号, 警情编号
//   lon/lat:  Longitude/Latitude, lon/lat, lng, 经度/纬度   (CSV only; vector files use the point geometry)
//   time:     Month, time, datetime, timestamp, date, 时间, 报警时间, 发生时间
//   category: "Crime type", category, type, 类别, 警情类别
//   priority: priority, 优先级
//   source:   source, 来源
// With these defaults the data.police.uk street CSVs read as they are.
// A name given here that the file lacks is an error listing the header.
struct IncidentFields {
    std::string id, lon, lat, time, category, priority, source;
};

struct IncidentReadOptions {
    IncidentFields fields;
    std::string time_format = "auto";   // see parseTime() in civil_time.h
    // Zone of times written without one, in seconds east of UTC (China:
    // 8*3600). The resulting IncidentSet uses it as its local time.
    std::int64_t utc_offset_s = 0;
    // When given, valid rows outside these lon/lat bounds are rejected as
    // RowProblem::OutsideBounds.
    std::optional<Bounds> bounds_lonlat;
    std::string source;                 // the incidents' source; "" = the file name
    std::string default_category = "未分类";  // for rows with an empty category
    std::size_t max_examples = 5;       // kept per problem in the IncidentImportReport
    bool strict = false;                // the first invalid row throws Error instead
    char delimiter = ',';               // CSV only
    std::string layer;                  // GeoJSON/GPKG: layer name ("" = the first)
};

}  // namespace jingwei
