#pragma once
// Presenting a story: which slide is up, whether the screen is blacked out,
// and the animated move from one slide to the next. Pure logic (no GL, no
// ImGui): the presentation view asks current() every frame and draws that; the
// clicker keys call next()/previous()/first()/last()/toggle_black().
//
// A transition moves the camera and the time cursor together, eased, in at most
// kMaxTransitionSeconds (shorter for short moves). The camera follows van Wijk
// and Nuij's smooth zoom-and-pan path in Web Mercator metres ("Smooth and
// efficient zooming and panning", InfoVis 2003): a short move is nearly a
// straight pan, a long one zooms out and back in so the audience keeps its
// bearings. When a transition ends the state is the target slide's camera,
// cursor and window exactly (it is snapped, not integrated).
#include <cstddef>
#include <cstdint>

#include "core/event.hpp"
#include "core/geo.hpp"
#include "model/camera_flight.hpp"

namespace atlas {

// What the presentation draws this frame.
struct StoryFrame {
    CameraView camera;
    TimePoint time_cursor = 0;
    TimePoint window_begin = 0;
    size_t slide = 0;            // the slide shown, or being moved to during a transition
    size_t slide_count = 0;      // the progress mark shows slide + 1 of slide_count
    bool black = false;          // draw nothing but black
    bool transitioning = false;
    double progress = 1.0;       // of the running transition, 0..1; 1 when still
};

class StoryPlayer {
public:
    static constexpr double kMaxTransitionSeconds = 1.5;
    static constexpr double kMinTransitionSeconds = 0.4;
    static constexpr double kTimeOnlyTransitionSeconds = 0.8;  // the camera stays, the cursor moves

    // Shows `slide` of `story` at once (no transition), not blacked out. An
    // index past the end shows the last slide. The story is copied.
    void start(const Story& story, size_t slide = 0);
    void stop();
    [[nodiscard]] bool active() const noexcept { return !story_.slides.empty(); }

    // The size of the presentation in pixels: how far a move is "in screen terms".
    void set_viewport(double width_px, double height_px) noexcept;

    // Navigation. While a transition runs, next() lands on its target at once
    // (a second press moves on) and the others start from where the camera is.
    // While the screen is black, any of them brings the current slide back
    // without moving. Each returns whether anything changed.
    bool next();
    bool previous();
    bool first();
    bool last();
    bool go_to(size_t slide);
    bool toggle_black() noexcept;

    // Advances a running transition by dt seconds. Returns whether one is still
    // running (the caller keeps drawing frames while it is).
    bool update(double dt_seconds) noexcept;

    [[nodiscard]] StoryFrame current() const;
    [[nodiscard]] const Story& story() const noexcept { return story_; }
    // A number no other story given to any player in this process has had:
    // changes with each start() and stop() (what the slides say may differ).
    [[nodiscard]] uint64_t story_serial() const noexcept { return story_serial_; }
    [[nodiscard]] const Slide* slide() const noexcept;  // the target slide; null when inactive
    [[nodiscard]] size_t slide_index() const noexcept { return index_; }
    [[nodiscard]] bool black() const noexcept { return black_; }
    [[nodiscard]] bool transitioning() const noexcept { return transition_.running; }
    // Length of the running transition in seconds (0 when none).
    [[nodiscard]] double transition_duration() const noexcept {
        return transition_.running ? transition_.duration : 0.0;
    }

    // The eased shape every transition follows: 0 -> 0, 1 -> 1, flat at both ends.
    [[nodiscard]] static double ease(double t) noexcept;

private:
    struct Transition {
        bool running = false;
        double elapsed = 0, duration = 0;
        CameraView from_camera;
        TimePoint from_cursor = 0, from_window = 0;
        ZoomPath path;
    };

    [[nodiscard]] double view_width_metres(double zoom) const noexcept;
    [[nodiscard]] double zoom_for_width(double width_m) const noexcept;
    bool move_to(size_t target);
    void land() noexcept;

    Story story_;
    uint64_t story_serial_ = 0;
    size_t index_ = 0;
    bool black_ = false;
    double width_px_ = 1920, height_px_ = 1080;
    Transition transition_;
};

}  // namespace atlas
