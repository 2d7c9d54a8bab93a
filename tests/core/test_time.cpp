#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/time.hpp"

using namespace atlas;

namespace {

constexpr TimePoint kHour = 3600;
constexpr TimePoint kDay = 86400;

TimeInterval parsed(std::string_view text) {
    std::string error;
    const std::optional<TimeInterval> t = parse_time(text, &error);
    EXPECT_TRUE(t.has_value()) << "'" << text << "': " << error;
    return t.value_or(TimeInterval{});
}

// parse -> format -> parse gives the same interval (the note aside).
void expect_round_trip(std::string_view text) {
    const std::optional<TimeInterval> t = parse_time(text);
    ASSERT_TRUE(t) << text;
    const std::string canonical = format_time(*t);
    std::string error;
    const std::optional<TimeInterval> again = parse_time(canonical, &error);
    ASSERT_TRUE(again) << text << " -> " << canonical << ": " << error;
    TimeInterval expected = *t;
    expected.note.clear();
    EXPECT_EQ(*again, expected) << text << " -> " << canonical;
    EXPECT_EQ(format_time(*again), canonical) << "canonical text is stable for " << text;
    // The English label reads back too.
    const std::optional<TimeInterval> from_label = parse_time(describe_time(*t));
    if (from_label) {
        EXPECT_EQ(from_label->begin, t->begin) << describe_time(*t);
        EXPECT_EQ(from_label->end, t->end) << describe_time(*t);
    }
}

struct Phrase {
    const char* text;
    TimePrecision precision;
    TimeQualifier qualifier;
    TimePoint begin, end;
    TimePoint fuzz_begin, fuzz_end;
    bool open_begin, open_end;
    const char* canonical;
    const char* label;
};

TimePoint sixth(TimePoint a, TimePoint b) { return (b - a) / 6; }

std::vector<Phrase> phrases() {
    using P = TimePrecision;
    using Q = TimeQualifier;
    const TimePoint y2000 = make_time(2000), y2010 = make_time(2010);
    const TimePoint y1990 = make_time(1990);
    const TimePoint y1908 = make_time(1908), y1909 = make_time(1909);
    return {
        {"2006-04-05T10:30", P::Hour, Q::None, make_time(2006, 4, 5, 10, 30), make_time(2006, 4, 5, 11, 30), 0, 0,
         false, false, "2006-04-05T10:30", "5 April 2006, 10:30"},
        {"2006-04-05", P::Day, Q::None, make_time(2006, 4, 5), make_time(2006, 4, 6), 0, 0, false, false,
         "2006-04-05", "5 April 2006"},
        {"5 April 2006", P::Day, Q::None, make_time(2006, 4, 5), make_time(2006, 4, 6), 0, 0, false, false,
         "2006-04-05", "5 April 2006"},
        {"March 2006", P::Month, Q::None, make_time(2006, 3), make_time(2006, 4), 0, 0, false, false, "2006-03",
         "March 2006"},
        {"early February 2026", P::Month, Q::Early, make_time(2026, 2, 1), make_time(2026, 2, 10),
         sixth(make_time(2026, 2), make_time(2026, 3)), sixth(make_time(2026, 2), make_time(2026, 3)), false, false,
         "early February 2026", "early February 2026"},
        {"summer 2024", P::Season, Q::None, make_time(2024, 6), make_time(2024, 9), 0, 0, false, false,
         "summer 2024", "summer 2024"},
        {"winter 2024", P::Season, Q::None, make_time(2023, 12), make_time(2024, 3), 0, 0, false, false,
         "winter 2024", "winter 2024"},
        {"2022", P::Year, Q::None, make_time(2022), make_time(2023), 0, 0, false, false, "2022", "2022"},
        {"early 2000s", P::Decade, Q::Early, y2000, make_time(2003), sixth(y2000, y2010), sixth(y2000, y2010), false,
         false, "early 2000s", "early 2000s"},
        {"mid 2000s", P::Decade, Q::Mid, make_time(2003), make_time(2007), sixth(y2000, y2010), sixth(y2000, y2010),
         false, false, "mid-2000s", "mid-2000s"},
        {"late 2000s", P::Decade, Q::Late, make_time(2007), y2010, sixth(y2000, y2010), sixth(y2000, y2010), false,
         false, "late 2000s", "late 2000s"},
        {"mid-to-late 1990s", P::Decade, Q::MidToLate, make_time(1993), y2000, sixth(y1990, y2000),
         sixth(y1990, y2000), false, false, "mid-to-late 1990s", "mid-to-late 1990s"},
        {"early-to-mid 1990s", P::Decade, Q::EarlyToMid, y1990, make_time(1997), sixth(y1990, y2000),
         sixth(y1990, y2000), false, false, "early-to-mid 1990s", "early-to-mid 1990s"},
        {"before 1933", P::Year, Q::Before, make_time(1903), make_time(1933), 0, 0, true, false, "before 1933",
         "before 1933"},
        {"after 2010", P::Year, Q::After, make_time(2011), make_time(2041), 0, 0, false, true, "after 2010",
         "after 2010"},
        {"circa 1908", P::Year, Q::Circa, y1908, y1909, y1909 - y1908, y1909 - y1908, false, false, "circa 1908",
         "circa 1908"},
        {"c. 1908", P::Year, Q::Circa, y1908, y1909, y1909 - y1908, y1909 - y1908, false, false, "circa 1908",
         "circa 1908"},
        {"1928-01/1929-02", P::Month, Q::None, make_time(1928, 1), make_time(1929, 3), 0, 0, false, false,
         "1928-01/1929-02", "January 1928 \u2013 February 1929"},
        {"the 1920s", P::Decade, Q::None, make_time(1920), make_time(1930), 0, 0, false, false, "1920s", "1920s"},
        {"1928/1929-02-15", P::Year, Q::None, make_time(1928), make_time(1929, 2, 16), 0, 0, false, false,
         "1928/1929-02-15", "1928 \u2013 15 February 1929"},
        {"2006-04-05T10:00/2006-04-05T12:00", P::Hour, Q::None, make_time(2006, 4, 5, 10), make_time(2006, 4, 5, 12),
         0, 0, false, false, "2006-04-05T10:00/2006-04-05T12:00", "5 April 2006, 10:00\u201312:00"},
        {"late summer 2024", P::Season, Q::Late, make_time(2024, 8), make_time(2024, 9),
         sixth(make_time(2024, 6), make_time(2024, 9)), sixth(make_time(2024, 6), make_time(2024, 9)), false, false,
         "late summer 2024", "late summer 2024"},
        {"mid 2006", P::Year, Q::Mid, make_time(2006, 5), make_time(2006, 9), sixth(make_time(2006), make_time(2007)),
         sixth(make_time(2006), make_time(2007)), false, false, "mid-2006", "mid-2006"},
        {"before March 2006", P::Month, Q::Before, make_time(2005, 3), make_time(2006, 3), 0, 0, true, false,
         "before 2006-03", "before March 2006"},
        {"after 2006-04-05T10:30", P::Hour, Q::After, make_time(2006, 4, 5, 11, 30), make_time(2006, 4, 5, 23, 30), 0,
         0, false, true, "after 2006-04-05T10:30", "after 5 April 2006, 10:30"},
        {"circa 5 April 2006", P::Day, Q::Circa, make_time(2006, 4, 5), make_time(2006, 4, 6), kDay, kDay, false,
         false, "circa 2006-04-05", "circa 5 April 2006"},
    };
}

}  // namespace

