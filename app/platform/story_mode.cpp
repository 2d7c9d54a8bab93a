#include "platform/story_mode.hpp"

#include <glad/gl.h>
// glad first: GLFW must not pull in the system GL header.
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "geo/shapefile.hpp"
#include "model/commands.hpp"
#include "model/slide_view.hpp"
#include "platform/console_window.hpp"
#include "platform/window.hpp"
#include "render/map_renderer.hpp"
#include "render/snapshot.hpp"
#include "store/project.hpp"
#include "model/presenter_clock.hpp"
#include "ui/presentation.hpp"
#include "ui/presenter_console.hpp"
#include "ui/story_editor.hpp"
#include "render/fonts.hpp"

namespace atlas::platform {

namespace fs = std::filesystem;

StoryMode::StoryMode(Window& window, AppModel& model)
    : window_(window),
      model_(model),
      presentation_(std::make_unique<ui::Presentation>(find_ui_font(false), find_ui_font(true))),
      editor_(std::make_unique<ui::StoryEditor>()) {
    ui::PresentationHost host;
    host.set_fullscreen = [this](bool on, int monitor) { window_.set_fullscreen(on, monitor); };
    host.set_cursor_hidden = [this](bool hidden) { window_.set_cursor_hidden(hidden); };
    host.monitor_count = [this] { return window_.monitor_count(); };
    host.wake = [this] { window_.wake(); };
    host.wake_after = [this](double seconds) { window_.wake_after(seconds); };
    host.console_open = [this] { return console_ != nullptr; };
    host.swap_windows = [this] { swap_windows(); };
    host.keep_shown_frame = [this] { window_.keep_shown_frame(); };
    presentation_->set_host(std::move(host));
    ui::StoryStore store;
    store.save = [this](const Story& s) {
        if (!project_) return;
        if (project_->read_only()) throw Error(project_->path().string(), 0, "the project is open read-only");
        if (history_) history_->save_story(s);
        else project_->put_story(s);
    };
    store.remove = [this](const std::string& id) {
        if (!project_) return;
        if (project_->read_only()) throw Error(project_->path().string(), 0, "the project is open read-only");
        if (history_) history_->delete_story(id);
        else project_->delete_story(id);
    };
    editor_->set_store(std::move(store));
    window_.set_monitors_changed([this] {
        if (presenting()) place_windows();
    });
}

StoryMode::~StoryMode() {
    window_.set_monitors_changed(nullptr);
    console_.reset();
}

void StoryMode::set_basemap(SlideBasemapFn f, SlideBasemapProbeFn would_put_back) {
    presentation_->set_basemap(std::move(f), std::move(would_put_back));
}

// [SECTION] Presenting

bool StoryMode::present(const std::string& name, size_t slide, int monitor) {
    editor_->sync(model_);
    const std::vector<Story>& stories = editor_->stories();
    error_.clear();
    size_t found = stories.size();
    if (name.empty()) {
        found = stories.empty() ? 0 : presentation_->chosen_story(stories);
    } else {
        found = find_story(stories, name);
    }
    if (found >= stories.size()) {
        error_ = name.empty() ? "this project has no story to present" : "no story \"" + name + "\" in this project";
        if (!stories.empty()) {
            error_ += " (stories:";
            for (const Story& s : stories) error_ += " \"" + s.id + "\"";
            error_ += ")";
        }
        return false;
    }
    if (stories[found].slides.empty()) {
        error_ = "the story \"" + stories[found].title + "\" has no slides yet";
        return false;
    }
    presentation_->choose_story(stories[found].id);
    if (!presentation_->start(model_, stories[found], slide, monitor)) return false;
    if (presentation_->presenter_console) open_console();
    return true;
}

void StoryMode::stop() {
    if (presentation_->active()) keep_rehearsal();
    close_console();
    presentation_->stop(model_);
}

// Each slide's time in this run becomes its "last" time, kept with the story.
void StoryMode::keep_rehearsal() {
    const Story rehearsed = presentation_->rehearsed_story();
    if (!editor_->record_rehearsal(rehearsed) && editor_->status_is_error())
        error_ = editor_->status();  // not saved: said, never lost silently
}

void StoryMode::toggle_presenting() {
    if (presentation_->active()) stop();
    else present({}, editor_->current_story() == presentation_->chosen_story(editor_->stories()) ? editor_->current_slide() : 0);
}

bool StoryMode::presenting() const noexcept { return presentation_->active(); }

StoryMode::Result StoryMode::frame(double dt) {
    editor_->sync(model_);
    if (editor_->present_requested) {
        editor_->present_requested = false;
        const auto& stories = editor_->stories();
        if (editor_->current_story() < stories.size())
            present(stories[editor_->current_story()].id, editor_->current_slide());
    }
    if (!presentation_->active()) return Result::Explore;
    if (console_ && console_->close_requested()) close_console();  // presenting goes on
    bool keep = true;
    if (console_) {
        // The presenting keys work in either window, in the order each window queued them.
        ui::KeyPresses keys = window_.key_presses();
        const ui::KeyPresses more = console_->take_key_presses();
        keys.insert(keys.end(), more.begin(), more.end());
        keep = presentation_->frame(model_, dt, keys, console_->take_typed());
    } else {
        keep = presentation_->frame(model_, dt, window_.key_presses());
    }
    if (!keep) {
        stop();
        return Result::Left;
    }
    if (console_) draw_console();
    return Result::Presenting;
}

// [SECTION] The presenter's console

void StoryMode::open_console() {
    if (console_) return;
    try {
        console_ = std::make_unique<ConsoleWindow>(window_.handle(), "Almaty Atlas — presenter",
                                                   [this] { window_.wake(); });
    } catch (const Error& e) {
        error_ = e.what();  // presenting goes on without it (P shows the notes over the slide)
        return;
    }
    console_in_front_ = true;
    place_windows();
    window_.wake();
}

void StoryMode::close_console() {
    console_.reset();
    window_.wake();
}

void StoryMode::place_windows() {
    window_.refit_fullscreen(presentation_->monitor);
    if (!console_) return;
    int n = 0;
    GLFWmonitor** monitors = glfwGetMonitors(&n);
    GLFWmonitor* audience = Window::monitor_or_primary(presentation_->monitor);
    GLFWmonitor* other = nullptr;
    for (int i = 0; i < n && !other; ++i)
        if (monitors[i] != audience) other = monitors[i];
    console_->place(other);
    if (!other) {
        // One screen: the console in front (S swaps), so the speaker can rehearse on a laptop.
        console_->raise();
        console_in_front_ = true;
    }
    window_.wake();
}

namespace {
// "1280x720 at 1280,0 on DUMMY1": a window's size and place in screen
// coordinates, and the monitor under its centre.
std::string where_is(GLFWwindow* w) {
    int x = 0, y = 0, width = 0, height = 0;
    glfwGetWindowPos(w, &x, &y);
    glfwGetWindowSize(w, &width, &height);
    std::string on = "no monitor";
    int n = 0;
    GLFWmonitor** monitors = glfwGetMonitors(&n);
    for (int i = 0; i < n; ++i) {
        int mx = 0, my = 0;
        glfwGetMonitorPos(monitors[i], &mx, &my);
        const GLFWvidmode* mode = glfwGetVideoMode(monitors[i]);
        if (!mode) continue;
        const int cx = x + width / 2, cy = y + height / 2;
        if (cx >= mx && cx < mx + mode->width && cy >= my && cy < my + mode->height) {
            const char* name = glfwGetMonitorName(monitors[i]);
            on = name ? name : "monitor " + std::to_string(i);
            break;
        }
    }
    std::string out = std::to_string(width) + "x" + std::to_string(height) + " at " + std::to_string(x) + "," +
                      std::to_string(y) + " on " + on;
    if (glfwGetWindowMonitor(w)) out += ", full screen";
    return out;
}
}  // namespace

std::string StoryMode::placement() const {
    std::string out = "slide: " + where_is(window_.handle());
    if (console_) out += "; console: " + where_is(console_->handle());
    return out;
}

void StoryMode::swap_windows() {
    if (!console_) return;
    if (console_in_front_) window_.raise();
    else console_->raise();
    console_in_front_ = !console_in_front_;
    window_.wake();
}

void StoryMode::draw_console() {
    const gl::RenderTarget& audience = presentation_->target();
    const float aspect = audience.height() > 0 ? static_cast<float>(audience.width()) / audience.height() : 16.0f / 9.0f;
    // The next slide at a size that is sharp in the console's right column.
    const int next_w = std::min(1280, std::max(320, audience.width() / 2));
    const int next_h = std::max(1, static_cast<int>(next_w / aspect));
    const unsigned next = presentation_->render_next_preview(model_, next_w, next_h);
    glFlush();  // the textures are read in the console's context next
    ui::PresenterConsoleView view;
    view.current = reinterpret_cast<ImTextureID>(static_cast<intptr_t>(audience.texture()));
    view.current_aspect = aspect;
    view.next = next ? reinterpret_cast<ImTextureID>(static_cast<intptr_t>(next)) : nullptr;
    view.next_aspect = aspect;
    view.clock = wall_clock_text();
    const PresenterConsoleState state = presentation_->console_state();
    ui::PresenterConsoleActions actions;
    console_->frame([&] {
        const ConsoleFonts& f = console_->fonts();
        view.bold = f.bold;
        view.notes = f.notes;
        view.big = f.big;
        actions = ui::draw_presenter_console(state, view);
    });
    presentation_->apply(actions);
    // The clock on the console ticks: a frame a second even when nothing else happens.
    window_.wake_after(1.0);
}

void StoryMode::capture_console_next_frame() {
    if (console_) console_->capture_next_frame();
}

bool StoryMode::save_console_screenshot(const std::string& path) {
    if (!console_) {
        error_ = path + ": no presenter's console was open";
        return false;
    }
    Image img;
    img.rgba = console_->take_capture(img.width, img.height);
    if (img.width <= 0 || img.height <= 0) {
        error_ = path + ": cannot write the console's screenshot: nothing was captured";
        return false;
    }
    return write_screenshot(img, path);
}

bool StoryMode::write_screenshot(const Image& img, const std::string& path) {
    try {
        write_png(img, path);
    } catch (const Error& e) {
        error_ = e.what();
        return false;
    }
    return true;
}

// [SECTION] Menu and editor window

void StoryMode::draw_menu_items() {
    editor_->sync(model_);
    if (presentation_->draw_menu_items(editor_->stories())) present();
    ImGui::MenuItem("Story editor", nullptr, &show_editor);
}

void StoryMode::draw_editor_window() {
    if (!show_editor || presentation_->active()) return;
    const ImGuiIO& io = ImGui::GetIO();
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.12f), ImGuiCond_FirstUseEver,
                            ImVec2(0.5f, 0));
    ImGui::SetNextWindowSize(ImVec2(fs * 30, fs * 42), ImGuiCond_FirstUseEver);
    if (ImGui::Begin("Stories###story_editor", &show_editor)) editor_->draw(model_);
    ImGui::End();
}

bool StoryMode::save_screenshot(const std::string& path) {
    const gl::RenderTarget& t = presentation_->target();
    if (t.width() <= 0 || t.height() <= 0) return false;
    Image img;
    img.width = t.width();
    img.height = t.height();
    img.rgba.resize(static_cast<size_t>(img.width) * static_cast<size_t>(img.height) * 4);
    t.read_pixels(img.rgba.data());
    return write_screenshot(img, path);
}

}  // namespace atlas::platform
