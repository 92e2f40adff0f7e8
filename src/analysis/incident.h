#pragma once
// Incidents (警情): one police-recorded event with an id, a time, a category
// with a priority, a position and the source it came from. An IncidentSet
// holds many of them as columns (struct of arrays) so filters and density
// estimates run over plain arrays; it also keeps local-time columns (day,
// hour, weekday) so re-filtering 10^6 incidents by hour takes milliseconds.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analysis/civil_time.h"
#include "core/geo.h"

namespace jingwei {

class Projector;

// Priority 1 (most urgent: 抢劫, 火警, violence) .. 4 (least: 求助, anti-social
// behaviour). 0 in an Incident means "use the category's priority".
constexpr int kHighestPriority = 1;
constexpr int kLowestPriority = 4;
constexpr int kDefaultPriority = 3;

// The priority the project gives a category name: the Chinese categories of
// the synthetic generator and the data.police.uk crime types are known;
// anything else gets kDefaultPriority.
int defaultCategoryPriority(std::string_view category);

struct IncidentCategory {
    std::string name;
    int priority = kDefaultPriority;
};

// One incident as a value, for building sets and reading rows back.
struct Incident {
    std::string id;
    std::int64_t time_s = 0;                          // UTC seconds since the epoch
    TimePrecision time_precision = TimePrecision::Second;  // Month: the source gives only a month
    std::string category;
    int priority = 0;                                 // 1..4; 0 = the category's
    GeoPoint pos;                                     // lon/lat, and x/y once projected
    std::string source;                               // file name, or "合成示例" for generated data
};

// Hour/weekday value of an incident whose source gives no time of day.
constexpr std::uint8_t kUnknownHour = 255;
constexpr std::uint8_t kUnknownWeekday = 255;

class IncidentSet {
public:
    // Local time (for hours, weekdays and dates) is UTC + local_utc_offset_s.
    explicit IncidentSet(std::int64_t local_utc_offset_s = 0) : utc_offset_s_(local_utc_offset_s) {}

    void reserve(std::size_t n);
    // Appends one incident; returns its index. A category seen for the first
    // time is registered with the incident's priority (or its default).
    std::uint32_t add(const Incident& inc);
    Incident get(std::size_t i) const;

    std::size_t size() const { return time_s_.size(); }
    bool empty() const { return time_s_.empty(); }
    std::int64_t localUtcOffset() const { return utc_offset_s_; }

    // Columns, one entry per incident.
    const std::vector<std::string>& ids() const { return id_; }
    const std::vector<std::int64_t>& times() const { return time_s_; }
    const std::vector<TimePrecision>& timePrecisions() const { return precision_; }
    const std::vector<std::uint16_t>& categoryIndex() const { return category_; }
    const std::vector<std::uint8_t>& priorities() const { return priority_; }
    const std::vector<GeoPoint>& positions() const { return pos_; }
    const std::vector<std::uint16_t>& sourceIndex() const { return source_; }
    // Local-time columns for filters: the first and last local day the
    // incident may fall on (equal unless the time is a month), hour 0..23 and
    // weekday 0 = Monday .. 6 = Sunday, or kUnknownHour / kUnknownWeekday.
    const std::vector<std::int32_t>& firstDay() const { return day_first_; }
    const std::vector<std::int32_t>& lastDay() const { return day_last_; }
    const std::vector<std::uint8_t>& hours() const { return hour_; }
    const std::vector<std::uint8_t>& weekdays() const { return weekday_; }

    // Dictionaries the index columns point into.
    const std::vector<IncidentCategory>& categories() const { return categories_; }
    const std::vector<std::string>& sources() const { return sources_; }
    // -1 when the set has no such category.
    int findCategory(std::string_view name) const;

    // Fills x/y of every incident from its lon/lat.
    void project(const Projector& projector);
    void project(const std::string& crs_spec);
    // The map CRS x/y are in ("" until projected).
    const std::string& crs() const { return crs_; }
    // Positions are writable for generators that create x/y first.
    std::vector<GeoPoint>& mutablePositions() { return pos_; }
    void setCrs(std::string crs) { crs_ = std::move(crs); }

    Bounds boundsLonLat() const;
    Bounds boundsXY() const;

private:
    std::uint16_t internCategory(const std::string& name, int priority);
    std::uint16_t internSource(const std::string& name);

    std::int64_t utc_offset_s_ = 0;
    std::string crs_;
    std::vector<std::string> id_;
    std::vector<std::int64_t> time_s_;
    std::vector<TimePrecision> precision_;
    std::vector<std::uint16_t> category_;
    std::vector<std::uint8_t> priority_;
    std::vector<GeoPoint> pos_;
    std::vector<std::uint16_t> source_;
    std::vector<std::int32_t> day_first_, day_last_;
    std::vector<std::uint8_t> hour_, weekday_;
    std::vector<IncidentCategory> categories_;
    std::unordered_map<std::string, std::uint16_t> category_lookup_;
    std::vector<std::string> sources_;
    std::unordered_map<std::string, std::uint16_t> source_lookup_;
};

}  // namespace jingwei
