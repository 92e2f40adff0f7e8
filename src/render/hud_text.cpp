#include "render/hud_text.h"

#include <cctype>

namespace jingwei {

HudLang parseHudLanguage(std::string_view code) {
    if (code.size() >= 2 && std::tolower(static_cast<unsigned char>(code[0])) == 'e' &&
        std::tolower(static_cast<unsigned char>(code[1])) == 'n')
        return HudLang::En;
    return HudLang::Zh;
}

std::string hudText(HudText id, HudLang lang) {
    const bool zh = lang == HudLang::Zh;
    switch (id) {
        case HudText::North: return zh ? "北" : "N";
        case HudText::SyntheticTag: return zh ? "合成示例 (synthetic)" : "SYNTHETIC DATA (合成示例)";
        case HudText::LegendTitle: return zh ? "图例" : "Legend";
        case HudText::ScaleCaption: return zh ? "比例尺" : "Scale";
        case HudText::DistrictBoundary: return zh ? "行政区界" : "District boundary";
        case HudText::Water: return zh ? "水域" : "Water";
    }
    return {};
}

std::string roadClassLabel(RoadClass c, HudLang lang) {
    if (lang == HudLang::Zh) return std::string(roadClassNameZh(c));
    switch (c) {
        case RoadClass::Motorway: return "Expressway";
        case RoadClass::Trunk: return "Trunk road";
        case RoadClass::Primary: return "Primary road";
        case RoadClass::Secondary: return "Secondary road";
        case RoadClass::Tertiary: return "Collector";
        case RoadClass::Residential: return "Local street";
        case RoadClass::Service: return "Service road";
        case RoadClass::Path: return "Footway / path";
        default: return "Other";
    }
}

double estimateTextWidth_px(std::string_view s, double px) {
    double em = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            em += (c == ' ') ? 0.32 : (std::isupper(c) || std::isdigit(c)) ? 0.62 : 0.54;
            ++i;
        } else {
            const std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            em += (n >= 3) ? 1.0 : 0.6;
            i += n;
        }
    }
    return em * px;
}

}  // namespace jingwei