// [SECTION] Calendar helpers

TEST(Calendar, LeapYears) {
    EXPECT_TRUE(valid_date(2000, 2, 29));   // divisible by 400
    EXPECT_FALSE(valid_date(1900, 2, 29));  // divisible by 100 only
    EXPECT_TRUE(valid_date(2024, 2, 29));
    EXPECT_FALSE(valid_date(2023, 2, 29));
    EXPECT_FALSE(valid_date(2006, 2, 30));
    EXPECT_FALSE(valid_date(2006, 4, 31));
    EXPECT_TRUE(valid_date(2006, 12, 31));
    EXPECT_FALSE(valid_date(2006, 13, 1));
    EXPECT_FALSE(valid_date(2006, 0, 1));
    EXPECT_FALSE(valid_date(2006, 1, 0));
}

TEST(Calendar, KnownDays) {
    EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
    EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
    EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
    EXPECT_EQ(days_from_civil(2006, 4, 5), 13243);
    EXPECT_EQ(days_from_civil(1000, 1, 1), -354285);
    EXPECT_EQ(days_from_civil(2999, 12, 31), 376199);
    EXPECT_EQ(make_time(2006, 4, 5, 10, 30), 13243 * kDay + 10 * kHour + 30 * 60);
    EXPECT_EQ(make_time(2006), make_time(2006, 1, 1, 0, 0));
}

TEST(Calendar, RoundTripOverTwoThousandYears) {
    // Every day from about 700 to 4700: civil -> days -> civil is the identity
    // and consecutive days step through the calendar one day at a time.
    CivilDate prev = civil_from_days(-500000);
    EXPECT_EQ(days_from_civil(prev.year, prev.month, prev.day), -500000);
    for (int64_t d = -499999; d <= 1000000; ++d) {
        const CivilDate c = civil_from_days(d);
        ASSERT_TRUE(valid_date(c.year, c.month, c.day)) << d;
        ASSERT_EQ(days_from_civil(c.year, c.month, c.day), d);
        const bool same_month = c.year == prev.year && c.month == prev.month && c.day == prev.day + 1;
        const bool next_month = c.day == 1 && !valid_date(prev.year, prev.month, prev.day + 1) &&
                                ((c.year == prev.year && c.month == prev.month + 1) ||
                                 (c.year == prev.year + 1 && c.month == 1 && prev.month == 12));
        ASSERT_TRUE(same_month || next_month) << d;
        prev = c;
    }
}

TEST(Calendar, FormatInstant) {
    const TimePoint t = make_time(2006, 4, 5, 10, 30);
    EXPECT_EQ(format_instant(t, TimePrecision::Hour), "2006-04-05T10:30");
    EXPECT_EQ(format_instant(t, TimePrecision::Day), "2006-04-05");
    EXPECT_EQ(format_instant(t, TimePrecision::Month), "2006-04");
    EXPECT_EQ(format_instant(t, TimePrecision::Year), "2006");
    EXPECT_EQ(format_instant(make_time(1908, 12, 31, 23, 59), TimePrecision::Hour), "1908-12-31T23:59");
}

