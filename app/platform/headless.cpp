#include "platform/headless.hpp"

#include <glad/gl.h>

#if ATLAS_HAVE_EGL
#include <EGL/egl.h>
#include <EGL/eglext.h>
#endif

#include <cstdio>
#include <cstring>

#include "core/error.hpp"
#include "platform/driver_pin.hpp"
#include "platform/window.hpp"

namespace atlas::platform {

struct HeadlessContext::Egl {
#if ATLAS_HAVE_EGL
    EGLDisplay display = EGL_NO_DISPLAY;
    EGLContext context = EGL_NO_CONTEXT;
    ~Egl() {
        if (display == EGL_NO_DISPLAY) return;
        eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
        if (context != EGL_NO_CONTEXT) eglDestroyContext(display, context);
        eglTerminate(display);
    }
#endif
};

namespace {
#if ATLAS_HAVE_EGL
GLADapiproc egl_proc(const char* name) { return reinterpret_cast<GLADapiproc>(eglGetProcAddress(name)); }

std::string egl_error(const char* what) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s failed (EGL error 0x%04X)", what, static_cast<unsigned>(eglGetError()));
    return buf;
}

// Returns an empty string on success, else why EGL could not give a context.
std::string try_egl(HeadlessContext::Egl& egl) {
    const char* client_ext = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
    if (!client_ext || !std::strstr(client_ext, "EGL_MESA_platform_surfaceless"))
        return "EGL_MESA_platform_surfaceless is not offered";
    auto get_platform_display =
        reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(eglGetProcAddress("eglGetPlatformDisplayEXT"));
    if (!get_platform_display) return "eglGetPlatformDisplayEXT is missing";
    egl.display = get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    if (egl.display == EGL_NO_DISPLAY) return egl_error("eglGetPlatformDisplayEXT(surfaceless)");
    EGLint major = 0, minor = 0;
    if (!eglInitialize(egl.display, &major, &minor)) {
        egl.display = EGL_NO_DISPLAY;
        return egl_error("eglInitialize");
    }
    const char* ext = eglQueryString(egl.display, EGL_EXTENSIONS);
    if (!ext || !std::strstr(ext, "EGL_KHR_surfaceless_context")) return "EGL_KHR_surfaceless_context is not offered";
    if (!eglBindAPI(EGL_OPENGL_API)) return egl_error("eglBindAPI(OpenGL)");
    // The default surface type asks for window configs, which a surfaceless display has none of.
    const EGLint config_attribs[] = {EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_NONE};
    EGLConfig config = nullptr;
    EGLint n = 0;
    if (!eglChooseConfig(egl.display, config_attribs, &config, 1, &n) || n < 1) {
        if (!std::strstr(ext, "EGL_KHR_no_config_context")) return egl_error("eglChooseConfig(OpenGL)");
        config = EGL_NO_CONFIG_KHR;
    }
    const EGLint ctx_attribs[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
                                  EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
    egl.context = eglCreateContext(egl.display, config, EGL_NO_CONTEXT, ctx_attribs);
    if (egl.context == EGL_NO_CONTEXT) return egl_error("eglCreateContext(OpenGL 3.3 core)");
    if (!eglMakeCurrent(egl.display, EGL_NO_SURFACE, EGL_NO_SURFACE, egl.context))
        return egl_error("eglMakeCurrent(surfaceless)");
    if (!gladLoadGL(egl_proc)) return "cannot load OpenGL 3.3 core functions through EGL";
    keep_gl_driver_loaded();
    return {};
}
#endif

std::string renderer_name() {
    const auto* r = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    return r ? r : "unknown renderer";
}
}  // namespace

HeadlessContext::HeadlessContext(Backend backend) {
    std::string why;
    if (backend == Backend::Auto || backend == Backend::Egl) {
#if ATLAS_HAVE_EGL
        egl_ = std::make_unique<Egl>();
        why = try_egl(*egl_);
        if (why.empty()) {
            backend_ = Backend::Egl;
            description_ = "EGL surfaceless: " + renderer_name();
            return;
        }
        egl_.reset();
        why = "EGL: " + why;
#else
        why = "EGL: not built in (libEGL was not found at configure time)";
#endif
        if (backend == Backend::Egl) throw Error("cannot make a headless OpenGL context: " + why);
    }
    try {
        WindowOptions options;
        options.visible = false;
        options.persist_layout = false;
        options.width = 64;
        options.height = 64;
        options.title = "Almaty Atlas (offscreen)";
        window_ = std::make_unique<Window>(options);
        backend_ = Backend::Glfw;
        description_ = "GLFW hidden window: " + renderer_name();
    } catch (const Error& e) {
        throw Error("cannot make a headless OpenGL context: " + (why.empty() ? "" : why + "; ") +
                    "GLFW: " + e.what());
    }
}

HeadlessContext::~HeadlessContext() = default;

}  // namespace atlas::platform
