#pragma once
// A plain RGBA8 image as the renderer hands it out.
#include <cstdint>
#include <vector>

namespace jingwei {

struct RgbaImage {
    int width = 0, height = 0;
    std::vector<std::uint8_t> pixels;  // RGBA8, row 0 = TOP row

    const std::uint8_t* at(int x, int y) const { return &pixels[(static_cast<std::size_t>(y) * width + x) * 4]; }
};

}  // namespace jingwei