TEST(Calendar, NamesRoundTrip) {
    for (auto p : {TimePrecision::Hour, TimePrecision::Day, TimePrecision::Month, TimePrecision::Season,
                   TimePrecision::Year, TimePrecision::Decade})
        EXPECT_EQ(precision_from_string(to_string(p)), p);
    for (auto q : {TimeQualifier::None, TimeQualifier::Early, TimeQualifier::Mid, TimeQualifier::Late,
                   TimeQualifier::EarlyToMid, TimeQualifier::MidToLate, TimeQualifier::Before, TimeQualifier::After,
                   TimeQualifier::Circa})
        EXPECT_EQ(qualifier_from_string(to_string(q)), q);
    EXPECT_EQ(to_string(TimeQualifier::MidToLate), "mid-to-late");
    EXPECT_FALSE(precision_from_string("fortnight"));
    EXPECT_FALSE(qualifier_from_string(""));
}

// [SECTION] Every phrasing: values, precision, qualifier, canonical text, label

TEST(ParseTime, EveryPhrasing) {
    for (const Phrase& p : phrases()) {
        SCOPED_TRACE(p.text);
        const TimeInterval t = parsed(p.text);
        EXPECT_EQ(t.precision, p.precision);
        EXPECT_EQ(t.qualifier, p.qualifier);
        EXPECT_EQ(t.begin, p.begin) << format_instant(t.begin, TimePrecision::Hour);
        EXPECT_EQ(t.end, p.end) << format_instant(t.end, TimePrecision::Hour);
        EXPECT_LT(t.begin, t.end);
        EXPECT_EQ(t.fuzz_begin, p.fuzz_begin);
        EXPECT_EQ(t.fuzz_end, p.fuzz_end);
        EXPECT_EQ(t.open_begin, p.open_begin);
        EXPECT_EQ(t.open_end, p.open_end);
        EXPECT_TRUE(t.note.empty());
        EXPECT_EQ(format_time(t), p.canonical);
        EXPECT_EQ(describe_time(t), p.label);
        expect_round_trip(p.text);
    }
}

TEST(ParseTime, ExactDaysHaveNoFuzzQualifiedPhrasesDo) {
    EXPECT_EQ(parsed("2006-04-05").fuzz_begin, 0);
    EXPECT_EQ(parsed("2006-04-05").fuzz_end, 0);
    EXPECT_GT(parsed("early 2000s").fuzz_begin, 0);
    EXPECT_GT(parsed("early 2000s").fuzz_end, 0);
}

TEST(ParseTime, ThirdsOfAUnitAreConsistent) {
    // early/mid/late tile the unit without gaps; the spans cover the same ground.
    for (const char* unit : {"1990s", "2006", "February 2024", "February 2023", "March 2006", "April 2006",
                             "winter 2024"}) {
        SCOPED_TRACE(unit);
        const std::string u = unit;
        const TimeInterval whole = parsed(u);
        const TimeInterval early = parsed("early " + u), mid = parsed("mid " + u), late = parsed("late " + u);
        const TimeInterval early_mid = parsed("early-to-mid " + u), mid_late = parsed("mid-to-late " + u);
        EXPECT_EQ(early.begin, whole.begin);
        EXPECT_EQ(early.end, mid.begin);
        EXPECT_EQ(mid.end, late.begin);
        EXPECT_EQ(late.end, whole.end);
        EXPECT_EQ(early_mid.begin, early.begin);
        EXPECT_EQ(early_mid.end, mid.end);
        EXPECT_EQ(mid_late.begin, mid.begin);
        EXPECT_EQ(mid_late.end, late.end);
        EXPECT_EQ(early.fuzz_begin, (whole.end - whole.begin) / 6);
        EXPECT_EQ(whole.qualifier, TimeQualifier::None);
        EXPECT_EQ(mid.precision, whole.precision);
    }
    // Months: dekad-like thirds rounded to whole days.
    EXPECT_EQ(parsed("late March 2006").begin, make_time(2006, 3, 22));
    EXPECT_EQ(parsed("mid March 2006").begin, make_time(2006, 3, 11));
    EXPECT_EQ(parsed("late February 2023").begin, make_time(2023, 2, 20));
    EXPECT_EQ(parsed("late April 2006").begin, make_time(2006, 4, 21));
    EXPECT_EQ(parsed("early summer 2024").end, make_time(2024, 7));
}

TEST(ParseTime, Seasons) {
    EXPECT_EQ(parsed("spring 2006").begin, make_time(2006, 3));
    EXPECT_EQ(parsed("spring 2006").end, make_time(2006, 6));
    EXPECT_EQ(parsed("autumn 2006").begin, make_time(2006, 9));
    EXPECT_EQ(parsed("fall 2006"), parsed("autumn 2006"));
    EXPECT_EQ(parsed("summer of 2024"), parsed("summer 2024"));
    EXPECT_EQ(parsed("winter 2023/24"), parsed("winter 2024"));
    EXPECT_EQ(parsed("winter 2023-2024"), parsed("winter 2024"));
    EXPECT_EQ(parsed("winter 1999/00"), parsed("winter 2000"));
    EXPECT_EQ(format_time(parsed("winter 2000")), "winter 2000");
    EXPECT_EQ(parsed("winter 2024").end, make_time(2024, 3));  // 2024 is leap: February has 29 days inside
}

