// What the presenter's console shows, without a window: the slide's notes,
// what comes next (or the end of the story), slide n of N, the elapsed time
// with pause and reset, and each slide's time in the run becoming its
// rehearsed time ("planned 1:30, last 1:42").
#include <gtest/gtest.h>

#include "core/time.hpp"
#include "model/presenter_clock.hpp"
#include "model/story_player.hpp"

namespace atlas {
namespace {

Story three_slides() {
    Story st;
    st.id = "s";
    st.title = "Story";
    const char* titles[] = {"Dawn", "Noon", "Dusk"};
    for (int i = 0; i < 3; ++i) {
        Slide s;
        s.title = titles[i];
        s.notes = std::string("Say this about ") + titles[i] + ".";
        s.camera = {43.25, 76.9, 13.0 + i};
        s.time_cursor = make_time(2006, 4, 5 + i);
        s.window_begin = make_time(2006);
        st.slides.push_back(s);
    }
    st.slides[1].notes.clear();
    st.slides[0].planned_ms = 90'000;
    st.slides[0].rehearsed_ms = 102'000;
    return st;
}

TEST(PresenterConsoleState, HoldsTheNotesTheNextSlideAndTheCount) {
    StoryPlayer player;
    player.start(three_slides());
    PresenterClock clock;
    clock.start(3);
    PresenterConsoleState st = presenter_console_state(player, clock);
    EXPECT_EQ(st.slide, 0u);
    EXPECT_EQ(st.slide_count, 3u);
    EXPECT_EQ(st.title, "Dawn");
    EXPECT_EQ(st.notes, "Say this about Dawn.");
    EXPECT_FALSE(st.end_of_story);
    EXPECT_EQ(st.next_title, "Noon");
    EXPECT_EQ(st.rehearsal, "planned 1:30, last 1:42");
    ASSERT_EQ(st.slide_titles.size(), 3u);
    EXPECT_EQ(st.slide_titles[2], "Dusk");

    player.next();
    st = presenter_console_state(player, clock);
    EXPECT_EQ(st.slide, 1u);
    EXPECT_TRUE(st.notes.empty());
    EXPECT_EQ(st.rehearsal, "");

    player.last();
    player.update(10.0);
    st = presenter_console_state(player, clock);
    EXPECT_EQ(st.slide, 2u);
    EXPECT_EQ(st.notes, "Say this about Dusk.");
    EXPECT_TRUE(st.end_of_story);
    EXPECT_TRUE(st.next_title.empty());

    player.toggle_black();
    EXPECT_TRUE(presenter_console_state(player, clock).black);
}

TEST(PresenterClock, ElapsedPausesAndResetsWhileSlideTimesKeepCounting) {
    PresenterClock clock;
    clock.start(3);
    clock.tick(30.0, 0);
    EXPECT_DOUBLE_EQ(clock.elapsed_seconds(), 30.0);
    clock.toggle_pause();
    EXPECT_TRUE(clock.paused());
    clock.tick(15.0, 0);  // a question: the clock waits, the slide is still up
    EXPECT_DOUBLE_EQ(clock.elapsed_seconds(), 30.0);
    EXPECT_EQ(clock.shown_ms(0), 45'000);
    clock.toggle_pause();
    clock.tick(5.0, 1);
    EXPECT_DOUBLE_EQ(clock.elapsed_seconds(), 35.0);
    EXPECT_EQ(elapsed_text(clock.elapsed_seconds()), "00:35");
    clock.reset();
    EXPECT_DOUBLE_EQ(clock.elapsed_seconds(), 0.0);
    EXPECT_EQ(clock.shown_ms(1), 5'000);
    EXPECT_EQ(clock.shown_ms(2), 0);
    clock.tick(-1.0, 2);  // a clock going backwards counts for nothing
    EXPECT_EQ(clock.shown_ms(2), 0);
}

TEST(PresenterClock, ARunBecomesTheSlidesRehearsedTimes) {
    Story st = three_slides();
    PresenterClock clock;
    clock.start(st.slides.size());
    clock.tick(100.0, 0);
    clock.tick(2.0, 0);
    clock.tick(40.5, 1);  // slide 3 never shown: keeps its last time
    st.slides[2].rehearsed_ms = 61'000;
    EXPECT_TRUE(clock.record_rehearsal(st));
    EXPECT_EQ(st.slides[0].rehearsed_ms, 102'000);
    EXPECT_EQ(st.slides[1].rehearsed_ms, 40'500);
    EXPECT_EQ(st.slides[2].rehearsed_ms, 61'000);
    EXPECT_EQ(st.slides[0].planned_ms, 90'000);
    EXPECT_FALSE(clock.record_rehearsal(st));  // the same run again changes nothing
    EXPECT_EQ(rehearsal_text(st.slides[1]), "last 0:41");
}

TEST(PresenterClock, DurationsReadAsMinutesAndSeconds) {
    EXPECT_EQ(format_duration_ms(90'000), "1:30");
    EXPECT_EQ(format_duration_ms(102'000), "1:42");
    EXPECT_EQ(format_duration_ms(4'000), "0:04");
    EXPECT_EQ(format_duration_ms(3'723'000), "1:02:03");
    Slide s;
    EXPECT_EQ(rehearsal_text(s), "");
    s.planned_ms = 60'000;
    EXPECT_EQ(rehearsal_text(s), "planned 1:00");
}

TEST(PresenterClock, PlannedTimesReadAsTheyAreWritten) {
    EXPECT_EQ(parse_duration_ms("1:30"), 90'000);
    EXPECT_EQ(parse_duration_ms(" 0:04 "), 4'000);
    EXPECT_EQ(parse_duration_ms("90"), 90'000);
    EXPECT_EQ(parse_duration_ms("1:02:03"), 3'723'000);
    for (int64_t ms : {0LL, 4'000LL, 90'000LL, 3'723'000LL}) EXPECT_EQ(parse_duration_ms(format_duration_ms(ms)), ms);
    for (const char* bad : {"", ":", "1:", ":30", "1:60", "-1:00", "1.5", "1:2:3:4", "a minute", "1:30:60"})
        EXPECT_FALSE(parse_duration_ms(bad).has_value()) << bad;
}

}  // namespace
}  // namespace atlas
