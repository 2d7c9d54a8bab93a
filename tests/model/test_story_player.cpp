#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "model/map_view.hpp"
#include "model/story_player.hpp"

using namespace atlas;

namespace {

Slide make_slide(const char* title, double lat, double lon, double zoom, TimePoint cursor, TimePoint window) {
    Slide s;
    s.title = title;
    s.camera = {lat, lon, zoom};
    s.time_cursor = cursor;
    s.window_begin = window;
    return s;
}

// Four slides over Almaty: the 1908 building, Trotsky's 1928 exile, Shanyrak
// on 5 April 2006, Zhetysu House in February 2026.
Story almaty_story() {
    Story story;
    story.id = "test";
    story.title = "Test story";
    story.slides = {
        make_slide("1908", 43.2567, 76.9286, 15.0, make_time(1908), make_time(1900)),
        make_slide("1928", 43.2590, 76.9450, 14.5, make_time(1928), make_time(1920)),
        make_slide("Shanyrak", 43.3270, 76.8420, 14.0, make_time(2006, 4, 5, 10, 30), make_time(2006, 3)),
        make_slide("Zhetysu House", 43.2571, 76.9425, 16.0, make_time(2026, 2, 10), make_time(2026, 1)),
    };
    return story;
}

void run_to_end(StoryPlayer& p, double step = 1.0 / 60) {
    for (int i = 0; i < 10000 && p.update(step); ++i) {}
}

void expect_exactly_on(const StoryPlayer& p, size_t index) {
    const StoryFrame f = p.current();
    const Slide& s = p.story().slides[index];
    EXPECT_EQ(f.slide, index);
    EXPECT_FALSE(f.transitioning);
    EXPECT_EQ(f.progress, 1.0);
    // Exact equality on purpose: the end of a transition is snapped, not integrated.
    EXPECT_EQ(f.camera, s.camera);
    EXPECT_EQ(f.time_cursor, s.time_cursor);
    EXPECT_EQ(f.window_begin, s.window_begin);
}

}  // namespace

TEST(StoryPlayer, StartsOnTheRequestedSlideWithoutATransition) {
    StoryPlayer p;
    EXPECT_FALSE(p.active());
    EXPECT_FALSE(p.next());
    EXPECT_EQ(p.current().slide_count, 0u);
    p.start(almaty_story(), 2);
    EXPECT_TRUE(p.active());
    expect_exactly_on(p, 2);
    EXPECT_EQ(p.current().slide_count, 4u);
    p.start(almaty_story(), 99);  // past the end: the last slide
    expect_exactly_on(p, 3);
}

TEST(StoryPlayer, NextPreviousFirstLast) {
    StoryPlayer p;
    p.start(almaty_story());
    EXPECT_FALSE(p.previous());  // previous on the first stays
    expect_exactly_on(p, 0);

    EXPECT_TRUE(p.next());
    EXPECT_EQ(p.slide_index(), 1u);
    EXPECT_TRUE(p.transitioning());
    run_to_end(p);
    expect_exactly_on(p, 1);

    EXPECT_TRUE(p.previous());
    run_to_end(p);
    expect_exactly_on(p, 0);

    EXPECT_TRUE(p.last());
    run_to_end(p);
    expect_exactly_on(p, 3);
    EXPECT_FALSE(p.next());  // next on the last stays
    expect_exactly_on(p, 3);
    EXPECT_FALSE(p.last());

    EXPECT_TRUE(p.first());
    run_to_end(p);
    expect_exactly_on(p, 0);
    EXPECT_FALSE(p.first());
    EXPECT_EQ(p.slide()->title, "1908");
}