TEST(ParseTime, OtherSpellings) {
    EXPECT_EQ(parsed("April 5, 2006"), parsed("2006-04-05"));
    EXPECT_EQ(parsed("April 5th 2006"), parsed("2006-04-05"));
    EXPECT_EQ(parsed("5th of April 2006"), parsed("2006-04-05"));
    EXPECT_EQ(parsed("5 Apr 2006"), parsed("2006-04-05"));
    EXPECT_EQ(parsed("Sept. 2006"), parsed("2006-09"));
    EXPECT_EQ(parsed("March, 2006"), parsed("2006-03"));
    EXPECT_EQ(parsed("5 April 2006, 10:30"), parsed("2006-04-05T10:30"));
    EXPECT_EQ(parsed("5 April 2006 at 10:30"), parsed("2006-04-05T10:30"));
    EXPECT_EQ(parsed("2006-04-05 10:30"), parsed("2006-04-05T10:30"));
    EXPECT_EQ(parsed("2006-04-05T10"), parsed("2006-04-05T10:00"));
    EXPECT_EQ(parsed("2006-04-05T10:30:15"), parsed("2006-04-05T10:30"));
    EXPECT_EQ(parsed("1920s"), parsed("the 1920s"));
    EXPECT_EQ(parsed("1920's"), parsed("the 1920s"));
    EXPECT_EQ(parsed("mid-1990s"), parsed("mid 1990s"));
    EXPECT_EQ(parsed("mid to late 1990s"), parsed("mid-to-late 1990s"));
    EXPECT_EQ(parsed("the early 2000s"), parsed("early 2000s"));
    EXPECT_EQ(parsed("ca. 1908"), parsed("circa 1908"));
    EXPECT_EQ(parsed("around 1908"), parsed("circa 1908"));
    EXPECT_EQ(parsed("before the 1920s").end, make_time(1920));
    EXPECT_EQ(parsed("1928-01 / 1929-02"), parsed("1928-01/1929-02"));
}

// How a historian writes times: clock times in words, ranges with a dash or "to".
TEST(ParseTime, HistoriansWordingReadsAsTheTextMeans) {
    // "By one o'clock on 5 April 2006": ends at 13:00 (a daylight hour; the note says so).
    // The same interval, whatever note says how it was read.
    auto plain = [](TimeInterval t) {
        t.note.clear();
        return t;
    };
    const TimeInterval by_one = plain(parsed("by one o'clock on 5 April 2006"));
    EXPECT_NE(parsed("by one o'clock on 5 April 2006").note.find("13:00"), std::string::npos);
    EXPECT_EQ(by_one, parsed("by 2006-04-05T13:00"));
    EXPECT_TRUE(by_one.open_begin);
    EXPECT_EQ(by_one.end, make_time(2006, 4, 5, 13));
    EXPECT_EQ(plain(parsed("by one o\u2019clock on 5 April 2006")), by_one);  // a typographic apostrophe
    EXPECT_EQ(plain(parsed("by 13:00 on 5 April 2006")), by_one);
    EXPECT_EQ(plain(parsed("by 1 pm on 5 April 2006")), by_one);
    EXPECT_EQ(plain(parsed("by 1pm, 5 April 2006")), by_one);
    EXPECT_EQ(plain(parsed("5 April 2006, by 13:00")), by_one);
    EXPECT_EQ(plain(parsed("5 April 2006, by one o'clock")), by_one);
    EXPECT_EQ(parsed("by 12 o'clock on 5 April 2006").end, make_time(2006, 4, 5, 12));
    // Said back in words as the text says it, and read back the same.
    EXPECT_EQ(describe_time(by_one), "5 April 2006, by 13:00");
    EXPECT_EQ(plain(parsed(describe_time(by_one))), by_one);
    EXPECT_EQ(format_time(by_one), "before 2006-04-05T13:00");
    EXPECT_EQ(parsed("12 noon on 5 April 2006"), parsed("2006-04-05T12:00"));
    EXPECT_EQ(parsed("ten o'clock on 5 April 2006"), parsed("2006-04-05T10:00"));
    EXPECT_EQ(parsed("1 am on 5 April 2006"), parsed("2006-04-05T01:00"));
    EXPECT_EQ(parsed("12 am on 5 April 2006"), parsed("2006-04-05T00:00"));
    EXPECT_EQ(parsed("5 April 2006, after 10:30"), parsed("after 2006-04-05T10:30"));
    EXPECT_TRUE(parsed("13:00 on 5 April 2006").note.empty()) << "a 24-hour time needs no reading";
    // Ranges: an en dash, a hyphen, "to" or "until" between two dates.
    const TimeInterval years = parsed("1928/2022");
    EXPECT_EQ(parsed("1928\u20132022"), years);
    EXPECT_EQ(parsed("1928 \u2013 2022"), years);
    EXPECT_EQ(parsed("1928-2022"), years);
    EXPECT_EQ(parsed("1928 to 2022"), years);
    EXPECT_EQ(parsed("1928 until 2022"), years);
    EXPECT_EQ(years.begin, make_time(1928));
    EXPECT_EQ(years.end, make_time(2023));
    EXPECT_EQ(parsed("20 March 2006 \u2013 30 March 2006"), parsed("2006-03-20/2006-03-30"));
    EXPECT_EQ(parsed("March 2006 to May 2006"), parsed("2006-03/2006-05"));
    // ISO months and winters keep their hyphens.
    EXPECT_EQ(parsed("1928-01"), parsed("January 1928"));
    EXPECT_EQ(parsed("winter 2023-2024"), parsed("winter 2024"));
    std::string error;
    // Every new form reads back from its canonical text and its words.
    for (const char* text : {"1928-2022", "1928 to March 2022", "5 April 2006, 10:30 to 5 April 2006, 12:00",
                             "by one o'clock on 5 April 2006", "5 April 2006, by 13:00", "12 noon on 5 April 2006",
                             "March 2006 - 2007", "1 am on 5 April 2006", "5 April 2006, after 10:30"})
        expect_round_trip(text);
    EXPECT_FALSE(parse_time("2020-2960s", &error));  // a decade at an end: not an ISO interval
    EXPECT_NE(error.find("not seasons or decades"), std::string::npos) << error;
    EXPECT_FALSE(parse_time("summer 2005 to winter 2006", &error));
    EXPECT_FALSE(parse_time("2022\u20131928", &error));
    EXPECT_NE(error.find("ends before it begins"), std::string::npos) << error;
    EXPECT_FALSE(parse_time("13 o'clock on 5 April 2006", &error));
    EXPECT_NE(error.find("twelve-hour"), std::string::npos) << error;
    EXPECT_FALSE(parse_time("by one o'clock", &error));
    EXPECT_NE(error.find("needs a day"), std::string::npos) << error;
    EXPECT_FALSE(parse_time("one o'clock in 2006", &error));
    EXPECT_FALSE(parse_time("25:00 on 5 April 2006", &error));
    EXPECT_NE(error.find("hour 25"), std::string::npos) << error;
    EXPECT_FALSE(parse_time("10:30", &error));
    EXPECT_NE(error.find("needs a day"), std::string::npos) << error;
}

