#include "app/incident_source.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "analysis/incident_io.h"
#include "analysis/synthetic_incidents.h"
#include "app/command.h"
#include "app/console_progress.h"
#include "core/crs.h"
#include "core/error.h"

namespace jingwei::cli {

namespace {

// "synthetic", "synthetic:N" or "synthetic:N:seed" (as `jingwei density` takes it).
bool parseSyntheticSpec(const std::string& s, std::size_t* n, std::uint64_t* seed) {
    if (s.rfind("synthetic", 0) != 0) return false;
    const std::string rest = s.substr(9);
    if (rest.empty()) return true;
    if (rest[0] != ':') return false;
    std::istringstream in(rest.substr(1));
    unsigned long long count = 0, sd = 0;
    char colon = 0;
    if (!(in >> count) || count == 0 || count > 100000000ull)
        throw UsageError("--incidents synthetic:N needs 1 ≤ N ≤ 10^8 (got '" + s + "')");
    *n = count;
    if (in >> colon) {
        if (colon != ':' || !(in >> sd)) throw UsageError("--incidents synthetic:N:seed expected (got '" + s + "')");
        *seed = sd;
    }
    if (in.peek() != EOF) throw UsageError("--incidents synthetic:N:seed expected (got '" + s + "')");
    return true;
}


}  // namespace

MapIncidents loadMapIncidents(const std::vector<std::string>& spec, const MapModel& map, double utc_offset_h) {
    MapIncidents out;
    std::size_t n = 10000;
    std::uint64_t seed = SyntheticIncidentParams{}.seed;
    if (spec.size() == 1 && parseSyntheticSpec(spec[0], &n, &seed)) {
        SyntheticIncidentParams p;
        p.count = n;
        p.seed = seed;
        const auto t0 = std::chrono::steady_clock::now();
        out.set = std::make_shared<IncidentSet>(generateSyntheticIncidents(map, p, consoleProgress("生成合成警情")));
        finishConsoleProgress();
        out.synthetic = true;
        out.label = "seed " + std::to_string(seed);  // shown after the 合成示例 tag
        std::printf("合成示例 synthetic incidents: %zu (seed %llu) in %.2f s\n", out.set->size(),
                    static_cast<unsigned long long>(seed),
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        return out;
    }
    IncidentReadOptions ro;
    ro.utc_offset_s = static_cast<std::int64_t>(std::llround(utc_offset_h * 3600));
    const Bounds b = map.homeBoundsLonLat();
    if (!b.empty()) ro.bounds_lonlat = b;
    IncidentImportReport report;
    IncidentSet set = readIncidents(spec, ro, &report, consoleProgress("读取警情"));
    finishConsoleProgress();
    std::cout << report.summary() << "\n";
    if (set.empty()) {
        if (report.count(RowProblem::OutsideBounds) > 0)
            throw Error(spec.front(), "", "every valid incident is outside the map '" + map.name + "'; use another --map");
        throw Error(spec.front(), "", "no valid incidents to map");
    }
    if (map.crs.empty()) throw Error(spec.front(), "", "the map has no CRS to project the incidents into");
    set.project(Projector(map.crs));
    out.set = std::make_shared<IncidentSet>(std::move(set));
    for (const auto& s : spec) {
        if (!out.label.empty()) out.label += ", ";
        out.label += std::filesystem::path(s).filename().string();
    }
    return out;
}

}  // namespace jingwei::cli
