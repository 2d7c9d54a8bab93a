#pragma once
// Presenting a story to a room. The map fills the screen (full screen on the
// chosen monitor), every piece of editing chrome is gone, the slide's words are
// sized from the screen height, the projector theme is the default, and the
// mouse cursor hides when it has been still for two seconds.
//
// Keys (what presentation clickers send, and the keyboard):
//   next      Right, PageDown, Space, Down      (during a transition: land at once)
//   previous  Left, PageUp, Backspace, Up
//   first     Home            last  End
//   black     B or .          (again, or any move, brings the slide back)
//   swap      S               (one screen: the console or the audience's window in front)
//   overlay   P               (only without a console: notes over the slide, seen by all)
//   leave     Esc
// Every key works in the console's window as in the audience's.
//
// The frame itself is drawn by SlideFrameRenderer (render/slide_frame.hpp), the
// same code the snapshot and animation exporters call. This file adds the
// keys, the timing, the full-screen picture and the presenter's overlay. The
// platform (GLFW) is reached only through the PresentationHost callbacks.
#include <imgui.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "model/app_model.hpp"
#include "model/presenter_clock.hpp"
#include "model/slide_view.hpp"
#include "model/story_player.hpp"
#include "render/gl.hpp"
#include "render/slide_frame.hpp"
#include "ui/input.hpp"
#include "ui/presenter_console.hpp"

namespace atlas::ui {

// What presenting needs from the window; any may be empty (tests).
struct PresentationHost {
    std::function<void(bool on, int monitor)> set_fullscreen;
    std::function<void(bool hidden)> set_cursor_hidden;
    std::function<int()> monitor_count;
    std::function<void()> wake;  // keep frames coming (a transition is running)
    std::function<void(double seconds)> wake_after;  // one frame after this long (the cursor's hiding)
    std::function<bool()> console_open;    // the presenter's console is showing
    std::function<void()> swap_windows;    // the console or the audience's window to the front
    // This frame shows what the audience's screen shows already (the slide held
    // still, nothing over it): the window may keep its picture.
    std::function<void()> keep_shown_frame;
};

class Presentation {
public:
    static constexpr double kCursorHideSeconds = 2.0;

    // Needs a current GL context. Throws atlas::Error when the font cannot be read.
    Presentation(const std::string& font_regular, const std::string& font_bold);
    ~Presentation();

    void set_host(PresentationHost host) { host_ = std::move(host); }
    // The basemap under the slides (the caller binds the projector theme).
    void set_basemap(SlideBasemapFn f, SlideBasemapProbeFn would_put_back = {}) {
        frames_->set_basemap(std::move(f), std::move(would_put_back));
    }
    // The events' GPU copy shared with the map panel.
    void set_event_layer(std::shared_ptr<EventLayer> layer) { frames_->set_event_layer(std::move(layer)); }

    // Starts presenting `story` from `slide`: remembers the explorer's view
    // (restored by stop()), goes full screen on `monitor` (-1: the chosen one).
    // False (and nothing changes) when the story has no slides.
    bool start(AppModel& model, const Story& story, size_t slide = 0, int monitor = -2);
    // Leaves presenting: back to the windowed explorer, its view as it was.
    void stop(AppModel& model);
    [[nodiscard]] bool active() const noexcept { return active_; }

    // One frame while active: the keys pressed since the last frame (from the
    // window's queue, so no tap is lost), the transition (dt seconds), the
    // picture filling the display, the presenter's overlay. `typed_elsewhere`:
    // characters typed in the console's window (this context's are read here).
    // Returns false when the presenter pressed Esc (the caller then calls
    // stop() or quits).
    bool frame(AppModel& model, double dt, const KeyPresses& keys, const std::vector<unsigned>& typed_elsewhere = {});

    // [SECTION] The presenter's console
    // The next slide as presented, width x height, into a target of its own
    // (drawn again only when the slide or the size changes; the model is left
    // as it was). 0 at the end of the story. Call after frame().
    [[nodiscard]] unsigned render_next_preview(AppModel& model, int width, int height);
    [[nodiscard]] const gl::RenderTarget& next_target() const noexcept { return next_target_; }
    [[nodiscard]] PresenterConsoleState console_state() const { return presenter_console_state(player_, clock_); }
    // What the presenter clicked in the console.
    void apply(const PresenterConsoleActions& actions);
    [[nodiscard]] PresenterClock& clock() noexcept { return clock_; }
    [[nodiscard]] const PresenterClock& clock() const noexcept { return clock_; }
    // The story presented last (its slides' rehearsed times from the run so far).
    [[nodiscard]] Story rehearsed_story() const;

    // The picture of the current frame at any size into a RenderTarget the
    // caller owns (resized here); the screen shows exactly this. Returns
    // whether it drew: false when the target holds this very frame already.
    bool render(AppModel& model, gl::RenderTarget& target, int width, int height);

    // Menu items for the caller's "View" menu: Present (F5), the story to
    // present, and the monitor when there is more than one. Returns true when
    // "Present" was chosen (the caller then calls start with chosen_story()).
    bool draw_menu_items(const std::vector<Story>& stories);
    [[nodiscard]] size_t chosen_story(const std::vector<Story>& stories) const noexcept;
    void choose_story(const std::string& id) { story_id_ = id; }
    int monitor = -1;            // -1: the primary monitor
    Theme look = Theme::Projector;
    bool presenter_overlay = false;  // toggled with P when there is no console
    bool presenter_console = true;   // a second window for the presenter while presenting

    [[nodiscard]] StoryPlayer& player() noexcept { return player_; }
    [[nodiscard]] const StoryPlayer& player() const noexcept { return player_; }
    [[nodiscard]] const SlideOverlayLayout& layout() const noexcept { return frames_->layout(); }
    // The basemap kept between the audience's frames (frames that drew it, and that put it back).
    [[nodiscard]] const BasemapCopy& basemap_copy() const noexcept { return frames_->basemap_copy(); }
    // The frames drawn, and those skipped as repeats of the last (a slide held still).
    [[nodiscard]] const SlideFrameRenderer& frame_renderer() const noexcept { return *frames_; }
    [[nodiscard]] bool cursor_hidden() const noexcept { return cursor_hidden_; }
    [[nodiscard]] const gl::RenderTarget& target() const noexcept { return target_; }

private:
    bool handle_keys(const KeyPresses& keys, const std::vector<unsigned>& typed_elsewhere);
    void update_cursor(double dt);
    void draw_presenter_overlay(const AppModel& model);

    std::unique_ptr<SlideFrameRenderer> frames_;
    StoryPlayer player_;
    StorySync sync_;
    gl::RenderTarget target_;
    PresentationHost host_;
    bool active_ = false;
    bool cursor_hidden_ = false;
    bool overlay_shown_ = false;  // the last frame drew the presenter's overlay
    double still_seconds_ = 0;
    ImVec2 last_mouse_{-1, -1};
    PresenterClock clock_;       // elapsed time and each slide's time (rehearsal)
    gl::RenderTarget next_target_;
    StoryPlayer next_player_;
    StorySync next_sync_;
    size_t next_for_ = SIZE_MAX;  // the slide whose successor next_target_ shows
    uint64_t next_dataset_ = 0;   // AppModel::dataset_version() it was drawn from
    Story presented_;            // the story as it was started (for the rehearsal times)
    std::string story_id_;       // the story the menu chose (empty: the first)
};

}  // namespace atlas::ui
