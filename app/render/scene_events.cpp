// The parts of the scene that speak of events and categories (core/categories.hpp):
// the event layer, the legend's rows, the time window's text and the sources'
// credit. Kept apart from scene.cpp, which draws with render/style.hpp.
#include <algorithm>
#include <cstdio>
#include <set>

#include "core/categories.hpp"
#include "model/app_model.hpp"
#include "render/event_layer.hpp"
#include "render/overlays.hpp"
#include "render/scene.hpp"

namespace atlas {

// Defined here, where EventLayer is a complete type.
SceneRenderer::SceneRenderer(MapRenderer* map, std::shared_ptr<EventLayer> events)
    : map_(map), events_(events ? std::move(events) : std::make_shared<EventLayer>()) {}
SceneRenderer::~SceneRenderer() = default;


void SceneRenderer::draw_events(const AppModel& model, const MapView& view, Theme theme) {
    // Clusters depend on the zoom only, so every tile sees the same ones.
    EventLayerStyle style;
    style.dark = is_dark(theme);
    style.fade_seconds = fade_seconds;
    style.marker_radius_px = marker_radius_px;
    style.show_uncertainty = show_uncertainty;
    style.show_clusters = show_clusters;
    events_->draw(model, view, style);
}

std::string describe_instant(TimePoint t) {
    // The last second of a day reads as that day ("up to 31 March 2006"), midnight as the day it opens.
    const TimePoint day = (t >= 0 ? t : t - 86399) / 86400 * 86400;
    const TimePoint in_day = t - day;
    TimeInterval d;
    d.begin = day;
    d.end = day + 86400;
    d.precision = TimePrecision::Day;
    std::string text = describe_time(d);
    if (in_day != 0 && in_day < 86400 - 60) {
        char hm[16];
        std::snprintf(hm, sizeof hm, ", %02d:%02d", static_cast<int>(in_day / 3600), static_cast<int>(in_day % 3600 / 60));
        text += hm;
    }
    return text;
}

std::string describe_time_window(const AppModel& model) {
    const TimeWindow& w = model.window();
    if (w.mode == WindowMode::Cumulative) return "up to " + describe_instant(w.cursor);
    const TimePoint from = w.cursor - w.width, to = w.cursor;
    auto day_of = [](TimePoint t) { return (t >= 0 ? t : t - 86399) / 86400; };
    if (day_of(from) == day_of(to) && to - from < 86400 - 60) {
        // One day: "5 April 2006, 10:30 – 14:30".
        const TimePoint m0 = from - day_of(from) * 86400, m1 = to - day_of(to) * 86400;
        char hm[48];
        std::snprintf(hm, sizeof hm, ", %02d:%02d \u2013 %02d:%02d", static_cast<int>(m0 / 3600),
                      static_cast<int>(m0 % 3600 / 60), static_cast<int>(m1 / 3600), static_cast<int>(m1 % 3600 / 60));
        return describe_instant(day_of(from) * 86400) + hm;
    }
    return describe_instant(from) + " \u2013 " + describe_instant(to);
}

std::string scene_attribution(const AppModel& model) {
    // Publishers (else titles) of the sources the visible events rest on, in first-cited order.
    const DatasetIndex index(model.dataset());
    std::vector<std::string> names;
    std::set<std::string> seen;
    for (uint32_t r = 0; r < model.event_count(); ++r) {
        if (!model.is_visible(r)) continue;
        for (const std::string& xid : model.event(r).excerpt_ids) {
            const Excerpt* x = index.excerpt(xid);
            const Source* s = x ? index.source(x->source_id) : nullptr;
            if (!s) continue;
            const std::string& name = s->publisher.empty() ? s->title : s->publisher;
            if (!name.empty() && seen.insert(name).second) names.push_back(name);
        }
    }
    std::string out = osm_credit();
    if (!names.empty()) {
        out += " \u00b7 Sources: ";
        for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
    }
    return out;
}

LegendEntry legend_entry_of(std::string_view category_id) {
    const CategoryStyle st = category_style(category_id);
    LegendEntry e;
    e.label = std::string(st.label);
    e.r = st.color.r;
    e.g = st.color.g;
    e.b = st.color.b;
    e.shape = static_cast<uint8_t>(st.shape);
    return e;
}

std::vector<LegendEntry> legend_entries(const AppModel& model) {
    std::vector<uint32_t> visible(model.categories().size(), 0);
    const EventArrays& ev = model.events();
    for (uint32_t r = 0; r < model.event_count(); ++r)
        if (model.is_visible(r)) ++visible[ev.category[r]];
    std::vector<LegendEntry> out;
    for (size_t i = 0; i < model.categories().size(); ++i) {
        // A category the filter hides is not shown, so it has no row; one with no
        // events in the project has none either. Visible-now counts may be zero
        // (a category shown by the filter but not yet at this time).
        if (model.category_counts()[i] == 0) continue;
        if (i < model.filter().category_enabled.size() && !model.filter().category_enabled[i]) continue;
        LegendEntry e = legend_entry_of(model.categories()[i]);
        e.visible = visible[i];
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace atlas
