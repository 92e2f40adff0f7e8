#include "analysis/incident.h"

#include <algorithm>
#include <utility>

#include "core/crs.h"
#include "core/error.h"

namespace jingwei {

int defaultCategoryPriority(std::string_view c) {
    // Chinese categories (the synthetic generator's and common 110 types).
    static const std::pair<std::string_view, int> kTable[] = {
        {"抢劫", 1}, {"火警", 1}, {"持械", 1}, {"命案", 1}, {"绑架", 1}, {"爆炸", 1},
        {"斗殴", 2}, {"交通事故", 2}, {"伤害", 2}, {"入室盗窃", 2}, {"抢夺", 2},
        {"盗窃", 3}, {"纠纷", 3}, {"诈骗", 3}, {"涉毒", 3}, {"其他", 3},
        {"求助", 4}, {"噪音扰民", 4}, {"咨询", 4},
        // data.police.uk crime types.
        {"Violence and sexual offences", 1}, {"Robbery", 1}, {"Possession of weapons", 1},
        {"Burglary", 2}, {"Criminal damage and arson", 2}, {"Public order", 2},
        {"Vehicle crime", 3}, {"Theft from the person", 3}, {"Drugs", 3}, {"Other theft", 3},
        {"Shoplifting", 3}, {"Bicycle theft", 3}, {"Other crime", 3},
        {"Anti-social behaviour", 4},
    };
    for (const auto& [name, p] : kTable)
        if (name == c) return p;
    return kDefaultPriority;
}

void IncidentSet::reserve(std::size_t n) {
    id_.reserve(n);
    time_s_.reserve(n);
    precision_.reserve(n);
    category_.reserve(n);
    priority_.reserve(n);
    pos_.reserve(n);
    source_.reserve(n);
    day_first_.reserve(n);
    day_last_.reserve(n);
    hour_.reserve(n);
    weekday_.reserve(n);
}

std::uint16_t IncidentSet::internCategory(const std::string& name, int priority) {
    if (auto it = category_lookup_.find(name); it != category_lookup_.end()) return it->second;
    if (categories_.size() >= 65535) throw Error("", "category '" + name + "'", "more than 65535 categories");
    const auto idx = static_cast<std::uint16_t>(categories_.size());
    categories_.push_back(IncidentCategory{name, priority > 0 ? priority : defaultCategoryPriority(name)});
    category_lookup_.emplace(name, idx);
    return idx;
}

std::uint16_t IncidentSet::internSource(const std::string& name) {
    if (auto it = source_lookup_.find(name); it != source_lookup_.end()) return it->second;
    if (sources_.size() >= 65535) throw Error("", "source '" + name + "'", "more than 65535 sources");
    const auto idx = static_cast<std::uint16_t>(sources_.size());
    sources_.push_back(name);
    source_lookup_.emplace(name, idx);
    return idx;
}

std::uint32_t IncidentSet::add(const Incident& inc) {
    if (time_s_.size() >= 0xffffffffu) throw Error("", "", "more than 2^32-1 incidents in one set");
    const auto idx = static_cast<std::uint32_t>(time_s_.size());
    const std::uint16_t cat = internCategory(inc.category, inc.priority);
    const int prio = inc.priority > 0 ? inc.priority : categories_[cat].priority;
    id_.push_back(inc.id);
    time_s_.push_back(inc.time_s);
    precision_.push_back(inc.time_precision);
    category_.push_back(cat);
    priority_.push_back(static_cast<std::uint8_t>(std::clamp(prio, kHighestPriority, kLowestPriority)));
    pos_.push_back(inc.pos);
    source_.push_back(internSource(inc.source));

    const std::int64_t local = inc.time_s + utc_offset_s_;
    const std::int64_t day = floorDays(local);
    std::int64_t last = day;
    std::uint8_t hour = kUnknownHour, wd = kUnknownWeekday;
    switch (inc.time_precision) {
        case TimePrecision::Second:
            hour = static_cast<std::uint8_t>((local - day * 86400) / 3600);
            wd = static_cast<std::uint8_t>(weekdayFromDays(day));
            break;
        case TimePrecision::Day:
            wd = static_cast<std::uint8_t>(weekdayFromDays(day));
            break;
        case TimePrecision::Month: {
            const CivilDate d = civilFromDays(day);
            last = daysFromCivil(d.year, d.month, 1) + daysInMonth(d.year, d.month) - 1;
            break;
        }
    }
    day_first_.push_back(static_cast<std::int32_t>(day));
    day_last_.push_back(static_cast<std::int32_t>(last));
    hour_.push_back(hour);
    weekday_.push_back(wd);
    return idx;
}

Incident IncidentSet::get(std::size_t i) const {
    Incident r;
    r.id = id_.at(i);
    r.time_s = time_s_[i];
    r.time_precision = precision_[i];
    r.category = categories_[category_[i]].name;
    r.priority = priority_[i];
    r.pos = pos_[i];
    r.source = sources_[source_[i]];
    return r;
}

int IncidentSet::findCategory(std::string_view name) const {
    const auto it = category_lookup_.find(std::string(name));
    return it == category_lookup_.end() ? -1 : it->second;
}

void IncidentSet::project(const Projector& projector) {
    projector.forward(pos_);
    crs_ = projector.crs();
}

void IncidentSet::project(const std::string& crs_spec) {
    const Bounds b = boundsLonLat();
    const std::string crs =
        resolveCrsSpec(crs_spec, b.empty() ? LonLat{} : LonLat{b.centerX(), b.centerY()});
    project(Projector(crs));
}

Bounds IncidentSet::boundsLonLat() const {
    Bounds b;
    for (const auto& p : pos_) b.add(p.lon, p.lat);
    return b;
}

Bounds IncidentSet::boundsXY() const {
    Bounds b;
    for (const auto& p : pos_) b.add(p.x, p.y);
    return b;
}

}  // namespace jingwei
