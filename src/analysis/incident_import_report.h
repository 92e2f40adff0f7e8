#pragma once
// What an incident import kept and what it rejected. Rows that cannot be
// used (no coordinates, a bad time, outside the map) are never dropped
// silently: they are counted per reason, and the first few of each reason
// are kept with their file and line so the user can look them up.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace jingwei {

enum class RowProblem : std::uint8_t {
    MissingCoordinates = 0,  // empty longitude or latitude
    BadCoordinates,          // not a number, NaN/inf, or outside ±180/±90, or not a point geometry
    BadTime,                 // empty or unparseable time
    OutsideBounds,           // valid but outside the map (when bounds are given)
    Count
};
constexpr std::size_t kRowProblemCount = static_cast<std::size_t>(RowProblem::Count);

std::string_view rowProblemKey(RowProblem p);     // "missing coordinates"
std::string_view rowProblemNameZh(RowProblem p);  // "缺少坐标"

struct RowExample {
    RowProblem problem = RowProblem::MissingCoordinates;
    std::string file;
    std::string where;   // "line 27" (CSV) or "feature 12" (GeoJSON/GPKG)
    std::string detail;  // e.g. "longitude 'NaN' is not a finite number"
};

struct IncidentImportReport {
    std::size_t files = 0;
    std::size_t rows_read = 0;   // data rows / features seen
    std::size_t rows_valid = 0;  // rows that became incidents
    std::array<std::size_t, kRowProblemCount> rejected{};
    std::vector<RowExample> examples;  // the first few of each problem, in file order
    std::size_t max_examples_per_problem = 5;

    std::size_t rowsRejected() const;
    std::size_t count(RowProblem p) const { return rejected[static_cast<std::size_t>(p)]; }
    // Counts the row and keeps it as an example while there are fewer than
    // max_examples_per_problem of its kind.
    void reject(RowProblem p, const std::string& file, const std::string& where, const std::string& detail);
    // Several lines: totals, then one line per problem with its examples.
    std::string summary() const;
};

}  // namespace jingwei
