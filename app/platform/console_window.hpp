#pragma once
// The presenter's console: a second GLFW window beside the audience's, with a
// GL context shared with the main one (so the slide textures the one renderer
// draws there are shown here without a copy) and a Dear ImGui context of its
// own.
//
// Why a second ImGui context, and how: ImGui 1.86 has no multi-viewport
// support outside the docking branch, so one context can only draw into one
// window. Its GLFW and OpenGL3 backends keep their data per ImGui context
// (io.BackendPlatformUserData / BackendRendererUserData), but the GLFW
// callbacks they install look up "the current context", and glfwPollEvents
// delivers every window's events while the main context is current. So this
// window's backend is initialised without callbacks, and ours set this
// window's ImGui context before handing an event to the backend's callback
// (the approach the backend's own header comment recommends). Each frame
// switches both the GL and the ImGui context to the console's and back, so the
// main window's frame, which is in progress around it, is not disturbed.
// Drawing the console's text with the map's own label renderer instead would
// mean writing layout, wrapping, scrolling and clickable thumbnails again.
#include <functional>
#include <string>
#include <vector>

#include "platform/imgui_frame.hpp"

#include "ui/input.hpp"

struct GLFWwindow;
struct GLFWmonitor;
struct ImGuiContext;
struct ImFont;

namespace atlas::platform {

struct ConsoleFonts {
    ImFont* regular = nullptr;
    ImFont* bold = nullptr;
    ImFont* notes = nullptr;  // the notes: large enough to read at arm's length
    ImFont* big = nullptr;    // the clock, the elapsed time, the slide number
};

class ConsoleWindow {
public:
    // A visible window sharing `share`'s GL context; `on_input` is called on
    // every input event (the owner's loop wakes for a frame). Throws
    // atlas::Error when the window or its context cannot be made.
    ConsoleWindow(GLFWwindow* share, const std::string& title, std::function<void()> on_input);
    ~ConsoleWindow();
    ConsoleWindow(const ConsoleWindow&) = delete;
    ConsoleWindow& operator=(const ConsoleWindow&) = delete;

    // One frame of the console: `draw` runs between this window's
    // ImGui::NewFrame() and Render() with its contexts current; the caller's
    // GL and ImGui contexts are current again on return.
    void frame(const std::function<void()>& draw);

    // Key presses and typed characters since the last take (the presenting
    // keys work in either window).
    [[nodiscard]] ui::KeyPresses take_key_presses();
    [[nodiscard]] std::vector<unsigned> take_typed();

    [[nodiscard]] GLFWwindow* handle() const noexcept { return window_; }
    [[nodiscard]] const ConsoleFonts& fonts() const noexcept { return fonts_; }
    [[nodiscard]] bool close_requested() const;
    void raise();  // in front, with the keyboard

    // The window's place: on `monitor`'s work area (filling it), or a normal
    // window over the primary monitor's when `monitor` is null.
    void place(GLFWmonitor* monitor);

    void capture_next_frame() noexcept { capture_.requested = true; }
    [[nodiscard]] std::vector<unsigned char> take_capture(int& width, int& height);

private:
    void load_fonts(float scale);
    void install_callbacks();

    GLFWwindow* window_ = nullptr;
    ImGuiContext* imgui_ = nullptr;
    ConsoleFonts fonts_;
    std::function<void()> on_input_;
    ui::KeyPresses keys_;
    std::vector<unsigned> typed_;
    FrameCapture capture_;
};

}  // namespace atlas::platform
