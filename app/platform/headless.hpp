#pragma once
// An OpenGL 3.3 core context with no window on screen, for snapshots, tests and
// benchmarks. Tries a surfaceless EGL context first (Mesa's
// EGL_PLATFORM_SURFACELESS_MESA: no display server at all), then a hidden GLFW
// window (needs a display, e.g. under xvfb-run). Drawing goes into
// gl::RenderTarget framebuffers; the context has no default framebuffer to show.
#include <memory>
#include <string>

#include "render/offscreen_gl.hpp"

namespace atlas::platform {

class Window;

class HeadlessContext final : public OffscreenGl {
public:
    enum class Backend { Auto, Egl, Glfw };
    // Throws atlas::Error naming every backend tried and why each failed.
    explicit HeadlessContext(Backend backend = Backend::Auto);
    ~HeadlessContext() override;
    HeadlessContext(const HeadlessContext&) = delete;
    HeadlessContext& operator=(const HeadlessContext&) = delete;

    // "EGL surfaceless: llvmpipe (LLVM 15.0.6, 256 bits)" or "GLFW hidden window: ...".
    [[nodiscard]] const std::string& description() const noexcept override { return description_; }
    [[nodiscard]] Backend backend() const noexcept { return backend_; }

    struct Egl;  // EGL handles (defined in headless.cpp)

private:
    std::unique_ptr<Egl> egl_;
    std::unique_ptr<Window> window_;
    Backend backend_ = Backend::Auto;
    std::string description_;
};

}  // namespace atlas::platform