TEST(StoryPlayer, NextDuringATransitionSkipsItThenMovesOn) {
    StoryPlayer p;
    p.start(almaty_story());
    ASSERT_TRUE(p.next());
    p.update(0.1);
    ASSERT_TRUE(p.transitioning());
    EXPECT_GT(p.current().progress, 0.0);
    EXPECT_LT(p.current().progress, 1.0);

    EXPECT_TRUE(p.next());  // first press: land on slide 1 at once
    expect_exactly_on(p, 1);
    EXPECT_TRUE(p.next());  // second press: on to slide 2
    EXPECT_EQ(p.slide_index(), 2u);
    EXPECT_TRUE(p.transitioning());
    run_to_end(p);
    expect_exactly_on(p, 2);
}

TEST(StoryPlayer, PreviousDuringATransitionTurnsBackFromWhereTheCameraIs) {
    StoryPlayer p;
    p.start(almaty_story(), 1);
    ASSERT_TRUE(p.next());  // towards slide 2
    p.update(0.3);
    const StoryFrame mid = p.current();
    ASSERT_TRUE(mid.transitioning);
    EXPECT_TRUE(p.previous());  // back towards slide 1, starting from the current view
    EXPECT_EQ(p.slide_index(), 1u);
    const StoryFrame start = p.current();
    EXPECT_EQ(start.camera, mid.camera);
    EXPECT_EQ(start.time_cursor, mid.time_cursor);
    run_to_end(p);
    expect_exactly_on(p, 1);

    // On the first slide, previous during a transition just lands it.
    p.start(almaty_story(), 1);
    p.previous();
    p.update(0.1);
    EXPECT_TRUE(p.previous());
    expect_exactly_on(p, 0);
}

TEST(StoryPlayer, BlackTogglesWithoutChangingTheSlide) {
    StoryPlayer p;
    p.start(almaty_story(), 1);
    EXPECT_TRUE(p.toggle_black());
    EXPECT_TRUE(p.current().black);
    expect_exactly_on(p, 1);
    EXPECT_TRUE(p.toggle_black());
    EXPECT_FALSE(p.current().black);
    expect_exactly_on(p, 1);

    // While black, navigation brings the same slide back instead of moving.
    p.toggle_black();
    EXPECT_TRUE(p.next());
    EXPECT_FALSE(p.black());
    expect_exactly_on(p, 1);
    p.toggle_black();
    EXPECT_TRUE(p.previous());
    EXPECT_FALSE(p.black());
    expect_exactly_on(p, 1);

    // Blacking out during a transition lets it run on underneath.
    p.next();
    p.toggle_black();
    EXPECT_TRUE(p.current().black);
    EXPECT_TRUE(p.current().transitioning);
    run_to_end(p);
    expect_exactly_on(p, 2);
    EXPECT_TRUE(p.current().black);
}

TEST(StoryPlayer, TransitionReachesExactlyTheTargetWhateverTheFrameSteps) {
    for (double step : {1.0 / 60, 1.0 / 144, 0.033, 0.7, 10.0}) {
        SCOPED_TRACE(step);
        StoryPlayer p;
        p.start(almaty_story());
        for (size_t i = 1; i < 4; ++i) {
            ASSERT_TRUE(p.next());
            run_to_end(p, step);
            expect_exactly_on(p, i);
        }
    }
}

TEST(StoryPlayer, StartAndEndOfTheEasedPath) {
    StoryPlayer p;
    p.start(almaty_story());
    const StoryFrame before = p.current();
    p.next();
    const StoryFrame at_start = p.current();
    EXPECT_EQ(at_start.camera, before.camera);
    EXPECT_EQ(at_start.time_cursor, before.time_cursor);
    EXPECT_EQ(at_start.progress, 0.0);
    EXPECT_EQ(StoryPlayer::ease(0), 0.0);
    EXPECT_EQ(StoryPlayer::ease(1), 1.0);
    EXPECT_EQ(StoryPlayer::ease(0.5), 0.5);
    EXPECT_LT(StoryPlayer::ease(0.1), 0.1);  // slow start
    EXPECT_GT(StoryPlayer::ease(0.9), 0.9);  // slow finish
}

