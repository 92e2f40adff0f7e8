#include "ui/i18n.h"

#include <array>
#include <cctype>

namespace jingwei {

namespace {

struct Entry {
    const char* zh;
    const char* en;
};

constexpr std::array<Entry, static_cast<std::size_t>(Tr::Count)> kTable{{
    {"经纬 警务指挥工作站", "Jingwei Police Command Workstation"},  // AppTitle
    {"地图", "Map"},                                                // MapPanel
    {"视图", "View"},                                               // View
    {"二维", "2D"},                                                 // View2D
    {"三维", "3D"},                                                 // View3D
    {"主页", "Home"},                                               // Home
    {"语言", "Language"},                                           // Language
    {"帧时间", "Frame time"},                                       // FrameTime
    {"光标位置", "Cursor"},                                         // Cursor
    {"（无地面）", "(no ground)"},                                  // NoGround
    {"方位角", "Heading"},                                          // Heading
    {"俯仰角", "Tilt"},                                             // Tilt
    {"视距", "Range"},                                              // Range
    {"图例", "Legend"},                                             // Legend
    {"左键拖动 平移 · 滚轮 缩放\n右键拖动 旋转/俯仰\nH 主页 · 2/3 二维/三维",
     "Left-drag pan · wheel zoom\nRight-drag rotate/tilt\nH home · 2/3 2D/3D view"},  // Help
    {"提示", "Notice"},                                             // Notice
    {"合成示例 (synthetic)", "SYNTHETIC DATA (合成示例)"},          // Synthetic
    {"图层", "Layers"},                                             // Layers
    {"透明度", "Opacity"},                                          // Opacity
    {"上移", "Up"},                                                 // MoveUp
    {"下移", "Down"},                                               // MoveDown
    {"当前比例尺不显示", "hidden at this scale"},                   // OutOfScale
    {"地形夸张", "Terrain ×"},                                      // Exaggeration
    {"道路等级", "Road classes"},                                   // RoadClasses
    {"要素属性", "Feature"},                                        // Attributes
    {"飞至", "Fly to"},                                             // FlyTo
    {"清除", "Clear"},                                              // ClearSelection
    {"单击地图上的要素查看属性", "Click a feature on the map to see its attributes"},  // ClickToInspect
    {"图层", "Layer"},                                              // Layer
    {"正在加载地图", "Loading map"},                                // Loading
    {"取消", "Cancel"},                                             // Cancel
    {"正在取消…", "Cancelling…"},                                   // Cancelling
    {"地图加载失败", "The map could not be loaded"},                // LoadFailed
    {"关闭", "Close"},                                              // Close
}};

}  // namespace

Lang parseLang(std::string_view code) {
    if (code.size() >= 2 && std::tolower(static_cast<unsigned char>(code[0])) == 'e' &&
        std::tolower(static_cast<unsigned char>(code[1])) == 'n')
        return Lang::En;
    return Lang::Zh;
}

const char* langCode(Lang lang) { return lang == Lang::En ? "en" : "zh"; }

const char* tr(Tr id, Lang lang) {
    const auto i = static_cast<std::size_t>(id);
    if (i >= kTable.size()) return "";
    return lang == Lang::En ? kTable[i].en : kTable[i].zh;
}

const char* languageName(Lang lang) { return lang == Lang::En ? "English" : "中文"; }

std::vector<std::string> allUiStrings() {
    std::vector<std::string> out;
    for (const auto& e : kTable) {
        out.emplace_back(e.zh);
        out.emplace_back(e.en);
    }
    out.emplace_back(languageName(Lang::Zh));
    out.emplace_back(languageName(Lang::En));
    return out;
}

}  // namespace jingwei