TEST(ParseTime, CaseAndSpacesDoNotMatter) {
    EXPECT_EQ(parsed("  EARLY   February\t2026 "), parsed("early february 2026"));
    EXPECT_EQ(parsed("Mid-To-Late 1990S"), parsed("mid-to-late 1990s"));
    EXPECT_EQ(parsed("2006-04-05t10:30"), parsed("2006-04-05T10:30"));
    EXPECT_EQ(parsed("BEFORE   1933"), parsed("before 1933"));
}

TEST(ParseTime, IsoIntervalTakesTheCoarserEnd) {
    EXPECT_EQ(parsed("1928-01/1929-02").precision, TimePrecision::Month);
    EXPECT_EQ(parsed("1928/1929-02").precision, TimePrecision::Year);
    EXPECT_EQ(parsed("2006-03-01/2006-04-05T10:00").precision, TimePrecision::Day);
    EXPECT_EQ(parsed("2006-03-01/2006-04-05T10:00").end, make_time(2006, 4, 5, 10));
    EXPECT_EQ(parsed("2006-01/2006-12").precision, TimePrecision::Month);
    expect_round_trip("2006-01/2006-12");
    expect_round_trip("2006-01-01/2006-12-31");
    expect_round_trip("2006-04-05/2006-04-07T00:00");
    expect_round_trip("2006-04-05T00:00/2006-04-06");
    expect_round_trip("2006-04-05T10:00/2006-04-06T00:00");
    // A single unit written as an interval is that unit.
    EXPECT_EQ(parsed("2006-03/2006-03"), parsed("March 2006"));
}

TEST(ParseTime, ByIncludesItsUnitAndAClockTimeIsTheInstant) {
    // "by 30 March 2006": that day included, nothing known of the start.
    const TimeInterval day = parsed("by 2006-03-30");
    EXPECT_EQ(day, parsed("before 2006-03-31"));
    EXPECT_EQ(day.end, make_time(2006, 3, 31));
    EXPECT_TRUE(day.open_begin);
    EXPECT_EQ(day.qualifier, TimeQualifier::Before);
    EXPECT_EQ(parsed("by 30 March 2006"), day);
    // "By 12 o'clock": ends at 12:00, not at the end of the hour 12:00-13:00.
    const TimeInterval noon = parsed("by 2006-04-05T12:00");
    EXPECT_EQ(noon.end, make_time(2006, 4, 5, 12));
    EXPECT_EQ(noon.precision, TimePrecision::Hour);
    EXPECT_EQ(noon, parsed("before 2006-04-05T12:00"));
    EXPECT_EQ(parsed("by March 2006").end, make_time(2006, 4, 1));
    EXPECT_EQ(parsed("BY 2026"), parsed("before 2027"));
    expect_round_trip("by 2006-03-30");
    EXPECT_EQ(format_time(day), "before 2006-03-31");
    std::string error;
    EXPECT_FALSE(parse_time("by 2006-03-10/2006-03-20", &error));
    EXPECT_NE(error.find("'by' takes a single date"), std::string::npos) << error;
    EXPECT_FALSE(parse_time("by early 2006", &error));
    EXPECT_FALSE(parse_time("by", &error));
    // "After 10:30 and by 13:00" is an ISO interval of two clock times.
    const TimeInterval bounded = parsed("2006-04-05T10:30/2006-04-05T13:00");
    EXPECT_EQ(bounded.begin, make_time(2006, 4, 5, 10, 30));
    EXPECT_EQ(bounded.end, make_time(2006, 4, 5, 13));
    EXPECT_FALSE(bounded.open_begin || bounded.open_end);
}

// [SECTION] UTC offsets

