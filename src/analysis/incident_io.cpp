#include "analysis/incident_io.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "analysis/incident_csv.h"
#include "analysis/incident_vector.h"
#include "core/error.h"

namespace jingwei {
namespace {

std::string lowerExt(const std::string& path) {
    std::string e = std::filesystem::path(path).extension().string();
    std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
    return e;
}

bool isIncidentFile(const std::string& path) {
    const std::string e = lowerExt(path);
    return e == ".csv" || e == ".geojson" || e == ".json" || e == ".gpkg";
}

void merge(IncidentSet& into, const IncidentSet& from) {
    into.reserve(into.size() + from.size());
    for (std::size_t i = 0; i < from.size(); ++i) into.add(from.get(i));
}

}  // namespace

std::vector<std::string> expandIncidentPaths(const std::vector<std::string>& paths) {
    std::vector<std::string> out;
    for (const auto& p : paths) {
        if (!std::filesystem::exists(p)) throw Error(p, "", "file not found");
        if (!std::filesystem::is_directory(p)) {
            out.push_back(p);
            continue;
        }
        std::vector<std::string> files;
        for (const auto& e : std::filesystem::directory_iterator(p))
            if (e.is_regular_file() && isIncidentFile(e.path().string())) files.push_back(e.path().string());
        if (files.empty()) throw Error(p, "", "the directory holds no .csv, .geojson or .gpkg files");
        std::sort(files.begin(), files.end());
        out.insert(out.end(), files.begin(), files.end());
    }
    return out;
}

IncidentSet readIncidents(const std::vector<std::string>& paths, const IncidentReadOptions& opt,
                          IncidentImportReport* report, const Progress& progress) {
    const std::vector<std::string> files = expandIncidentPaths(paths);
    IncidentImportReport local;
    IncidentImportReport& r = report ? *report : local;
    IncidentSet set(opt.utc_offset_s);
    // Consecutive CSV files are read in one go (one progress bar).
    std::size_t i = 0;
    while (i < files.size()) {
        const double f0 = static_cast<double>(i) / static_cast<double>(files.size());
        if (lowerExt(files[i]) == ".csv") {
            std::size_t j = i;
            while (j < files.size() && lowerExt(files[j]) == ".csv") ++j;
            const double f1 = static_cast<double>(j) / static_cast<double>(files.size());
            Progress sub{[&](double f, std::string_view s) { return !progress.callback || progress.callback(f0 + (f1 - f0) * f, s); }};
            IncidentSet part = readIncidentsCsv(std::vector<std::string>(files.begin() + static_cast<std::ptrdiff_t>(i),
                                                                         files.begin() + static_cast<std::ptrdiff_t>(j)),
                                                opt, &r, sub);
            if (set.empty()) set = std::move(part);
            else merge(set, part);
            i = j;
        } else {
            const double f1 = static_cast<double>(i + 1) / static_cast<double>(files.size());
            Progress sub{[&](double f, std::string_view s) { return !progress.callback || progress.callback(f0 + (f1 - f0) * f, s); }};
            IncidentSet part = readIncidentsVector(files[i], opt, &r, sub);
            if (set.empty()) set = std::move(part);
            else merge(set, part);
            ++i;
        }
    }
    return set;
}

void writeIncidents(const IncidentSet& set, const std::string& path, const Progress& progress) {
    const std::string e = lowerExt(path);
    if (e == ".csv") writeIncidentsCsv(set, path, progress);
    else if (e == ".geojson" || e == ".json") writeIncidentsVector(set, path, VectorFormat::GeoJSON, progress);
    else if (e == ".gpkg") writeIncidentsVector(set, path, VectorFormat::GeoPackage, progress);
    else throw Error(path, "", "unknown incident file type '" + e + "' (use .csv, .geojson or .gpkg)");
}

}  // namespace jingwei
