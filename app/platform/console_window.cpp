#include "platform/console_window.hpp"

#include <glad/gl.h>
// glad first: GLFW must not pull in the system GL header.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <array>

#include "core/error.hpp"
#include "render/fonts.hpp"
#include "platform/imgui_frame.hpp"
#include "render/gl.hpp"

namespace atlas::platform {

namespace {

ConsoleWindow* owner(GLFWwindow* w) { return static_cast<ConsoleWindow*>(glfwGetWindowUserPointer(w)); }

// Latin, Cyrillic (with Kazakh), punctuation, arrows and shapes: as the main window.
const ImWchar* glyph_ranges() {
    static const std::array<ImWchar, 15> ranges = {
        0x0020, 0x00FF, 0x0100, 0x017F, 0x0400, 0x052F, 0x2000, 0x206F,
        0x2190, 0x21FF, 0x25A0, 0x25FF, 0x2116, 0x2116, 0};
    return ranges.data();
}

// The current GL and ImGui contexts, put back when it goes out of scope.
class ContextSwitch {
public:
    ContextSwitch(GLFWwindow* window, ImGuiContext* imgui)
        : gl_(glfwGetCurrentContext()), imgui_(ImGui::GetCurrentContext()) {
        if (window && window != gl_) glfwMakeContextCurrent(window);
        ImGui::SetCurrentContext(imgui);
    }
    ~ContextSwitch() {
        if (glfwGetCurrentContext() != gl_) glfwMakeContextCurrent(gl_);
        ImGui::SetCurrentContext(imgui_);
    }
    ContextSwitch(const ContextSwitch&) = delete;
    ContextSwitch& operator=(const ContextSwitch&) = delete;

private:
    GLFWwindow* gl_;
    ImGuiContext* imgui_;
};

// Only the ImGui context: input callbacks need no GL.
class ImGuiSwitch {
public:
    explicit ImGuiSwitch(ImGuiContext* imgui) : previous_(ImGui::GetCurrentContext()) { ImGui::SetCurrentContext(imgui); }
    ~ImGuiSwitch() { ImGui::SetCurrentContext(previous_); }
    ImGuiSwitch(const ImGuiSwitch&) = delete;
    ImGuiSwitch& operator=(const ImGuiSwitch&) = delete;

private:
    ImGuiContext* previous_;
};

}  // namespace

ConsoleWindow::ConsoleWindow(GLFWwindow* share, const std::string& title, std::function<void()> on_input)
    : on_input_(std::move(on_input)) {
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_VISIBLE, GLFW_TRUE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    window_ = glfwCreateWindow(1280, 800, title.c_str(), nullptr, share);
    if (!window_) {
        const char* why = nullptr;
        glfwGetError(&why);
        throw Error(std::string("cannot open the presenter's console: ") + (why ? why : "unknown reason"));
    }
    glfwSetWindowUserPointer(window_, this);
    place(nullptr);

    float sx = 1.0f, sy = 1.0f;
    glfwGetWindowContentScale(window_, &sx, &sy);
    const float scale = std::max(1.0f, std::max(sx, sy));

    ImGuiContext* const previous = ImGui::GetCurrentContext();
    imgui_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(previous);  // CreateContext makes it current only when none was
    {
        ContextSwitch use(window_, imgui_);
        glfwSwapInterval(0);  // the audience's window waits for the display; two waits would halve its rate
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        // No keyboard navigation: Space and the arrows are the clicker's, never "press the focused button".
        io.ConfigFlags &= ~ImGuiConfigFlags_NavEnableKeyboard;
        ImGui::StyleColorsDark();
        ImGuiStyle& style = ImGui::GetStyle();
        style.WindowRounding = 0;
        style.FrameRounding = 4;
        style.ScaleAllSizes(scale);
        load_fonts(scale);
        ImGui_ImplGlfw_InitForOpenGL(window_, false);  // our callbacks, below, pick this context first
        ImGui_ImplOpenGL3_Init("#version 330 core");
    }
    install_callbacks();
}

ConsoleWindow::~ConsoleWindow() {
    {
        ContextSwitch use(window_, imgui_);
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
    }
    ImGuiContext* current = ImGui::GetCurrentContext();
    ImGui::DestroyContext(imgui_);
    if (current != imgui_) ImGui::SetCurrentContext(current);
    glfwDestroyWindow(window_);
}

void ConsoleWindow::load_fonts(float scale) {
    ImGuiIO& io = ImGui::GetIO();
    const std::string regular = find_ui_font(false);
    const std::string bold = find_ui_font(true);
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    auto add = [&](const std::string& file, float px) -> ImFont* {
        return file.empty() ? nullptr : io.Fonts->AddFontFromFileTTF(file.c_str(), px * scale, &cfg, glyph_ranges());
    };
    fonts_.regular = add(regular, 19.0f);
    fonts_.bold = add(bold.empty() ? regular : bold, 21.0f);
    fonts_.notes = add(regular, 30.0f);
    fonts_.big = add(bold.empty() ? regular : bold, 40.0f);
    if (!fonts_.regular) {
        ImFontConfig def;
        def.SizePixels = 19.0f * scale;
        fonts_.regular = io.Fonts->AddFontDefault(&def);
    }
    if (!fonts_.bold) fonts_.bold = fonts_.regular;
    if (!fonts_.notes) fonts_.notes = fonts_.regular;
    if (!fonts_.big) fonts_.big = fonts_.bold;
    io.FontDefault = fonts_.regular;
}

// [SECTION] Input
// Every event: this window's ImGui context for the backend, then wake the owner.

void ConsoleWindow::install_callbacks() {
    glfwSetKeyCallback(window_, [](GLFWwindow* w, int key, int sc, int action, int mods) {
        ConsoleWindow* self = owner(w);
        if (const auto p = key_press(key, action, mods)) self->keys_.push_back(*p);
        ImGuiSwitch use(self->imgui_);
        ImGui_ImplGlfw_KeyCallback(w, key, sc, action, mods);
        if (self->on_input_) self->on_input_();
    });
    glfwSetCharCallback(window_, [](GLFWwindow* w, unsigned int c) {
        ConsoleWindow* self = owner(w);
        self->typed_.push_back(c);  // "b", "." and "p" are typed characters (any keyboard layout)
        if (self->on_input_) self->on_input_();
    });
    glfwSetMouseButtonCallback(window_, [](GLFWwindow* w, int b, int action, int mods) {
        ImGuiSwitch use(owner(w)->imgui_);
        ImGui_ImplGlfw_MouseButtonCallback(w, b, action, mods);
        if (owner(w)->on_input_) owner(w)->on_input_();
    });
    glfwSetScrollCallback(window_, [](GLFWwindow* w, double x, double y) {
        ImGuiSwitch use(owner(w)->imgui_);
        ImGui_ImplGlfw_ScrollCallback(w, x, y);
        if (owner(w)->on_input_) owner(w)->on_input_();
    });
    glfwSetWindowFocusCallback(window_, [](GLFWwindow* w, int focused) {
        ImGuiSwitch use(owner(w)->imgui_);
        ImGui_ImplGlfw_WindowFocusCallback(w, focused);
        if (owner(w)->on_input_) owner(w)->on_input_();
    });
    glfwSetCursorEnterCallback(window_, [](GLFWwindow* w, int entered) {
        ImGuiSwitch use(owner(w)->imgui_);
        ImGui_ImplGlfw_CursorEnterCallback(w, entered);
        if (owner(w)->on_input_) owner(w)->on_input_();
    });
    auto wake = [](GLFWwindow* w) {
        if (owner(w)->on_input_) owner(w)->on_input_();
    };
    glfwSetCursorPosCallback(window_, [](GLFWwindow* w, double, double) {
        if (owner(w)->on_input_) owner(w)->on_input_();
    });
    glfwSetFramebufferSizeCallback(window_, [](GLFWwindow* w, int, int) {
        if (owner(w)->on_input_) owner(w)->on_input_();
    });
    glfwSetWindowRefreshCallback(window_, wake);
    glfwSetWindowCloseCallback(window_, wake);
}

ui::KeyPresses ConsoleWindow::take_key_presses() {
    ui::KeyPresses out;
    out.swap(keys_);
    return out;
}

std::vector<unsigned> ConsoleWindow::take_typed() {
    std::vector<unsigned> out;
    out.swap(typed_);
    return out;
}

bool ConsoleWindow::close_requested() const { return glfwWindowShouldClose(window_) != 0; }

void ConsoleWindow::raise() {
    glfwShowWindow(window_);
    glfwFocusWindow(window_);
}

void ConsoleWindow::place(GLFWmonitor* monitor) {
    GLFWmonitor* m = monitor ? monitor : glfwGetPrimaryMonitor();
    int x = 0, y = 0, w = 0, h = 0;
    if (m) glfwGetMonitorWorkarea(m, &x, &y, &w, &h);
    if (w <= 0 || h <= 0) return;  // no monitor known: where the system put it
    if (monitor) {
        // A screen of its own: the console fills it (a normal window still, so it can be moved).
        glfwSetWindowPos(window_, x, y);
        glfwSetWindowSize(window_, w, h);
        return;
    }
    // One screen: a normal window over the audience's, most of the screen, centred.
    const int cw = std::min(w * 4 / 5, 1600), ch = std::min(h * 4 / 5, 1000);
    glfwSetWindowSize(window_, cw, ch);
    glfwSetWindowPos(window_, x + (w - cw) / 2, y + (h - ch) / 2);
}

// [SECTION] Frames

void ConsoleWindow::frame(const std::function<void()>& draw) {
    ContextSwitch use(window_, imgui_);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    draw();
    ImGui::Render();
    draw_imgui_frame(window_, {0.08f, 0.08f, 0.09f}, capture_);
    glfwSwapBuffers(window_);
}

std::vector<unsigned char> ConsoleWindow::take_capture(int& width, int& height) { return capture_.take(width, height); }

}  // namespace atlas::platform
