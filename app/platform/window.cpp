#include "platform/window.hpp"

#include <glad/gl.h>
// glad first: GLFW must not pull in the system GL header.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <chrono>
#include <thread>
#include <cstdlib>
#include <filesystem>

#include "core/error.hpp"
#include "core/paths.hpp"
#include "render/fonts.hpp"
#include "platform/driver_pin.hpp"
#include "platform/imgui_frame.hpp"
#include "render/gl.hpp"

namespace atlas::platform {
namespace fs = std::filesystem;

namespace {
void glfw_error(int code, const char* description) {
    // GLFW reports through this callback; the constructor turns failures into atlas::Error.
    (void)code;
    (void)description;
}

// Latin, Latin-1, Latin Extended-A, Cyrillic (Russian and Kazakh: ә ғ қ ң ө ұ ү һ і),
// general punctuation (typographic quotes and dashes), arrows and geometric shapes.
const ImWchar* glyph_ranges() {
    static const std::array<ImWchar, 15> ranges = {
        0x0020, 0x00FF, 0x0100, 0x017F, 0x0400, 0x052F, 0x2000, 0x206F,
        0x2190, 0x21FF, 0x25A0, 0x25FF, 0x2116, 0x2116, 0};
    return ranges.data();
}
}  // namespace

Window::Window(const WindowOptions& options) {
    glfwSetErrorCallback(glfw_error);
    // An X server resets when its last client leaves and refuses connections
    // for a moment while it does (Xvfb between two test windows): try again.
    bool initialised = glfwInit();
    for (int attempt = 0; !initialised && attempt < 10; ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        initialised = glfwInit();
    }
    if (!initialised) {
        const char* why = nullptr;
        glfwGetError(&why);
        throw Error(std::string("cannot open a window: ") + (why ? why : "GLFW failed to initialise") +
                    " (is DISPLAY set? run under xvfb-run for a headless machine)");
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_VISIBLE, options.visible ? GLFW_TRUE : GLFW_FALSE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    // A window never opens larger than the screen's work area (a laptop, a projector).
    int width = options.width, height = options.height;
    if (GLFWmonitor* primary = glfwGetPrimaryMonitor(); primary && options.visible) {
        int wx = 0, wy = 0, ww = 0, wh = 0;
        glfwGetMonitorWorkarea(primary, &wx, &wy, &ww, &wh);
        if (ww > 0 && wh > 0) {
            width = std::min(width, ww * 19 / 20);
            height = std::min(height, wh * 9 / 10);
        }
    }
    window_ = glfwCreateWindow(width, height, options.title.c_str(), nullptr, nullptr);
    if (!window_) {
        const char* why = nullptr;
        glfwGetError(&why);
        glfwTerminate();
        throw Error(std::string("cannot create an OpenGL 3.3 core window: ") + (why ? why : "unknown reason"));
    }
    glfwMakeContextCurrent(window_);
    if (!gladLoadGL(glfwGetProcAddress)) {
        glfwDestroyWindow(window_);
        glfwTerminate();
        throw Error("cannot load OpenGL 3.3 core functions");
    }
    keep_gl_driver_loaded();
    glfwSwapInterval(1);
    windowed_w_ = width;
    windowed_h_ = height;

    float sx = 1.0f, sy = 1.0f;
    glfwGetWindowContentScale(window_, &sx, &sy);
    content_scale_ = std::max(1.0f, std::max(sx, sy));

    IMGUI_CHECKVERSION();
    imgui_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(imgui_);
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    if (options.persist_layout && options.visible) {
        ini_path_ = (paths::config_dir() / "imgui.ini").string();
        io.IniFilename = ini_path_.c_str();
    } else {
        io.IniFilename = nullptr;
    }
    ImGui::StyleColorsLight();
    ImGui::GetStyle().ScaleAllSizes(content_scale_);
    load_fonts();
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    install_input_callbacks();
    ImGui_ImplOpenGL3_Init("#version 330 core");
    if (options.fullscreen) set_fullscreen(true, options.monitor);
}

Window::~Window() {
    ImGui::SetCurrentContext(imgui_);
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext(imgui_);
    glfwSetMonitorCallback(nullptr);
    glfwDestroyWindow(window_);
    glfwTerminate();
}

void Window::load_fonts() {
    ImGuiIO& io = ImGui::GetIO();
    const float size = fonts_.base_size * content_scale_;
    const std::string regular = find_ui_font(false);
    const std::string bold = find_ui_font(true);
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    if (!regular.empty()) {
        fonts_.regular = io.Fonts->AddFontFromFileTTF(regular.c_str(), size, &cfg, glyph_ranges());
        fonts_.large = io.Fonts->AddFontFromFileTTF((bold.empty() ? regular : bold).c_str(), size * 3.0f, &cfg,
                                                    glyph_ranges());
    }
    if (!bold.empty()) fonts_.bold = io.Fonts->AddFontFromFileTTF(bold.c_str(), size, &cfg, glyph_ranges());
    if (!fonts_.regular) {
        // No TrueType font installed: ImGui's built-in font covers ASCII only.
        ImFontConfig def;
        def.SizePixels = size;
        fonts_.regular = io.Fonts->AddFontDefault(&def);
    }
    if (!fonts_.bold) fonts_.bold = fonts_.regular;
    if (!fonts_.large) fonts_.large = fonts_.regular;
    fonts_.mono = fonts_.regular;
    io.FontDefault = fonts_.regular;
}

// [SECTION] Input: every event wakes the loop; key presses are queued

namespace {
Window* owner(GLFWwindow* w) { return static_cast<Window*>(glfwGetWindowUserPointer(w)); }

// glfwPollEvents delivers this window's events whichever ImGui context is
// current (the presenter's console has its own): the backend's callbacks get ours.
class OwnContext {
public:
    explicit OwnContext(GLFWwindow* w) : previous_(ImGui::GetCurrentContext()) {
        ImGui::SetCurrentContext(owner(w)->imgui_context());
    }
    ~OwnContext() { ImGui::SetCurrentContext(previous_); }
    OwnContext(const OwnContext&) = delete;
    OwnContext& operator=(const OwnContext&) = delete;

private:
    ImGuiContext* previous_;
};

std::function<void()>& monitors_changed() {
    static std::function<void()> f;
    return f;
}
}  // namespace

void Window::install_input_callbacks() {
    // Ours wrap the ImGui backend's (installed just before): each wakes the
    // loop, then hands the event on.
    glfwSetWindowUserPointer(window_, this);
    imgui_key_ = glfwSetKeyCallback(window_, [](GLFWwindow* w, int key, int sc, int action, int mods) {
        owner(w)->key_event(key, sc, action, mods);
    });
    imgui_char_ = glfwSetCharCallback(window_, [](GLFWwindow* w, unsigned int c) {
        owner(w)->wake();
        OwnContext use(w);
        if (owner(w)->imgui_char_) owner(w)->imgui_char_(w, c);
    });
    imgui_mouse_button_ = glfwSetMouseButtonCallback(window_, [](GLFWwindow* w, int b, int action, int mods) {
        // ImGui 1.86 latches a press until the next frame, so a click shorter than a frame still counts.
        owner(w)->wake();
        OwnContext use(w);
        if (owner(w)->imgui_mouse_button_) owner(w)->imgui_mouse_button_(w, b, action, mods);
    });
    imgui_scroll_ = glfwSetScrollCallback(window_, [](GLFWwindow* w, double x, double y) {
        owner(w)->wake();
        OwnContext use(w);
        if (owner(w)->imgui_scroll_) owner(w)->imgui_scroll_(w, x, y);
    });
    imgui_focus_ = glfwSetWindowFocusCallback(window_, [](GLFWwindow* w, int focused) {
        owner(w)->wake();
        OwnContext use(w);
        if (owner(w)->imgui_focus_) owner(w)->imgui_focus_(w, focused);
    });
    imgui_cursor_enter_ = glfwSetCursorEnterCallback(window_, [](GLFWwindow* w, int entered) {
        owner(w)->wake();
        OwnContext use(w);
        if (owner(w)->imgui_cursor_enter_) owner(w)->imgui_cursor_enter_(w, entered);
    });
    // ImGui reads the pointer's position itself each frame; a move only needs a frame.
    glfwSetCursorPosCallback(window_, [](GLFWwindow* w, double, double) { owner(w)->wake(); });
    glfwSetFramebufferSizeCallback(window_, [](GLFWwindow* w, int, int) { owner(w)->wake(); });
    glfwSetDropCallback(window_, [](GLFWwindow* w, int count, const char** paths) {
        Window* self = owner(w);
        for (int i = 0; i < count; ++i)
            if (paths[i]) self->drops_.emplace_back(paths[i]);
        self->wake();
    });
    glfwSetWindowRefreshCallback(window_, [](GLFWwindow* w) { owner(w)->wake(); });
    glfwSetWindowIconifyCallback(window_, [](GLFWwindow* w, int) { owner(w)->wake(); });
}

void Window::key_event(int key, int scancode, int action, int mods) {
    wake();
    if (const auto p = key_press(key, action, mods)) next_key_presses_.push_back(*p);
    // ImGui 1.86 keeps only "down now": a key pressed and released between two
    // frames would never be seen down. Such a release reaches ImGui after the
    // next frame, so every tap is down for at least one frame.
    if (action == GLFW_RELEASE &&
        std::find(pressed_this_batch_.begin(), pressed_this_batch_.end(), key) != pressed_this_batch_.end()) {
        deferred_releases_.push_back({key, scancode, mods});
        return;
    }
    if (action == GLFW_PRESS) pressed_this_batch_.push_back(key);
    OwnContext use(window_);
    if (imgui_key_) imgui_key_(window_, key, scancode, action, mods);
}

void Window::release_deferred_keys() {
    pressed_this_batch_.clear();
    std::vector<DeferredRelease> releases;
    releases.swap(deferred_releases_);
    for (const DeferredRelease& r : releases)
        if (imgui_key_) imgui_key_(window_, r.key, r.scancode, GLFW_RELEASE, r.mods);
    if (!releases.empty()) wake();
}

void Window::wake_after(double seconds) noexcept {
    const double at = glfwGetTime() + std::max(0.0, seconds);
    if (wake_at_ < 0 || at < wake_at_) wake_at_ = at;
}

// [SECTION] Frames

bool Window::step(const std::function<bool()>& frame) {
    glfwPollEvents();
    return draw_frame(frame, false);
}

void Window::wake_from_any_thread() noexcept {
    woken_from_thread_.store(true);
    glfwPostEmptyEvent();
}

void Window::run(const std::function<bool()>& frame) {
    while (!glfwWindowShouldClose(window_)) {
        if (frames_to_draw_ > 0) {
            glfwPollEvents();
        } else if (wake_at_ >= 0) {
            const double wait = wake_at_ - glfwGetTime();
            if (wait > 0) glfwWaitEventsTimeout(wait);
            else glfwPollEvents();
        } else {
            glfwWaitEvents();  // idle: nothing is drawn until something happens
        }
        if (woken_from_thread_.exchange(false)) frames_to_draw_ = std::max(frames_to_draw_, kSettleFrames);
        bool timer_only = false;
        if (wake_at_ >= 0 && glfwGetTime() >= wake_at_) {
            wake_at_ = -1;
            timer_only = frames_to_draw_ <= 0;
            frames_to_draw_ = std::max(frames_to_draw_, 1);
        }
        if (frames_to_draw_ <= 0) continue;  // woken by nothing that needs a frame
        --frames_to_draw_;
        if (!draw_frame(frame, timer_only)) break;
    }
}

bool Window::draw_frame(const std::function<bool()>& frame, bool timer_only) {
    key_presses_.swap(next_key_presses_);
    next_key_presses_.clear();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    if (input_hook_) input_hook_();
    ImGui::NewFrame();
    keep_requested_ = false;
    const bool keep_going = frame();
    int width = 0, height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    // Input, a wake() or a new size during the frame asks for it to be drawn
    // (the loop then has frames to draw), as does a capture.
    const bool keep = keep_requested_ && timer_only && frames_to_draw_ <= 0 && !capture_.requested &&
                      width == shown_width_ && height == shown_height_;
    if (keep) {
        ImGui::EndFrame();
        ++frames_kept_;
    } else {
        ImGui::Render();
        draw_imgui_frame(window_, {0.12f, 0.12f, 0.13f}, capture_);
        glfwSwapBuffers(window_);
        shown_width_ = width;
        shown_height_ = height;
        ++frames_shown_;
    }
    release_deferred_keys();  // ImGui has seen this frame's taps down; now they go up
    return keep_going && !glfwWindowShouldClose(window_);
}

std::vector<unsigned char> Window::take_capture(int& width, int& height) { return capture_.take(width, height); }

GLFWmonitor* Window::monitor_or_primary(int monitor) {
    int n = 0;
    GLFWmonitor** monitors = glfwGetMonitors(&n);
    return (monitor >= 0 && monitor < n) ? monitors[monitor] : glfwGetPrimaryMonitor();
}

void Window::refit_fullscreen(int monitor) {
    if (!fullscreen_) return;
    GLFWmonitor* m = monitor_or_primary(monitor);
    if (!m) return;
    const GLFWvidmode* mode = glfwGetVideoMode(m);
    if (mode) glfwSetWindowMonitor(window_, m, 0, 0, mode->width, mode->height, mode->refreshRate);
    wake();
}

void Window::set_monitors_changed(std::function<void()> f) {
    monitors_changed() = std::move(f);
    glfwSetMonitorCallback([](GLFWmonitor*, int) {
        if (monitors_changed()) monitors_changed()();
    });
}

void Window::raise() {
    glfwShowWindow(window_);
    glfwFocusWindow(window_);
}

int Window::monitor_count() const {
    int n = 0;
    glfwGetMonitors(&n);
    return n;
}

void Window::set_fullscreen(bool on, int monitor) {
    if (on == fullscreen_) return;
    if (on) {
        glfwGetWindowPos(window_, &windowed_x_, &windowed_y_);
        glfwGetWindowSize(window_, &windowed_w_, &windowed_h_);
        GLFWmonitor* m = monitor_or_primary(monitor);
        if (!m) return;
        const GLFWvidmode* mode = glfwGetVideoMode(m);
        if (!mode) return;
        glfwSetWindowMonitor(window_, m, 0, 0, mode->width, mode->height, mode->refreshRate);
    } else {
        glfwSetWindowMonitor(window_, nullptr, windowed_x_, windowed_y_, windowed_w_, windowed_h_, 0);
    }
    fullscreen_ = on;
}

void Window::set_cursor_hidden(bool hidden) {
    glfwSetInputMode(window_, GLFW_CURSOR, hidden ? GLFW_CURSOR_HIDDEN : GLFW_CURSOR_NORMAL);
}

void Window::set_title(const std::string& title) {
    if (window_) glfwSetWindowTitle(window_, title.c_str());
}

void Window::request_close() { glfwSetWindowShouldClose(window_, GLFW_TRUE); }

}  // namespace atlas::platform

// GLFW's X11 accessor (glfw3native.h declares it, but that header needs the
// XRandR headers for nothing else): an X window id is an unsigned long.
extern "C" unsigned long glfwGetX11Window(GLFWwindow* window);

std::string atlas::platform::Window::portal_handle() const {
    const unsigned long xid = glfwGetX11Window(window_);
    if (xid == 0) return {};
    char buf[32];
    std::snprintf(buf, sizeof buf, "x11:%lx", xid);
    return buf;
}
