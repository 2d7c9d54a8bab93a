#pragma once
// Stories in the desktop program: the story editor's window and presenting
// (F5, View > Present, `almaty-atlas present`). The application calls four
// things and keeps its own code free of the details:
//
//   StoryMode stories(window, model);          // after the GL context exists
//   stories.set_project(&project);             // where the editor saves
//   stories.set_basemap(...);                  // the explorer's basemap, in the projector theme
//   each frame:  if (stories.frame(dt) != StoryMode::Result::Explore) return;  // presenting: nothing else
//                ... explorer ...; stories.draw_editor_window();
//   View menu:   stories.draw_menu_items();    F5: stories.toggle_presenting();
#include <filesystem>
#include <memory>
#include <string>

#include "model/app_model.hpp"
#include "render/slide_frame.hpp"

namespace atlas {
class Project;
class EditHistory;
class MapRenderer;
struct Image;
}  // namespace atlas

namespace atlas::ui {
class Presentation;
class StoryEditor;
}  // namespace atlas::ui

namespace atlas::platform {

class Window;
class ConsoleWindow;

class StoryMode {
public:
    StoryMode(Window& window, AppModel& model);  // throws atlas::Error when no font can be read
    ~StoryMode();
    StoryMode(const StoryMode&) = delete;
    StoryMode& operator=(const StoryMode&) = delete;

    // Where the editor saves each change (null: edits stay in memory); with a
    // history, each change is an undoable step of it (Edit > Undo).
    void set_project(Project* project, EditHistory* history = nullptr) noexcept {
        project_ = project;
        history_ = history;
    }
    // The basemap under the slides; the caller binds the projector theme. With
    // `would_put_back`, a slide held still is not drawn again (present_frame).
    void set_basemap(SlideBasemapFn f, SlideBasemapProbeFn would_put_back = {});

    enum class Result { Explore, Presenting, Left };
    // Call first in every frame. Presenting: the slide fills the screen and the
    // caller draws nothing else. Left: Esc was pressed this frame (the view is
    // back to the explorer's; a program started by `present` quits now).
    Result frame(double dt);

    // Starts presenting the story named `name` (id or title; empty: the one
    // chosen in the menu, else the first) from `slide`. On -2 the monitor chosen
    // in the menu is used. False, with the reason in error(), when there is no such story.
    bool present(const std::string& name = {}, size_t slide = 0, int monitor = -2);
    void stop();
    void toggle_presenting();
    [[nodiscard]] bool presenting() const noexcept;
    [[nodiscard]] const std::string& error() const noexcept { return error_; }

    void draw_menu_items();      // inside the caller's "View" menu
    void draw_editor_window();   // the "Stories" window, when shown
    bool show_editor = false;

    // The audience's picture of the last frame as a PNG (the presentation's target).
    bool save_screenshot(const std::string& path);

    // [SECTION] The presenter's console (a second window while presenting,
    // when presentation().presenter_console is on)
    [[nodiscard]] bool console_open() const noexcept { return console_ != nullptr; }
    // The console's next frame is kept; save_console_screenshot writes it as a PNG.
    void capture_console_next_frame();
    bool save_console_screenshot(const std::string& path);
    // Monitors came or went (or the choice changed): the audience full screen on
    // the chosen one (else the primary), the console on another (else a normal
    // window in front of it).
    void place_windows();
    // One screen: the console or the audience's window to the front.
    void swap_windows();
    // Where the windows are, as the window system has them: "slide: 1280x720
    // at 1280,0 on DUMMY1, full screen; console: 1280x720 at 0,0 on DUMMY0"
    // (a window's monitor is the one holding its centre).
    [[nodiscard]] std::string placement() const;

    [[nodiscard]] ui::Presentation& presentation() noexcept { return *presentation_; }
    [[nodiscard]] ui::StoryEditor& editor() noexcept { return *editor_; }

private:
    bool write_screenshot(const Image& img, const std::string& path);  // false with error_ set
    Window& window_;
    AppModel& model_;
    Project* project_ = nullptr;
    EditHistory* history_ = nullptr;
    std::unique_ptr<ui::Presentation> presentation_;
    std::unique_ptr<ui::StoryEditor> editor_;
    std::unique_ptr<MapRenderer> basemap_;
    std::unique_ptr<ConsoleWindow> console_;
    bool console_in_front_ = true;
    std::string error_;

    void open_console();
    void close_console();
    void draw_console();
    void keep_rehearsal();
};

}  // namespace atlas::platform
