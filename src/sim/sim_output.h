#pragma once
// Writing a run's results into a directory:
//   metrics.json            every metric (metrics.h), the scenario, the seed, the event-log hash
//   summary.csv             response statistics overall / by priority / district / category
//   incidents.csv           one row per call: times, outcome, reason, units
//   units.csv               one row per unit: jobs, time by status, utilisation
//   coverage.csv            coverage samples over time
//   events.gpkg             the event log as points with times (layer events) and the
//                           calls (layer incidents), in the map's CRS
//   response_time.png       histogram of response times with the CDF and the standards
//   coverage.png            coverage over time
//   utilisation.png         time by status per unit
// Every file goes through a temporary file and a rename.
#include <string>
#include <vector>

#include "core/progress.h"
#include "sim/metrics.h"
#include "sim/run_record.h"

namespace jingwei::sim {

struct OutputOptions {
    bool gpkg = true;
    bool charts = true;
    bool csv = true;
    // Extra facts for metrics.json ("run": wall times, events/s, memory ...).
    std::vector<std::pair<std::string, double>> run_facts;
};

std::vector<std::string> writeRunOutputs(const std::string& dir, const RunRecord& r, const SimMetrics& m,
                                         const OutputOptions& o = {}, const Progress& progress = {});

void writeMetricsJson(const std::string& path, const RunRecord& r, const SimMetrics& m, const OutputOptions& o = {});
void writeEventsGpkg(const std::string& path, const RunRecord& r, const Progress& progress = {});
void writeResponseChart(const std::string& path, const SimMetrics& m);
void writeCoverageChart(const std::string& path, const SimMetrics& m);
void writeUtilisationChart(const std::string& path, const SimMetrics& m);

// ISO 8601 local time of a simulation time ("2025-06-06T18:20:05+08:00").
std::string isoTime(const RunRecord& r, SimTime t);

}  // namespace jingwei::sim
