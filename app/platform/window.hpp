#pragma once
// The GLFW window, the OpenGL 3.3 core context (through glad) and Dear ImGui's
// context with fonts that cover Latin, Cyrillic and Kazakh. Everything above
// (ui/, render/) draws through ImGui and its own framebuffers; this file is the
// only place that talks to GLFW.
#include <functional>
#include <string>
#include <vector>

struct GLFWwindow;
struct ImFont;

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
    // between ImGui::NewFrame() and ImGui::Render().
    void run(const std::function<bool()>& frame);

    // One frame without waiting for events (tests drive the program this way).
    bool step(const std::function<bool()>& frame);

    [[nodiscard]] GLFWwindow* handle() const noexcept { return window_; }
    [[nodiscard]] const Fonts& fonts() const noexcept { return fonts_; }
    [[nodiscard]] float content_scale() const noexcept { return content_scale_; }
    void set_fullscreen(bool on, int monitor = -1);
    [[nodiscard]] bool fullscreen() const noexcept { return fullscreen_; }
    [[nodiscard]] int monitor_count() const;
    void set_cursor_hidden(bool hidden);
    void request_close();
    void set_title(const std::string& title);
    // Set when the user presses a key or moves the mouse; lets the loop sleep when idle.
    void wake() noexcept { wake_frames_ = 3; }
    // Called each frame after the platform backend has filled ImGuiIO and before
    // ImGui::NewFrame(): tests feed synthetic mouse and keys through it.
    void set_input_hook(std::function<void()> hook) { input_hook_ = std::move(hook); }
    // Screenshots: the next step() keeps a copy of its frame (read before the
    // swap); take_capture() hands it over, RGBA8, top row first.
    void capture_next_frame() noexcept { capture_requested_ = true; }
    [[nodiscard]] std::vector<unsigned char> take_capture(int& width, int& height);

private:
    void load_fonts();
    GLFWwindow* window_ = nullptr;
    Fonts fonts_;
    float content_scale_ = 1.0f;
    bool fullscreen_ = false;
    int windowed_x_ = 100, windowed_y_ = 100, windowed_w_ = 1600, windowed_h_ = 960;
    int wake_frames_ = 3;
    std::string ini_path_;
    std::function<void()> input_hook_;
    bool capture_requested_ = false;
    std::vector<unsigned char> capture_;
    int capture_w_ = 0, capture_h_ = 0;
};

// Path of a TrueType font with Cyrillic and Kazakh letters (DejaVu Sans by
// default; $ATLAS_FONT overrides). Empty when none is installed.
std::string find_ui_font(bool bold = false);

}  // namespace atlas::platform
