// A slide applied to the explorer's state: camera, time window, highlighted
// events, categories; the words on the slide; a slide captured from the view.
#include <gtest/gtest.h>

#include "core/time.hpp"
#include "model/app_model.hpp"
#include "model/slide_view.hpp"
#include "model/story_player.hpp"

using namespace atlas;

namespace {

Event ev(const char* id, const char* title, std::string_view cat, TimePoint b, TimePoint e, double lat, double lon,
         std::vector<std::string> excerpts = {}) {
    Event x;
    x.id = id;
    x.title = title;
    x.category = std::string(cat);
    x.time.begin = b;
    x.time.end = e;
    x.time.precision = TimePrecision::Day;
    x.time_text = std::string("as written: ") + id;
    x.location.lat = lat;
    x.location.lon = lon;
    x.location.place_name = "Gogol Street";
    x.excerpt_ids = std::move(excerpts);
    return x;
}

Dataset sample() {
    Dataset d;
    d.sources.push_back(Source{"s1", "Trotsky's hotel", "WSWS", "", "12 March 2026", "", "en", ""});
    d.sources.push_back(Source{"s2", "", "", "", "", "", "en", ""});
    d.excerpts.push_back(Excerpt{"x1", "s1", "He spent three weeks at the hotel.", -1, -1, ""});
    d.excerpts.push_back(Excerpt{"x2", "s2", "Untitled source.", -1, -1, ""});
    d.events.push_back(ev("built", "Hotel built", category::construction, make_time(1908), make_time(1909), 43.2626, 76.956, {"x1"}));
    d.events.push_back(ev("exile", "Trotsky arrives", category::arrest, make_time(1928, 1, 25), make_time(1928, 1, 26), 43.259, 76.95));
    d.events.push_back(ev("clash", "Clashes at Shanyrak", category::protest, make_time(2006, 4, 5, 10), make_time(2006, 4, 5, 11), 43.3329, 76.8605));
    d.events.push_back(ev("evict", "Eviction notices", category::eviction, make_time(2006, 3, 14), make_time(2006, 3, 15), 43.31, 76.86));
    return d;
}

Story story() {
    Story st;
    st.id = "t";
    st.title = "T";
    Slide a;
    a.title = "Verny, 1908";
    a.caption = "A hotel goes up.";
    a.camera = {43.2626, 76.956, 16};
    a.time_cursor = make_time(1909) - 60;
    a.window_begin = make_time(1908);
    a.highlighted_event_ids = {"built"};
    a.excerpt_id = "x1";
    Slide b;
    b.title = "5 April 2006";
    b.camera = {43.3329, 76.8605, 14.5};
    b.time_cursor = make_time(2006, 4, 5, 10, 30);
    b.window_begin = make_time(2006, 4, 5);
    b.cumulative = false;
    b.highlighted_event_ids = {"clash", "no-such-event"};
    b.visible_categories = {"protest"};
    b.excerpt_id = "no-such-excerpt";
    st.slides = {a, b};
    return st;
}

}  // namespace

TEST(SlideView, CardCarriesTitleQuoteAndAttribution) {
    const Dataset d = sample();
    StoryPlayer p;
    p.start(story());
    const SlideCard c = make_slide_card(d, p);
    EXPECT_EQ(c.title, "Verny, 1908");
    EXPECT_EQ(c.caption, "A hotel goes up.");
    EXPECT_EQ(c.quote, "He spent three weeks at the hotel.");
    EXPECT_EQ(c.attribution, "Trotsky's hotel, WSWS, 12 March 2026");
    EXPECT_EQ(c.when, "1908");
    EXPECT_EQ(c.slide, 0u);
    EXPECT_EQ(c.slide_count, 2u);
    EXPECT_FALSE(c.black);
    p.toggle_black();
    EXPECT_TRUE(make_slide_card(d, p).black);
}

TEST(SlideView, UnknownExcerptGivesNoCard) {
    const Dataset d = sample();
    StoryPlayer p;
    p.start(story(), 1);
    const SlideCard c = make_slide_card(d, p);
    EXPECT_TRUE(c.quote.empty());
    EXPECT_TRUE(c.attribution.empty());
    EXPECT_EQ(c.slide, 1u);
    EXPECT_NE(c.when.find("5 April 2006"), std::string::npos) << c.when;
    EXPECT_NE(c.when.find("10:30"), std::string::npos) << c.when;
}

TEST(SlideView, AttributionLeavesOutEmptyParts) {
    const Dataset d = sample();
    EXPECT_EQ(excerpt_attribution(d, d.excerpts[1]), "");
    Excerpt orphan{"x9", "missing", "t", -1, -1, ""};
    EXPECT_EQ(excerpt_attribution(d, orphan), "");
}

