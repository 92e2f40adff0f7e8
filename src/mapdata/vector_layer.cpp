#include "mapdata/vector_layer.h"

namespace jingwei {

std::string_view layerKindKey(LayerKind k) {
    switch (k) {
        case LayerKind::Buildings: return "buildings";
        case LayerKind::Pois: return "pois";
        case LayerKind::Police: return "police";
        case LayerKind::Paths: return "paths";
        case LayerKind::Roads: return "roads";
        default: return "generic";
    }
}

LayerKind parseLayerKind(std::string_view key, bool* ok) {
    if (ok) *ok = true;
    for (LayerKind k : {LayerKind::Generic, LayerKind::Buildings, LayerKind::Pois, LayerKind::Police,
                        LayerKind::Paths, LayerKind::Roads})
        if (layerKindKey(k) == key) return k;
    if (ok) *ok = false;
    return LayerKind::Generic;
}

}  // namespace jingwei
