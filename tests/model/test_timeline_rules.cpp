// The timeline's rules: playback speed from the span shown, unless the user
// picked one; "go to date"; the period a double-click zooms into.
#include <gtest/gtest.h>

#include "core/time.hpp"
#include "model/app_model.hpp"
#include "model/timeline_rules.hpp"

namespace atlas {
namespace {

TEST(PlaybackSpeed, FollowsTheSpanShown) {
    EXPECT_EQ(speed_for_span(86400 * 1.5), 2 * 3600.0);       // a day and a half: 2 hours a second
    EXPECT_EQ(speed_for_span(6 * 3600.0), 15 * 60.0);         // six hours: minutes
    EXPECT_EQ(speed_for_span(20 * 365.2425 * 86400), 365.2425 * 86400);  // twenty years: a year a second
    EXPECT_EQ(speed_for_span(0), 60.0);
    EXPECT_EQ(speed_label(15 * 60.0), "15 minutes / s");
    EXPECT_EQ(speed_label(86400), "1 day / s");
    EXPECT_EQ(speed_label(2 * 365.2425 * 86400), "2 years / s");
}

TEST(PlaybackSpeed, TheUsersPickWinsUntilAskedToFollowAgain) {
    AppModel m;
    m.timeline_begin = make_time(2006, 4, 5);
    m.timeline_end = m.timeline_begin + 6 * 3600;
    EXPECT_TRUE(m.playback().follow_zoom);
    EXPECT_EQ(m.effective_speed(), 15 * 60.0);
    m.timeline_end = m.timeline_begin + 20 * 86400;
    EXPECT_EQ(m.effective_speed(), 86400.0);
    m.set_speed(3600);
    EXPECT_FALSE(m.playback().follow_zoom);
    EXPECT_EQ(m.effective_speed(), 3600.0);
    m.set_speed_follows_zoom();
    EXPECT_EQ(m.effective_speed(), 86400.0);
}

TEST(GoToDate, ReadsDatesAsTheDataWritesThem) {
    auto g = go_to_date("5 April 2006");
    ASSERT_TRUE(g.has_value());
    EXPECT_GE(g->cursor, make_time(2006, 4, 5));
    EXPECT_LT(g->cursor, make_time(2006, 4, 6));
    EXPECT_LE(g->begin, make_time(2006, 4, 5));
    EXPECT_GE(g->end, make_time(2006, 4, 6));
    EXPECT_LT(g->end - g->begin, 2 * 86400);
    g = go_to_date("2006-04-05T13:00");
    ASSERT_TRUE(g.has_value());
    EXPECT_EQ(g->cursor, make_time(2006, 4, 5, 13));
    g = go_to_date("March 2006");
    ASSERT_TRUE(g.has_value());
    EXPECT_LT(g->begin, make_time(2006, 3, 1));
    EXPECT_GT(g->end, make_time(2006, 4, 1));
    std::string why;
    EXPECT_FALSE(go_to_date("the day after never", &why).has_value());
    EXPECT_NE(why.find("the day after never"), std::string::npos) << why;
    AppModel m;
    EXPECT_TRUE(go_to_date(m, "1986", &why));
    EXPECT_LT(m.timeline_begin, make_time(1986));
    EXPECT_GT(m.timeline_end, make_time(1987));
}

TEST(ZoomPeriod, GoesFromTheWholeSpanToOneDayInThreeSteps) {
    const TimePoint t = make_time(2006, 4, 5, 13);
    auto [b, e] = zoom_period(t, make_time(1900), make_time(2026));
    EXPECT_EQ(b, make_time(2006));
    EXPECT_EQ(e, make_time(2007));
    std::tie(b, e) = zoom_period(t, b, e);
    EXPECT_EQ(b, make_time(2006, 4));
    EXPECT_EQ(e, make_time(2006, 5));
    std::tie(b, e) = zoom_period(t, b, e);
    EXPECT_EQ(b, make_time(2006, 4, 5));
    EXPECT_EQ(e, make_time(2006, 4, 6));
    std::tie(b, e) = zoom_period(t, b, e);
    EXPECT_EQ(e - b, 6 * 3600);
    EXPECT_EQ(zoom_period(make_time(2006, 12, 20), make_time(2006), make_time(2007, 6)).second, make_time(2007, 1));
}

}  // namespace
}  // namespace atlas