TEST(SlideView, ALayerShowsWhenTheSlideNamesItOrNamesNone) {
    const std::vector<std::string> named = {"roads", "Rivers and canals"};
    EXPECT_TRUE(slide_shows_layer(named, "roads", "", false));               // by name, though the user hid it
    EXPECT_TRUE(slide_shows_layer(named, "water", "Rivers and canals", false));  // by title
    EXPECT_FALSE(slide_shows_layer(named, "buildings", "Buildings", true));  // not named
    EXPECT_FALSE(slide_shows_layer(named, "x", "", true));                   // an empty title matches nothing
    EXPECT_TRUE(slide_shows_layer({}, "buildings", "", true));               // names none: the user's choice
    EXPECT_FALSE(slide_shows_layer({}, "buildings", "", false));
    // A layer the user added to explore: only on slides that name it.
    EXPECT_FALSE(slide_shows_layer({}, "my-survey", "", true, true));
    EXPECT_TRUE(slide_shows_layer({"my-survey"}, "my-survey", "", false, true));
    EXPECT_FALSE(slide_shows_layer({"roads"}, "my-survey", "", true, true));
}

TEST(SlideView, MomentPrecisionFollowsTheWindow) {
    EXPECT_EQ(describe_slide_moment(make_time(1908), make_time(1909) - 60), "1908");
    EXPECT_EQ(describe_slide_moment(make_time(1995), make_time(2000) - 60), "1995\u20131999");
    const std::string month = describe_slide_moment(make_time(1928, 1), make_time(1928, 3) - 60);
    EXPECT_NE(month.find("1928"), std::string::npos) << month;
    EXPECT_NE(month.find("February"), std::string::npos) << month;
    const std::string hour = describe_slide_moment(make_time(2006, 4, 5), make_time(2006, 4, 5, 10, 30));
    EXPECT_NE(hour.find("10:30"), std::string::npos) << hour;
}

TEST(SlideView, SyncPutsTheSlideIntoTheModelExactly) {
    AppModel m;
    m.set_dataset(sample());
    m.map_view.width_px = 1920;
    m.map_view.height_px = 1080;
    const double own_zoom = m.map_view.zoom;
    StorySync sync;
    sync.start(m);
    StoryPlayer p;
    p.set_viewport(1920, 1080);
    p.start(story());
    sync.apply(m, p);
    const Slide& a = p.story().slides[0];
    EXPECT_EQ(m.map_view.center.x, WebMercator::forward({a.camera.center_lat, a.camera.center_lon}).x);
    EXPECT_EQ(m.map_view.center.y, WebMercator::forward({a.camera.center_lat, a.camera.center_lon}).y);
    EXPECT_EQ(m.map_view.zoom, a.camera.zoom);
    EXPECT_EQ(m.map_view.width_px, 1920);  // the viewport is left alone
    EXPECT_EQ(m.window().cursor, a.time_cursor);
    EXPECT_EQ(m.window().mode, WindowMode::Cumulative);
    ASSERT_EQ(m.selection().size(), 1u);
    EXPECT_EQ(m.event(m.selection()[0]).id, "built");
    EXPECT_EQ(m.visible_count(), 1u);  // only the hotel exists by 1908

    // To slide 2: during the transition the cursor is between the two slides,
    // afterwards exactly on slide 2, with its categories and sliding window.
    ASSERT_TRUE(p.next());
    p.update(p.transition_duration() / 2);
    sync.apply(m, p);
    EXPECT_GT(m.window().cursor, a.time_cursor);
    EXPECT_LT(m.window().cursor, p.story().slides[1].time_cursor);
    while (p.update(1.0 / 60)) sync.apply(m, p);
    sync.apply(m, p);
    const Slide& b = p.story().slides[1];
    EXPECT_EQ(m.map_view.center.x, WebMercator::forward({b.camera.center_lat, b.camera.center_lon}).x);
    EXPECT_EQ(m.map_view.center.y, WebMercator::forward({b.camera.center_lat, b.camera.center_lon}).y);
    EXPECT_EQ(m.map_view.zoom, b.camera.zoom);
    EXPECT_EQ(m.window().cursor, b.time_cursor);
    EXPECT_EQ(m.window().mode, WindowMode::Sliding);
    EXPECT_EQ(m.window().cursor - m.window().width, b.window_begin);
    ASSERT_EQ(m.selection().size(), 1u);  // the unknown id is skipped
    EXPECT_EQ(m.event(m.selection()[0]).id, "clash");
    const int protest = m.category_index(category::protest), eviction = m.category_index(category::eviction);
    ASSERT_GE(protest, 0);
    ASSERT_GE(eviction, 0);
    EXPECT_TRUE(m.filter().category_enabled[static_cast<size_t>(protest)]);
    EXPECT_FALSE(m.filter().category_enabled[static_cast<size_t>(eviction)]);
    EXPECT_EQ(m.visible_count(), 1u);  // the clash: evictions are filtered out, the rest is outside the window

    // Leaving puts the explorer's own view back.
    sync.restore(m);
    EXPECT_TRUE(m.selection().empty());
    EXPECT_EQ(m.map_view.zoom, own_zoom);
    EXPECT_TRUE(m.filter().category_enabled[static_cast<size_t>(eviction)]);
    EXPECT_EQ(m.visible_count(), 4u);
}

