#include "render/density_ramps.h"

#include <osg/Image>

namespace jingwei {

namespace {

// Same alpha profile as ColorRamp::heat(): 0, 120, 170, 200, 225, 245.
ColorRamp makeRamp(const std::array<std::array<std::uint8_t, 3>, 6>& rgb) {
    static constexpr double kT[6] = {0.00, 0.15, 0.35, 0.55, 0.75, 1.00};
    static constexpr std::uint8_t kA[6] = {0, 120, 170, 200, 225, 245};
    ColorRamp r;
    for (int k = 0; k < 6; ++k) r.stops.push_back(RampStop{kT[k], rgb[k][0], rgb[k][1], rgb[k][2], kA[k]});
    return r;
}

const std::array<ColorRamp, kDensityRampCount>& ramps() {
    static const std::array<ColorRamp, kDensityRampCount> r = {
        ColorRamp::heat(),
        // After matplotlib's magma, its darkest end lifted off the dark map.
        makeRamp({{{80, 18, 124}, {110, 28, 128}, {160, 48, 126}, {222, 73, 104}, {252, 137, 97}, {252, 236, 170}}}),
        // After viridis.
        makeRamp({{{68, 1, 84}, {62, 74, 137}, {38, 130, 142}, {31, 158, 137}, {110, 206, 88}, {253, 231, 37}}}),
        // Dark red through orange to pale yellow.
        makeRamp({{{120, 0, 0}, {170, 10, 0}, {220, 50, 0}, {255, 110, 0}, {255, 185, 40}, {255, 250, 200}}}),
    };
    return r;
}

}  // namespace

const ColorRamp& densityRamp(DensityRamp r) { return ramps()[static_cast<std::size_t>(r)]; }

std::string_view densityRampKey(DensityRamp r) {
    switch (r) {
        case DensityRamp::Heat: return "heat";
        case DensityRamp::Magma: return "magma";
        case DensityRamp::Viridis: return "viridis";
        case DensityRamp::Fire: return "fire";
    }
    return "heat";
}

const char* densityRampName(DensityRamp r, bool zh) {
    switch (r) {
        case DensityRamp::Heat: return zh ? "热度（蓝-红）" : "Heat (blue-red)";
        case DensityRamp::Magma: return zh ? "岩浆" : "Magma";
        case DensityRamp::Viridis: return zh ? "翠绿（色盲友好）" : "Viridis (colour-blind safe)";
        case DensityRamp::Fire: return zh ? "火焰" : "Fire";
    }
    return "";
}

bool parseDensityRamp(std::string_view key, DensityRamp* out) {
    for (int i = 0; i < kDensityRampCount; ++i)
        if (densityRampKey(static_cast<DensityRamp>(i)) == key) {
            *out = static_cast<DensityRamp>(i);
            return true;
        }
    return false;
}

std::array<std::uint8_t, 4> rampTexel(DensityRamp r, int k) {
    return densityRamp(r).at(static_cast<double>(k) / (kRampTexels - 1));
}

osg::ref_ptr<osg::Texture2D> makeRampAtlas() {
    osg::ref_ptr<osg::Image> img = new osg::Image;
    img->allocateImage(kRampTexels, kDensityRampCount, 1, GL_RGBA, GL_UNSIGNED_BYTE);
    img->setInternalTextureFormat(GL_RGBA8);
    for (int row = 0; row < kDensityRampCount; ++row)
        for (int k = 0; k < kRampTexels; ++k) {
            const auto c = rampTexel(static_cast<DensityRamp>(row), k);
            unsigned char* p = img->data(k, row);
            for (int i = 0; i < 4; ++i) p[i] = c[static_cast<std::size_t>(i)];
        }
    osg::ref_ptr<osg::Texture2D> tex = new osg::Texture2D(img.get());
    tex->setFilter(osg::Texture::MIN_FILTER, osg::Texture::LINEAR);
    tex->setFilter(osg::Texture::MAG_FILTER, osg::Texture::LINEAR);
    tex->setWrap(osg::Texture::WRAP_S, osg::Texture::CLAMP_TO_EDGE);
    tex->setWrap(osg::Texture::WRAP_T, osg::Texture::CLAMP_TO_EDGE);
    tex->setResizeNonPowerOfTwoHint(false);
    tex->setUnRefImageDataAfterApply(false);
    return tex;
}

float rampAtlasRow(DensityRamp r) { return (static_cast<float>(r) + 0.5f) / kDensityRampCount; }

}  // namespace jingwei
