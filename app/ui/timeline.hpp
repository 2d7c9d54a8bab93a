#pragma once
// The timeline along the bottom: zoomable from the whole span (1900s) down to
// the hours of one day; adaptive ticks that never collide; each event drawn
// over its interval (a point for a day or an hour, a bar with faded fuzzy ends
// for longer ones) in a lane per category; a density histogram above; a scrub
// cursor (drag it, click to jump, Left/Right to step between events); the
// time-window mode and width; play, pause, speed and loop.
#include <imgui.h>

#include <optional>
#include <string>
#include <vector>

#include "model/app_model.hpp"
#include "ui/theme.hpp"

namespace atlas::ui {

class Timeline {
public:
    // Draws into the current ImGui window, filling the available region.
    void draw(AppModel& model, Theme theme);

    // Geometry of the last frame, for tests and overlays (screen coordinates).
    [[nodiscard]] float x_of(const AppModel& m, TimePoint t) const noexcept;
    [[nodiscard]] TimePoint t_of(const AppModel& m, float x) const noexcept;
    [[nodiscard]] ImVec2 canvas_min() const noexcept { return canvas_min_; }
    [[nodiscard]] ImVec2 canvas_max() const noexcept { return canvas_max_; }
    [[nodiscard]] float lane_y(size_t lane_of_category) const noexcept;
    [[nodiscard]] int lane_of(size_t category) const noexcept {
        return category < lane_index_.size() ? lane_index_[category] : -1;
    }
    // Events drawn selected in the last frame (the test checks the linked views with it).
    [[nodiscard]] const std::vector<uint32_t>& drawn_selected() const noexcept { return drawn_selected_; }

    // Tick spacing chosen for a span and width (exposed for tests): the label
    // of every tick fits between its neighbours.
    struct TickStep {
        enum Unit : uint8_t { Year, Month, Day, Hour } unit;
        int n;
        [[nodiscard]] double seconds() const noexcept;
    };
    static TickStep choose_step(double span_seconds, float width_px, float char_width);
    static std::vector<TimePoint> ticks(TickStep step, TimePoint from, TimePoint to);
    static std::string tick_label(TickStep step, TimePoint t);

private:
    void draw_controls(AppModel& model);
    void update_density(const AppModel& model, int bins);

    ImVec2 canvas_min_{0, 0}, canvas_max_{1, 1};
    float plot_x0_ = 0, plot_x1_ = 1;  // the time axis spans these x
    float lanes_y0_ = 0, lane_h_ = 1;
    std::vector<int> lane_index_;      // by category; -1: no lane (no events)
    enum class Drag { None, Scrub, Pan } drag_ = Drag::None;
    bool was_playing_ = false;
    std::vector<uint32_t> drawn_selected_;
    char goto_text_[96] = {};
    std::string goto_error_;

    // Density cache: rebuilt when the span, the width or the filter changes, not when scrubbing.
    struct Density {
        TimePoint begin = 0, end = 0;
        int bins = 0;
        uint64_t filter_version = 0;
        std::vector<float> total;
        std::vector<std::vector<float>> by_lane;
        float max_total = 0, max_lane = 0;
        size_t in_range = 0;           // filtered events overlapping the span
    } density_;
};

}  // namespace atlas::ui
