#include "render/offscreen.h"

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <GL/gl.h>
#include <GL/glext.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>

#include "core/error.h"

namespace jingwei {

namespace {

[[noreturn]] void fail(const std::string& where, const std::string& reason) {
    throw Error("EGL", where, reason);
}

std::string eglErrorName(EGLint e) {
    switch (e) {
        case EGL_SUCCESS: return "EGL_SUCCESS";
        case EGL_NOT_INITIALIZED: return "EGL_NOT_INITIALIZED";
        case EGL_BAD_ACCESS: return "EGL_BAD_ACCESS";
        case EGL_BAD_ALLOC: return "EGL_BAD_ALLOC";
        case EGL_BAD_ATTRIBUTE: return "EGL_BAD_ATTRIBUTE";
        case EGL_BAD_CONFIG: return "EGL_BAD_CONFIG";
        case EGL_BAD_CONTEXT: return "EGL_BAD_CONTEXT";
        case EGL_BAD_DISPLAY: return "EGL_BAD_DISPLAY";
        case EGL_BAD_MATCH: return "EGL_BAD_MATCH";
        case EGL_BAD_PARAMETER: return "EGL_BAD_PARAMETER";
        default: return "EGL error 0x" + [&] {
            char b[16];
            std::snprintf(b, sizeof b, "%04x", static_cast<unsigned>(e));
            return std::string(b);
        }();
    }
}

// GL ≥ 3.0 framebuffer entry points, fetched through EGL (gl.h declares GL 1.x only).
struct FboApi {
    PFNGLGENFRAMEBUFFERSPROC GenFramebuffers = nullptr;
    PFNGLDELETEFRAMEBUFFERSPROC DeleteFramebuffers = nullptr;
    PFNGLBINDFRAMEBUFFERPROC BindFramebuffer = nullptr;
    PFNGLFRAMEBUFFERRENDERBUFFERPROC FramebufferRenderbuffer = nullptr;
    PFNGLCHECKFRAMEBUFFERSTATUSPROC CheckFramebufferStatus = nullptr;
    PFNGLGENRENDERBUFFERSPROC GenRenderbuffers = nullptr;
    PFNGLDELETERENDERBUFFERSPROC DeleteRenderbuffers = nullptr;
    PFNGLBINDRENDERBUFFERPROC BindRenderbuffer = nullptr;
    PFNGLRENDERBUFFERSTORAGEPROC RenderbufferStorage = nullptr;
    PFNGLRENDERBUFFERSTORAGEMULTISAMPLEPROC RenderbufferStorageMultisample = nullptr;
    PFNGLBLITFRAMEBUFFERPROC BlitFramebuffer = nullptr;

    template <class F>
    static void load(F& f, const char* name) {
        f = reinterpret_cast<F>(eglGetProcAddress(name));
        if (!f) fail("eglGetProcAddress", std::string("missing GL entry point ") + name);
    }
    void loadAll() {
        load(GenFramebuffers, "glGenFramebuffers");
        load(DeleteFramebuffers, "glDeleteFramebuffers");
        load(BindFramebuffer, "glBindFramebuffer");
        load(FramebufferRenderbuffer, "glFramebufferRenderbuffer");
        load(CheckFramebufferStatus, "glCheckFramebufferStatus");
        load(GenRenderbuffers, "glGenRenderbuffers");
        load(DeleteRenderbuffers, "glDeleteRenderbuffers");
        load(BindRenderbuffer, "glBindRenderbuffer");
        load(RenderbufferStorage, "glRenderbufferStorage");
        load(RenderbufferStorageMultisample, "glRenderbufferStorageMultisample");
        load(BlitFramebuffer, "glBlitFramebuffer");
    }
};

// The surfaceless EGL display is process-wide and stays initialised until
// the process ends: re-initialising it per render reloads Mesa's driver, and
// unloading the driver mid-process hides its allocations from the leak
// checker's symboliser (so its suppressions could not match them).

}  // namespace

struct OffscreenContext::Impl {
    EGLDisplay dpy = EGL_NO_DISPLAY;
    EGLContext ctx = EGL_NO_CONTEXT;
    FboApi gl;
    int w = 0, h = 0, samples = 0;
    GLuint draw_fbo = 0, draw_color = 0, draw_depth = 0;  // what OSG draws into (MSAA when samples > 0)
    GLuint read_fbo = 0, read_color = 0;                  // single-sampled resolve target
    std::string renderer, version;