TEST(UtcOffset, AlmatyByPeriod) {
    constexpr int h = 3600;
    auto off = [](TimePoint t) { return almaty_utc_offset(t); };
    EXPECT_FALSE(off(make_time(1908, 6, 1)));                    // local mean time
    EXPECT_FALSE(off(make_time(1924, 5, 1, 23, 59)));
    EXPECT_EQ(off(make_time(1924, 5, 2)), 5 * h);
    EXPECT_EQ(off(make_time(1928, 1, 20, 12)), 5 * h);           // Trotsky's arrival
    EXPECT_EQ(off(make_time(1930, 6, 20, 23, 59)), 5 * h);
    EXPECT_EQ(off(make_time(1930, 6, 21)), 6 * h);
    EXPECT_EQ(off(make_time(1975, 7, 1)), 6 * h);
    EXPECT_EQ(off(make_time(1981, 3, 31, 23)), 6 * h);
    EXPECT_EQ(off(make_time(1981, 4, 1, 12)), 7 * h);            // first Soviet summer time
    EXPECT_EQ(off(make_time(1981, 9, 30, 22)), 7 * h);
    EXPECT_EQ(off(make_time(1981, 10, 1, 1)), 6 * h);
    EXPECT_EQ(off(make_time(1985, 3, 31, 1)), 6 * h);            // last Sunday of March 1985
    EXPECT_EQ(off(make_time(1985, 3, 31, 4)), 7 * h);
    EXPECT_EQ(off(make_time(1990, 9, 30, 1)), 7 * h);            // last Sunday of September 1990
    EXPECT_EQ(off(make_time(1990, 9, 30, 3)), 6 * h);
    EXPECT_EQ(off(make_time(1991, 7, 1)), 6 * h);                // UTC+5 with summer time
    EXPECT_EQ(off(make_time(1991, 12, 1)), 5 * h);
    EXPECT_EQ(off(make_time(1992, 1, 19, 4)), 6 * h);
    EXPECT_EQ(off(make_time(1996, 10, 15)), 7 * h);              // summer time to October from 1996
    EXPECT_EQ(off(make_time(1995, 10, 15)), 6 * h);
    EXPECT_EQ(off(make_time(2004, 10, 30)), 7 * h);
    EXPECT_EQ(off(make_time(2004, 11, 1)), 6 * h);
    EXPECT_EQ(off(make_time(2006, 4, 5, 10, 30)), 6 * h);        // no summer time after 2004
    EXPECT_EQ(off(make_time(2006, 7, 1)), 6 * h);
    EXPECT_EQ(off(make_time(2024, 2, 29, 12)), 6 * h);
    EXPECT_EQ(off(make_time(2024, 3, 1)), 5 * h);
    EXPECT_EQ(off(make_time(2026, 3, 12)), 5 * h);
}

TEST(UtcOffset, ExportTextCarriesTheOffsetForClockTimesOnly) {
    EXPECT_EQ(format_instant_with_offset(make_time(2006, 4, 5, 10, 30)), "2006-04-05T10:30:00+06:00");
    EXPECT_EQ(format_instant_with_offset(make_time(2026, 2, 1, 9)), "2026-02-01T09:00:00+05:00");
    EXPECT_EQ(format_instant_with_offset(make_time(1908, 6, 1, 9)), "1908-06-01T09:00:00");
    const TimeInterval hour = parsed("2006-04-05T10:30");
    EXPECT_EQ(format_export_begin(hour), "2006-04-05T10:30:00+06:00");
    EXPECT_EQ(format_export_end(hour), "2006-04-05T11:30:00+06:00");
    const TimeInterval noon = parsed("2006-04-05T10:30/2006-04-05T12:00");
    EXPECT_EQ(format_export_end(noon), "2006-04-05T12:00:00+06:00");
    // Days and coarser stay dates; the end is the last day included.
    const TimeInterval span = parsed("2006-03-20/2006-03-30");
    EXPECT_EQ(format_export_begin(span), "2006-03-20");
    EXPECT_EQ(format_export_end(span), "2006-03-30");
    EXPECT_EQ(format_export_begin(parsed("March 2006")), "2006-03-01");
    EXPECT_EQ(format_export_end(parsed("March 2006")), "2006-03-31");
    EXPECT_EQ(format_export_end(parsed("1908")), "1908-12-31");
    // A day-precision interval that starts at a clock time keeps it, and its
    // end (the day's end) carries the offset too: never a zoned begin beside a
    // zone-less end, which readers take for UTC.
    const TimeInterval after = parsed("2006-04-05T10:30/2006-04-05");
    EXPECT_EQ(format_export_begin(after), "2006-04-05T10:30:00+06:00");
    EXPECT_EQ(format_export_end(after), "2006-04-06T00:00:00+06:00");
    const TimeInterval until_noon = parsed("2006-04-04/2006-04-05T12:00");
    EXPECT_EQ(format_export_begin(until_noon), "2006-04-04T00:00:00+06:00");
}

// [SECTION] Relative dates

TEST(ParseTime, RelativeDatesAreStoredResolved) {
    const TimeInterval t = parsed("ten days before 20 March 2006");
    EXPECT_EQ(t.begin, make_time(2006, 3, 10));
    EXPECT_EQ(t.end, make_time(2006, 3, 11));
    EXPECT_EQ(t.precision, TimePrecision::Day);
    EXPECT_EQ(t.qualifier, TimeQualifier::None);
    EXPECT_NE(t.note.find("ten days before 20 March 2006"), std::string::npos) << t.note;
    EXPECT_NE(t.note.find("10 March 2006"), std::string::npos) << t.note;
    EXPECT_EQ(format_time(t), "2006-03-10");
    expect_round_trip("ten days before 20 March 2006");
}

