#pragma once
// The routable road graph: compressed sparse row (CSR) arrays built once from
// mapdata's RoadData, OSRM style. There are no node objects: a node is an
// index in [0, nodeCount()), an arc is an index in [0, edgeCount()) into the
// forward arrays, and every arc remembers the RoadData::edges index it came
// from. A reverse CSR (incoming arcs per node) sits beside the forward one for
// backward searches.
//
// Within one node's range, arcs keep the order of their RoadData edges, so
// the same input always gives the same arrays.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <vector>

#include "mapdata/road_data.h"

namespace jingwei {

using NodeId = std::uint32_t;
using ArcId = std::uint32_t;   // position in the forward (or reverse) CSR arrays
using EdgeId = std::uint32_t;  // index into RoadData::edges

// One directed edge as seen from the graph: what the range iterators yield.
struct OutArc {
    ArcId arc;        // forward-arc index
    NodeId head;      // target node
    EdgeId edge;      // RoadData::edges index
    double length_m;
};
struct InArc {
    ArcId arc;        // reverse-arc index (not a forward-arc index)
    NodeId tail;      // source node
    EdgeId edge;      // RoadData::edges index
    double length_m;
};

// A bare directed edge, for building a graph without a RoadData (tests,
// derived graphs). Its EdgeId is its position in the input span.
struct ArcInput {
    NodeId from = 0, to = 0;
    double length_m = 0;
};

class RoadGraph {
public:
    // A contiguous range of arcs of one node; iterating yields Arc values.
    template <class Arc, class Make>
    class ArcRange {
    public:
        class iterator {
        public:
            using iterator_category = std::forward_iterator_tag;
            using value_type = Arc;
            using difference_type = std::ptrdiff_t;
            using pointer = void;
            using reference = Arc;
            iterator() = default;
            iterator(const RoadGraph* g, ArcId a) : g_(g), a_(a) {}
            Arc operator*() const { return Make{}(*g_, a_); }
            iterator& operator++() { ++a_; return *this; }
            iterator operator++(int) { iterator t = *this; ++a_; return t; }
            bool operator==(const iterator& o) const { return a_ == o.a_; }
        private:
            const RoadGraph* g_ = nullptr;
            ArcId a_ = 0;
        };
        ArcRange(const RoadGraph* g, ArcId b, ArcId e) : g_(g), b_(b), e_(e) {}
        iterator begin() const { return {g_, b_}; }
        iterator end() const { return {g_, e_}; }
        std::size_t size() const { return e_ - b_; }
        bool empty() const { return b_ == e_; }
        Arc operator[](std::size_t i) const { return Make{}(*g_, static_cast<ArcId>(b_ + i)); }
        ArcId firstArc() const { return b_; }
        ArcId endArc() const { return e_; }
    private:
        const RoadGraph* g_;
        ArcId b_, e_;
    };

    struct MakeOut {
        OutArc operator()(const RoadGraph& g, ArcId a) const {
            return {a, g.head_[a], g.out_edge_[a], g.length_m_[a]};
        }
    };
    struct MakeIn {
        InArc operator()(const RoadGraph& g, ArcId a) const {
            return {a, g.tail_[a], g.in_edge_[a], g.in_length_m_[a]};
        }
    };
    using OutRange = ArcRange<OutArc, MakeOut>;
    using InRange = ArcRange<InArc, MakeIn>;

    RoadGraph() : first_out_(1, 0), first_in_(1, 0) {}

    // Builds the CSR arrays in O(n + m) (counting sort). Throws jingwei::Error
    // naming the edge when an edge refers to a node out of range or has a
    // negative or non-finite length.
    explicit RoadGraph(const RoadData& roads);
    // The same from bare arcs over node_count nodes.
    static RoadGraph fromArcs(std::size_t node_count, std::span<const ArcInput> arcs);

    std::size_t nodeCount() const { return first_out_.size() - 1; }
    std::size_t edgeCount() const { return head_.size(); }

    // Outgoing / incoming arcs of a node.
    OutRange outEdges(NodeId u) const { return {this, first_out_[u], first_out_[u + 1]}; }
    InRange inEdges(NodeId v) const { return {this, first_in_[v], first_in_[v + 1]}; }
    std::size_t outDegree(NodeId u) const { return first_out_[u + 1] - first_out_[u]; }
    std::size_t inDegree(NodeId v) const { return first_in_[v + 1] - first_in_[v]; }

    // Forward arc accessors.
    NodeId head(ArcId a) const { return head_[a]; }
    EdgeId edgeOf(ArcId a) const { return out_edge_[a]; }
    double lengthM(ArcId a) const { return length_m_[a]; }
    // The forward arc that carries a RoadData edge.
    ArcId arcOfEdge(EdgeId e) const { return arc_of_edge_[e]; }
    // The tail of a forward arc (found through the reverse arrays, O(1)).
    NodeId tailOf(ArcId a) const { return tail_[in_of_arc_[a]]; }

    // Reverse arc accessors (reverse-arc indices).
    NodeId tail(ArcId r) const { return tail_[r]; }
    EdgeId inEdgeOf(ArcId r) const { return in_edge_[r]; }
    double inLengthM(ArcId r) const { return in_length_m_[r]; }

    // The raw arrays, for tight loops.
    std::span<const ArcId> firstOut() const { return first_out_; }    // size n+1
    std::span<const NodeId> heads() const { return head_; }           // size m
    std::span<const EdgeId> outEdgeIds() const { return out_edge_; }  // size m
    std::span<const double> lengthsM() const { return length_m_; }    // size m
    std::span<const ArcId> firstIn() const { return first_in_; }      // size n+1
    std::span<const NodeId> tails() const { return tail_; }           // size m
    std::span<const EdgeId> inEdgeIds() const { return in_edge_; }    // size m
    std::span<const double> inLengthsM() const { return in_length_m_; }  // size m

private:
    template <class GetArc>
    void build(std::size_t node_count, std::size_t edge_count, GetArc get);

    std::vector<ArcId> first_out_;
    std::vector<NodeId> head_;
    std::vector<EdgeId> out_edge_;
    std::vector<double> length_m_;
    std::vector<ArcId> arc_of_edge_;
    std::vector<ArcId> in_of_arc_;

    std::vector<ArcId> first_in_;
    std::vector<NodeId> tail_;
    std::vector<EdgeId> in_edge_;
    std::vector<double> in_length_m_;
};

}  // namespace jingwei
