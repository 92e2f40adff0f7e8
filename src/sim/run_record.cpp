#include "sim/run_record.h"

#include <algorithm>

namespace jingwei::sim {

std::string_view unitKindKey(UnitKind k) {
    static constexpr std::string_view keys[] = {"station", "post", "patrol", "forward", "swat", "mobile"};
    return k < UnitKind::Count ? keys[static_cast<int>(k)] : "?";
}
std::string_view unitKindNameZh(UnitKind k) {
    static constexpr std::string_view names[] = {"派出所", "警务站", "巡逻", "前置屯警", "特警", "应急机动"};
    return k < UnitKind::Count ? names[static_cast<int>(k)] : "?";
}
std::string_view unitStatusKey(UnitStatus s) {
    static constexpr std::string_view keys[] = {"idle", "en_route", "on_scene", "returning", "off_duty"};
    return s < UnitStatus::Count ? keys[static_cast<int>(s)] : "?";
}
std::string_view unitStatusNameZh(UnitStatus s) {
    static constexpr std::string_view names[] = {"空闲", "出警", "处置", "返回", "不在岗"};
    return s < UnitStatus::Count ? names[static_cast<int>(s)] : "?";
}
std::string_view unservedReasonKey(UnservedReason r) {
    static constexpr std::string_view keys[] = {"none",    "off_network", "unreachable",   "no_eligible_units",
                                                "timeout", "queued_at_end", "en_route_at_end"};
    return r < UnservedReason::Count ? keys[static_cast<int>(r)] : "?";
}
std::string_view unservedReasonNameZh(UnservedReason r) {
    static constexpr std::string_view names[] = {"无", "不在路网", "无法到达", "无可派警力", "等待超时", "结束时仍在排队", "结束时仍在途中"};
    return r < UnservedReason::Count ? names[static_cast<int>(r)] : "?";
}
std::string_view incidentPhaseKey(IncidentPhase p) {
    static constexpr std::string_view keys[] = {"waiting", "assigned", "on_scene", "closed"};
    return keys[static_cast<int>(p)];
}

std::string_view eventTypeKey(EventType t) {
    static constexpr std::string_view keys[] = {
        "call",   "queued",   "dispatch", "preempt",  "arrive_scene",   "clear",          "recall",
        "return", "at_post",  "shift_on", "shift_off", "unserved",      "closure_start",  "closure_end",
        "congestion_start", "congestion_end", "surge_start", "surge_end"};
    static_assert(sizeof keys / sizeof keys[0] == static_cast<std::size_t>(EventType::Count));
    return t < EventType::Count ? keys[static_cast<int>(t)] : "?";
}
std::string_view eventTypeNameZh(EventType t) {
    static constexpr std::string_view names[] = {
        "接警", "排队", "派警", "改派", "到场", "处置完毕", "撤回", "返回", "归位",
        "上岗", "下岗", "未处置", "封路开始", "封路结束", "拥堵开始", "拥堵结束", "大型活动开始", "大型活动结束"};
    static_assert(sizeof names / sizeof names[0] == static_cast<std::size_t>(EventType::Count));
    return t < EventType::Count ? names[static_cast<int>(t)] : "?";
}

std::uint64_t hashEvent(std::uint64_t h, const EventRecord& e) {
    auto mix = [&h](std::uint64_t v, int bytes) {
        for (int i = 0; i < bytes; ++i) {
            h ^= (v >> (8 * i)) & 0xFF;
            h *= 0x100000001b3ull;
        }
    };
    mix(static_cast<std::uint64_t>(e.t), 8);
    mix(static_cast<std::uint64_t>(e.type), 1);
    mix(e.unit, 4);
    mix(e.incident, 4);
    mix(e.node, 4);
    mix(e.aux, 4);
    return h;
}

std::uint64_t hashEvents(std::span<const EventRecord> events) {
    std::uint64_t h = kEventHashSeed;
    for (const EventRecord& e : events) h = hashEvent(h, e);
    return h;
}

XY legPosition(const SimNetwork& net, const LegRecord& leg, std::span<const ArcId> arcs,
               std::span<const std::uint32_t> ends, SimTime t) {
    if (leg.arc_count == 0 || arcs.empty()) {
        const XY a = net.nodeXY(leg.from), b = net.nodeXY(leg.to);
        if (leg.end <= leg.depart || t <= leg.depart) return a;
        if (t >= leg.end) return b;
        const double f = static_cast<double>(t - leg.depart) / static_cast<double>(leg.end - leg.depart);
        return {a.x + f * (b.x - a.x), a.y + f * (b.y - a.y)};
    }
    SimTime e = t - leg.depart;
    if (leg.period > 0) {
        e %= leg.period;
        if (e < 0) e += leg.period;
    }
    if (e <= 0) return net.arcPoint(arcs[0], leg.first_fraction);
    const auto it = std::upper_bound(ends.begin(), ends.end(), static_cast<std::uint64_t>(e),
                                     [](std::uint64_t v, std::uint32_t x) { return v < x; });
    if (it == ends.end()) return net.arcPoint(arcs.back(), 1.0);
    const std::size_t i = static_cast<std::size_t>(it - ends.begin());
    const double s0 = i == 0 ? 0.0 : static_cast<double>(ends[i - 1]);
    const double s1 = static_cast<double>(ends[i]);
    const double f0 = i == 0 ? leg.first_fraction : 0.0;
    const double u = s1 > s0 ? (static_cast<double>(e) - s0) / (s1 - s0) : 1.0;
    return net.arcPoint(arcs[i], f0 + (1.0 - f0) * u);
}

XY legPosition(const RunRecord& r, const LegRecord& leg, SimTime t) {
    return legPosition(*r.network, leg, std::span<const ArcId>(r.leg_arcs).subspan(leg.arc_begin, leg.arc_count),
                       std::span<const std::uint32_t>(r.leg_ends).subspan(leg.arc_begin, leg.arc_count), t);
}

std::size_t RunRecord::memoryBytes() const {
    std::size_t b = incidents.capacity() * sizeof(IncidentRecord) + legs.capacity() * sizeof(LegRecord) +
                    leg_arcs.capacity() * sizeof(ArcId) + leg_ends.capacity() * sizeof(std::uint32_t) +
                    events.capacity() * sizeof(EventRecord) + coverage.capacity() * sizeof(CoverageSample);
    for (const auto& tl : timelines) b += tl.capacity() * sizeof(Segment);
    for (const auto& s : incident_ids) b += sizeof(std::string) + (s.size() > 15 ? s.capacity() : 0);
    return b;
}

}  // namespace jingwei::sim
