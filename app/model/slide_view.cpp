#include "model/slide_view.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/time.hpp"
#include "core/text.hpp"

namespace atlas {

// [SECTION] The text of a slide

std::string excerpt_attribution(const Dataset& d, const Excerpt& x) {
    const Source* src = d.find_source(x.source_id);
    if (!src) return {};
    std::string out;
    for (const std::string* part : {&src->title, &src->publisher, &src->date_text}) {
        if (part->empty()) continue;
        if (!out.empty()) out += ", ";
        out += *part;
    }
    return out;
}

std::string describe_slide_moment(TimePoint window_begin, TimePoint cursor) {
    // Years and days of instants before 1970 are negative: floor, not truncate.
    const TimePoint span = cursor >= window_begin ? cursor - window_begin : 0;
    constexpr TimePoint kDay = kSecondsPerDay;
    TimeInterval t;
    t.begin = cursor;
    if (span >= 300 * kDay) {
        t.precision = TimePrecision::Year;
    } else if (span >= 27 * kDay) {
        t.precision = TimePrecision::Month;
    } else if (span >= kDay - 60) {
        t.precision = TimePrecision::Day;
    } else {
        t.precision = TimePrecision::Hour;
    }
    // The cursor of a slide written as "1908" sits on the interval's last
    // minute: describe the start of that minute's year, month or day.
    const CivilDate c = civil_from_days(day_number(cursor));
    if (t.precision == TimePrecision::Year) {
        // A window over several years reads as its span ("1995–1999").
        const CivilDate b = civil_from_days(day_number(window_begin));
        if (b.year < c.year) return std::to_string(b.year) + "\u2013" + std::to_string(c.year);
    }
    switch (t.precision) {
    case TimePrecision::Year:
        t.begin = make_time(c.year);
        t.end = make_time(c.year + 1);
        break;
    case TimePrecision::Month:
        t.begin = make_time(c.year, c.month);
        t.end = c.month == 12 ? make_time(c.year + 1) : make_time(c.year, c.month + 1);
        break;
    case TimePrecision::Day:
        t.begin = make_time(c.year, c.month, c.day);
        t.end = t.begin + kDay;
        break;
    default: t.end = t.begin + 3600; break;  // an hour unit starts at the clock time
    }
    return describe_time(t);
}

SlideCard make_slide_card(const Dataset& d, const StoryPlayer& player) {
    SlideCard card;
    const StoryFrame f = player.current();
    card.slide = f.slide;
    card.slide_count = f.slide_count;
    card.progress = f.progress;
    card.transitioning = f.transitioning;
    card.black = f.black;
    const Slide* s = player.slide();
    if (!s) return card;
    card.title = s->title;
    card.caption = s->caption;
    card.when = describe_slide_moment(s->window_begin, s->time_cursor);
    if (!s->excerpt_id.empty()) {
        if (const Excerpt* x = d.find_excerpt(s->excerpt_id)) {
            card.quote = x->text;
            card.attribution = excerpt_attribution(d, *x);
        }
    }
    return card;
}

// [SECTION] Keeping the model in step with a story

TimeWindow slide_time_window(TimePoint cursor, TimePoint window_begin, bool cumulative) {
    TimeWindow w;
    w.cursor = cursor;
    w.mode = cumulative ? WindowMode::Cumulative : WindowMode::Sliding;
    w.width = std::max<TimePoint>(1, cursor - window_begin);
    return w;
}

double slide_fade_seconds(TimePoint cursor, TimePoint window_begin) {
    const double span = static_cast<double>(cursor > window_begin ? cursor - window_begin : 0);
    return std::max(3600.0, span * 0.1);
}

void StorySync::start(const AppModel& model) {
    saved_ = true;
    saved_view_ = model.map_view;
    saved_window_ = model.window();
    saved_filter_ = model.filter();
    saved_selection_.clear();
    for (uint32_t r : model.selection()) saved_selection_.push_back(model.event(r).id);
    saved_timeline_begin_ = model.timeline_begin;
    saved_timeline_end_ = model.timeline_end;
    invalidate();
}

void apply_story_frame(AppModel& model, const CameraView& camera, TimePoint cursor, TimePoint window_begin,
                       bool cumulative) {
    model.map_view.set_camera(camera);
    const TimeWindow w = slide_time_window(cursor, window_begin, cumulative);
    const TimeWindow& now = model.window();
    if (now.cursor != w.cursor || now.mode != w.mode || now.width != w.width) model.set_window(w);
}

void apply_slide_state(AppModel& model, const Slide& s) {
    // The slide's categories (all when it names none); no other filter.
    ViewFilter filter;
    filter.category_enabled.assign(model.categories().size(), s.visible_categories.empty() ? 1 : 0);
    for (const std::string& c : s.visible_categories) {
        const int i = model.category_index(c);
        if (i >= 0) filter.category_enabled[static_cast<size_t>(i)] = 1;
    }
    if (filter.category_enabled != model.filter().category_enabled || !model.filter().tags.empty() ||
        !model.filter().places.empty() || model.filter().date_from || model.filter().date_to ||
        model.filter().search_active)
        model.set_filter(std::move(filter));

    std::vector<uint32_t> rows;
    for (const std::string& id : s.highlighted_event_ids)
        if (auto r = model.row_of(id)) rows.push_back(*r);
    model.select_rows(rows);

    // The timeline (not shown while presenting, but the explorer's view afterwards
    // and anything reading the span) frames the slide's window.
    const TimePoint lo = std::min(s.window_begin, s.time_cursor), hi = std::max(s.window_begin, s.time_cursor);
    const TimePoint pad = std::max<TimePoint>(3600, (hi - lo) / 10);
    model.timeline_begin = lo - pad;
    model.timeline_end = hi + pad;
}

void apply_slide(AppModel& model, const Slide& slide) {
    apply_story_frame(model, slide.camera, slide.time_cursor, slide.window_begin, slide.cumulative);
    apply_slide_state(model, slide);
}

void StorySync::apply(AppModel& model, const StoryPlayer& player) {
    const Slide* s = player.slide();
    if (!s) return;
    const StoryFrame f = player.current();
    apply_story_frame(model, f.camera, f.time_cursor, f.window_begin, s->cumulative);
    if (applied_slide_ == f.slide && applied_story_ == &player.story() &&
        applied_dataset_ == model.dataset_version())
        return;
    applied_slide_ = f.slide;
    applied_story_ = &player.story();
    applied_dataset_ = model.dataset_version();
    apply_slide_state(model, *s);
}

void StorySync::restore(AppModel& model) {
    invalidate();
    if (!saved_) return;
    saved_ = false;
    const double w = model.map_view.width_px, h = model.map_view.height_px, ratio = model.map_view.pixel_ratio;
    model.map_view = saved_view_;
    model.map_view.width_px = w;
    model.map_view.height_px = h;
    model.map_view.pixel_ratio = ratio;
    model.set_window(saved_window_);
    model.set_filter(saved_filter_);
    std::vector<uint32_t> rows;
    for (const std::string& id : saved_selection_)
        if (auto r = model.row_of(id)) rows.push_back(*r);
    model.select_rows(rows);
    model.timeline_begin = saved_timeline_begin_;
    model.timeline_end = saved_timeline_end_;
}

bool slide_shows_layer(const std::vector<std::string>& visible_layers, std::string_view name, std::string_view title,
                       bool user_visible, bool user_added) {
    if (visible_layers.empty()) return user_visible && !user_added;
    return std::any_of(visible_layers.begin(), visible_layers.end(),
                       [&](const std::string& v) { return v == name || (!title.empty() && v == title); });
}

size_t find_story(const std::vector<Story>& stories, const std::string& name) {
    for (size_t i = 0; i < stories.size(); ++i)
        if (stories[i].id == name || stories[i].title == name) return i;
    const std::string want = ascii_lower(name);
    if (want.empty()) return stories.size();
    for (size_t i = 0; i < stories.size(); ++i)
        if (ascii_lower(stories[i].title).rfind(want, 0) == 0) return i;
    return stories.size();
}

// [SECTION] Authoring

Slide capture_slide(const AppModel& model, std::vector<std::string> visible_layers) {
    Slide s;
    s.camera = model.map_view.camera();
    const TimeWindow& w = model.window();
    s.time_cursor = w.cursor;
    s.cumulative = w.mode == WindowMode::Cumulative;
    s.window_begin = s.cumulative ? std::min(model.timeline_begin, w.cursor) : w.cursor - w.width;
    for (uint32_t r : model.selection()) s.highlighted_event_ids.push_back(model.event(r).id);
    s.visible_layers = std::move(visible_layers);
    const auto& enabled = model.filter().category_enabled;
    if (std::find(enabled.begin(), enabled.end(), 0) != enabled.end()) {
        for (size_t i = 0; i < enabled.size() && i < model.categories().size(); ++i)
            if (enabled[i]) s.visible_categories.push_back(model.categories()[i]);
    }
    if (auto primary = model.primary_selection()) {
        const Event& e = model.event(*primary);
        s.title = e.title;
        s.caption = e.time_text.empty() ? describe_time(e.time) : e.time_text;
        if (!e.location.place_name.empty()) s.caption += " · " + e.location.place_name;
        if (!e.excerpt_ids.empty()) s.excerpt_id = e.excerpt_ids.front();
    } else {
        s.title = describe_slide_moment(s.window_begin, s.time_cursor);
    }
    return s;
}

}  // namespace atlas