TEST(ParseTime, RelativeCountsUnitsAndDirections) {
    struct Case {
        const char* text;
        TimePoint begin, end;
        TimePrecision precision;
    };
    const Case cases[] = {
        {"1 day after 2006-04-05", make_time(2006, 4, 6), make_time(2006, 4, 7), TimePrecision::Day},
        {"30 days after 2006-04-05", make_time(2006, 5, 5), make_time(2006, 5, 6), TimePrecision::Day},
        {"thirty days before 2006-04-05", make_time(2006, 3, 6), make_time(2006, 3, 7), TimePrecision::Day},
        {"twenty-one days after 5 April 2006", make_time(2006, 4, 26), make_time(2006, 4, 27), TimePrecision::Day},
        {"twenty one days after 5 April 2006", make_time(2006, 4, 26), make_time(2006, 4, 27), TimePrecision::Day},
        {"a week before 5 April 2006", make_time(2006, 3, 29), make_time(2006, 3, 30), TimePrecision::Day},
        {"two weeks after 5 April 2006", make_time(2006, 4, 19), make_time(2006, 4, 20), TimePrecision::Day},
        {"three months after March 2006", make_time(2006, 6), make_time(2006, 7), TimePrecision::Month},
        {"one month after 31 January 2006", make_time(2006, 2, 28), make_time(2006, 3, 1), TimePrecision::Day},
        {"one year after 29 February 2024", make_time(2025, 2, 28), make_time(2025, 3, 1), TimePrecision::Day},
        {"five years before 1933", make_time(1928), make_time(1929), TimePrecision::Year},
        {"ten years after the 1920s", make_time(1930), make_time(1940), TimePrecision::Decade},
        {"five years after the 1920s", make_time(1925), make_time(1935), TimePrecision::Year},
        {"three months after summer 2024", make_time(2024, 9), make_time(2024, 12), TimePrecision::Season},
        {"3 days after March 2006", make_time(2006, 3, 4), make_time(2006, 4, 4), TimePrecision::Day},
        {"two hours after 2006-04-05T10:30", make_time(2006, 4, 5, 12, 30), make_time(2006, 4, 5, 13, 30),
         TimePrecision::Hour},
        {"seventeen days after 1928-01/1929-02", make_time(1928, 1, 18), make_time(1929, 3, 18), TimePrecision::Day},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.text);
        const TimeInterval t = parsed(c.text);
        EXPECT_EQ(t.begin, c.begin) << format_instant(t.begin, TimePrecision::Hour);
        EXPECT_EQ(t.end, c.end) << format_instant(t.end, TimePrecision::Hour);
        EXPECT_EQ(t.precision, c.precision);
        EXPECT_FALSE(t.note.empty());
        expect_round_trip(c.text);
    }
    EXPECT_NE(parsed("one month after 31 January 2006").note.find("clamped"), std::string::npos);
}

TEST(ParseTime, RelativeRejects) {
    std::string error;
    EXPECT_FALSE(parse_time("ten days before early 2006", &error));
    EXPECT_NE(error.find("plain anchor"), std::string::npos) << error;
    EXPECT_FALSE(parse_time("ten fortnights before 2006", &error));
    EXPECT_FALSE(parse_time("ten days around 2006", &error));
    EXPECT_FALSE(parse_time("ten days before", &error));
    EXPECT_FALSE(parse_time("5000 years before 2006", &error));  // lands before year 1000
    EXPECT_NE(error.find("out of range"), std::string::npos) << error;
    EXPECT_FALSE(parse_time("999999999999 days before 2006", &error));
}

// [SECTION] Impossible and unreadable input

TEST(ParseTime, RejectsImpossibleInputWithAReason) {
    struct Bad {
        const char* text;
        const char* reason;  // a fragment of the message
    };
    const Bad bad[] = {
        {"2006-02-30", "28 days"},
        {"2024-02-30", "29 days"},
        {"2006-04-31", "30 days"},
        {"2006-13-01", "no month"},
        {"2006-00", "no month"},
        {"2006-04-00", "no day"},
        {"late 3000s", "outside"},
        {"1995s", "multiple of ten"},
        {"3000", "outside"},
        {"0999", "outside"},
        {"25:00", "hour 25"},
        {"2006-04-05T25:00", "hour 25"},
        {"2006-04-05T24:00", "hour 24"},
        {"2006-04-05T10:60", "minute 60"},
        {"2006-04-05T10:30:60", "second 60"},
        {"2006-04-05T10:30:", "seconds"},
        {"", "empty"},
        {"   ", "empty"},
        {"garbage", "garbage"},
        {"2006 junk", "junk"},
        {"5 April 2006 5", "unexpected"},
        {"March2006", "space"},
        {"1929-02/1928-01", "ends before it begins"},
        {"early 5 April 2006", "month, season, year or decade"},
        {"before early 2000s", "plain date"},
        {"circa 1928/1929", "single date"},
        {"early to late 1990s", "early-to-mid or mid-to-late"},
        {"winter 2023/25", "consecutive"},
        {"2006-4-5", "two digits"},
        {"06-04-05", "cannot read"},
        {"\xd0\x9c\xd0\xb0\xd1\x80\xd1\x82 2006", "unexpected character"},
        {"12:00", "needs a day"},
        {"the 2006", "decade"},
        {"1990s/2000s", "decade"},
    };
    for (const Bad& b : bad) {
        std::string error;
        EXPECT_FALSE(parse_time(b.text, &error)) << b.text;
        EXPECT_NE(error.find(b.reason), std::string::npos) << "'" << b.text << "': " << error;
    }
}

