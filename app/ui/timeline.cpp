#include "ui/timeline.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/categories.hpp"
#include "core/time.hpp"
#include "model/timeline_rules.hpp"
#include "ui/draw_util.hpp"

namespace atlas::ui {

namespace {

constexpr TimePoint kDay = 86400, kHour = 3600;
constexpr double kYear = 365.2425 * 86400.0, kMonth = kYear / 12.0;
constexpr TimePoint kMinSpan = 2 * kHour;
constexpr double kMaxSpan = 200 * kYear;
constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<const char*, 12> kMonthNames = {"January", "February", "March",     "April",   "May",      "June",
                                                     "July",    "August",   "September", "October", "November", "December"};

struct Civil {
    int year;
    unsigned month, day, hour, minute;
};
Civil civil(TimePoint t) {
    const CivilTime c = civil_time(t);
    return {c.year, c.month, c.day, c.hour, c.minute};
}

// The cursor's date at a resolution that suits the zoom.
std::string cursor_label(TimePoint t, double span) {
    const Civil c = civil(t);
    char buf[64];
    if (span < 4.0 * kDay)
        std::snprintf(buf, sizeof buf, "%u %s %d, %02u:%02u", c.day, kMonths[c.month - 1], c.year, c.hour, c.minute);
    else if (span < 3.0 * kYear)
        std::snprintf(buf, sizeof buf, "%u %s %d", c.day, kMonths[c.month - 1], c.year);
    else
        std::snprintf(buf, sizeof buf, "%s %d", kMonthNames[c.month - 1], c.year);
    return buf;
}

uint32_t with_alpha(uint32_t abgr, uint8_t a) { return (abgr & 0x00FFFFFFu) | static_cast<uint32_t>(a) << 24; }

struct Preset {
    const char* label;
    double seconds;
};
constexpr std::array<Preset, 8> kSpeeds = {{{"1 hour / s", 3600.0},
                                            {"6 hours / s", 6 * 3600.0},
                                            {"1 day / s", 86400.0},
                                            {"1 week / s", 7 * 86400.0},
                                            {"1 month / s", kMonth},
                                            {"1 year / s", kYear},
                                            {"5 years / s", 5 * kYear},
                                            {"20 years / s", 20 * kYear}}};

}  // namespace

// [SECTION] Ticks

double Timeline::TickStep::seconds() const noexcept {
    switch (unit) {
    case Year: return n * kYear;
    case Month: return n * kMonth;
    case Day: return static_cast<double>(n * kDay);
    case Hour: return static_cast<double>(n * kHour);
    }
    return kYear;
}

Timeline::TickStep Timeline::choose_step(double span, float width, float char_w) {
    static constexpr std::array<TickStep, 17> kSteps = {{{TickStep::Hour, 1},
                                                         {TickStep::Hour, 3},
                                                         {TickStep::Hour, 6},
                                                         {TickStep::Hour, 12},
                                                         {TickStep::Day, 1},
                                                         {TickStep::Day, 2},
                                                         {TickStep::Day, 7},
                                                         {TickStep::Month, 1},
                                                         {TickStep::Month, 3},
                                                         {TickStep::Month, 6},
                                                         {TickStep::Year, 1},
                                                         {TickStep::Year, 2},
                                                         {TickStep::Year, 5},
                                                         {TickStep::Year, 10},
                                                         {TickStep::Year, 20},
                                                         {TickStep::Year, 50},
                                                         {TickStep::Year, 100}}};
    for (const TickStep& s : kSteps) {
        // Widest label of the unit, in characters, plus a gap of three.
        const float chars = s.unit == TickStep::Hour ? 8.0f : s.unit == TickStep::Day ? 8.0f
                          : s.unit == TickStep::Month ? 8.0f : 6.0f;
        // Months and weeks are uneven: a month can be 28 days.
        const double shortest = s.unit == TickStep::Month ? s.n * 28.0 * kDay : s.seconds();
        const double px = shortest / span * width;
        if (px >= (chars + 3.0f) * char_w) return s;
    }
    return kSteps.back();
}

std::vector<TimePoint> Timeline::ticks(TickStep step, TimePoint from, TimePoint to) {
    std::vector<TimePoint> out;
    if (to <= from) return out;
    switch (step.unit) {
    case TickStep::Year: {
        int y = civil(from).year;
        y = static_cast<int>(floor_div(y, step.n) * step.n);
        for (;; y += step.n) {
            const TimePoint t = days_from_civil(y, 1, 1) * kDay;
            if (t > to || out.size() > 2000) break;
            if (t >= from) out.push_back(t);
        }
        break;
    }
    case TickStep::Month: {
        const Civil c = civil(from);
        int64_t m = static_cast<int64_t>(c.year) * 12 + (c.month - 1);
        m = floor_div(m, step.n) * step.n;
        for (;; m += step.n) {
            const int y = static_cast<int>(floor_div(m, 12));
            const auto mo = static_cast<unsigned>(m - floor_div(m, 12) * 12 + 1);
            const TimePoint t = days_from_civil(y, mo, 1) * kDay;
            if (t > to || out.size() > 2000) break;
            if (t >= from) out.push_back(t);
        }
        break;
    }
    case TickStep::Day:
    case TickStep::Hour: {
        const TimePoint s = static_cast<TimePoint>(step.seconds());
        // Weeks start on Mondays (1970-01-05 was one).
        const TimePoint base = step.unit == TickStep::Day && step.n == 7 ? 4 * kDay : 0;
        for (TimePoint t = floor_div(from - base, s) * s + base; t <= to && out.size() <= 2000; t += s)
            if (t >= from) out.push_back(t);
        break;
    }
    }
    return out;
}

std::string Timeline::tick_label(TickStep step, TimePoint t) {
    const Civil c = civil(t);
    char buf[32];
    switch (step.unit) {
    case TickStep::Year:
        if (step.n == 10) std::snprintf(buf, sizeof buf, "%ds", c.year);
        else std::snprintf(buf, sizeof buf, "%d", c.year);
        break;
    case TickStep::Month:
        if (c.month == 1) std::snprintf(buf, sizeof buf, "%d", c.year);
        else std::snprintf(buf, sizeof buf, "%s", kMonths[c.month - 1]);
        break;
    case TickStep::Day:
        if (c.day == 1 && c.month == 1) std::snprintf(buf, sizeof buf, "%d", c.year);
        else std::snprintf(buf, sizeof buf, "%u %s", c.day, kMonths[c.month - 1]);
        break;
    case TickStep::Hour:
        if (c.hour == 0) std::snprintf(buf, sizeof buf, "%u %s", c.day, kMonths[c.month - 1]);
        else std::snprintf(buf, sizeof buf, "%02u:00", c.hour);
        break;
    }
    return buf;
}

// [SECTION] Geometry

float Timeline::x_of(const AppModel& m, TimePoint t) const noexcept {
    const double span = static_cast<double>(m.timeline_end - m.timeline_begin);
    return plot_x0_ + static_cast<float>(static_cast<double>(t - m.timeline_begin) / span * (plot_x1_ - plot_x0_));
}

TimePoint Timeline::t_of(const AppModel& m, float x) const noexcept {
    const double span = static_cast<double>(m.timeline_end - m.timeline_begin);
    return m.timeline_begin + static_cast<TimePoint>(std::llround((x - plot_x0_) / (plot_x1_ - plot_x0_) * span));
}

float Timeline::lane_y(size_t lane) const noexcept { return lanes_y0_ + (static_cast<float>(lane) + 0.5f) * lane_h_; }

// [SECTION] Density (histogram and crowded lanes)

void Timeline::update_density(const AppModel& model, int bins) {
    if (density_.begin == model.timeline_begin && density_.end == model.timeline_end && density_.bins == bins &&
        density_.filter_version == model.filter_version())
        return;
    density_.begin = model.timeline_begin;
    density_.end = model.timeline_end;
    density_.bins = bins;
    density_.filter_version = model.filter_version();
    const size_t lanes = static_cast<size_t>(*std::max_element(lane_index_.begin(), lane_index_.end()) + 1);
    // Difference arrays: an event adds 1/(bins it spans) over its span, so long
    // intervals spread thin and the histogram shows density, in O(n + bins).
    std::vector<double> diff(static_cast<size_t>(bins) + 1, 0.0);
    std::vector<std::vector<double>> lane_diff(lanes, std::vector<double>(static_cast<size_t>(bins) + 1, 0.0));
    const double span = static_cast<double>(model.timeline_end - model.timeline_begin);
    const EventArrays& ev = model.events();
    size_t in_range = 0;
    for (uint32_t r : model.filtered_rows()) {
        if (ev.begin[r] >= model.timeline_end) break;  // filtered rows are in begin order
        if (ev.end[r] <= model.timeline_begin) continue;
        ++in_range;
        const double b0 = static_cast<double>(ev.begin[r] - model.timeline_begin) / span * bins;
        const double b1 = static_cast<double>(ev.end[r] - model.timeline_begin) / span * bins;
        const int i0 = std::clamp(static_cast<int>(std::floor(b0)), 0, bins - 1);
        const int i1 = std::clamp(static_cast<int>(std::floor(b1)), i0, bins - 1);
        const double w = 1.0 / (i1 - i0 + 1);
        diff[static_cast<size_t>(i0)] += w;
        diff[static_cast<size_t>(i1) + 1] -= w;
        const int lane = lane_index_[ev.category[r]];
        if (lane >= 0) {
            lane_diff[static_cast<size_t>(lane)][static_cast<size_t>(i0)] += w;
            lane_diff[static_cast<size_t>(lane)][static_cast<size_t>(i1) + 1] -= w;
        }
    }
    density_.in_range = in_range;
    density_.total.assign(static_cast<size_t>(bins), 0.0f);
    density_.by_lane.assign(lanes, std::vector<float>(static_cast<size_t>(bins), 0.0f));
    density_.max_total = density_.max_lane = 0;
    double acc = 0;
    for (int i = 0; i < bins; ++i) {
        acc += diff[static_cast<size_t>(i)];
        density_.total[static_cast<size_t>(i)] = static_cast<float>(std::max(0.0, acc));
        density_.max_total = std::max(density_.max_total, density_.total[static_cast<size_t>(i)]);
    }
    for (size_t l = 0; l < lanes; ++l) {
        acc = 0;
        for (int i = 0; i < bins; ++i) {
            acc += lane_diff[l][static_cast<size_t>(i)];
            density_.by_lane[l][static_cast<size_t>(i)] = static_cast<float>(std::max(0.0, acc));
            density_.max_lane = std::max(density_.max_lane, density_.by_lane[l][static_cast<size_t>(i)]);
        }
    }
}

// [SECTION] Controls

void Timeline::draw_controls(AppModel& model) {
    const Playback& pb = model.playback();
    if (ImGui::Button(pb.playing ? "Pause##play" : "\xE2\x96\xB6 Play##play")) model.toggle_play();
    ImGui::SameLine();
    // The speed follows the zoom until the user picks one.
    const std::string speed_now = (pb.follow_zoom ? "Auto: " : "") + speed_label(model.effective_speed());
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.5f);
    if (ImGui::BeginCombo("##speed", speed_now.c_str())) {
        if (ImGui::Selectable("Follow the zoom", pb.follow_zoom)) model.set_speed_follows_zoom();
        for (size_t i = 0; i < kSpeeds.size(); ++i)
            if (ImGui::Selectable(kSpeeds[i].label, !pb.follow_zoom && std::abs(std::log(kSpeeds[i].seconds / pb.speed)) < 0.01))
                model.set_speed(kSpeeds[i].seconds);
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered() && pb.follow_zoom)
        ImGui::SetTooltip("Playback crosses the span shown in about %.0f seconds; zoom in to play slower.", kPlaySpanSeconds);
    ImGui::SameLine();
    bool loop = pb.loop;
    if (ImGui::Checkbox("Loop##loop", &loop)) model.set_loop(loop);
    ImGui::SameLine();
    ImGui::TextDisabled("|");
    ImGui::SameLine();
    int mode = model.window().mode == WindowMode::Cumulative ? 0 : 1;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14.0f);
    if (ImGui::Combo("##window_mode", &mode, "Everything up to the cursor\0A window before the cursor\0"))
        model.set_window_mode(mode == 0 ? WindowMode::Cumulative : WindowMode::Sliding);
    if (model.window().mode == WindowMode::Sliding) {
        ImGui::SameLine();
        float days = static_cast<float>(static_cast<double>(model.window().width) / kDay);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
        if (ImGui::SliderFloat("##window_width", &days, 1.0f / 24.0f, 36525.0f, days < 2 ? "%.2f days" : "%.0f days",
                               ImGuiSliderFlags_Logarithmic))
            model.set_window_width(static_cast<TimePoint>(static_cast<double>(days) * kDay));
    }
    ImGui::SameLine();
    ImGui::TextDisabled("|");
    ImGui::SameLine();
    if (ImGui::Button("Fit all##fit_all")) model.fit_timeline_all();
    ImGui::SameLine();
    ImGui::BeginDisabled(model.selection().empty());
    if (ImGui::Button("Fit selection##fit_sel")) model.fit_timeline_selection();
    ImGui::EndDisabled();
    ImGui::SameLine();
    // Go to a date as the data writes them ("5 April 2006", "2006-04-05T13:00", "March 2006").
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.0f);
    if (ImGui::InputTextWithHint("##goto", "Go to date", goto_text_, sizeof goto_text_, ImGuiInputTextFlags_EnterReturnsTrue)) {
        goto_error_.clear();
        if (go_to_date(model, goto_text_, &goto_error_)) goto_text_[0] = 0;
    }
    if (!goto_error_.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", goto_error_.c_str());
    else if (ImGui::IsItemHovered()) ImGui::SetTooltip("5 April 2006, 2006-04-05T13:00, March 2006, 1986; Enter to go");
    if (!goto_error_.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.85f, 0.2f, 0.15f, 1), "?");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", goto_error_.c_str());
    }
    ImGui::SameLine();
    if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) model.step_prev();
    ImGui::SameLine(0, 2);
    if (ImGui::ArrowButton("##next", ImGuiDir_Right)) model.step_next();
    ImGui::SameLine();
    const std::string label = cursor_label(model.window().cursor,
                                           static_cast<double>(model.timeline_end - model.timeline_begin));
    ImGui::TextUnformatted(label.c_str());
}

