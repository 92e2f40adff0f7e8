#pragma once
// Where the sample data and the map manifests are found.
#include <string>

namespace jingwei {

// The sample-data directory: $JINGWEI_DATA_DIR if set, else the build's
// default (../shared/data beside the source tree).
std::string defaultDataDir();
// The map-manifest directory: $JINGWEI_MAPS_DIR if set, else <source>/maps.
std::string defaultMapsDir();

}  // namespace jingwei
