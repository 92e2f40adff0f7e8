#pragma once
// Keeps the largest strongly connected part of an imported road network.
//
// Where this lives: network::stronglyConnectedComponents works on a
// RoadGraph, but mapdata sits below network and the import (loadMap, the map
// package cache, `jingwei info`) must prune before anything above it sees the
// roads. So the import does its own small iterative Tarjan on the RoadData
// edge list here; tests/mapdata checks that it keeps exactly the nodes of
// network's largestStronglyConnectedComponent on real maps.
#include <cstddef>

#include "mapdata/road_data.h"

namespace jingwei {

struct RoadComponentReport {
    bool applied = false;                 // false: the map keeps every edge (e.g. GraphML maps)
    std::size_t components = 0;           // strongly connected components before pruning
    std::size_t nodes_before = 0, edges_before = 0;
    std::size_t nodes_dropped = 0, edges_dropped = 0;
};

// Removes every node outside the largest strongly connected component (ties:
// the one containing the lowest node index) and every edge touching one;
// renumbers nodes keeping their order, and compacts the shapes.
RoadComponentReport keepLargestStronglyConnected(RoadData& roads);

}  // namespace jingwei