TEST(SlideView, SyncAppliesTheSlideAgainWhenTheEventsAreLoadedAgain) {
    // The project changed on disk mid-talk: loading its events again clears
    // the filter and the selection. The slide on screen gets its own back
    // at the next frame, without waiting for the next slide.
    AppModel m;
    m.set_dataset(sample());
    StorySync sync;
    sync.start(m);
    StoryPlayer p;
    p.start(story(), 1);
    sync.apply(m, p);
    ASSERT_EQ(m.selection().size(), 1u);
    const int eviction = m.category_index(category::eviction);
    ASSERT_GE(eviction, 0);
    ASSERT_FALSE(m.filter().category_enabled[static_cast<size_t>(eviction)]);

    m.set_dataset(sample());
    ASSERT_TRUE(m.selection().empty());
    ASSERT_TRUE(m.filter().category_enabled[static_cast<size_t>(eviction)]);
    sync.apply(m, p);
    ASSERT_EQ(m.selection().size(), 1u);
    EXPECT_EQ(m.event(m.selection()[0]).id, "clash");
    EXPECT_FALSE(m.filter().category_enabled[static_cast<size_t>(eviction)]);
    EXPECT_EQ(m.visible_count(), 1u);

    // Between loads, a frame leaves what the user changed on the slide alone.
    m.clear_selection();
    sync.apply(m, p);
    EXPECT_TRUE(m.selection().empty());
}

TEST(SlideView, CapturedSlidePlaysBackToTheSameView) {
    AppModel m;
    m.set_dataset(sample());
    m.map_view.set_camera({43.30, 76.88, 13.5});
    m.set_window(slide_time_window(make_time(2006, 4, 5, 12), make_time(2006, 3, 1), false));
    m.select(*m.row_of("clash"));
    m.select(*m.row_of("evict"), true);
    m.set_category_enabled(static_cast<size_t>(m.category_index(category::arrest)), false);
    const Slide s = capture_slide(m, {"roads"});
    EXPECT_EQ(s.time_cursor, make_time(2006, 4, 5, 12));
    EXPECT_EQ(s.window_begin, make_time(2006, 3, 1));
    EXPECT_FALSE(s.cumulative);
    EXPECT_EQ(s.highlighted_event_ids, (std::vector<std::string>{"clash", "evict"}));
    EXPECT_EQ(s.visible_layers, std::vector<std::string>{"roads"});
    EXPECT_EQ(std::find(s.visible_categories.begin(), s.visible_categories.end(), "arrest"), s.visible_categories.end());
    EXPECT_NE(std::find(s.visible_categories.begin(), s.visible_categories.end(), "protest"), s.visible_categories.end());
    EXPECT_EQ(s.title, "Eviction notices");  // the primary (last) selection
    EXPECT_NEAR(s.camera.center_lat, 43.30, 1e-9);
    EXPECT_NEAR(s.camera.center_lon, 76.88, 1e-9);
    EXPECT_EQ(s.camera.zoom, 13.5);

    // Played back elsewhere, the slide shows the same view.
    AppModel other;
    other.set_dataset(sample());
    Story st;
    st.slides = {s};
    StoryPlayer p;
    p.start(st);
    StorySync sync;
    sync.apply(other, p);
    EXPECT_NEAR(other.map_view.center.x, m.map_view.center.x, 1e-6);
    EXPECT_NEAR(other.map_view.center.y, m.map_view.center.y, 1e-6);
    EXPECT_EQ(other.window().cursor, m.window().cursor);
    EXPECT_EQ(other.window().width, m.window().width);
    EXPECT_EQ(other.visible_count(), m.visible_count());
    EXPECT_EQ(other.selection().size(), 2u);
}

TEST(SlideView, CaptureWithNothingSelectedIsTitledByItsMoment) {
    AppModel m;
    m.set_dataset(sample());
    m.set_cursor(make_time(2006, 4, 5, 10, 30));
    const Slide s = capture_slide(m);
    EXPECT_TRUE(s.highlighted_event_ids.empty());
    EXPECT_TRUE(s.visible_categories.empty());
    EXPECT_FALSE(s.title.empty());
    EXPECT_TRUE(s.excerpt_id.empty());
}

TEST(SlideView, FadeIsATenthOfTheWindowAtLeastAnHour) {
    EXPECT_EQ(slide_fade_seconds(make_time(2006, 4, 5, 10), make_time(2006, 4, 5, 9, 30)), 3600.0);
    EXPECT_DOUBLE_EQ(slide_fade_seconds(make_time(1928), make_time(1908)), (make_time(1928) - make_time(1908)) * 0.1);
}
