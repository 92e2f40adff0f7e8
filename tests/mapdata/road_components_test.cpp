// mapdata's import-time pruning keeps exactly the nodes that network's
// largest strongly connected component holds.
#include <gtest/gtest.h>

#include "mapdata/osm_reader.h"
#include "mapdata/road_builder.h"
#include "mapdata/road_components.h"
#include "mapdata_test_support.h"
#include "network/components.h"
#include "network/road_graph.h"

using namespace jingwei;

TEST(RoadComponents, AgreesWithNetworkSccOnRealMaps) {
    for (const char* file : {"shenzhen/longgang.osm", "andorra/andorra.osm.pbf"}) {
        if (!std::filesystem::exists(test::dataFile(file))) GTEST_SKIP() << "sample data missing: " << file;
        const RoadData all = buildRoadGraph(readOsm(test::dataFile(file)).highways);
        const ComponentMask mask = largestStronglyConnectedComponent(RoadGraph(all));
        RoadData pruned = all;
        const RoadComponentReport rep = keepLargestStronglyConnected(pruned);
        EXPECT_EQ(pruned.nodes.size(), mask.size) << file;
        EXPECT_EQ(rep.components, stronglyConnectedComponents(RoadGraph(all)).count) << file;
        std::size_t k = 0;
        for (std::size_t v = 0; v < all.nodes.size(); ++v)
            if (mask.mask[v]) {
                ASSERT_LT(k, pruned.nodes.size());
                EXPECT_EQ(pruned.nodes[k++].source_id, all.nodes[v].source_id) << file;
            }
        // And the pruned graph is one strongly connected component.
        EXPECT_EQ(stronglyConnectedComponents(RoadGraph(pruned)).count, 1u) << file;
    }
}