TEST(StoryPlayer, DurationNeverExceedsOneAndAHalfSeconds) {
    std::mt19937 rng(1928);
    std::uniform_real_distribution<double> lat(-70, 70), lon(-180, 180), zoom(3, 20);
    std::uniform_int_distribution<TimePoint> when(make_time(1000), make_time(2999));
    double longest = 0, shortest = 10;
    for (int i = 0; i < 500; ++i) {
        Story s;
        s.slides = {make_slide("a", lat(rng), lon(rng), zoom(rng), when(rng), when(rng)),
                    make_slide("b", lat(rng), lon(rng), zoom(rng), when(rng), when(rng))};
        StoryPlayer p;
        p.set_viewport(1920, 1080);
        p.start(s);
        ASSERT_TRUE(p.next());
        ASSERT_TRUE(p.transitioning());
        const double d = p.transition_duration();
        EXPECT_LE(d, StoryPlayer::kMaxTransitionSeconds);
        EXPECT_GE(d, StoryPlayer::kMinTransitionSeconds);
        longest = std::max(longest, d);
        shortest = std::min(shortest, d);
        // It is over once that much time has passed, whatever the steps.
        p.update(StoryPlayer::kMaxTransitionSeconds);
        EXPECT_FALSE(p.transitioning());
        expect_exactly_on(p, 1);
    }
    EXPECT_EQ(longest, StoryPlayer::kMaxTransitionSeconds);  // world-spanning moves hit the cap
}

TEST(StoryPlayer, ShortMovesAreQuickerThanLongOnes) {
    Story s;
    const TimePoint t = make_time(2006, 4, 5);
    s.slides = {make_slide("here", 43.2567, 76.9286, 15, t, t),
                make_slide("next door", 43.2570, 76.9295, 15, t, t),   // about 80 m: on screen
                make_slide("far", 43.3270, 76.8420, 15, t, t)};        // about 10 km: far off screen
    StoryPlayer p;
    p.start(s);
    p.next();
    const double short_move = p.transition_duration();
    run_to_end(p);
    p.next();
    const double long_move = p.transition_duration();
    EXPECT_LT(short_move, long_move);
    EXPECT_LT(short_move, 1.0);
    EXPECT_LE(long_move, StoryPlayer::kMaxTransitionSeconds);

    // Identical slides: nothing to animate, it lands at once.
    Story same;
    same.slides = {make_slide("a", 43.25, 76.92, 12, t, t), make_slide("b", 43.25, 76.92, 12, t, t)};
    p.start(same);
    EXPECT_TRUE(p.next());
    EXPECT_FALSE(p.transitioning());
    expect_exactly_on(p, 1);

    // Same camera, another time: the cursor still glides.
    Story later;
    later.slides = {make_slide("a", 43.25, 76.92, 12, t, t), make_slide("b", 43.25, 76.92, 12, t + 86400, t)};
    p.start(later);
    EXPECT_TRUE(p.next());
    EXPECT_TRUE(p.transitioning());
    p.update(p.transition_duration() / 2);
    EXPECT_EQ(p.current().camera, later.slides[0].camera);
    EXPECT_GT(p.current().time_cursor, t);
    EXPECT_LT(p.current().time_cursor, t + 86400);
}

