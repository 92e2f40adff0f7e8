#include "analysis/incident_import_report.h"

#include <sstream>

namespace jingwei {

std::string_view rowProblemKey(RowProblem p) {
    switch (p) {
        case RowProblem::MissingCoordinates: return "missing coordinates";
        case RowProblem::BadCoordinates: return "bad coordinates";
        case RowProblem::BadTime: return "bad time";
        case RowProblem::OutsideBounds: return "outside the map";
        case RowProblem::Count: break;
    }
    return "?";
}

std::string_view rowProblemNameZh(RowProblem p) {
    switch (p) {
        case RowProblem::MissingCoordinates: return "缺少坐标";
        case RowProblem::BadCoordinates: return "坐标无效";
        case RowProblem::BadTime: return "时间无效";
        case RowProblem::OutsideBounds: return "超出地图范围";
        case RowProblem::Count: break;
    }
    return "?";
}

std::size_t IncidentImportReport::rowsRejected() const {
    std::size_t n = 0;
    for (std::size_t c : rejected) n += c;
    return n;
}

void IncidentImportReport::reject(RowProblem p, const std::string& file, const std::string& where,
                          const std::string& detail) {
    const std::size_t k = static_cast<std::size_t>(p);
    if (rejected[k]++ < max_examples_per_problem) examples.push_back(RowExample{p, file, where, detail});
}

std::string IncidentImportReport::summary() const {
    std::ostringstream o;
    o << "读取 " << rows_read << " 行 (rows read), 有效 " << rows_valid << " (valid), 拒绝 " << rowsRejected()
      << " (rejected) from " << files << " file(s)";
    for (std::size_t k = 0; k < kRowProblemCount; ++k) {
        if (!rejected[k]) continue;
        const auto p = static_cast<RowProblem>(k);
        o << "\n  " << rowProblemNameZh(p) << " (" << rowProblemKey(p) << "): " << rejected[k];
        for (const auto& e : examples)
            if (e.problem == p) o << "\n    e.g. " << e.file << ": " << e.where << ": " << e.detail;
    }
    return o.str();
}

}  // namespace jingwei
