#pragma once
// Times along a road link, between its nodes. A point at fraction s of link
// l (from → to) is reached
//   - from `from` driving forward:   t(from) + s · cost(forward arc),
//   - from `to` driving backward:    t(to) + (1 − s) · cost(backward arc),
//   - from a unit standing on the link at fraction f: |s − f| · cost of the
//     arc in that direction (forward for s > f, backward for s < f),
// and its time is the minimum of these linear pieces. That is exact on the
// network (speed is uniform along a link), so the reached part of a link
// within a limit, including the partial part of a link whose far end is
// beyond it, is a union of at most a few intervals.
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "network/travel_graph.h"

namespace jingwei {

// A linear piece of a link's time profile: time t0 at fraction s0 rising or
// falling linearly to t1 at s1 (s0 ≤ s1), owned by a unit index.
struct TimePiece {
    double s0, s1;
    double t0_ms, t1_ms;
    std::uint32_t owner;
};

// A unit standing on a link.
struct OnLinkUnit {
    std::uint32_t owner;
    double fraction;
};

// Appends the pieces of link l given the node times (kUnreachedMs = not
// reached) and owners, and the units standing on it.
void appendLinkPieces(const TravelGraph& g, LinkId l, Millis t_from, std::uint32_t owner_from, Millis t_to,
                      std::uint32_t owner_to, std::span<const OnLinkUnit> on_link, std::vector<TimePiece>& out);

// The fraction intervals (sorted, disjoint) where min over pieces ≤ limit.
void reachedIntervals(std::span<const TimePiece> pieces, double limit_ms, std::vector<std::pair<double, double>>& out);
// Their total length as a fraction of the link.
double reachedFraction(std::span<const TimePiece> pieces, double limit_ms);

// The reached fraction of link l within limit_ms from its node times alone
// (no unit standing on it): O(1), the same value as reachedFraction() of its
// pieces.
double reachedFractionFromNodes(const TravelGraph& g, LinkId l, Millis t_from, Millis t_to, double limit_ms);

// The lower envelope of the pieces cut at limit_ms: the sub-intervals of the
// link reached within the limit, each with the unit that reaches it first
// (ties: the lower unit index) and its time at both ends (each output piece
// is linear). Sorted by s0; adjacent pieces may share an owner.
void lowerEnvelope(std::span<const TimePiece> pieces, double limit_ms, std::vector<TimePiece>& out);

}  // namespace jingwei