TEST(StoryPlayer, LongMovesZoomOutMidway) {
    Story s;
    const TimePoint t = make_time(2006, 4, 5);
    // From the old town to Shanyrak, 10 km away: several screens at zoom 15.
    s.slides = {make_slide("old town", 43.2567, 76.9286, 15, t, t), make_slide("Shanyrak", 43.3270, 76.8420, 15.5, t, t)};
    StoryPlayer p;
    p.set_viewport(1920, 1080);
    p.start(s);
    p.next();
    p.update(p.transition_duration() / 2);
    const StoryFrame mid = p.current();
    ASSERT_TRUE(mid.transitioning);
    EXPECT_NEAR(mid.progress, 0.5, 1e-12);
    EXPECT_LT(mid.camera.zoom, 15.0 - 1.0);  // well out, so both places are in view on the way
    // The whole path stays between the two places and never zooms in past the ends.
    run_to_end(p);

    p.start(s);
    p.next();
    double lowest = 99;
    for (int i = 0; i < 200 && p.transitioning(); ++i) {
        const StoryFrame f = p.current();
        lowest = std::min(lowest, f.camera.zoom);
        EXPECT_LE(f.camera.zoom, 15.5 + 1e-9);
        EXPECT_GE(f.camera.center_lat, 43.2567 - 1e-9);
        EXPECT_LE(f.camera.center_lat, 43.3270 + 1e-9);
        p.update(1.0 / 120);
    }
    EXPECT_NEAR(lowest, mid.camera.zoom, 0.1);  // the deepest point is near the middle

    // A short pan barely zooms out.
    Story near;
    near.slides = {make_slide("a", 43.2567, 76.9286, 15, t, t), make_slide("b", 43.2570, 76.9295, 15, t, t)};
    p.start(near);
    p.next();
    p.update(p.transition_duration() / 2);
    EXPECT_GT(p.current().camera.zoom, 15.0 - 0.1);
}

TEST(StoryPlayer, PureZoomStaysOnTheCentre) {
    Story s;
    const TimePoint t = make_time(2006);
    s.slides = {make_slide("city", 43.25, 76.92, 11, t, t), make_slide("street", 43.25, 76.92, 17, t, t)};
    StoryPlayer p;
    p.start(s);
    p.next();
    double prev_zoom = 11;
    while (p.transitioning()) {
        const StoryFrame f = p.current();
        EXPECT_NEAR(f.camera.center_lat, 43.25, 1e-9);
        EXPECT_NEAR(f.camera.center_lon, 76.92, 1e-9);
        EXPECT_GE(f.camera.zoom, prev_zoom - 1e-12);  // zooms in monotonically
        prev_zoom = f.camera.zoom;
        p.update(1.0 / 60);
    }
    expect_exactly_on(p, 1);
}

TEST(StoryPlayer, EventsAppearAsTheCursorPasses) {
    // Moving to a later slide, the cursor only ever moves forward, so each
    // event between the two slides appears once and stays.
    StoryPlayer p;
    p.start(almaty_story());
    for (size_t i = 1; i < 4; ++i) {
        p.next();
        TimePoint last = p.current().time_cursor;
        TimePoint last_window = p.current().window_begin;
        int frames = 0;
        while (p.update(1.0 / 60)) {
            const StoryFrame f = p.current();
            EXPECT_GE(f.time_cursor, last);
            EXPECT_GE(f.window_begin, last_window);
            EXPECT_LE(f.time_cursor, p.slide()->time_cursor);
            last = f.time_cursor;
            last_window = f.window_begin;
            ++frames;
        }
        EXPECT_GT(frames, 10);  // it animates rather than jumps
        expect_exactly_on(p, i);
    }
}

TEST(StoryPlayer, IgnoresBadStepsAndBadSlides) {
    StoryPlayer p;
    p.start(almaty_story());
    p.next();
    p.update(std::nan(""));
    p.update(-5);
    EXPECT_TRUE(p.transitioning());
    EXPECT_EQ(p.current().progress, 0.0);
    p.update(INFINITY);
    expect_exactly_on(p, 1);

    Story bad;
    bad.slides = {make_slide("a", 43.25, 76.92, 12, 0, 0), make_slide("b", NAN, 76.92, 12, 0, 0)};
    p.start(bad);
    EXPECT_TRUE(p.next());  // nothing to animate towards: lands at once
    EXPECT_FALSE(p.transitioning());
    EXPECT_EQ(p.slide_index(), 1u);

    p.set_viewport(0, -1);  // ignored
    p.stop();
    EXPECT_FALSE(p.active());
    EXPECT_FALSE(p.toggle_black());
    EXPECT_EQ(p.slide(), nullptr);
}
