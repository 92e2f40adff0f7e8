#pragma once
// Connected components of a RoadGraph. Both algorithms are iterative (an
// explicit stack, no recursion), linear in nodes + arcs, and safe on graphs of
// millions of nodes.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "network/road_graph.h"

namespace jingwei {

struct Components {
    std::vector<std::uint32_t> component;  // component id of each node
    std::uint32_t count = 0;               // ids are 0 .. count-1

    // Number of nodes in each component (size count).
    std::vector<std::uint32_t> sizes() const;
    // Id of the largest component (the smallest id among equals); 0 when empty.
    std::uint32_t largest() const;
};

// Strongly connected components (Tarjan). Ids come out in reverse
// topological order of the condensation: an arc between two components always
// goes from a higher id to a lower one.
Components stronglyConnectedComponents(const RoadGraph& g);

// Weakly connected components (arcs taken as undirected). Ids are numbered in
// order of each component's smallest node.
Components weaklyConnectedComponents(const RoadGraph& g);

struct ComponentMask {
    std::uint32_t id = 0;            // the component's id
    std::size_t size = 0;            // its node count
    std::vector<std::uint8_t> mask;  // 1 for nodes in it, per node
};

// The largest component as a node mask (e.g. to keep only the routable core).
ComponentMask largestComponent(const Components& c);
// The largest strongly connected component of g.
ComponentMask largestStronglyConnectedComponent(const RoadGraph& g);

}  // namespace jingwei
