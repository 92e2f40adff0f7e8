#pragma once
// UI strings of the workstation window: zh-CN first (the default), English
// second. Map-drawn strings (HUD, legend names) come from render/hud_text.h.
#include <string>
#include <string_view>
#include <vector>

namespace jingwei {

enum class Lang { Zh, En };

// "zh", "zh-CN", "" → Zh; "en", "en-US" → En; anything else → Zh.
Lang parseLang(std::string_view code);
const char* langCode(Lang lang);  // "zh" / "en"

enum class Tr {
    AppTitle,
    MapPanel,
    View,
    View2D,
    View3D,
    Home,
    Language,
    FrameTime,
    Cursor,
    NoGround,
    Heading,
    Tilt,
    Range,
    Legend,
    Help,
    Notice,
    Synthetic,
    // Layers panel
    Layers,
    Opacity,
    MoveUp,
    MoveDown,
    OutOfScale,
    Exaggeration,
    RoadClasses,
    // Attribute panel
    Attributes,
    FlyTo,
    ClearSelection,
    ClickToInspect,
    Layer,
    // Loading
    Loading,
    Cancel,
    Cancelling,
    LoadFailed,
    Close,
    Count
};

// The string for id in lang (never null).
const char* tr(Tr id, Lang lang);
// Names shown in the language switch (each in its own language).
const char* languageName(Lang lang);

// Every UI string in every language, for building font glyph ranges.
std::vector<std::string> allUiStrings();

// An entry of a panel's own string table.
struct UiText {
    const char* zh;
    const char* en;
    const char* in(Lang lang) const { return lang == Lang::Zh ? zh : en; }
};
// Both languages of every entry (for GuiPanel::uiStrings()).
template <std::size_t N>
std::vector<std::string> bothLanguages(const UiText (&table)[N]) {
    std::vector<std::string> out;
    for (const UiText& t : table) {
        out.emplace_back(t.zh);
        out.emplace_back(t.en);
    }
    return out;
}

}  // namespace jingwei
