#include "model/story_player.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>

namespace atlas {

// The camera moves along a ZoomPath (model/camera_flight.hpp).

// [SECTION] Player

double StoryPlayer::ease(double t) noexcept {
    if (!(t > 0)) return 0;
    if (t >= 1) return 1;
    return t * t * (3 - 2 * t);  // smoothstep
}

namespace {
uint64_t next_story_serial() noexcept {
    static std::atomic<uint64_t> next{1};
    return next++;
}
}  // namespace

void StoryPlayer::start(const Story& story, size_t slide) {
    story_ = story;
    story_serial_ = next_story_serial();
    index_ = story_.slides.empty() ? 0 : std::min(slide, story_.slides.size() - 1);
    black_ = false;
    transition_ = {};
}

void StoryPlayer::stop() {
    story_ = {};
    story_serial_ = next_story_serial();
    index_ = 0;
    black_ = false;
    transition_ = {};
}

void StoryPlayer::set_viewport(double width_px, double height_px) noexcept {
    if (width_px >= 1 && height_px >= 1 && std::isfinite(width_px) && std::isfinite(height_px)) {
        width_px_ = width_px;
        height_px_ = height_px;
    }
}

const Slide* StoryPlayer::slide() const noexcept { return active() ? &story_.slides[index_] : nullptr; }

double StoryPlayer::view_width_metres(double zoom) const noexcept {
    // The shorter side: a move that leaves the screen vertically is long too.
    return std::min(width_px_, height_px_) * mercator_metres_per_pixel(zoom);
}

double StoryPlayer::zoom_for_width(double width_m) const noexcept {
    return std::log2(kWorldSize * std::min(width_px_, height_px_) / (256.0 * width_m));
}

bool StoryPlayer::toggle_black() noexcept {
    if (!active()) return false;
    black_ = !black_;
    return true;
}

void StoryPlayer::land() noexcept { transition_ = {}; }

bool StoryPlayer::next() {
    if (!active()) return false;
    if (black_) return toggle_black();
    if (transition_.running) {
        land();
        return true;
    }
    if (index_ + 1 >= story_.slides.size()) return false;
    return move_to(index_ + 1);
}

bool StoryPlayer::previous() {
    if (!active()) return false;
    if (black_) return toggle_black();
    if (index_ == 0) {
        if (!transition_.running) return false;
        land();
        return true;
    }
    return move_to(index_ - 1);
}

bool StoryPlayer::first() { return go_to(0); }

bool StoryPlayer::last() { return active() && go_to(story_.slides.size() - 1); }

bool StoryPlayer::go_to(size_t slide) {
    if (!active()) return false;
    if (black_) return toggle_black();
    return move_to(std::min(slide, story_.slides.size() - 1));
}

bool StoryPlayer::move_to(size_t target) {
    if (target == index_) {
        if (!transition_.running) return false;
        land();
        return true;
    }
    // Start from wherever the camera is now (mid-transition included).
    const StoryFrame now = current();
    index_ = target;
    const Slide& to = story_.slides[index_];
    Transition t;
    t.from_camera = now.camera;
    t.from_cursor = now.time_cursor;
    t.from_window = now.window_begin;

    const bool finite = std::isfinite(now.camera.center_lat) && std::isfinite(now.camera.center_lon) &&
                        std::isfinite(now.camera.zoom) && std::isfinite(to.camera.center_lat) &&
                        std::isfinite(to.camera.center_lon) && std::isfinite(to.camera.zoom);
    double camera_seconds = 0;
    if (finite && !(now.camera == to.camera)) {
        t.path.plan(WebMercator::forward({now.camera.center_lat, now.camera.center_lon}),
                    view_width_metres(now.camera.zoom),
                    WebMercator::forward({to.camera.center_lat, to.camera.center_lon}),
                    view_width_metres(to.camera.zoom));
        if (std::isfinite(t.path.length) && t.path.length > 1e-9)
            camera_seconds = kMinTransitionSeconds + 0.35 * t.path.length;
    }
    const bool time_moves = now.time_cursor != to.time_cursor || now.window_begin != to.window_begin;
    const double seconds = std::max(camera_seconds, time_moves ? kTimeOnlyTransitionSeconds : 0.0);
    if (seconds <= 0) {
        land();  // nothing to animate: the target is already on screen
        return true;
    }
    t.duration = std::min(seconds, kMaxTransitionSeconds);
    t.running = true;
    transition_ = t;
    return true;
}

bool StoryPlayer::update(double dt_seconds) noexcept {
    if (!transition_.running) return false;
    if (dt_seconds > 0) transition_.elapsed += dt_seconds;  // NaN and negative steps are ignored
    if (transition_.elapsed >= transition_.duration) land();
    return transition_.running;
}

StoryFrame StoryPlayer::current() const {
    StoryFrame f;
    f.slide_count = story_.slides.size();
    f.black = black_;
    if (!active()) return f;
    f.slide = index_;
    const Slide& to = story_.slides[index_];
    const double progress = transition_.running ? transition_.elapsed / transition_.duration : 1.0;
    if (!transition_.running || progress >= 1.0) {
        // Exactly the slide: no interpolation, no drift.
        f.camera = to.camera;
        f.time_cursor = to.time_cursor;
        f.window_begin = to.window_begin;
        return f;
    }
    f.transitioning = true;
    f.progress = std::max(0.0, progress);
    const double e = ease(progress);
    const Transition& t = transition_;
    auto lerp_time = [e](TimePoint a, TimePoint b) {
        return a + static_cast<TimePoint>(std::llround(static_cast<double>(b - a) * e));
    };
    f.time_cursor = lerp_time(t.from_cursor, to.time_cursor);
    f.window_begin = lerp_time(t.from_window, to.window_begin);
    if (e <= 0 || t.path.length <= 1e-9 || !std::isfinite(t.path.length)) {
        // The camera does not move (or has not started to).
        f.camera = e <= 0 ? t.from_camera : to.camera;
        return f;
    }
    const double s = t.path.length * e;
    const LatLon c = WebMercator::inverse(t.path.center(s));
    f.camera.center_lat = c.lat;
    f.camera.center_lon = c.lon;
    f.camera.zoom = zoom_for_width(t.path.width(s));
    return f;
}

}  // namespace atlas
