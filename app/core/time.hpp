#pragma once
// Time as historians write it: an interval with a precision, a qualifier and
// possibly open or fuzzy ends. All instants are seconds since 1970-01-01 00:00
// in Almaty civil time (no time zone arithmetic: the sources speak local time).
// The exact conventions (seasons, what "early" or "before" cover, fuzz widths,
// the sentinel span of open ends, relative dates) are written down at the top
// of time.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace atlas {

using TimePoint = int64_t;  // seconds since 1970-01-01T00:00 local civil time

enum class TimePrecision : uint8_t { Hour, Day, Month, Season, Year, Decade };
enum class TimeQualifier : uint8_t { None, Early, Mid, Late, EarlyToMid, MidToLate, Before, After, Circa };

struct TimeInterval {
    TimePoint begin = 0;          // inclusive
    TimePoint end = 0;            // exclusive; begin < end
    bool open_begin = false;      // "before 1933": nothing is known of the start (begin is
                                  // a drawing sentinel a fixed span before end)
    bool open_end = false;        // "after 2010"
    TimePoint fuzz_begin = 0;     // the true start lies within begin +- fuzz_begin (seconds)
    TimePoint fuzz_end = 0;       // the true end lies within end +- fuzz_end
    TimePrecision precision = TimePrecision::Day;
    TimeQualifier qualifier = TimeQualifier::None;
    std::string note;             // how a relative date was resolved; empty otherwise

    [[nodiscard]] TimePoint midpoint() const noexcept { return begin + (end - begin) / 2; }
    [[nodiscard]] bool contains(TimePoint t) const noexcept { return t >= begin && t < end; }
    [[nodiscard]] bool overlaps(TimePoint a, TimePoint b) const noexcept { return begin < b && a < end; }
    friend bool operator==(const TimeInterval&, const TimeInterval&) = default;
};

// Parses "2006-04-05T10:30", "2006-04-05", "March 2006", "early February 2026",
// "summer 2024", "2022", "early 2000s", "mid-to-late 1990s", "before 1933",
// "circa 1908", "1928-01/1929-02", and relative dates such as
// "ten days before 20 March 2006" (stored resolved, with `note` saying how).
// Returns nullopt for anything it cannot read or that is impossible
// ("2006-02-30", "late 3000s"), with the reason in *error when given.
std::optional<TimeInterval> parse_time(std::string_view text, std::string* error = nullptr);

// Canonical text: parse_time(format_time(t)) == t (the note aside).
std::string format_time(const TimeInterval& t);

// A human label for the interval in English ("5 April 2006, 10:30", "early 2000s").
std::string describe_time(const TimeInterval& t);

// Calendar helpers (proleptic Gregorian).
int64_t days_from_civil(int year, unsigned month, unsigned day) noexcept;
struct CivilDate { int year; unsigned month; unsigned day; };
CivilDate civil_from_days(int64_t days) noexcept;

inline constexpr TimePoint kSecondsPerDay = 86400;
// a / b rounded towards minus infinity (for b > 0): days and years of instants
// before 1970 count down, not towards zero.
[[nodiscard]] constexpr int64_t floor_div(int64_t a, int64_t b) noexcept {
    const int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
// Days since 1970-01-01 of the day holding instant t.
[[nodiscard]] constexpr int64_t day_number(TimePoint t) noexcept { return floor_div(t, kSecondsPerDay); }
// Midnight (UTC) that opens the day holding t.
[[nodiscard]] constexpr TimePoint start_of_day(TimePoint t) noexcept { return day_number(t) * kSecondsPerDay; }
struct CivilTime { int year; unsigned month, day, hour, minute, second; };
[[nodiscard]] CivilTime civil_time(TimePoint t) noexcept;
// "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS". nullopt when the text has another
// shape; when the shape fits but the date or time does not exist ("2006-02-30T10:00"),
// the reason goes to *error and the value returned is meaningless.
[[nodiscard]] std::optional<TimePoint> parse_iso_instant(std::string_view text, std::string* error = nullptr);
// "YYYY-MM-DDTHH:MM", with ":SS" when the seconds are not zero; parse_iso_instant reads it back.
[[nodiscard]] std::string format_iso_instant(TimePoint t);
bool valid_date(int year, unsigned month, unsigned day) noexcept;
TimePoint make_time(int year, unsigned month = 1, unsigned day = 1, unsigned hour = 0, unsigned minute = 0) noexcept;
// ISO 8601 text of an instant at a precision: "2006", "2006-04", "2006-04-05", "2006-04-05T10:30".
std::string format_instant(TimePoint t, TimePrecision p);

// [SECTION] Almaty's offset from UTC
//
// Times are Almaty civil time. Exports write clock times with the offset the
// city kept on that day, from this table (the IANA time zone history of
// Asia/Almaty, simplified to what a date needs):
//
//   until 1 May 1924                 local mean time (UTC+5:07:48): no offset written
//   2 May 1924 - 20 June 1930        UTC+5
//   21 June 1930 - 31 March 1981     UTC+6 (Soviet "decree time")
//   1981 - 1990                      UTC+6, summer time UTC+7: 1 April to 30 September
//                                    in 1981-1983; from 1984 to the last Sunday of
//                                    September (1 April in 1984, the last Sunday of
//                                    March from 1985)
//   1991 - 18 January 1992           UTC+5, summer time UTC+6 from the last Sunday of
//                                    March to the last Sunday of September 1991
//   19 January 1992 - 2004           UTC+6, summer time UTC+7 from the last Sunday of
//                                    March to the last Sunday of September (1992-1995)
//                                    or October (1996-2004)
//   31 October 2004 - 29 Feb 2024    UTC+6 all year
//   from 1 March 2024                UTC+5
//
// Summer time starts at 00:00 (1981-1984) or 02:00 (from 1985) on its first day
// and ends at 02:00 standard time on its last day (23:00 on 30 September in
// 1981-1983); a clock time in the hour the clocks repeat at its end is read as
// standard time. Returns the offset in seconds east of UTC, or nullopt before
// 2 May 1924.
std::optional<int> almaty_utc_offset(TimePoint local) noexcept;

// "2006-04-05T10:30:00+06:00": an Almaty instant as ISO 8601 with its UTC
// offset; before 2 May 1924 without one ("1908-06-01T12:00:00").
std::string format_instant_with_offset(TimePoint local);

// One end of an interval as exports write it: a clock time with its offset when
// the interval has hour precision or the end falls inside a day; otherwise a
// date, the end being the last day included ("2006-03-21" to "2006-03-31").
std::string format_export_begin(const TimeInterval& t);
std::string format_export_end(const TimeInterval& t);

std::string_view to_string(TimePrecision p) noexcept;
std::string_view to_string(TimeQualifier q) noexcept;
std::optional<TimePrecision> precision_from_string(std::string_view s) noexcept;
std::optional<TimeQualifier> qualifier_from_string(std::string_view s) noexcept;

}  // namespace atlas