TEST(ParseTime, NeverCrashesOnMutatedInput) {
    // A deterministic cousin of the fuzz target: mangle good phrases byte by
    // byte; whatever parses must round-trip, whatever fails must say why.
    std::mt19937 rng(20060405);
    std::vector<std::string> seeds;
    for (const Phrase& p : phrases()) seeds.emplace_back(p.text);
    seeds.emplace_back("ten days before 20 March 2006");
    seeds.emplace_back("twenty-one days after 5 April 2006");
    const std::string alphabet = "0123456789 -/:,.'Tsaceilmortw\xff";
    int parsed_count = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string s = seeds[rng() % seeds.size()];
        const int edits = 1 + static_cast<int>(rng() % 3);
        for (int e = 0; e < edits && !s.empty(); ++e) {
            const size_t at = rng() % s.size();
            switch (rng() % 3) {
                case 0: s[at] = alphabet[rng() % alphabet.size()]; break;
                case 1: s.erase(at, 1); break;
                default: s.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
            }
        }
        std::string error;
        const std::optional<TimeInterval> t = parse_time(s, &error);
        if (!t) {
            ASSERT_FALSE(error.empty()) << s;
            continue;
        }
        ++parsed_count;
        ASSERT_LT(t->begin, t->end) << s;
        TimeInterval expected = *t;
        expected.note.clear();
        const std::optional<TimeInterval> again = parse_time(format_time(*t));
        ASSERT_TRUE(again) << s << " -> " << format_time(*t);
        ASSERT_EQ(*again, expected) << s << " -> " << format_time(*t);
    }
    EXPECT_GT(parsed_count, 300);  // the mutations keep many inputs readable
}

// [SECTION] Intervals

TEST(TimeIntervalTest, HalfOpenMembership) {
    const TimeInterval day = parsed("2006-04-05");
    EXPECT_TRUE(day.contains(make_time(2006, 4, 5)));
    EXPECT_TRUE(day.contains(make_time(2006, 4, 5, 23, 59)));
    EXPECT_FALSE(day.contains(make_time(2006, 4, 6)));
    EXPECT_TRUE(day.overlaps(make_time(2006, 4, 4), make_time(2006, 4, 5) + 1));
    EXPECT_FALSE(day.overlaps(make_time(2006, 4, 4), make_time(2006, 4, 5)));
    EXPECT_EQ(day.midpoint(), make_time(2006, 4, 5, 12));
}

TEST(TimeIntervalTest, HandBuiltIntervalsPrintSomethingReadable) {
    // An interval no phrase produces still prints as an ISO interval.
    TimeInterval t;
    t.begin = make_time(2006, 3, 1);
    t.end = make_time(2006, 4, 5, 10, 30);
    t.precision = TimePrecision::Day;
    EXPECT_EQ(format_time(t), "2006-03-01/2006-04-05T10:30");
    const std::optional<TimeInterval> back = parse_time(format_time(t));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, t);
}

TEST(TimeDays, FloorDivisionCountsDownBefore1970) {
    EXPECT_EQ(atlas::floor_div(7, 2), 3);
    EXPECT_EQ(atlas::floor_div(-7, 2), -4);
    EXPECT_EQ(atlas::floor_div(-8, 2), -4);
    EXPECT_EQ(atlas::day_number(0), 0);
    EXPECT_EQ(atlas::day_number(-1), -1);
    EXPECT_EQ(atlas::day_number(86399), 0);
    EXPECT_EQ(atlas::start_of_day(atlas::make_time(1908, 6, 30, 7, 14) + 5), atlas::make_time(1908, 6, 30));
    const atlas::CivilTime c = atlas::civil_time(atlas::make_time(1908, 6, 30, 7, 14) + 17);
    EXPECT_EQ(c.year, 1908);
    EXPECT_EQ(c.month, 6u);
    EXPECT_EQ(c.day, 30u);
    EXPECT_EQ(c.hour, 7u);
    EXPECT_EQ(c.minute, 14u);
    EXPECT_EQ(c.second, 17u);
}

TEST(TimeIso, InstantsReadAndWrittenBack) {
    using atlas::parse_iso_instant;
    EXPECT_EQ(parse_iso_instant("2006-04-05T10:30"), atlas::make_time(2006, 4, 5, 10, 30));
    EXPECT_EQ(parse_iso_instant("1908-12-31T23:59:15"), atlas::make_time(1908, 12, 31, 23, 59) + 15);
    EXPECT_FALSE(parse_iso_instant("2006-04-05"));
    EXPECT_FALSE(parse_iso_instant("2006-04-05 10:30"));
    EXPECT_FALSE(parse_iso_instant("2006-0x-05T10:30"));
    std::string error;
    EXPECT_TRUE(parse_iso_instant("2006-02-30T10:00", &error));
    EXPECT_EQ(error, "no such date or time");
    EXPECT_EQ(atlas::format_iso_instant(atlas::make_time(2006, 4, 5, 10, 30) + 15), "2006-04-05T10:30:15");
    EXPECT_EQ(atlas::format_iso_instant(atlas::make_time(1908, 12, 31, 23, 59)), "1908-12-31T23:59");
    for (const char* s : {"0001-01-01T00:00", "1969-12-31T23:59:59", "2026-04-01T00:00"})
        EXPECT_EQ(atlas::format_iso_instant(*parse_iso_instant(s)), s);
}