    void destroy() {
        if (ctx != EGL_NO_CONTEXT) {
            eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx);
            if (gl.DeleteFramebuffers) {
                GLuint fbos[2] = {draw_fbo, read_fbo};
                gl.DeleteFramebuffers(2, fbos);
                GLuint rbs[3] = {draw_color, draw_depth, read_color};
                gl.DeleteRenderbuffers(3, rbs);
            }
            eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
            eglDestroyContext(dpy, ctx);
            ctx = EGL_NO_CONTEXT;
        }
        dpy = EGL_NO_DISPLAY;
        eglReleaseThread();
    }
};

OffscreenContext::OffscreenContext(int width, int height, int samples) : impl_(std::make_unique<Impl>()) {
    Impl& m = *impl_;
    if (width <= 0 || height <= 0 || width > 16384 || height > 16384)
        fail("OffscreenContext", "invalid size " + std::to_string(width) + "x" + std::to_string(height));
    m.w = width;
    m.h = height;

    const char* client_ext = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
    if (!client_ext || !std::strstr(client_ext, "EGL_MESA_platform_surfaceless"))
        fail("eglQueryString", "EGL_MESA_platform_surfaceless is not available (is Mesa's libegl-mesa0 installed?)");
    auto getPlatformDisplay =
        reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(eglGetProcAddress("eglGetPlatformDisplayEXT"));
    if (!getPlatformDisplay) fail("eglGetProcAddress", "eglGetPlatformDisplayEXT is not available");

    EGLDisplay dpy = getPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    if (dpy == EGL_NO_DISPLAY) fail("eglGetPlatformDisplayEXT", "no surfaceless display: " + eglErrorName(eglGetError()));
    {
        // eglInitialize on an initialised display is a cheap no-op (EGL 1.4).
        EGLint major = 0, minor = 0;
        if (!eglInitialize(dpy, &major, &minor))
            fail("eglInitialize", "cannot initialise the surfaceless display: " + eglErrorName(eglGetError()));
    }
    m.dpy = dpy;
    try {
        if (!eglBindAPI(EGL_OPENGL_API)) fail("eglBindAPI", "desktop OpenGL is not available: " + eglErrorName(eglGetError()));
        // No surface is ever created, so any surface type will do (the default
        // asks for window configs, which the surfaceless platform lacks).
        const EGLint cfg_attrs[] = {EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_SURFACE_TYPE, 0, EGL_NONE};
        EGLConfig cfg = nullptr;
        EGLint n = 0;
        if (!eglChooseConfig(dpy, cfg_attrs, &cfg, 1, &n) || n < 1) {
            const char* ext = eglQueryString(dpy, EGL_EXTENSIONS);
            if (ext && std::strstr(ext, "EGL_KHR_no_config_context"))
                cfg = EGL_NO_CONFIG_KHR;
            else
                fail("eglChooseConfig", "no OpenGL-capable config: " + eglErrorName(eglGetError()));
        }
        const EGLint ctx_attrs[] = {EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_COMPATIBILITY_PROFILE_BIT,
                                    EGL_NONE};
        m.ctx = eglCreateContext(dpy, cfg, EGL_NO_CONTEXT, ctx_attrs);
        if (m.ctx == EGL_NO_CONTEXT)
            fail("eglCreateContext", "cannot create a compatibility-profile context: " + eglErrorName(eglGetError()));
        if (!eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, m.ctx))
            fail("eglMakeCurrent", "surfaceless make-current failed: " + eglErrorName(eglGetError()));
        m.gl.loadAll();
        if (const auto* r = glGetString(GL_RENDERER)) m.renderer = reinterpret_cast<const char*>(r);
        if (const auto* v = glGetString(GL_VERSION)) m.version = reinterpret_cast<const char*>(v);

        GLint max_samples = 0;
        glGetIntegerv(GL_MAX_SAMPLES, &max_samples);
        m.samples = samples > 1 ? std::min(samples, std::max(0, static_cast<int>(max_samples))) : 0;
        if (m.samples == 1) m.samples = 0;

        // Draw target.
        m.gl.GenFramebuffers(1, &m.draw_fbo);
        m.gl.GenRenderbuffers(1, &m.draw_color);
        m.gl.GenRenderbuffers(1, &m.draw_depth);
        m.gl.BindFramebuffer(GL_FRAMEBUFFER, m.draw_fbo);
        m.gl.BindRenderbuffer(GL_RENDERBUFFER, m.draw_color);
        if (m.samples > 0)
            m.gl.RenderbufferStorageMultisample(GL_RENDERBUFFER, m.samples, GL_RGBA8, m.w, m.h);
        else
            m.gl.RenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, m.w, m.h);
        m.gl.FramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, m.draw_color);
        m.gl.BindRenderbuffer(GL_RENDERBUFFER, m.draw_depth);
        if (m.samples > 0)
            m.gl.RenderbufferStorageMultisample(GL_RENDERBUFFER, m.samples, GL_DEPTH24_STENCIL8, m.w, m.h);
        else
            m.gl.RenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, m.w, m.h);
        m.gl.FramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER, m.draw_depth);
        if (m.gl.CheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
            fail("glCheckFramebufferStatus", "draw framebuffer incomplete (" + std::to_string(m.w) + "x" +
                                                 std::to_string(m.h) + ", " + std::to_string(m.samples) + " samples)");
        // Resolve target.
        m.gl.GenFramebuffers(1, &m.read_fbo);
        m.gl.GenRenderbuffers(1, &m.read_color);
        m.gl.BindFramebuffer(GL_FRAMEBUFFER, m.read_fbo);
        m.gl.BindRenderbuffer(GL_RENDERBUFFER, m.read_color);
        m.gl.RenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, m.w, m.h);
        m.gl.FramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, m.read_color);
        if (m.gl.CheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
            fail("glCheckFramebufferStatus", "resolve framebuffer incomplete");
        m.gl.BindRenderbuffer(GL_RENDERBUFFER, 0);
        m.gl.BindFramebuffer(GL_FRAMEBUFFER, m.draw_fbo);
        glViewport(0, 0, m.w, m.h);
    } catch (...) {
        m.destroy();
        throw;
    }
}

