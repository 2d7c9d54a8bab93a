#pragma once
// An OpenGL 3.3 core context current on this thread, with no window on screen:
// what snapshots, animations and tests draw into gl::RenderTarget framebuffers.
// The render layer only needs one to exist; making one is the window system's
// business (platform/headless.hpp: surfaceless EGL, else a hidden window), so
// the command line is handed a way to make one by the program that composes it.
#include <functional>
#include <memory>
#include <string>

namespace atlas {

class OffscreenGl {
public:
    virtual ~OffscreenGl() = default;
    // What it runs on: "EGL surfaceless: llvmpipe (LLVM 15.0.6, 256 bits)".
    [[nodiscard]] virtual const std::string& description() const noexcept = 0;
};

// Makes a context current on this thread; throws atlas::Error saying what was
// tried and why each failed.
using OffscreenGlFactory = std::function<std::unique_ptr<OffscreenGl>()>;

}  // namespace atlas