// [SECTION] Drawing

void Timeline::draw(AppModel& model, Theme theme) {
    const Palette& pal = palette(theme);
    const ImGuiIO& io = ImGui::GetIO();
    drawn_selected_.clear();
    draw_controls(model);

    // Keys: Left/Right step between events while the timeline has focus.
    if (ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) && !io.WantTextInput) {
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) model.step_prev();
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) model.step_next();
    }

    // Lanes: one per category that has events.
    lane_index_.assign(model.categories().size(), -1);
    int lanes = 0;
    for (size_t c = 0; c < model.categories().size(); ++c)
        if (model.category_counts()[c] > 0) lane_index_[c] = lanes++;
    if (lanes == 0) {
        lane_index_.assign(std::max<size_t>(1, lane_index_.size()), 0);
        lanes = 1;
    }

    const float lh = ImGui::GetTextLineHeight();
    canvas_min_ = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    canvas_max_ = ImVec2(canvas_min_.x + std::max(avail.x, 50.0f), canvas_min_.y + std::max(avail.y, 60.0f));
    const float gutter = lh * 11.0f;
    plot_x0_ = canvas_min_.x + gutter;
    plot_x1_ = canvas_max_.x - lh * 0.5f;
    const float hist_y0 = canvas_min_.y, hist_h = lh * 2.0f;
    const float axis_y0 = hist_y0 + hist_h, axis_h = lh * 1.4f;
    lanes_y0_ = axis_y0 + axis_h;
    lane_h_ = std::max(4.0f, (canvas_max_.y - lanes_y0_) / static_cast<float>(lanes));

    ImGui::InvisibleButton("##timeline_canvas", ImVec2(canvas_max_.x - canvas_min_.x, canvas_max_.y - canvas_min_.y));
    const bool hovered = ImGui::IsItemHovered();
    const float mx = io.MousePos.x;

    // Wheel: zoom about the pointer.
    if (hovered && io.MouseWheel != 0.0f && mx >= plot_x0_) {
        const TimePoint pivot = t_of(model, mx);
        double span = static_cast<double>(model.timeline_end - model.timeline_begin);
        const double new_span = std::clamp(span * std::pow(0.8, io.MouseWheel), static_cast<double>(kMinSpan), kMaxSpan);
        const double f = (mx - plot_x0_) / (plot_x1_ - plot_x0_);
        model.timeline_begin = pivot - static_cast<TimePoint>(f * new_span);
        model.timeline_end = model.timeline_begin + static_cast<TimePoint>(new_span);
    }
    // Press: on or near the cursor, or in the scale bands above the lanes, scrubs;
    // elsewhere a drag pans and a click selects an event or jumps the cursor.
    if (ImGui::IsItemActivated()) {
        const float cx = x_of(model, model.window().cursor);
        const bool near_cursor = std::abs(io.MouseClickedPos[0].x - cx) <= lh * 0.5f;
        drag_ = (near_cursor || io.MouseClickedPos[0].y < lanes_y0_) ? Drag::Scrub : Drag::Pan;
        was_playing_ = model.playback().playing;
        if (drag_ == Drag::Scrub) model.pause();
    }
    if (ImGui::IsItemActive()) {
        if (drag_ == Drag::Scrub) {
            model.set_cursor(t_of(model, std::clamp(mx, plot_x0_, plot_x1_)));
        } else if (drag_ == Drag::Pan && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.0f)) {
            const double span = static_cast<double>(model.timeline_end - model.timeline_begin);
            const auto dt = static_cast<TimePoint>(std::llround(-io.MouseDelta.x / (plot_x1_ - plot_x0_) * span));
            model.timeline_begin += dt;
            model.timeline_end += dt;
        }
    }
    const bool clicked = ImGui::IsItemDeactivated() && drag_ == Drag::Pan && io.MouseDragMaxDistanceSqr[0] < 9.0f;
    if (ImGui::IsItemDeactivated()) {
        if (drag_ == Drag::Scrub && was_playing_) model.play();
        drag_ = Drag::None;
    }
    // Double-click: into the period under the pointer (year, month, day, hours).
    if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) && mx >= plot_x0_) {
        const auto [b, e] = zoom_period(t_of(model, mx), model.timeline_begin, model.timeline_end);
        model.timeline_begin = b;
        model.timeline_end = std::max(e, b + static_cast<TimePoint>(kMinSpan));
    }

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(canvas_min_, canvas_max_, true);
    const TimePoint tb = model.timeline_begin, te = model.timeline_end;
    const double span = static_cast<double>(te - tb);
    const float plot_w = plot_x1_ - plot_x0_;
    const TimeWindow& win = model.window();
    const float cursor_x = x_of(model, win.cursor);

    // Backgrounds: lanes striped, the time window shaded.
    const uint32_t stripe = is_dark(theme) ? IM_COL32(255, 255, 255, 10) : IM_COL32(0, 0, 0, 9);
    for (size_t c = 0; c < model.categories().size(); ++c) {
        const int lane = lane_of(c);
        if (lane < 0 || model.category_counts()[c] == 0) continue;
        const float y0 = lanes_y0_ + static_cast<float>(lane) * lane_h_;
        if (lane % 2 == 0) dl->AddRectFilled(ImVec2(canvas_min_.x, y0), ImVec2(canvas_max_.x, y0 + lane_h_), stripe);
        const CategoryStyle st = category_style(model.categories()[c]);
        const float gy = y0 + lane_h_ * 0.5f;
        draw_marker(dl, ImVec2(canvas_min_.x + lh * 0.6f, gy), lh * 0.32f, st.shape, st.color.abgr());
        const ImVec2 ts = ImGui::CalcTextSize(st.label.data(), st.label.data() + st.label.size());
        if (lane_h_ >= lh * 0.8f) {
            dl->PushClipRect(ImVec2(canvas_min_.x, y0), ImVec2(plot_x0_ - 4, y0 + lane_h_), true);
            dl->AddText(ImVec2(canvas_min_.x + lh * 1.2f, gy - ts.y * 0.5f), pal.text_dim, st.label.data(),
                        st.label.data() + st.label.size());
            dl->PopClipRect();
        }
    }
    if (win.mode == WindowMode::Sliding) {
        const float wx0 = std::max(plot_x0_, x_of(model, win.cursor - win.width));
        dl->AddRectFilled(ImVec2(wx0, hist_y0), ImVec2(std::max(wx0, cursor_x), canvas_max_.y), pal.window_band);
        if (wx0 > plot_x0_) dl->AddRectFilled(ImVec2(plot_x0_, lanes_y0_), ImVec2(wx0, canvas_max_.y), pal.future_shade);
    }
    if (cursor_x < plot_x1_)
        dl->AddRectFilled(ImVec2(std::max(cursor_x, plot_x0_), lanes_y0_), ImVec2(plot_x1_, canvas_max_.y), pal.future_shade);

    // Histogram.
    const int bins = std::max(1, static_cast<int>(plot_w / 3.0f));
    update_density(model, bins);
    if (density_.max_total > 0) {
        const float bw = plot_w / static_cast<float>(bins);
        for (int i = 0; i < bins; ++i) {
            const float v = density_.total[static_cast<size_t>(i)];
            if (v <= 0) continue;
            const float h = std::max(1.0f, (hist_h - 4) * std::sqrt(v / density_.max_total));
            const float x = plot_x0_ + static_cast<float>(i) * bw;
            const bool past = x <= cursor_x;
            dl->AddRectFilled(ImVec2(x, hist_y0 + hist_h - 2 - h), ImVec2(x + bw - 0.5f, hist_y0 + hist_h - 2),
                              past ? pal.histogram : with_alpha(pal.histogram, 60));
        }
    }

    // Axis with adaptive ticks.
    const float char_w = ImGui::CalcTextSize("0").x;
    const TickStep step = choose_step(span, plot_w, char_w);
    dl->AddLine(ImVec2(plot_x0_, axis_y0), ImVec2(plot_x1_, axis_y0), pal.text_dim);
    float last_label_end = -1e9f;
    for (TimePoint t : ticks(step, tb, te)) {
        const float x = x_of(model, t);
        dl->AddLine(ImVec2(x, axis_y0), ImVec2(x, axis_y0 + lh * 0.35f), pal.text_dim);
        dl->AddLine(ImVec2(x, lanes_y0_), ImVec2(x, canvas_max_.y), is_dark(theme) ? IM_COL32(255, 255, 255, 18) : IM_COL32(0, 0, 0, 16));
        const std::string label = tick_label(step, t);
        const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
        const float lx = x - ts.x * 0.5f;
        if (lx > last_label_end + char_w && lx >= plot_x0_ - ts.x * 0.5f) {  // never overlap the previous label
            dl->AddText(ImVec2(lx, axis_y0 + lh * 0.35f), pal.text, label.c_str());
            last_label_end = lx + ts.x;
        }
    }
    // Context: the larger unit at the left ("April 2006" above hours and days).
    if (step.unit == TickStep::Hour || step.unit == TickStep::Day || step.unit == TickStep::Month) {
        const Civil c = civil(tb + static_cast<TimePoint>(span / 2));
        char ctx[48];
        if (step.unit == TickStep::Month) std::snprintf(ctx, sizeof ctx, "%d", c.year);
        else if (step.unit == TickStep::Day) std::snprintf(ctx, sizeof ctx, "%s %d", kMonthNames[c.month - 1], c.year);
        else std::snprintf(ctx, sizeof ctx, "%u %s %d", c.day, kMonthNames[c.month - 1], c.year);
        dl->AddText(ImVec2(canvas_min_.x + lh * 0.3f, axis_y0 + lh * 0.2f), pal.text, ctx);
    }

    // Events.
    const EventArrays& ev = model.events();
    std::optional<uint32_t> hit;
    float hit_d = 1e9f;
    const bool crowded = density_.in_range > 4000;
    if (crowded) {
        // Too many to draw one by one: each lane shows its density.
        const float bw = plot_w / static_cast<float>(bins);
        for (size_t l = 0; l < density_.by_lane.size(); ++l) {
            uint32_t col = 0xFF808080;
            for (size_t c = 0; c < lane_index_.size(); ++c)
                if (lane_index_[c] == static_cast<int>(l)) col = category_style(model.categories()[c]).color.abgr();
            const float y = lane_y(l);
            for (int i = 0; i < bins; ++i) {
                const float v = density_.by_lane[l][static_cast<size_t>(i)];
                if (v <= 0) continue;
                const float a = 0.15f + 0.85f * std::log1p(v) / std::log1p(density_.max_lane);
                const float x = plot_x0_ + static_cast<float>(i) * bw;
                dl->AddRectFilled(ImVec2(x, y - lane_h_ * 0.3f), ImVec2(x + bw, y + lane_h_ * 0.3f),
                                  with_alpha(col, static_cast<uint8_t>(a * 255)));
            }
        }
    } else {
        const float bar_h = std::min(lane_h_ * 0.55f, lh * 0.6f);
        const float pr = std::min(lane_h_ * 0.36f, lh * 0.36f);
        // Events stay out of the lane-label gutter.
        dl->PushClipRect(ImVec2(plot_x0_, canvas_min_.y), canvas_max_, true);
        // Two passes: bars first, then points on top, so a long interval never hides an instant.
        for (int pass = 0; pass < 2; ++pass) {
            for (uint32_t r : model.filtered_rows()) {
                if (ev.begin[r] >= te) break;
                if (ev.end[r] <= tb) continue;
                const int lane = lane_index_[ev.category[r]];
                if (lane < 0) continue;
                const float x0 = x_of(model, ev.begin[r]), x1 = x_of(model, ev.end[r]);
                const bool as_point = (ev.flags[r] & kFlagPoint) || x1 - x0 < pr * 3;
                if (as_point != (pass == 1)) continue;
                const CategoryStyle st = category_style(model.categories()[ev.category[r]]);
                const bool admitted = win.admits(ev.begin[r], ev.end[r]);
                // Bars wider than much of the view are context: lighter and thinner.
                const bool wide = !as_point && x1 - x0 > plot_w * 0.4f;
                const uint8_t alpha = static_cast<uint8_t>((admitted ? 255 : 80) * (wide ? 0.45f : 1.0f));
                const uint32_t col = with_alpha(st.color.abgr(), alpha);
                const float y = lane_y(static_cast<size_t>(lane));
                const bool selected = model.is_selected(r);
                const bool coarse = (ev.flags[r] & kFlagCoarse) != 0;
                float hx0, hx1;
                if (as_point) {
                    // An hour at its start (10:30 is when it began); anything else at its middle.
                    const float x = (ev.flags[r] & kFlagPoint) ? x0 : (x0 + x1) * 0.5f;
                    if (selected) dl->AddCircle(ImVec2(x, y), pr * 1.9f, pal.selection, 20, 2.5f);
                    draw_marker(dl, ImVec2(x, y), pr, st.shape, col, coarse,
                                with_alpha(is_dark(theme) ? 0xFFFFFFFF : 0xFF202020, alpha));
                    hx0 = x - pr;
                    hx1 = x + pr;
                } else {
                    // A bar over the interval; fuzzy or open ends fade out.
                    const float len = x1 - x0;
                    float fb = static_cast<float>(static_cast<double>(ev.fuzz_begin[r]) / span * plot_w);
                    float fe = static_cast<float>(static_cast<double>(ev.fuzz_end[r]) / span * plot_w);
                    if (ev.flags[r] & kFlagOpenBegin) fb = std::max(fb, len * 0.35f);
                    if (ev.flags[r] & kFlagOpenEnd) fe = std::max(fe, len * 0.35f);
                    // A day whose hour is unknown: soft ends.
                    if (ev.flags[r] & kFlagDay) fb = fe = std::max(fb, len * 0.2f);
                    fb = std::min(fb, len * 0.45f);
                    fe = std::min(fe, len * 0.45f);
                    const float h = wide ? bar_h * 0.5f : bar_h;
                    const float y0 = y - h * 0.5f, y1 = y + h * 0.5f;
                    const uint32_t clear = with_alpha(col, 0);
                    if (fb > 0.5f) dl->AddRectFilledMultiColor(ImVec2(x0, y0), ImVec2(x0 + fb, y1), clear, col, col, clear);
                    dl->AddRectFilled(ImVec2(x0 + fb, y0), ImVec2(x1 - fe, y1), col);
                    if (fe > 0.5f) dl->AddRectFilledMultiColor(ImVec2(x1 - fe, y0), ImVec2(x1, y1), col, clear, clear, col);
                    if (selected) dl->AddRect(ImVec2(x0 - 2, y0 - 2), ImVec2(x1 + 2, y1 + 2), pal.selection, 2.0f, 0, 2.5f);
                    hx0 = std::max(x0, plot_x0_);
                    hx1 = std::min(x1, plot_x1_);
                }
                if (selected) drawn_selected_.push_back(r);
                // Hit test for hover and click: points win over bars.
                if (hovered && io.MousePos.y >= y - lane_h_ * 0.5f && io.MousePos.y < y + lane_h_ * 0.5f &&
                    mx >= hx0 - 3 && mx <= hx1 + 3) {
                    const float d = std::abs(mx - (hx0 + hx1) * 0.5f) + (as_point ? 0.0f : 1000.0f + (hx1 - hx0));
                    if (d < hit_d) {
                        hit_d = d;
                        hit = r;
                    }
                }
            }
        }
        dl->PopClipRect();
    }

    // The cursor: a line with a handle and its date.
    dl->AddLine(ImVec2(cursor_x, hist_y0), ImVec2(cursor_x, canvas_max_.y), pal.cursor, 2.0f);
    dl->AddTriangleFilled(ImVec2(cursor_x - lh * 0.4f, axis_y0 - lh * 0.1f), ImVec2(cursor_x + lh * 0.4f, axis_y0 - lh * 0.1f),
                          ImVec2(cursor_x, axis_y0 + lh * 0.5f), pal.cursor);
    dl->PopClipRect();

    if (hit && drag_ == Drag::None) {
        ImGui::BeginTooltip();
        const Event& e = model.event(*hit);
        ImGui::TextUnformatted(e.title.c_str());
        ImGui::TextDisabled("%s", e.time_text.empty() ? describe_time(e.time).c_str() : e.time_text.c_str());
        ImGui::EndTooltip();
    }
    if (clicked && mx >= plot_x0_) {
        if (hit) model.select(*hit, io.KeyCtrl || io.KeyShift);
        else model.set_cursor(t_of(model, mx));
    }
}

}  // namespace atlas::ui