OffscreenContext::~OffscreenContext() {
    if (impl_) impl_->destroy();
}

int OffscreenContext::width() const { return impl_->w; }
int OffscreenContext::height() const { return impl_->h; }
int OffscreenContext::samples() const { return impl_->samples; }
unsigned OffscreenContext::drawFramebuffer() const { return impl_->draw_fbo; }
const char* OffscreenContext::renderer() const { return impl_->renderer.c_str(); }
const char* OffscreenContext::version() const { return impl_->version.c_str(); }

void OffscreenContext::makeCurrent() {
    Impl& m = *impl_;
    if (!eglMakeCurrent(m.dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, m.ctx))
        fail("eglMakeCurrent", eglErrorName(eglGetError()));
    m.gl.BindFramebuffer(GL_FRAMEBUFFER, m.draw_fbo);
}

void OffscreenContext::finish() { glFinish(); }

RgbaImage OffscreenContext::readPixels() {
    Impl& m = *impl_;
    for (int i = 0; i < 16 && glGetError() != GL_NO_ERROR; ++i) {
    }  // drop errors left by earlier drawing
    m.gl.BindFramebuffer(GL_READ_FRAMEBUFFER, m.draw_fbo);
    m.gl.BindFramebuffer(GL_DRAW_FRAMEBUFFER, m.read_fbo);
    m.gl.BlitFramebuffer(0, 0, m.w, m.h, 0, 0, m.w, m.h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    m.gl.BindFramebuffer(GL_READ_FRAMEBUFFER, m.read_fbo);
    glReadBuffer(GL_COLOR_ATTACHMENT0);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    RgbaImage img;
    img.width = m.w;
    img.height = m.h;
    img.pixels.resize(static_cast<std::size_t>(m.w) * m.h * 4);
    std::vector<std::uint8_t> raw(img.pixels.size());
    glReadPixels(0, 0, m.w, m.h, GL_RGBA, GL_UNSIGNED_BYTE, raw.data());
    const GLenum err = glGetError();
    m.gl.BindFramebuffer(GL_FRAMEBUFFER, m.draw_fbo);
    if (err != GL_NO_ERROR) fail("glReadPixels", "GL error " + std::to_string(err));
    const std::size_t row = static_cast<std::size_t>(m.w) * 4;
    for (int y = 0; y < m.h; ++y)
        std::memcpy(&img.pixels[y * row], &raw[(m.h - 1 - y) * row], row);
    return img;
}

}  // namespace jingwei
