#include "core/paths.h"

#include <cstdlib>

namespace jingwei {

std::string defaultDataDir() {
    if (const char* e = std::getenv("JINGWEI_DATA_DIR"); e && *e) return e;
    return JINGWEI_DEFAULT_DATA_DIR;
}

std::string defaultMapsDir() {
    if (const char* e = std::getenv("JINGWEI_MAPS_DIR"); e && *e) return e;
    return JINGWEI_DEFAULT_MAPS_DIR;
}

}  // namespace jingwei
