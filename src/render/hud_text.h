#pragma once
// The few strings the map itself draws (HUD and legend), in Chinese (default)
// and English. The GUI's own strings live in ui/i18n.h.
#include <string>
#include <string_view>

#include "mapdata/road_class.h"

namespace jingwei {

enum class HudLang { Zh, En };

// "zh", "zh-CN", "zh_CN.UTF-8", "" → Zh; "en", "en-US", ... → En. Anything
// else falls back to Zh.
HudLang parseHudLanguage(std::string_view code);

enum class HudText {
    North,          // 北 / N
    SyntheticTag,   // 合成示例 (synthetic)
    LegendTitle,    // 图例 / Legend
    ScaleCaption,   // 比例尺 / Scale
    DistrictBoundary,  // 行政区界 / District boundary
    Water,          // 水域 / Water
};

std::string hudText(HudText id, HudLang lang);
std::string roadClassLabel(RoadClass c, HudLang lang);

// Rough on-screen width of a UTF-8 string at a character height of px:
// CJK and other wide characters count 1 em, ASCII about 0.56 em.
double estimateTextWidth_px(std::string_view utf8, double px);

}  // namespace jingwei
