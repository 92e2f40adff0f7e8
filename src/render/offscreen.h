#pragma once
// An OpenGL context with no window and no X server: EGL on Mesa's
// surfaceless platform, a compatibility-profile context (OSG's GL2 build
// draws nothing in a core profile) and our own framebuffer object, optionally
// multisampled and resolved on read-back. RAII: the destructor releases the
// GL objects and the context.
#include <memory>

#include "render/rgba_image.h"

namespace jingwei {

class OffscreenContext {
public:
    // Throws jingwei::Error when EGL, the surfaceless platform or the
    // framebuffer is not available. samples <= 1 means no multisampling;
    // larger values are clamped to what the driver supports.
    OffscreenContext(int width, int height, int samples = 4);
    ~OffscreenContext();
    OffscreenContext(const OffscreenContext&) = delete;
    OffscreenContext& operator=(const OffscreenContext&) = delete;

    int width() const;
    int height() const;
    int samples() const;  // the sample count actually used (0 = single-sampled)

    // Makes the context current on this thread and binds the draw framebuffer.
    void makeCurrent();
    // The framebuffer OSG should treat as its default (osg::GraphicsContext::setDefaultFboId).
    unsigned drawFramebuffer() const;
    // Resolves the multisampled buffer and reads it back (row 0 = top).
    RgbaImage readPixels();
    // Waits for the GPU (for timing).
    void finish();

    // GL_RENDERER / GL_VERSION of the context, for reports.
    const char* renderer() const;
    const char* version() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace jingwei
