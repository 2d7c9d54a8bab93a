#pragma once
// The GLFW window, the OpenGL 3.3 core context (through glad) and Dear ImGui's
// context with fonts that cover Latin, Cyrillic and Kazakh. Everything above
// (ui/, render/) draws through ImGui and its own framebuffers; this file is the
// only place that talks to GLFW.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "platform/imgui_frame.hpp"

#include "ui/input.hpp"

struct GLFWwindow;
struct GLFWmonitor;
struct ImFont;
struct ImGuiContext;

namespace atlas::platform {

struct WindowOptions {
    std::string title = "Almaty Atlas";
    int width = 1600, height = 960;
    bool visible = true;         // false: an offscreen context for snapshots and tests
    bool fullscreen = false;     // on the monitor under the window (or the primary)
    int monitor = -1;            // -1: primary
    bool persist_layout = true;  // keep ImGui's layout in the XDG config directory
};

struct Fonts {
    ImFont* regular = nullptr;   // UI text
    ImFont* bold = nullptr;      // headings
    ImFont* large = nullptr;     // presentation titles (scaled at draw time for the screen)
    ImFont* mono = nullptr;
    float base_size = 16.0f;     // pixels at content scale 1
};

class Window {
public:
    explicit Window(const WindowOptions& options);  // throws atlas::Error when no context can be made
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    // Runs until the window closes or `frame` returns false. `frame` is called
    // between ImGui::NewFrame() and ImGui::Render(). The loop sleeps in the
    // event wait while nothing changes: it draws a frame only when input
    // arrived (and a few more while ImGui settles), when the frame asked for
    // more with wake() (something animates), or when a wake_after() timer is due.
    void run(const std::function<bool()>& frame);

    // One frame without waiting for events (tests drive the program this way).
    bool step(const std::function<bool()>& frame);

    [[nodiscard]] GLFWwindow* handle() const noexcept { return window_; }
    // The window as the desktop portal names a parent ("x11:1a00007"); empty off X11.
    [[nodiscard]] std::string portal_handle() const;
    [[nodiscard]] const Fonts& fonts() const noexcept { return fonts_; }
    [[nodiscard]] float content_scale() const noexcept { return content_scale_; }
    void set_fullscreen(bool on, int monitor = -1);
    [[nodiscard]] bool fullscreen() const noexcept { return fullscreen_; }
    [[nodiscard]] int monitor_count() const;
    // The monitor numbered `monitor` (from 0), else the primary; null when there is none.
    [[nodiscard]] static GLFWmonitor* monitor_or_primary(int monitor);
    // Full screen again on `monitor` (else the primary) when full screen now:
    // after monitors came or went, so that the picture lands on one that is there.
    void refit_fullscreen(int monitor);
    // Called when a monitor is plugged in or out (one listener: the presentation).
    void set_monitors_changed(std::function<void()> f);
    [[nodiscard]] ImGuiContext* imgui_context() const noexcept { return imgui_; }
    // Puts this window in front with the keyboard.
    void raise();
    void set_cursor_hidden(bool hidden);
    void request_close();
    // Frames ImGui 1.86 needs after an input to settle (hover, then layout, then
    // the click's result): each input event asks for this many.
    static constexpr int kSettleFrames = 3;
    // Something changed or animates: draw the next frames too (call again each
    // frame while an animation runs).
    void wake() noexcept { frames_to_draw_ = std::max(frames_to_draw_, kSettleFrames); }
    // Draw a frame after `seconds` even if no input comes (a timer: the cursor
    // hiding while presenting). The earliest request wins; cleared when it fires.
    void wake_after(double seconds) noexcept;
    // wake() from another thread (a child process ended): safe anywhere.
    void wake_from_any_thread() noexcept;
    // Called from `frame`: this frame shows exactly what the window shows
    // already. When a wake_after() timer alone woke the loop for it (no input,
    // no wake(), the same size, no capture asked for), it is then neither
    // drawn nor swapped: the screen keeps the last picture. (Presenting with
    // the console open, whose clock wakes the loop each second, asks this while
    // the slide holds still.)
    void keep_shown_frame() noexcept { keep_requested_ = true; }
    // Frames drawn and swapped, and frames that kept the picture shown.
    [[nodiscard]] uint64_t frames_shown() const noexcept { return frames_shown_; }
    [[nodiscard]] uint64_t frames_kept() const noexcept { return frames_kept_; }
    // Paths dropped on the window since the last call.
    [[nodiscard]] std::vector<std::string> take_drops() { return std::exchange(drops_, {}); }
    // Frames the loop will still draw before it sleeps (0: idle).
    [[nodiscard]] int frames_to_draw() const noexcept { return frames_to_draw_; }
    // Every key press and repeat since the previous frame, in order: a tap
    // shorter than a frame is here even when ImGui's key state missed it.
    [[nodiscard]] const ui::KeyPresses& key_presses() const noexcept { return key_presses_; }
    // What a GLFW key callback receives (tests inject keys through this).
    void key_event(int key, int scancode, int action, int mods);
    void set_title(const std::string& title);
    // Called each frame after the platform backend has filled ImGuiIO and before
    // ImGui::NewFrame(): tests feed synthetic mouse and keys through it.
    void set_input_hook(std::function<void()> hook) { input_hook_ = std::move(hook); }
    // Screenshots: the next step() keeps a copy of its frame (read before the
    // swap); take_capture() hands it over, RGBA8, top row first.
    void capture_next_frame() noexcept { capture_.requested = true; }
    [[nodiscard]] std::vector<unsigned char> take_capture(int& width, int& height);

private:
    void load_fonts();
    void install_input_callbacks();
    void release_deferred_keys();
    // `timer_only`: only a wake_after() timer asked for this frame.
    bool draw_frame(const std::function<bool()>& frame, bool timer_only);
    GLFWwindow* window_ = nullptr;
    ImGuiContext* imgui_ = nullptr;
    Fonts fonts_;
    float content_scale_ = 1.0f;
    bool fullscreen_ = false;
    int windowed_x_ = 100, windowed_y_ = 100, windowed_w_ = 1600, windowed_h_ = 960;
    int frames_to_draw_ = kSettleFrames;
    std::atomic<bool> woken_from_thread_{false};
    std::vector<std::string> drops_;
    double wake_at_ = -1;                  // glfwGetTime() of a wake_after() timer; < 0: none
    bool keep_requested_ = false;          // keep_shown_frame() during this frame
    int shown_width_ = -1, shown_height_ = -1;  // framebuffer size of the picture on screen; -1: none yet
    uint64_t frames_shown_ = 0, frames_kept_ = 0;
    ui::KeyPresses key_presses_;           // gathered by the key callback, handed to the next frame
    ui::KeyPresses next_key_presses_;
    std::vector<int> pressed_this_batch_;  // keys pressed since the last frame
    struct DeferredRelease { int key, scancode, mods; };
    std::vector<DeferredRelease> deferred_releases_;
    // ImGui's backend callbacks, called from ours.
    void (*imgui_key_)(GLFWwindow*, int, int, int, int) = nullptr;
    void (*imgui_char_)(GLFWwindow*, unsigned int) = nullptr;
    void (*imgui_mouse_button_)(GLFWwindow*, int, int, int) = nullptr;
    void (*imgui_scroll_)(GLFWwindow*, double, double) = nullptr;
    void (*imgui_focus_)(GLFWwindow*, int) = nullptr;
    void (*imgui_cursor_enter_)(GLFWwindow*, int) = nullptr;
    std::string ini_path_;
    std::function<void()> input_hook_;
    FrameCapture capture_;
};

}  // namespace atlas::platform
